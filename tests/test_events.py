"""Several events per report: the further events a report narrates besides its own (a signing
during a visit, a visit by each of several people, a summit members attended, a later meeting
with a speaker), their sides and dates, and the who's who's timeline over them. The reports are
written for these tests. Uses the real spaCy pipeline."""

from reportqa.types import DocumentFacts, DocumentRecord
from reportqa.whoswho import Directory, date_overlaps

from .conftest import facts_of

VISIT_WITH_SIGNINGS = """Harbour Innovation Hub and Weihai Blue Valley Park Sign Incubation Agreement During Weihai Visit
2023-12-01
A 6-member delegation from the Harbour Innovation Hub paid a three-day visit to Weihai from November 14-16. Led by Mr. Otto Brandt, the delegation toured the marine biomedicine park of the city.

Talks and Signing

The delegation held talks with the Weihai Ocean Development Bureau. Ms. Gu Lanfang, deputy director of the bureau, together with Mr. Otto Brandt, took part in the signing of a memorandum of understanding on marine start-ups.

Incubation Agreement Signed

Both sides formalised their cooperation by signing a three-year incubation agreement. It lets up to five start-ups a year use the other's laboratories. The agreement, signed by Ms. Ines Koller, treasurer of the Harbour Innovation Hub, and Mr. Pei Wen, head of the investment office of the Weihai Blue Valley Park, includes free office space.
"""

VISIT_TOLD_SIGNING = """Visit Report: Weihai Ocean Bureau delegation at the Harbour Innovation Hub
Date: 2023-03-02

On 2 March 2023 Ms. Gu Lanfang, deputy director of the Weihai Ocean Development Bureau, visited the Harbour Innovation Hub. She was received by Mr. Otto Brandt, director of the Harbour Innovation Hub.
Mr. Brandt presented the hub's sub-centers and reported that the cooperation agreement with Qingdao was signed in March 2022.
"""

PROJECT_VISITS = """Our Project Visits in 2022
2022-12-20

Visiting a project is what our volunteers value most. Here are some highlights of the year.

Ms. Hanna Vogel visited the Linden Reading School, a new project. She saw how the pupils help each other.

Mr. Tomas Berg visited the Sunrise Learning Centre. He met the teachers and saw the new library.
"""

CHAMBER_MINUTES = """Highlights of the October 2023 Chamber Minutes
2023-10-18

President's Report
Grace Palmer reported on the minutes of the Executive Meeting. Grace discussed the Lakeshore Tourism Summit attended by three directors (Grace Palmer, Owen Mitchell and Lydia Fraser).

Treasurer's Report
Owen Mitchell reported on the finances. Grace Palmer met with Mr. Victor Hale, partner of Hale Accounting, to review the budget.
Dr. Martin Keller of Keller Consulting will make a presentation on budgeting to the Board at its 6 November 2023 meeting.
"""

MISSION = """Chamber Mission to Qingdao
Date: Tuesday May 14, 2024
Location: Qingdao

Our group was hosted by Mr. Zhao Lei, president of the Qingdao Chamber of Commerce. The meeting built on the Memorandum of Understanding that was signed last November by Chamber President Nora Quinn.
In the afternoon team member Ms. Clara Dubois of the City Council stayed back to represent the Chamber at an Education Roundtable.
"""

MEETUP = """International Meet-Up of Digital Teams
2023-11-02

Teams from six countries travelled to Lisbon on Wednesday 27th and Thursday 28th of September to take part in two days of workshops on digital public services.
"""


TEAM_VISIT = """Harbour Hub team visits Tarrow
2024-06-20

Mr. Jonas Weber and a team from the Harbour Innovation Hub recently spent a week in Tarrow meeting with the city's start-up teams.
During their visit, Weber sat down for a fireside chat with Ms. Priya Raman, director of the Tarrow Digital Office.
In Tarrow we were fortunate to meet with Mayor Colin Ashby and Ms. Helen Ortiz, head of the Tarrow Port Authority.
Professor Mei Tanaka presented the port's automation projects to the visiting delegation.
"""


MONTHLY_MINUTES = """Highlights of the May 2024 Board Minutes
May 2024

Treasurer's Report
Owen Mitchell reported on the finances.

Next board meeting – June 12, 2024 – 4:00 PM – Chamber office
"""


SIGNED_AGREEMENT = """Harbour Hub Signs Cooperation Agreement with Tarrow District
June 20, 2024

On the morning of June 12, a ceremony for the signing of a cooperation agreement between the Harbour Innovation Hub and the Tarrow District was held at the hub.
At the ceremony, Hub President Otto Brandt and Mr. Colin Ashby, Governor of Tarrow District, signed a strategic cooperation framework agreement.
"""


def names(participants):
    return [p.name for p in participants]


def test_a_signing_during_a_visit_is_its_own_event_with_the_visits_month(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "signings.txt", VISIT_WITH_SIGNINGS)
    visit, *signings = facts.events
    # the report's own event is the visit (its title names the agreement too), dated its first day
    assert visit.kind == "visit" and visit.date == "2023-11-14"
    assert "Otto Brandt" in names(visit.visitors)
    assert [s.kind for s in signings] == ["agreement", "agreement"]
    memorandum, incubation = signings
    # a signer of the visiting side is a visitor, the other side's a host
    assert names(memorandum.visitors) == ["Otto Brandt"] and names(memorandum.hosts) == ["Gu Lanfang"]
    # told in three sentences under one heading: one signing; Ms. Koller is of the visiting body
    assert names(incubation.visitors) == ["Ines Koller"] and names(incubation.hosts) == ["Pei Wen"]
    # no day of their own inside a visit of three days: the month is all the report says
    assert memorandum.date == incubation.date == "2023-11"
    assert dict(incubation.evidence)["hosts"].start > dict(memorandum.evidence)["hosts"].start


def test_the_signers_of_a_signing_during_a_visit_took_part_in_it(extractor, tmp_path):
    visit = facts_of(extractor, tmp_path, "signings.txt", VISIT_WITH_SIGNINGS).events[0]
    assert "Ines Koller" in names(visit.visitors)
    assert {"Gu Lanfang", "Pei Wen"} <= set(names(visit.hosts))


def test_a_team_from_a_body_those_it_met_and_who_presented_to_it(extractor, tmp_path):
    (visit,) = facts_of(extractor, tmp_path, "team.txt", TEAM_VISIT).events
    # "X and a team from Y spent a week in Z": X led those who came
    assert names(visit.led_by) == ["Jonas Weber"] and "Jonas Weber" in names(visit.visitors)
    # "sat down for a fireside chat with", "we were fortunate to meet with", "presented ... to the
    # visiting delegation": the host side
    assert {"Priya Raman", "Colin Ashby", "Helen Ortiz", "Mei Tanaka"} <= set(names(visit.hosts))
    assert "Jonas Weber" not in names(visit.hosts)


def test_who_tells_of_a_signing_did_not_sign_it(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "told.txt", VISIT_TOLD_SIGNING)
    assert [e.kind for e in facts.events] == ["visit"]


def test_a_visit_by_each_of_several_people(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "projects.txt", PROJECT_VISITS)
    visitors = [names(e.visitors) for e in facts.events if e.kind == "visit"]
    assert ["Hanna Vogel"] in visitors and ["Tomas Berg"] in visitors
    # no day of their own, in a report published on 2022-12-20 that calls them the visits "in 2022"
    assert all(e.date == "2022" for e in facts.events)


def test_minutes_tell_of_a_summit_a_meeting_and_a_later_meeting(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "minutes.txt", CHAMBER_MINUTES)
    minuted, *further = facts.events
    assert minuted.kind == "meeting"
    by_kind = {e.kind: e for e in further}
    summit = by_kind["briefing"]
    assert names(summit.visitors) == ["Grace Palmer", "Owen Mitchell", "Lydia Fraser"]
    assert summit.date is None  # minutes report on other occasions: no date of its own, none
    met = [e for e in further if e.kind == "meeting" and "Victor Hale" in names(e.hosts)]
    assert met and met[0].date is None
    later = [e for e in further if e.kind == "meeting" and names(e.visitors) == ["Martin Keller"]]
    assert later and later[0].date == "2023-11-06"


def test_last_month_a_roundtable_and_a_range_of_two_days(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "mission.txt", MISSION)
    signing = next(e for e in facts.events if e.kind == "agreement")
    assert names(signing.hosts) == ["Nora Quinn"] and signing.date == "2023-11"  # "signed last November"
    roundtable = next(e for e in facts.events if e.kind == "briefing")
    assert names(roundtable.visitors) == ["Clara Dubois"] and roundtable.date == facts.events[0].date
    meetup = facts_of(extractor, tmp_path, "meetup.txt", MEETUP)
    assert meetup.events[0].date == "2023-09-27"  # "on Wednesday 27th and Thursday 28th of September"


def test_minutes_are_not_dated_by_their_next_meeting(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "monthly.txt", MONTHLY_MINUTES)
    # the report's only full date is the next meeting's: the minuted meeting is in the heading's month
    assert facts.events[0].date == "2024-05"


def test_the_signers_of_an_agreement_took_part_in_it(extractor, tmp_path):
    (signing,) = facts_of(extractor, tmp_path, "agreement.txt", SIGNED_AGREEMENT).events
    assert signing.kind == "agreement"
    assert {"Otto Brandt", "Colin Ashby"} <= set(names(signing.hosts))  # no sides: the parties


def _directory(facts: list[DocumentFacts]) -> Directory:
    records = [
        DocumentRecord(f.doc_id, "/r", f"{f.doc_id}.txt", f.doc_id, None, "0", 1, 0, pages=1, chunks=0, ingested_at="")
        for f in facts
    ]
    return Directory.build(records, {f.doc_id: f for f in facts})


def test_the_who_s_who_keeps_the_report_s_own_event_first(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "mission.txt", MISSION)
    directory = _directory([facts])
    # the signing of last November comes first on the timeline, but the report records the mission
    assert directory.timeline()[0].event.kind == "agreement"
    assert directory.event_of(facts.doc_id).event.date == "2024-05-14"
    assert [t.order for t in directory.events_of(facts.doc_id)] == list(range(len(facts.events)))
    # a person's timeline has the events of the report they take part in
    assert [t.event.kind for t in directory.timeline("Nora Quinn")] == ["agreement"]
    # a month passes a range it overlaps
    assert [t.event.kind for t in directory.timeline(None, "2023-11-20", "2023-12-31")] == ["agreement"]


def test_a_month_or_a_year_overlaps_a_range():
    assert date_overlaps("2023-11", "2023-11-20", None)
    assert not date_overlaps("2023-11", None, "2023-10-31")
    assert date_overlaps("2023", "2023-06-01", "2023-06-30")
    assert date_overlaps("2023-11-14", "2023-11-14", "2023-11-14")
    assert not date_overlaps("2023-11-14", "2023-11-15", None)


# --- who took part, by what they did and whose body they are of (session 16) -------------------
# Each text below is written for these tests; each shape is one way institutions write the two
# sides of a visit.

PRESENTERS = """Delegation of the Ostrava Energy Agency Visits the Tarrow Port
2024-05-20

A delegation from the Ostrava Energy Agency visited the Tarrow Port on 14 May 2024, led by Mr. Pavel Novak, director of the Ostrava Energy Agency.

At Tarrow Logistics Ltd., the delegation learned about automated cranes. Chairman Gerald Finch provided an overview of the company's growth.
Ms. Jana Horak, deputy director of the Ostrava Energy Agency, presented the agency's district heating plans.
Invited by the port, Dr. Amara Osei, head of the Tarrow Maritime College, introduced a series of training courses.
The delegation later heard from the President of the Tarrow Chamber, Mr. Rupert Vance, who invited it to a reception.
"""


def test_who_presented_or_was_heard_took_part_on_the_side_of_their_body(extractor, tmp_path):
    visit = facts_of(extractor, tmp_path, "presenters.txt", PRESENTERS).events[0]
    # presenters of no visiting body and those the visitors heard from hosted them
    assert {"Gerald Finch", "Amara Osei", "Rupert Vance"} <= set(names(visit.hosts))
    # a presenter of the visitors' body came with them
    assert "Jana Horak" in names(visit.visitors) and "Jana Horak" not in names(visit.hosts)
    assert "Pavel Novak" not in names(visit.hosts)


CAPTIONS = """PHOTOS: Harbin Delegation Pays Courtesy Call on City Council Leaders
May 3, 2024
Mayor of Tarrow, Hon. Colin Ashby (centre), and Ambassador of the Republic of Korea to Tarrowland, His Excellency Park Min-jun (left), look on as Chairman of the Harbin Municipal Assembly, Mr. Zhao Wenbo (seated), signs the guest book during his courtesy call at City Hall on Thursday (May 2).
"""


def test_a_caption_of_a_courtesy_call_names_the_hosts_and_the_delegation_s_head(extractor, tmp_path):
    visit = facts_of(extractor, tmp_path, "captions.txt", CAPTIONS).events[0]
    assert names(visit.visitors) == ["Zhao Wenbo"] and names(visit.led_by) == ["Zhao Wenbo"]
    assert "Colin Ashby" in names(visit.hosts)
    # an envoy looking on may be of either side: none is given
    assert "Park Min-jun" not in names(visit.hosts) + names(visit.visitors)


FIRST_PERSON = """Chairman of the Council of Rectors, Professor Adaeze Okafor, on the Courtesy Visit to the High Commission

I am delighted with the opportunity of leading a team of rectors to pay a courtesy call on His Excellency Tunde Bakare and his team at the High Commission. It was a fruitful visit.
"""

HANSARD = """Parliamentary Delegation to Tarrowland
2023-10-02
Mr HALVORSEN (Brookfield) (10.02 a.m.)—I present the report of the delegation. It was my privilege to lead a parliamentary delegation to Tarrowland. At the outset, I would like to thank our hosts, the Speaker of the Assembly, the Hon. Marta Quiroga, and Dr Felix Arendt of the Assembly who accompanied us. I would also like to thank the Speaker's staff Mr Olaf Berg and Mrs Ines Roth who also accompanied us during our stay. I also thank Tom Price, the Ambassador to Tarrowland, and Lena Marsh, the deputy head of mission.

Mr DELANEY (Westport) (10.05 a.m.)—As deputy leader of the delegation, I endorse the comments made by the member for Brookfield.

Mr KOVACS (Eastvale) (10.07 a.m.)—It was my first delegation, and I support the recommendations.
"""


def test_the_writer_who_led_the_delegation_and_those_who_looked_after_it(extractor, tmp_path):
    visit = facts_of(extractor, tmp_path, "first.txt", FIRST_PERSON).events[0]
    assert names(visit.led_by) == ["Adaeze Okafor"] and "Adaeze Okafor" in names(visit.visitors)
    assert "Tunde Bakare" in names(visit.hosts)
    visit = facts_of(extractor, tmp_path, "hansard.txt", HANSARD).events[0]
    # "our hosts, ...", "who accompanied us", those the delegation thanks: the host side
    assert {"Marta Quiroga", "Felix Arendt", "Olaf Berg", "Ines Roth", "Tom Price", "Lena Marsh"} <= set(
        names(visit.hosts)
    )
    # the members for other seats who speak to the delegation's report were its members
    assert {"Halvorsen", "Delaney", "Kovacs"} <= {n.split()[-1].title() for n in names(visit.visitors)}


SIGNING_SPEECHES = """University Signs Cooperation Agreement with Tarrow District
June 20, 2024

On the morning of June 12, a ceremony for the signing of a cooperation agreement between Tarrow University and the Tarrow District was held at the university.
At the ceremony, University President Otto Brandt and Mr. Colin Ashby, Governor of Tarrow District, signed a cooperation framework agreement.
Helen Ortiz, Secretary of the District Committee, pointed out that both sides have long worked together.
On behalf of the university, Victor Hale, Secretary of the University Council, thanked the district for its support.
"""

ENVOY_VISIT = """Partnership Agreement with Tarrowland signed
Saturday, 9 March 2024

An agreement extending the partnership between the Harbour University and Tarrowland was signed on 7 March 2024.

Professor Nora Quinn, Vice-Chancellor, welcomed His Excellency Colin Ashby, Tarrowland High Commissioner and his team to the campus.
"""


def test_who_spoke_at_a_signing_and_an_envoy_with_his_team(extractor, tmp_path):
    signing = facts_of(extractor, tmp_path, "speeches.txt", SIGNING_SPEECHES).events[0]
    assert {"Helen Ortiz", "Victor Hale"} <= set(names(signing.hosts))  # no sides: all who spoke
    signing = facts_of(extractor, tmp_path, "envoy.txt", ENVOY_VISIT).events[0]
    # "X, <title> and his team": a title between the name and his team
    assert names(signing.visitors) == ["Colin Ashby"] and names(signing.led_by) == ["Colin Ashby"]


IN_A_ROW = """Harbour Digital Service visits Tarrow
2024-06-20

Ms. Nadia Frost and a team from the Harbour Digital Service recently spent a week in Tarrow.
During their visit, Frost sat down for a fireside chat with Mr. Ivo Petrov, associate administrator for the Office of Citizen Services and 18F, and Ms. Rosa Lind, deputy director of 18F.
Two units of the Tarrow Digital Office were represented by Mr. Hugo Brandt and Ms. Elif Demir.
"""

RECIPROCAL = """Parliamentary Delegation to Tarrowland from 1 to 14 July 2023
2023-09-24

Mr Tom Price led the delegation. This was an important visit, and the reciprocal visit by Dr Marta Quiroga in recent days is a sign of good relations.
"""


def test_people_in_a_row_those_representing_units_and_a_visit_told_as_recent(extractor, tmp_path):
    visit = facts_of(extractor, tmp_path, "row.txt", IN_A_ROW).events[0]
    assert {"Ivo Petrov", "Rosa Lind", "Hugo Brandt", "Elif Demir"} <= set(names(visit.hosts))
    # published on 2024-06-20, told as "recently": in that year, not on the day of publishing
    assert visit.kind == "visit" and visit.date == "2024"
    facts = facts_of(extractor, tmp_path, "reciprocal.txt", RECIPROCAL)
    reciprocal = next(e for e in facts.events if names(e.visitors) == ["Marta Quiroga"])
    assert reciprocal.date == "2023-09"  # "in recent days": the month of the dateline, not of the title


def test_a_person_named_again_where_the_recogniser_missed_them():
    from reportqa.entities.participants import _with_names_repeated
    from reportqa.types import Document, Mention, Page

    text = "From President, Grace Palmer\nGrace Palmer reported on the budget. Grace met with Lydia Fraser of Palmer Fraser Ltd."
    document = Document("d", "d.txt", "Minutes", None, text, (Page(1, 0, len(text)),), "0")
    grace, lydia = text.index("Grace Palmer"), text.index("Lydia Fraser")
    mentions = [Mention("person", "Grace Palmer", grace, grace + 12, 1, None)]
    mentions.append(Mention("person", "Lydia Fraser", lydia, lydia + 12, 1, None))
    found = [(m.text, text[m.start : m.end]) for m in _with_names_repeated(document, mentions)]
    assert found.count(("Grace Palmer", "Grace Palmer")) == 2 and ("Grace Palmer", "Grace") in found
    assert ("Lydia Fraser", "Fraser") not in found  # "Palmer Fraser Ltd." is another name


ROADSHOW = """Event Report: Tarrow Port Investment Roadshow in Harbin
Date: June 4, 2024

The Tarrow Port Authority held an investment roadshow at the Harbin Innovation Center on June 4, 2024. About 60 investors attended.

Mr. Colin Ashby, head of the investment office of the Tarrow Port Authority, presented the port.
Ms. Helen Ortiz of the Tarrow City Council announced a logistics forum in October.
"""


def test_the_speakers_of_a_roadshow_came_to_give_it(extractor, tmp_path):
    roadshow = facts_of(extractor, tmp_path, "roadshow.txt", ROADSHOW).events[0]
    assert roadshow.kind == "briefing"
    assert {"Colin Ashby", "Helen Ortiz"} <= set(names(roadshow.visitors))


MEETUP_WITH_VISIT = """We hosted a Meet-up of Digital Teams, and it was great!
2023-11-02

Teams from six countries travelled to Lisbon on Wednesday 27th and Thursday 28th of September to take part in two days of workshops.

A special visit was organised for all participants to the national archives' digitisation lab. Participants were able to hear the first-hand experience of Ms. Rita Gomes, an archivist turned product manager.
"""

COURTESY_CALL_AND_MEETING = """Chairman of the Council of Rectors, Professor Adaeze Okafor, on the Courtesy Visit to the High Commission

I am delighted with the opportunity of leading a team of rectors to pay a courtesy call on His Excellency Tunde Bakare at the High Commission. His Excellency went on to convoke a meeting with the Universities of the United Kingdom.
"""

COMMITTEE_MINUTES = """Highlights of the October 2023 Chamber Minutes
October 2023

Committee Reports
- Events Committee: The Events Committee met prior to the board meeting to discuss the autumn fair.

Next board meeting – November 8, 2023 – 4:00 PM – Chamber office
"""


def test_a_visit_organised_a_meeting_convened_and_a_committee_s_meeting(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "meetup.txt", MEETUP_WITH_VISIT)
    visit = next(e for e in facts.events[1:] if e.kind == "visit")
    # those the participants heard hosted the visit, in the month of the two-day meet-up
    assert names(visit.hosts) == ["Rita Gomes"] and visit.date == "2023-09"
    facts = facts_of(extractor, tmp_path, "call.txt", COURTESY_CALL_AND_MEETING)
    meeting = next(e for e in facts.events[1:] if e.kind == "meeting")
    assert names(meeting.visitors) == ["Adaeze Okafor"]  # arranged for the visitors
    facts = facts_of(extractor, tmp_path, "committee.txt", COMMITTEE_MINUTES)
    # "met prior to the board meeting": on the minuted meeting's day (here its month)
    assert [e.date for e in facts.events if e.kind == "meeting"] == ["2023-10", "2023-10"]


MISSION_TOLD = """Chamber Mission to Qingdao
Date: Tuesday May 14, 2024

Our group was hosted by Mr. Zhao Lei, president of the Qingdao Chamber of Commerce. We later heard from the Secretary General of the Qingdao Chamber of Commerce, Ms. Sun Yue, who invited us to a reception.
"""


def test_a_report_telling_a_visit_without_the_word(extractor, tmp_path):
    event = facts_of(extractor, tmp_path, "mission.txt", MISSION_TOLD).events[0]
    assert {"Zhao Lei", "Sun Yue"} <= set(names(event.hosts))


HOSTS_THANK_THEIR_GUESTS = """Tarrow Port Receives a Delegation from Harbin
2024-05-20

The Tarrow Port received a delegation from the Harbin Municipal Assembly on 14 May 2024.
We would like to thank Mr. Zhao Wenbo and Ms. Li Na for their interest in the port. We later heard from Mr. Zhao Wenbo about Harbin's plans.
"""


def test_whom_the_hosts_thank_or_hear_did_not_host(extractor, tmp_path):
    # "we thank", "we heard from" tell the hosts only in a report the visitors write
    visit = facts_of(extractor, tmp_path, "thanks.txt", HOSTS_THANK_THEIR_GUESTS).events[0]
    assert not {"Zhao Wenbo", "Li Na"} & set(names(visit.hosts))


# --- a report of several visits, a first name alone, the year a report's title names (session 17) --

VOLUNTEER_VISITS = """Our Site Visits in 2021
2021-12-09

Visiting the schools we fund is what our volunteers value most. These regular visits, frequent calls and close contact with our partners keep us honest.

Here are some visit highlights from 2021.

Meera visited Greenfield Learning Trust, a new partner, in August. She saw how the older pupils tutor the younger ones.

Tomas visited Hillview Night School in May. He was moved by the respect the village has for Mr. Okello Ouma and Ms. Achieng Auma, the couple behind Hillview Night School, and by their work.

Priya and I went to Lakeside Girls School on 14 March and met its teachers.

Rotary visited the River Valley Clinic last spring. The clinic is proud of its new wing.
"""


def test_a_round_up_of_visits_by_first_names_is_those_visits(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "visits.txt", VOLUNTEER_VISITS)
    # a first name alone is the visitor where the report goes on about them as she or he; a word
    # it never says so of is not ("Rotary visited ... The clinic is proud")
    # (and whoever the writer went with: "Priya and I went to ...")
    assert [names(e.visitors) for e in facts.events] == [["Meera"], ["Tomas"], ["Priya"]]
    # the people it says the visited school is ("the couple behind ...") received the visitor
    assert names(facts.events[1].hosts) == ["Okello Ouma", "Achieng Auma"]
    # a round-up of visits ("regular visits" is no visit by anyone) has no event of its own, and
    # its visits are not dated by the day it was published, nor by another visit's day: each by
    # the month or day its own sentence gives, else the year its title names
    assert [e.date for e in facts.events] == ["2021-08", "2021-05", "2021-03-14"]
    assert all(e.kind == "visit" for e in facts.events)


AUDIT_RELEASE = """Report of the 2018 Quality Review of Northgate College
Monday, 10 December 2018

Press Release: Colleges Quality Council

The College was reviewed by the Colleges Quality Council in 2018. The review panel met staff and students during its site visit and made six recommendations.
"""

BODY_PROFILE = """Harbour Town Has One More Science Park

The Ministry of Science recently announced its annual list of science parks. The Harbour Town Innovation Park made the list. It was founded in May 2011 and has helped 40 companies since.
"""


def test_a_publication_day_is_not_the_day_of_what_the_title_dates_by_its_year(extractor, tmp_path):
    (review,) = facts_of(extractor, tmp_path, "review.txt", AUDIT_RELEASE).events
    assert review.date == "2018"
    # a body's profile tells of no event: nothing for the timeline
    assert facts_of(extractor, tmp_path, "profile.txt", BODY_PROFILE).events == ()


STUDY_TOUR = """Staff Course Conducts a Study Tour on Water Policy
Kigoma 20 March 2019
The Staff College organised a study tour on water policy from 11th - 15th March 2019 for its senior course.

At district level, teams met with the District Commissioners and were briefed on the water programmes. We also met with local farming cooperatives and discussed irrigation.
"""


def test_on_a_tour_of_several_days_a_meeting_with_officials_is_its_own(extractor, tmp_path):
    tour, *told = facts_of(extractor, tmp_path, "tour.txt", STUDY_TOUR).events
    assert tour.kind == "visit" and tour.date == "2019-03-11"
    # the officials the teams met, named by office; not the cooperatives they met, in the tour's month
    assert [(e.kind, e.date) for e in told] == [("meeting", "2019-03")]


HEADED_VISITS = """Project Visits 2022
2022-12-20

Volunteers visit every project at least once a year.

Greenfield Learning Trust, 14 March 2022

Meera visited Greenfield Learning Trust. She met the new teachers.

Hillview Night School - June 2022

Tomas visited Hillview Night School. He saw the new library.
"""

DATED_UNDER_A_DATELINE = """Delegation from Tarrow Visits the Harbour Hub
Tuesday, 13 December 2022
Ms. Priya Raman, director of the Tarrow Digital Office, visited the Harbour Innovation Hub on 9 December.
"""


def test_a_section_heading_dates_the_visit_under_it(extractor, tmp_path):
    events = facts_of(extractor, tmp_path, "headed.txt", HEADED_VISITS).events
    assert [(names(e.visitors), e.date) for e in events] == [(["Meera"], "2022-03-14"), (["Tomas"], "2022-06")]
    # a date line under the title is when the report was published: the sentence's own day counts
    (visit,) = facts_of(extractor, tmp_path, "dateline.txt", DATED_UNDER_A_DATELINE).events
    assert visit.date == "2022-12-09"


VISIT_ONLY_INTENDED = """Harbour Authority Review of the Year
2023-05-02

In 2022 the Harbour Authority introduced a new e-visa system, enabling foreign residents to invite their families to visit the islands.
"""


def test_a_body_before_a_visit_only_intended_did_not_visit(extractor, tmp_path):
    events = facts_of(extractor, tmp_path, "review.txt", VISIT_ONLY_INTENDED).events
    assert not [p for e in events for p in e.visitors]


WE_VISITED = """Site Visits 2019
2019-12-20

Our volunteers visit each project once a year.

We visited Kadam Education Society on 12 March. The girls showed us their work.

On 5 June we visited Saha Nivasa, where Mr. Ravi Chenniah received us.
"""

HEADLINE_VERB = """Minister visits factories in Tarrow
2023-05-04

Ms. Priya Raman, minister of industry, visited the Tarrow Textile Works. Ms. Helen Ortiz visited the Tarrow Port Authority.
"""


def test_in_a_round_up_each_visit_we_made_on_its_day_is_one(extractor, tmp_path):
    events = facts_of(extractor, tmp_path, "we.txt", WE_VISITED).events
    assert sorted(e.date for e in events if e.kind == "visit") == ["2019-03-12", "2019-06-05"]
    assert [names(e.hosts) for e in events if e.date == "2019-06-05"] == [["Ravi Chenniah"]]
    # a headline's verb ("Minister visits factories") makes no round-up: its own visit keeps its day
    assert facts_of(extractor, tmp_path, "headline.txt", HEADLINE_VERB).events[0].date == "2023-05-04"


ENVOY_WITH_THE_DELEGATION = """PHOTOS: Northland Delegation Pays Courtesy Call on the Senate
May 12, 2024
President of the Senate, Hon. Grace Palmer (centre), and Ambassador of the Republic of Northland to Tarrow, His Excellency Olav Lindqvist (left), observe as Deputy to the Northland Assembly, Chairman of the Northland Trade Council, Republic of Northland, Erik Dahlberg, signs the guest book during his courtesy call at the Senate on Friday (May 10).
"""

ENVOY_OF_ANOTHER_COUNTRY = """PHOTOS: Northland Delegation Pays Courtesy Call on the Senate
May 12, 2024
President of the Senate, Hon. Grace Palmer (centre), and Ambassador of the Republic of Southland to Tarrow, His Excellency Olav Lindqvist (left), observe as Deputy to the Northland Assembly, Chairman of the Northland Trade Council, Republic of Northland, Erik Dahlberg, signs the guest book during his courtesy call at the Senate on Friday (May 10).
"""


def test_an_envoy_of_the_visitors_country_came_with_them(extractor, tmp_path):
    visit = facts_of(extractor, tmp_path, "envoy.txt", ENVOY_WITH_THE_DELEGATION).events[0]
    assert names(visit.visitors) == ["Erik Dahlberg", "Olav Lindqvist"]
    assert names(visit.led_by) == ["Erik Dahlberg"] and names(visit.hosts) == ["Grace Palmer"]
    # an envoy of another country looking on keeps no side
    visit = facts_of(extractor, tmp_path, "other.txt", ENVOY_OF_ANOTHER_COUNTRY).events[0]
    assert "Olav Lindqvist" not in names(visit.visitors) + names(visit.hosts)


def test_those_accompanying_the_delegation_are_visitors(extractor, tmp_path):
    text = (
        "Delegation from Suzhou Industrial Park Visits Our Center\n\n"
        "On March 8, 2023, a delegation headed by Mr. Wu Jianhua, Deputy Director-General of the Administrative "
        "Committee of Suzhou Industrial Park, visited the Center. Ms. Liu Yan, Director of the Center, received "
        "the delegation.\nAccompanying the delegation were Mr. Zhou Qiang, Section Chief of the Investment "
        "Promotion Bureau, and Ms. Chen Jing.\n"
    )
    visit = facts_of(extractor, tmp_path, "visit.txt", text).events[0]
    assert {"Zhou Qiang", "Chen Jing"} <= {p.name for p in visit.visitors}
    assert "Chen Jing" not in {p.name for p in visit.hosts}


def test_those_accompanying_a_visitor_are_visitors(extractor, tmp_path):
    text = (
        "Report on the study visit to Rwanda, 5-9 February 2024\n\n"
        "Our delegation from the Malawi Ministry of Health, led by the Permanent Secretary, Dr. Charles Mwansambo, "
        "travelled to Kigali on 5 February 2024. On 6 February we were received by the Minister of Health, "
        "Dr. Sabin Nsanzimana.\nDr. Mwansambo, accompanied by Mr. Kondwani Banda and Ms. Grace Phiri, also met "
        "officials of the University of Rwanda.\n"
    )
    visit = facts_of(extractor, tmp_path, "visit.txt", text).events[0]
    assert {"Kondwani Banda", "Grace Phiri"} <= {p.name for p in visit.visitors}
    assert "Sabin Nsanzimana" in {p.name for p in visit.hosts}


def test_a_place_visited_by_a_delegation_a_trade_mission_and_lines_naming_each_side(extractor, tmp_path):
    passive = (
        "Courtesy call on the Vice-Chancellor\n\nDate of visit: 2023/05/05\n\n"
        "The University of Lagos was visited by a six-member delegation from the University of Leeds led by "
        "Professor Simone Buitendijk, Vice-Chancellor. The delegation was received by the Vice-Chancellor, "
        "Professor Folasade Ogunsola.\n"
    )
    visit = facts_of(extractor, tmp_path, "passive.txt", passive).events[0]
    assert visit.kind == "visit" and visit.date == "2023-05-05"
    assert "University of Lagos" not in names(visit.visitors)  # the place visited
    assert "Simone Buitendijk" in names(visit.visitors) and "Folasade Ogunsola" in names(visit.hosts)
    mission = (
        "Chamber news\n\nOn the 14th of March, the Chamber hosted a trade mission from Vietnam headed by "
        "Mr. Nguyen Van An, Vice Chairman of VCCI. Chamber President Lisa Moreau welcomed the mission.\n\n"
        "Posted 20 March 2024\n"
    )
    visit = facts_of(extractor, tmp_path, "mission.txt", mission).events[0]
    assert visit.kind == "visit" and visit.date == "2024-03-14"
    assert names(visit.visitors) == ["Nguyen Van An"] and names(visit.hosts) == ["Lisa Moreau"]
    sides = (
        "VISIT REPORT\nKyoto City delegation to Boston, 13-15 June 2022\n\n"
        "Participants (Kyoto): Mayor Daisaku Kadokawa; Mr. Taro Suzuki, Director, International Relations Office.\n"
        "Hosts (Boston): Mayor Michelle Wu; Ms. Ana Ruiz, Chief of Economic Opportunity.\n"
        "The delegation paid a courtesy call on Mayor Wu on 14 June and toured the Innovation District.\n"
    )
    visit = facts_of(extractor, tmp_path, "sides.txt", sides).events[0]
    assert {"Daisaku Kadokawa", "Taro Suzuki"} <= set(names(visit.visitors))
    assert {"Michelle Wu", "Ana Ruiz"} <= set(names(visit.hosts))


def test_a_headlines_delegation_is_its_body_and_a_title_with_a_surname_is_the_full_name(extractor, tmp_path):
    text = (
        "Delegation of Suzhou Municipal Bureau of Commerce Visits Our Center\n\n"
        "On May 16, 2023, a 5-person delegation headed by Gu Hailiang, Deputy Director-General of Suzhou Municipal "
        "Bureau of Commerce, visited our center. Zhang Wen, Party Secretary and Director of the Center, and Li Na, "
        "Deputy Director, received the delegation.\n"
        "Director Zhang introduced the center's incubation services.\n"
    )
    facts = facts_of(extractor, tmp_path, "visit.txt", text)
    visit = facts.events[0]
    assert names(visit.hosts) == ["Zhang Wen", "Li Na"]  # "Director Zhang" is Zhang Wen
    assert "Delegation of Suzhou Municipal Bureau of Commerce" not in {m.text for m in facts.mentions}
    roles = {(r.person, r.role) for r in facts.roles}
    assert {("Zhang Wen", "Party Secretary"), ("Zhang Wen", "Director")} <= roles  # both, before the next item


def test_a_visits_hosts_named_after_their_titles_whatever_ner_made_of_them(extractor, tmp_path):
    text = (
        "Kenyan delegation visits Aalborg University\n\n"
        "Aalborg, 14 September 2023. A delegation of eight officials from the Kenya Ministry of Education, led by "
        "Principal Secretary Dr. Belio Kipsang, visited Aalborg University to learn about problem-based learning.\n\n"
        "The delegation was received by Rector Per Michael Johansen and Pro-Rector Inger Askehave, who presented "
        "the university's PBL model.\n"
    )
    (event,) = facts_of(extractor, tmp_path, "visit.txt", text).events
    # NER cut the rector's first name off and took the pro-rector and her title for a body
    assert [p.name for p in event.hosts] == ["Per Michael Johansen", "Inger Askehave"]
    assert [p.name for p in event.led_by] == ["Belio Kipsang"]


def test_a_visiting_teams_listed_members_are_visitors(extractor, tmp_path):
    text = (
        "Report on the study visit to Singapore, 5-9 June 2023\n\n"
        "From 5 to 9 June 2023, a team of four staff from Lakeshore Polytechnic visited Nanyang Polytechnic. "
        "The team was led by Dr. Grace Osei, Deputy Principal (Academic).\n\n"
        "At Nanyang Polytechnic, the team was hosted by Mr. Tan Wei Ming, Director of International Relations.\n\n"
        "Team members: Dr. Grace Osei; Mr. Kofi Boateng (Head, Engineering); Ms. Linda Asare (Quality Assurance "
        "Officer); Mr. James Owusu (International Office).\n"
    )
    (event,) = facts_of(extractor, tmp_path, "visit.txt", text).events
    visitors = {p.name for p in event.visitors if p.kind == "person"}
    assert visitors == {"Grace Osei", "Kofi Boateng", "Linda Asare", "James Owusu"}
    assert [p.name for p in event.hosts] == ["Tan Wei Ming"]


def test_whom_a_visitor_met_at_the_place_visited_hosted_the_visit(extractor, tmp_path):
    text = (
        "Visit of the Harbour delegation\n\n"
        "On 5 March 2023, Ms. Kari Dahl of the Harbour Science Park visited the Aldmoor Innovation Hub and met "
        "its director, Mr. Tom Reyes.\n"
    )
    (event,) = facts_of(extractor, tmp_path, "visit.txt", text).events
    assert [p.name for p in event.visitors] == ["Kari Dahl"] and [p.name for p in event.hosts] == ["Tom Reyes"]


def test_a_reports_own_event_in_everyday_shapes(extractor, tmp_path):
    """A courtesy call, a welcome "at" a place "by" a host, "A and his delegation", a memorandum
    "signed by" its signers."""
    call = facts_of(
        extractor,
        tmp_path,
        "call.txt",
        "Courtesy call by the Ambassador of Kenya\n\nThe Ambassador of Kenya to Germany, H.E. Dr. Mary Wanjiru, "
        "paid a courtesy call on the President of the Chamber, Mr. Thomas Becker, on 3 March 2022.\n",
    ).events[0]
    assert call.kind == "visit"
    assert call.place is None  # the person called on ("the President of ...") is no place
    welcomed = facts_of(
        extractor,
        tmp_path,
        "lyon.txt",
        "Visit report: Delegation of the Chamber of Commerce of Lyon\nPublished 20 September 2018\n\n"
        "Last week, a delegation of 12 business leaders from the Chamber of Commerce of Lyon came to Shenzhen. "
        "They were welcomed at the Shenzhen Municipal Bureau of Commerce by Deputy Director-General Ms. Li Hua.\n",
    ).events[0]
    assert names(welcomed.hosts) == ["Li Hua"]
    led = facts_of(
        extractor,
        tmp_path,
        "jiangsu.txt",
        "Visit of Jiangsu Provincial Department of Commerce delegation\nDate: 2024-06-18\n\n"
        "Mr. Zhou Jian, Deputy Director-General of the Jiangsu Provincial Department of Commerce, and his "
        "delegation visited our center. Our General Manager, Ms. Anna Schmidt, welcomed the guests.\n",
    ).events[0]
    assert names(led.led_by) == ["Zhou Jian"] and "Zhou Jian" in names(led.visitors)
    signed = facts_of(
        extractor,
        tmp_path,
        "mou.txt",
        "Signing of a Memorandum of Understanding between the University of Ghana and Leiden University\n"
        "18 October 2022\n\nThe MoU was signed by Prof. Nana Aba Appiah Amfo, Vice-Chancellor of the University "
        "of Ghana, and Prof. Annetje Ottow, Vice-President of Leiden University, in Accra.\n",
    ).events[0]
    assert names(signed.hosts) == ["Nana Aba Appiah Amfo", "Annetje Ottow"]


def test_a_visit_told_in_a_month_of_a_year_is_dated_to_that_month(extractor, tmp_path):
    (event,) = facts_of(
        extractor,
        tmp_path,
        "port.txt",
        "Visit report\n\nMr. Ali Hassan, Director of the Mombasa Port Authority, visited the Rotterdam Port in "
        "mid-June 2021.\n",
    ).events
    assert event.date == "2021-06"  # the report has no date of its own: the month its sentence gives
    assert dict(event.evidence)["date"].start == dict(event.evidence)["visitors"].start


def test_a_teams_label_its_leader_and_an_agreements_legal_representatives(extractor, tmp_path):
    (visit,) = facts_of(
        extractor,
        tmp_path,
        "mbeya.txt",
        "Staff Visit to Mbeya Regional Hospital\n\n"
        "Team: Dr. Grace Mushi (team leader), Mr. Daniel Mrema (pharmacist), Ms. Asha Salim (nurse)\n\n"
        "The team visited Mbeya Regional Hospital on 12 August 2019 and was received by the Medical Officer in "
        "Charge, Dr. Joseph Kilonzo.\n",
    ).events
    assert names(visit.visitors) == ["Grace Mushi", "Daniel Mrema", "Asha Salim"]  # the team, by its label
    assert names(visit.led_by) == ["Grace Mushi"]  # "(team leader)"
    agreement = facts_of(
        extractor,
        tmp_path,
        "agreement.txt",
        'COOPERATION AGREEMENT\n\nParty A: Hanoi University of Science and Technology (hereinafter "HUST")\n'
        "Legal representative: Prof. Huynh Quyet Thang, President\n\n"
        'Party B: Technical University of Munich (hereinafter "TUM")\n'
        "Legal representative: Prof. Thomas Hofmann, President\n\nBoth parties agree to cooperate in joint research.\n",
    )
    assert names(agreement.events[0].hosts) == ["Huynh Quyet Thang", "Thomas Hofmann"]
    roles = {(r.person, r.role, r.organisation) for r in agreement.roles}
    # each representative's office is of the party named on the line above (without its "hereinafter")
    assert ("Huynh Quyet Thang", "President", "Hanoi University of Science and Technology") in roles
    assert ("Thomas Hofmann", "President", "Technical University of Munich") in roles


def test_a_host_who_met_with_or_accompanied_a_delegation(extractor, tmp_path):
    (met,) = facts_of(
        extractor,
        tmp_path,
        "mayor.txt",
        "Vice Mayor Chen Hong meets German business delegation\nDate: 2021-11-05\n\n"
        "On the afternoon of November 3, Vice Mayor Chen Hong met with a delegation from the German Chamber of "
        "Commerce in China led by its Chief Representative Max Müller.\n",
    ).events
    assert names(met.hosts) == ["Chen Hong"] and names(met.led_by) == ["Max Müller"]
    (toured,) = facts_of(
        extractor,
        tmp_path,
        "suzhou.txt",
        "Suzhou Industrial Park delegation visits Lingang\n2023-04-12\n\n"
        "On April 10, a delegation led by Zhang Lei, Deputy Director of the Suzhou Industrial Park Administrative "
        "Committee, visited Lingang Innovation Center. Wang Fang, General Manager of the center, accompanied the "
        "delegation on a tour of the incubator.\n",
    ).events
    assert names(toured.hosts) == ["Wang Fang"]
