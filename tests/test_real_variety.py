"""Reports of many kinds of institution, end to end through the real pipeline (issue 29): each
written here in its own convention -- a parish council's minutes, a university's news item, a
chamber of commerce's mission blog, an embassy's news, a parliamentary delegation's statement,
an annual report, a project meeting's attendance list, a society's newsletter. Checked: who is
who with role and organisation; an answer taken from the report of the institution asked about,
never from another report of a similar visit; on-topic questions the reports cannot answer
declined with what is missing; and answerable ones of the same shapes answered."""

import pytest

from reportqa.answer import NOT_FOUND, Answerer
from reportqa.ingest import ingest
from reportqa.retrieve import Retriever
from reportqa.types import Hit

from .test_questions import sources

PARISH_MINUTES = """Thornbury Green Parish Council
Minutes of the Ordinary Meeting held on 12 March 2024 in the Village Hall

Present: Councillors Margaret Ashdown, Peter Quayle and Helen Varga
Chair: Councillor Margaret Ashdown
Locum Clerk: Deborah Finch
Apologies: Councillor Tom Reddy

1. The minutes of the meeting of 13 February 2024 were approved as a true record.
2. Playground resurfacing. Three quotes were considered. Proposed by Peter Quayle, seconded by Helen Varga, that the council accept the quote of £8,450 from Greenway Surfaces for the playground resurfacing. Carried unanimously.
3. Footpath 12. Councillors thanked the 25 volunteers who cleared the village pond. Residents reported that the footpath near Mill Lane floods after heavy rain; the clerk will write to the county highways team.
4. The meeting closed at 9.15 pm.
"""

UNIVERSITY_NEWS = """Aldmoor University welcomes a delegation from Kazan Polytechnic University
Date: 2024-04-18

On 16 April 2024 a delegation from Kazan Polytechnic University, led by Vice Rector for International Affairs Dmitri Volkov, visited Aldmoor University.
The guests were received by Dean Zhao Minghui of the College of Marine Engineering and by Professor Sarah Okafor, director of the International Office.
The two universities agreed to launch a joint master's programme in coastal engineering in September 2025.
Pictured: President of the Senate, Hon. Miriam Oduya (right), with the Kazan delegation.
"""

CHAMBER_BLOG = """# Brackenfield Chamber of Commerce trade mission to Porto
Posted 2023-10-09

Twelve member companies of the Brackenfield Chamber of Commerce travelled to Porto for a three-day trade mission from 3 to 5 October 2023.
The mission was led by Brackenfield Chamber President Alan Whitcombe.
On 4 October the group met Mayor Paulo Ferreira, who spoke about the port's new logistics zone.
Members also met buyers from the Porto food and wine sector and visited two cork factories.
The chamber hopes to return with a larger group next year.
"""

EMBASSY_NEWS = """Embassy of Poland in Nairobi: Ambassador visits Nakuru Agro-Processing Park
Date: 2024-05-08

On 7 May 2024 His Excellency Aleksander Nowicki, Ambassador of Poland to Kenya, visited the Nakuru Agro-Processing Park.
He was welcomed by Grace Wanjiru, managing director of the Nakuru Agro-Processing Park, who presented its cold-storage and milk-processing facilities.
The Ambassador also met the county's Minister of Agriculture to discuss dairy cooperation.
"""

# A visit like the embassy's, to another park, by other ambassadors.
TECH_PARK_NEWS = """Ambassadors of Chile and Peru tour Lakeside Technology Park
Date: 2024-06-12

On 11 June 2024 the Ambassadors of Chile and Peru toured the Lakeside Technology Park.
They were greeted by Daniel Otieno, chief executive of the Lakeside Technology Park, who showed them the solar laboratory and the start-up incubator.
The visitors discussed scholarships for engineering students.
"""

PARLIAMENT_STATEMENT = """Statement of the Eastmere Parliamentary Delegation to Malawi
Date: 2023-11-30

A delegation of five members of the Eastmere Parliament visited Malawi from 20 to 26 November 2023.
Dr Fergus Hallam, who led the delegation, said that the visit had strengthened ties between the two parliaments.
The delegation met the Speaker of the National Assembly and visited health clinics in Zomba.
The delegation made eight recommendations to the Eastmere Parliament, including support for rural clinics.
"""

ANNUAL_REPORT = """Tidewater Youth Foundation Annual Report 2023
Date: 2024-02-15

In 2023 the foundation worked with 38 schools in the coastal districts.
Our volunteer programme grew quickly during the year. Hence Sunil Gupta was brought on full time as a CEO in March 2023.
The foundation's total income in 2023 was 1.2 million dollars, most of it from private donors.
"""

STEERING_NOTES = """Coastal Sensors Project: steering group meeting
Date: 2024-02-20

Attendees:
- [HP] Hannah Pryce (Chair)
- Bruno Pellegrini (BP): Project manager
- Ola Sandvik (OS): Data lead, Fjordline Institute

The group reviewed the sensor deployment plan and agreed to install 14 buoys before the summer.
"""

SOCIETY_NEWSLETTER = """Riverside Allotment Society newsletter: annual general meeting
Date: 2024-03-05

Members of the Riverside Allotment Society met in the pavilion for their annual general meeting and voted to open 6 new plots in the spring.
The chair thanked members for their work on the new greenhouse and the compost bays.
Members agreed that plot holders should share tools more often.
"""

# Long enough for several passages: the count sits in the last one, far from the question's words.
MEETUP_BLOG = """Harbourside Digital Service hosts the first meet-up of public product teams
Date: 2023-10-20

Last month the Harbourside Digital Service welcomed product teams from seven regional governments to its offices for two days of workshops.
The first morning was given to short presentations in which each team described a service it had built with its users, what went wrong and what it would do differently.
In the afternoon the teams split into small groups to compare how they recruit designers and developers, how they buy software and how they measure whether a service works.
The second day was an open programme chosen by the participants, with sessions on accessibility testing, on plain language and on keeping a small team going when its funding ends.
Several participants asked for a shared chat space so that the conversations could continue, and one has already been opened for everyone who took part.
On the evening of the first day the guests visited the harbour museum, where the curators showed them how the collection's catalogue was rebuilt as an online service.
The museum's team explained how they had tested the new catalogue with schoolchildren, researchers and retired dock workers before it went live.
Over dinner the teams compared the rules each of their governments sets for hosting data, publishing code in the open and hiring outside contractors.
A recurring theme was how hard it is to keep a service running after the people who built it have moved on to other projects.
Two of the teams offered to share the checklists they use when a service changes hands, and several others promised to add their own.

Organising the event took most of the summer, and the team learned a great deal about how public digital teams are set up in other places.
Looking for teams to invite, we wrote to 26 programmes across the region and then chose the nine whose way of working was closest to ours.
Many of them wanted to come but could not pay for the travel, so next year we will offer a remote track as well.
We would also like to publish a directory of public product teams, if the teams that took part agree to be listed in it.
"""

# Accounts in minutes: a label on one line and its value on the next, and "label - value" lists.
ROWING_MINUTES = """Harbour Rowing Club board meeting
Date: 2024-02-08

Attendees: Priya Natarajan (chair), Tomasz Wrobel, Elin Dahl

Finances

Balance

GBP £18,240.55

Income by source this season:

1. Memberships - £9,100
2. Regatta entries - £2,350

The board agreed to repaint the boathouse doors in the spring.
"""

REPORTS = {
    "parish-minutes.txt": PARISH_MINUTES,
    "university-news.txt": UNIVERSITY_NEWS,
    "chamber-mission.md": CHAMBER_BLOG,
    "embassy-news.txt": EMBASSY_NEWS,
    "tech-park-news.txt": TECH_PARK_NEWS,
    "parliament-statement.txt": PARLIAMENT_STATEMENT,
    "annual-report-2023.txt": ANNUAL_REPORT,
    "steering-meeting.md": STEERING_NOTES,
    "allotment-newsletter.txt": SOCIETY_NEWSLETTER,
    "meetup-blog.txt": MEETUP_BLOG,
    "rowing-minutes.md": ROWING_MINUTES,
}


@pytest.fixture(scope="module")
def answerer(tmp_path_factory, embedder):
    from reportqa.config import Settings

    root = tmp_path_factory.mktemp("variety")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in REPORTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(index_dir=root / "index", show_progress=False)
    ingest([corpus], settings, embedder=embedder)
    return Answerer(Retriever.load(settings.index_dir, settings, embedder=embedder))


# --- (a) who is who, in each convention ----------------------------------------------------------


@pytest.mark.parametrize(
    "person, role, organisation, source",
    [
        # a label before the name in minutes
        ("Deborah Finch", "Locum Clerk", "Thornbury Green Parish Council", "parish-minutes.txt"),
        # titles before the name, without a comma
        ("Dmitri Volkov", "Vice Rector for International Affairs", None, "university-news.txt"),
        ("Zhao Minghui", "Dean", "College of Marine Engineering", "university-news.txt"),  # "Dean X of the Y"
        ("Alan Whitcombe", "President", "Brackenfield Chamber", "chamber-mission.md"),
        # an office of a government is not the body's whose report names it
        ("Paulo Ferreira", "Mayor", None, "chamber-mission.md"),
        # a title set off by a comma, with a form of address between
        ("Miriam Oduya", "President", "Senate", "university-news.txt"),
        # after the name, behind an honorific of address ("His Excellency"); an envoy's title keeps
        # where they are posted, the country that sent them is the body ("Ambassador of Poland to Kenya")
        ("Aleksander Nowicki", "Ambassador to Kenya", "Poland", "embassy-news.txt"),
        ("Grace Wanjiru", "managing director", "Nakuru Agro-Processing Park", "embassy-news.txt"),
        ("Daniel Otieno", "chief executive", "Lakeside Technology Park", "tech-park-news.txt"),
        ("Sarah Okafor", "director", "International Office", "university-news.txt"),
        # a relative clause
        ("Fergus Hallam", "leader of the delegation", None, "parliament-statement.txt"),
        # "brought on as", after a sentence opener that is not part of the name; a role written
        # without its body in one body's report is that body's (the report's title names it)
        ("Sunil Gupta", "CEO", "Tidewater Youth Foundation", "annual-report-2023.txt"),
        # list items: "(Chair)", "(XY): role", "(XY): role, body"
        ("Hannah Pryce", "Chair", "Coastal Sensors Project", "steering-meeting.md"),
        ("Bruno Pellegrini", "Project manager", "Coastal Sensors Project", "steering-meeting.md"),
        ("Ola Sandvik", "Data lead", "Fjordline Institute", "steering-meeting.md"),
    ],
)
def test_people_are_listed_with_the_role_and_organisation_their_report_gives(
    answerer, person, role, organisation, source
):
    (entity,) = answerer.retriever.directory().find(person, "person", exact=True)
    assert [(r.role, r.organisation, r.source) for r in entity.roles] == [(role, organisation, source)]


def test_a_sentence_opener_an_honorific_or_a_photo_position_is_not_part_of_a_name_or_a_role(answerer):
    directory = answerer.retriever.directory()
    people = {e.name for e in directory.entities if e.type == "person"}
    assert not {"Hence Sunil Gupta", "His Excellency Aleksander Nowicki", "Hon. Miriam Oduya"} & people
    (oduya,) = directory.find("Miriam Oduya", "person", exact=True)
    assert [r.role for r in oduya.roles] == ["President"]  # "(right)" is where she stands in the photo


def test_minutes_record_their_chair_and_who_was_present(answerer):
    directory = answerer.retriever.directory()
    events = {item.source: item.event for item in directory.events}
    parish = events["parish-minutes.txt"]
    assert parish.kind == "meeting" and parish.date == "2024-03-12"
    assert [p.name for p in parish.led_by] == ["Margaret Ashdown"]
    present = [p.name for p in parish.hosts]
    assert {"Margaret Ashdown", "Peter Quayle", "Helen Varga"} <= set(present)
    assert "Tom Reddy" not in present  # sent apologies
    steering = events["steering-meeting.md"]
    assert [p.name for p in steering.led_by] == ["Hannah Pryce"]


# --- (b) the answer comes from the report of the institution asked about ---------------------


@pytest.mark.parametrize(
    "question, gold, source, others",
    [
        # two parks visited by ambassadors: each question names its park
        (
            "Who welcomed the ambassador at the Nakuru Agro-Processing Park?",
            "Grace Wanjiru",
            "embassy-news.txt",
            ("Daniel Otieno",),
        ),
        (
            "Who greeted the ambassadors at the Lakeside Technology Park?",
            "Daniel Otieno",
            "tech-park-news.txt",
            ("Grace Wanjiru",),
        ),
        # the embassy's report records no leader: not another report's leader instead
        (
            "Who led the visit to the Nakuru Agro-Processing Park?",
            "Aleksander Nowicki",
            "embassy-news.txt",
            ("Fergus Hallam", "Dmitri Volkov", "Alan Whitcombe"),
        ),
        # three led delegations and missions
        (
            "Who led the Eastmere parliamentary delegation to Malawi?",
            "Fergus Hallam",
            "parliament-statement.txt",
            ("Alan Whitcombe", "Dmitri Volkov"),
        ),
        (
            "Who led the Brackenfield Chamber of Commerce mission to Porto?",
            "Alan Whitcombe",
            "chamber-mission.md",
            ("Fergus Hallam", "Dmitri Volkov"),
        ),
        (
            "Who led the Kazan Polytechnic University delegation?",
            "Dmitri Volkov",
            "university-news.txt",
            ("Fergus Hallam", "Alan Whitcombe"),
        ),
        (
            "Who received the Kazan Polytechnic University delegation at Aldmoor University?",
            "Zhao Minghui",
            "university-news.txt",
            ("Grace Wanjiru", "Daniel Otieno"),
        ),
    ],
)
def test_an_event_answer_comes_from_the_report_of_the_institution_asked(answerer, question, gold, source, others):
    answer = answerer.ask(question)
    assert not answer.abstained, answer.text
    assert gold in answer.text.split("[1]")[0]
    assert set(sources(answer)) == {source}
    assert not [name for name in others if name in answer.text]


# --- (c) on topic, but the fact asked is not in the reports: declined, saying what is missing ---


@pytest.mark.parametrize(
    "question, missing, report",
    [
        # the cost of the mission is not given (its dates, members and visits are)
        (
            "How much did the Brackenfield trade mission cost?",
            "The closest passages give no amount of money for this.",
            "chamber-mission.md",
        ),
        # the society's members are spoken of, never counted ("6 new plots" counts plots)
        (
            "How many members does the Riverside Allotment Society have?",
            "The closest passages give no number of members.",
            "allotment-newsletter.txt",
        ),
        (
            "How many start-ups does the Lakeside Technology Park incubator host?",
            "The closest passages give no number of start-ups.",
            "tech-park-news.txt",
        ),
        # the greenhouse is named, not dated
        (
            "When was the Riverside Allotment Society greenhouse built?",
            "The closest passages give no date for this.",
            "allotment-newsletter.txt",
        ),
        # the next occurrence of an event the report tells of
        (
            "Which city will host the Brackenfield Chamber's next trade mission?",
            "The closest passages name no place for this.",
            "chamber-mission.md",
        ),
        # the office is named, not the person holding it
        (
            "Which minister did the Ambassador of Poland meet?",
            "The closest passages name no minister for this.",
            "embassy-news.txt",
        ),
    ],
)
def test_an_on_topic_question_the_reports_cannot_answer_is_declined_with_what_is_missing(
    answerer, question, missing, report
):
    answer = answerer.ask(question)
    assert answer.abstained and not answer.citations
    assert answer.text == f"{NOT_FOUND} {missing}"
    assert report in [hit.source for hit in answer.nearest]  # the report that covers the topic


# --- (d) the same shapes, answerable: answered with the fact -------------------------------------


@pytest.mark.parametrize(
    "question, gold, source",
    [
        # an amount of money
        ("How much did the playground resurfacing cost?", "£8,450", "parish-minutes.txt"),
        ("What was the total income of the Tidewater Youth Foundation in 2023?", "1.2 million dollars", None),
        # a number bound to the thing counted
        ("How many member companies took part in the Brackenfield mission?", "Twelve member companies", None),
        ("How many recommendations did the Eastmere delegation make?", "eight recommendations", None),
        ("How many schools did the Tidewater Youth Foundation work with in 2023?", "38 schools", None),
        ("How many buoys will the Coastal Sensors Project install?", "14 buoys", None),
        # a figure under a label made of the question's words, on the next line or after a dash
        ("What balance did the Harbour Rowing Club board report in February 2024?", "GBP £18,240.55", None),
        ("How much did the Harbour Rowing Club earn from regatta entries?", "£2,350", None),
        # a date
        (
            "When did the Kazan Polytechnic University delegation visit Aldmoor University?",
            "16 April 2024",
            "university-news.txt",
        ),
        # the office with its holder's name
        ("Which mayor spoke to the Brackenfield group about the logistics zone?", "Mayor Paulo Ferreira", None),
        # motions in minutes, also after a lead-in
        ("Who seconded the playground resurfacing motion?", "seconded by Helen Varga", "parish-minutes.txt"),
        ("At the Thornbury Green meeting, who proposed the playground resurfacing?", "Proposed by Peter Quayle", None),
    ],
)
def test_an_answerable_question_of_the_same_shape_is_answered_with_the_fact(answerer, question, gold, source):
    source = source or next(name for name, text in REPORTS.items() if gold in text)
    answer = answerer.ask(question)
    assert not answer.abstained, answer.text
    assert gold in answer.text.split("[1]")[0]
    assert sources(answer)[0] == source


@pytest.mark.parametrize(
    "question, role, source",
    [
        ("What position does Sunil Gupta hold?", "CEO, Tidewater Youth Foundation", "annual-report-2023.txt"),
        (
            "What position does Deborah Finch hold?",
            "Locum Clerk, Thornbury Green Parish Council",
            "parish-minutes.txt",
        ),
        ("What is Dmitri Volkov's role?", "Vice Rector for International Affairs", "university-news.txt"),
        ("Who is Fergus Hallam?", "leader of the delegation", "parliament-statement.txt"),
        ("What position does Ola Sandvik hold?", "Data lead, Fjordline Institute", "steering-meeting.md"),
    ],
)
def test_a_position_written_in_another_convention_is_answered_from_the_whos_who(answerer, question, role, source):
    answer = answerer.ask(question)
    assert answer.short == role and sources(answer) == [source]


def test_a_count_in_a_passage_not_retrieved_is_found_in_the_report_of_the_best_sentence(answerer):
    # Only the report's first passage is given: the sentence counting the programmes is in
    # another passage of the same report, and is worded unlike the question ("wrote to").
    passages = answerer.retriever.passages_of(
        next(d.doc_id for d in answerer.retriever.documents() if d.source == "meetup-blog.txt")
    )
    assert len(passages) >= 2 and "26 programmes" not in passages[0].text
    question = "How many programmes did the Harbourside Digital Service contact when it looked for teams to invite?"
    answer = answerer.compose(question, [Hit.of(passages[0], 1.0)])
    assert not answer.abstained, answer.text
    assert "26 programmes" in answer.text.split("[1]")[0]
    assert sources(answer) == ["meetup-blog.txt"]


def test_a_count_asked_in_the_middle_of_a_question_is_a_count(answerer):
    answer = answerer.ask("Product teams from how many regional governments came to the Harbourside meet-up?")
    assert "seven regional governments" in answer.text.split("[1]")[0]
    assert sources(answer)[0] == "meetup-blog.txt"


def test_a_labelled_figure_does_not_answer_a_question_its_label_does_not_ask(answerer):
    # The minutes give a balance and income by source, no spending on boats.
    answer = answerer.ask("How much did the Harbour Rowing Club spend on new boats?")
    assert answer.abstained and not answer.citations, answer.text
