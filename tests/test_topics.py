"""An event's topics: what a report says was discussed, explored, signed or briefed on -- short noun
phrases, few and right -- and not the industries of a body described nearby (issue 31)."""

import re

from reportqa.entities.topics import _agenda_topics, _own_topics, _topics, _with_headings
from reportqa.types import Event, Evidence


def topics_of(text: str) -> list[str]:
    """The topics of a text split into sentences at full stops and line ends."""
    sentences = [(m.start(), m.end(), None) for m in re.finditer(r"[^.\n]+\.?", text)]
    return _topics(text, sentences, {})


def test_what_the_parties_discussed_held_talks_on_or_were_briefed_on():
    text = (
        "The two delegations discussed the implications of the new port tariffs and held talks on cold-chain logistics.\n"
        "At the ministry the visitors were briefed on rural water supply.\n"
    )
    assert topics_of(text) == ["port tariffs", "cold-chain logistics", "rural water supply"]


def test_what_a_study_tour_learned_about_and_a_speaker_reported_on():
    text = (
        "The team travelled to learn about the national vaccine registry and its cold storage network.\n"
        "Ms. Obi reported on the refurbishment of the district clinics.\n"
    )
    assert topics_of(text) == [
        "national vaccine registry",
        "cold storage network",
        "refurbishment of the district clinics",
    ]


def test_a_stated_theme_and_a_tour_on_a_subject_in_the_title():
    text = (
        "National Study Tour on Coastal Flood Defences\n"
        'The theme of the study tour was "rural broadband and how it supports small farms".\n'
    )
    assert topics_of(text) == ["Coastal Flood Defences", "rural broadband"]


def test_a_signed_document_and_what_a_memorandum_focuses_on():
    text = (
        "The parties signed a water management cooperation agreement between the two cities.\n"
        "The deans then signed a memorandum of understanding focusing on doctoral supervision and staff mobility.\n"
    )
    assert topics_of(text) == ["doctoral supervision", "staff mobility", "water management cooperation agreement"]
    # a figure in words before a hyphen qualifies the document, it does not count things
    assert topics_of("Both universities signed a five-year student exchange agreement.") == [
        "five-year student exchange agreement"
    ]
    assert topics_of(text.replace(" focusing on doctoral supervision and staff mobility", "")) == [
        "water management cooperation agreement",
        "memorandum of understanding",
    ]


def test_not_the_business_of_a_company_a_relative_clause_or_a_similar_agreement():
    text = (
        "Founded in 2001, the company focuses on paints and coatings.\n"
        "The shipyard, which has cooperated on naval repairs for decades, hosted lunch.\n"
        "He noted that a similar agreement with Dongtai, focused on wind power, was signed last year.\n"
        "The two sides discussed grain storage.\n"
    )
    assert topics_of(text) == ["grain storage"]


def test_two_single_words_joined_by_and_are_one_subject_and_commas_part_the_subjects():
    text = "The mayor and the dean discussed trade and tourism, vocational training and student housing.\n"
    assert topics_of(text) == ["trade and tourism", "vocational training", "student housing"]


def test_what_is_said_about_a_subject_and_the_doing_of_it_are_left_off():
    text = (
        "She emphasised the importance of the twinning partnership.\n"
        "Mr. Lee gave an overview of the city's logistics advantages.\n"
        "The delegation came to explore joint projects in precision agriculture.\n"
    )
    assert topics_of(text) == ["twinning partnership", "logistics advantages", "precision agriculture"]


def test_three_at_most_what_was_discussed_before_what_the_parties_cooperate_on():
    text = (
        "Both cities cooperate on port logistics, culture, sport and youth exchanges.\n"
        "The delegation discussed hydrogen buses.\n"
        "They also discussed hydrogen buses and fuel cells for ferries.\n"
    )
    assert topics_of(text) == ["hydrogen buses", "fuel cells for ferries", "port logistics"]


def test_time_a_speakers_words_and_statements_are_no_subjects():
    text = (
        "“We talked about street lighting,” the mayor added.\n"
        "The college cooperation with the city in the past and the new campus was praised.\n"
        "They discussed land for the park, and asked for a reply by May.\n"
        "The two sides discussed “smart ports”, the mayor said.\n"
    )
    assert topics_of(text) == ["land for the park", "smart ports"]


def test_minutes_say_what_was_discussed_before_the_verb_and_the_agenda_items_after_a_colon():
    text = (
        "The handling of tree preservation orders was discussed.\n"
        "The hall accounts were briefly discussed and approved.\n"
        "There was a single item on the agenda for discussion: the future governance of the regional library service.\n"
    )
    assert topics_of(text) == ["future governance", "tree preservation orders", "hall accounts"]


def test_a_purpose_a_subject_line_and_what_a_memorandum_is_on():
    text = (
        "Subject: harbour dredging\n"
        "The purpose of the visit was to explore joint projects in desalination membranes.\n"
        "Both universities signed a memorandum on doctoral exchanges in general.\n"
    )
    assert topics_of(text) == ["harbour dredging", "desalination membranes", "doctoral exchanges"]


def test_what_a_speaker_introduced_or_a_party_works_on_but_not_the_body_itself():
    text = (
        "Mr. Wei introduced the center.\n"
        "Ms. Tan detailed the new cold-chain inspection scheme.\n"
        "The bureau is working with the Provincial Port Authority on berth scheduling.\n"
    )
    assert topics_of(text) == ["cold-chain inspection scheme", "berth scheduling"]
    # a full stop without its space still ends the sentence's list
    assert topics_of("They discussed grain exports.He thanked the guests.") == ["grain exports"]


# --- session 16 (issue 31): no stance, question or quality for a subject; a partner named before
# the subject; a visit's purpose; items of business; each event's own sentences ---------------------


def test_a_stance_a_question_and_a_quality_name_no_subject():
    text = (
        "Who else could we discuss the practical challenges of the work with, other than our peers?\n"
        "The mayor focused on the city's drive for collaboration and innovation in a fair and open market.\n"
        "The institute had spent years focused on partner needs.\n"
        "Directors usually meet to discuss strategic vision.\n"
        "We may redraft the charter to make it more focused on member councils.\n"
        "The delegates discussed flood insurance.\n"
    )
    assert topics_of(text) == ["flood insurance"]
    # a person by title and name is someone, not a subject; "the situation of" says nothing
    assert topics_of("The chair discussed the situation of Councillor Ann Reid and the hall lease.\n") == ["hall lease"]


def test_a_partner_named_before_the_subject_and_two_activities_sharing_their_words():
    text = (
        "Lindau wants to work with Porto on tidal energy and on cable laying and testing, where Lindau has yards.\n"
        "Bergen wants to cooperate with Porto above all in fish farming.\n"
    )
    assert topics_of(text) == ["tidal energy", "cable laying and testing", "fish farming"]


def test_what_a_visit_was_to_review_what_was_updated_on_and_then_what_a_speaker_presented():
    text = (
        "Mr. Tan presented the port authority.\n"
        "The mission visited Accra to review the first three years of the Volta Water Project.\n"
        "Ms. Obi gave an update on the clinic rebuilding fund.\n"
        "Ms. Reid presented by-law amendments, as described above.\n"
    )
    assert topics_of(text) == ["Volta Water Project", "clinic rebuilding fund", "port authority"]
    assert topics_of("Ms. Reid presented by-law amendments.\nThe figures are described above.\n") == [
        "by-law amendments"
    ]


def test_an_item_of_business_written_as_what_the_meeting_is_to_do():
    text = (
        "Upton Parish Council\n"
        "Item 1 To agree the minutes of the Finance Committee meeting of 4th May 2019\n"
        "The minutes were agreed.\n"
        "Item 2 To receive the treasurer's report on the hall roof\n"
        "The report was received.\n"
    )
    assert _agenda_topics(text, {}) == [
        "Minutes of the Finance Committee meeting of 4th May 2019",
        "Treasurer's report on the hall roof",
    ]


def test_an_events_topics_come_from_its_own_sentences_and_a_signing_during_a_visit_is_part_of_it():
    text = (
        "The committee discussed the drainage survey.\n"
        "Ms. Hale will make a presentation on the parking levy at the 4 May meeting.\n"
        "The deans signed a memorandum on staff mobility.\n"
    )
    sentences = [(m.start(), m.end(), None) for m in re.finditer(r"[^\n]+", text)]
    levy, memorandum = sentences[1], sentences[2]
    told = Event("2024-05-04", "meeting", "t", None, evidence=(("visitors", Evidence(None, levy[0], levy[1])),))
    signing = Event("2024-05", "agreement", "t", None, evidence=(("hosts", Evidence(None, *memorandum[:2])),))
    main = Event("2024-05-02", "visit", "t", None, topics=tuple(_topics(text, sentences, {})))
    assert "parking levy" in main.topics
    own = _own_topics(main, text, sentences, [told, signing])
    assert own.topics == ("staff mobility", "drainage survey")  # what a memorandum is on first
    assert dict(own.evidence)["topics"] == Evidence(None, *memorandum[:2])


def test_a_verb_ends_the_subject_a_focus_first_then_later_and_a_name_in_quotation_marks():
    text = (
        "A draft agreement on a Tema harbour fund is being prepared.\n"
        "Both sides agreed that the centre will focus first on seed banks, and later on soil testing.\n"
        "Ms. Addo detailed the new “West Africa Seed Exchange” and the establishment of regional seed libraries.\n"
    )
    assert topics_of(text) == ["Tema harbour fund", "West Africa Seed Exchange", "regional seed libraries"]
    assert topics_of(text.split("\n", 1)[1]) == ["West Africa Seed Exchange", "regional seed libraries", "seed banks"]
    assert topics_of(text.split("\n")[1]) == ["seed banks", "soil testing"]


def test_minutes_headings_without_progress_reports_and_a_speakers_heading_read_as_its_subject():
    text = (
        "Steering committee minutes\n"
        "\n"
        "Adoption of the final Grant Agreement\n"
        "\n"
        "LM presents the grant agreement\n"
        "\n"
        "Brief progress reports for all partners\n"
        "\n"
        "Data retention policy\n"
        "\n"
    )
    assert _agenda_topics(text, {}) == ["Adoption of the final Grant Agreement", "Data retention policy"]
    assert _agenda_topics(text.replace("Adoption of the final Grant Agreement", "Budget"), {}) == [
        "Budget",
        "Grant agreement",
        "Data retention policy",
    ]


def test_how_important_a_subject_was_names_the_subject():
    assert topics_of("Ms. Obi talked about how important field research was to the registry project.\n") == [
        "field research"
    ]


def test_a_boards_order_of_business_names_no_subject():
    text = (
        "Board of Education Special Meeting\n"
        "1. CALL TO ORDER/FLAG SALUTE\n"
        "2. PUBLIC COMMENT – ITEMS ON THE AGENDA\n"
        "3. CLOSED SESSION\n"
        "4. School Bus Contract\n"
        "5. Library Hours\n"
        "6. ADJOURNMENT\n"
    )
    assert _agenda_topics(text, {}) == ["School Bus Contract", "Library Hours"]


def test_new_is_part_of_a_subjects_name_but_not_of_a_general_word():
    text = "Hefei wants to cooperate with Lingang on new materials and new-energy vehicles.\n"
    assert topics_of(text) == ["new materials", "new-energy vehicles"]
    assert topics_of("The two sides discussed new projects and new cooperation.\n") == []
    assert topics_of("They discussed Ghana's new tariff schedule and the new port levy.\n") == [
        "tariff schedule",
        "port levy",
    ]


# --- session 17 (issue 31): a list the limit would cut, Markdown's numbered headings, a look back
# over a period, minutes' headings and what their sentences say was discussed --------------------


def test_the_limit_parts_subjects_not_a_list_the_topics_are_taken_from():
    text = (
        "The two sides held talks on the new harbour authority.\n"
        "The mayor said the city wants to cooperate with us on port logistics, cold-chain warehousing and ship repair.\n"
    )
    assert topics_of(text) == ["harbour authority", "port logistics", "cold-chain warehousing", "ship repair"]
    # a list whose first item is the third topic is still cut there
    text = (
        "They held talks on ferry fares and river dredging.\nBoth sides cooperate on ship repair, tourism and sport.\n"
    )
    assert topics_of(text) == ["ferry fares", "river dredging", "ship repair"]


def test_markdown_numbered_headings_and_a_look_back_over_a_period():
    text = (
        "# Harbour Board -- Monthly Meeting\n"
        "\n"
        "## 1. Review of March 2023\n"
        "\n"
        "The chair reported on the month.\n"
        "\n"
        "## 2. Ferry timetable\n"
        "\n"
        "## 3. Budget\n"
        "\n"
        "## 4. Any other business\n"
    )
    assert _agenda_topics(text, {}) == ["Ferry timetable", "Budget"]


def test_minutes_headings_then_what_their_sentences_say_was_discussed_three_at_most():
    assert _with_headings(["Ferry timetable", "Budget"], ["budget", "harbour dredging", "pilot fees"]) == [
        "Ferry timetable",
        "Budget",
        "harbour dredging",
    ]
    assert _with_headings(["Ferry timetable", "Budget", "Pilot fees"], ["harbour dredging"]) == [
        "Ferry timetable",
        "Budget",
        "Pilot fees",
    ]


def test_what_a_meeting_covered_the_items_discussed_and_the_main_topics():
    assert topics_of("The meeting covered port logistics, ferry fares and river dredging.\n") == [
        "port logistics",
        "ferry fares",
        "river dredging",
    ]
    assert topics_of("Items discussed included pilot fees and river dredging.\n") == ["pilot fees", "river dredging"]
    assert topics_of("Among the topics discussed were pilot fees and river dredging.\n") == [
        "pilot fees",
        "river dredging",
    ]
    assert topics_of("The discussions centred on harbour safety.\n") == ["harbour safety"]
    assert topics_of("The main topics were harbour safety and ferry fares.\n") == ["harbour safety", "ferry fares"]
    # what happened to the questions, a visit's cities and the press are no subjects
    assert topics_of("Questions raised were answered by the chair.\n") == []
    assert topics_of("The visit covered Shenzhen and Guangzhou.\n") == []
    assert topics_of("The meeting covered by the press was short.\n") == []


def test_talks_with_a_partner_on_a_subject_an_exchange_of_views_and_what_an_agreement_includes():
    assert topics_of("The delegation held talks with the mayor on harbour safety.\n") == ["harbour safety"]
    assert topics_of("The two sides had an in-depth exchange of views on ferry fares.\n") == ["ferry fares"]
    assert topics_of("The agreement, signed by both deans, includes tuition waivers and student housing.\n") == [
        "tuition waivers",
        "student housing",
    ]
    # when or where the talks were held, or the years an agreement covers, are no subjects
    assert topics_of("They held talks with officials on the sidelines of the forum.\n") == []
    assert topics_of("The agreement covers the period of five years.\n") == []


def test_programmes_or_teams_alone_and_inviting_or_hosting_someone_name_no_subject():
    assert topics_of("The sessions helped participants better understand different programmes.\n") == []
    assert topics_of("The network will focus on inviting teams which share our approach.\n") == []
    assert topics_of("The centre will focus on hosting start-ups in medical imaging.\n") == [
        "start-ups in medical imaging"
    ]


def test_how_much_a_meeting_covered_and_what_else_a_programme_included_name_no_subject():
    assert topics_of("The session covered a lot of ground.\n") == []
    assert topics_of("The talks covered the whole morning.\n") == []
    assert topics_of("Issues discussed were many.\n") == []
    assert topics_of("The talks covered a wide range of port projects.\n") == ["port projects"]
    # the agreement is not what "included" the visit
    assert topics_of("After the agreement was signed, the programme included a visit to the harbour.\n") == []


def test_a_heading_in_the_plural_gives_way_to_its_parts():
    text = "Trust board minutes\n\nCommittees\n\nAudit Committee\n\nFinance Committee\n\nWebsite redesign\n\n"
    assert _agenda_topics(text, {}) == ["Audit Committee", "Finance Committee", "Website redesign"]


def test_a_second_verb_after_and_ends_the_subjects():
    text = "The director hoped to learn more about Tarrow's harbour and look for opportunities for cooperation.\n"
    assert not any("look" in topic for topic in topics_of(text))


# --- session 18 (issue 31): an event held, what a speaker explained by way of questions, the
# results of a subject -----------------------------------------------------------------------------


def test_an_event_held_or_to_be_held_names_what_the_parties_did():
    text = "The two ports will jointly hold a shipbuilding matchmaking day in the spring.\n"
    assert topics_of(text) == ["shipbuilding matchmaking day"]
    text = "On 3 May the institute held a garden party as well as an opening ceremony for a photography exhibition.\n"
    assert topics_of(text) == ["garden party", "photography exhibition"]
    # how or when it was held, a meal or a meeting, or a kind of event alone name no subject
    assert topics_of("The bureau held a press conference and an annual meeting.\n") == []
    assert topics_of("The mayor hosted a welcome dinner and a forum.\n") == []


def test_an_event_held_comes_after_what_the_parties_cooperate_on():
    text = (
        "The town hosted a seafood festival at the harbour.\n"
        "Both sides want to cooperate on ferry services and marine tourism.\n"
    )
    assert topics_of(text) == ["ferry services", "marine tourism", "seafood festival"]


def test_what_a_speaker_explained_by_way_of_questions():
    text = (
        "The officer explained to the visiting founders how to open a bank account, what the export credit "
        "guarantees are, and how the city's relocation grant works.\n"
    )
    assert topics_of(text) == ["export credit guarantees", "relocation grant"]
    assert topics_of("She told the guests what the harbour levy is.\n") == ["harbour levy"]


def test_the_results_of_a_subject_name_the_subject():
    text = "Mr. Ode presented the results of the river clean-up programme, which ended in May.\n"
    assert topics_of(text) == ["river clean-up programme"]


def test_an_acronym_the_report_spells_out_is_written_as_its_name():
    text = (
        "The ministry runs the Rural Water Programme (RWP).\n"
        "The visitors learned about the RWP in Volta and discussed our HSC (Harbour Safety Committee) at length.\n"
    )
    assert topics_of(text) == ["Rural Water Programme in Volta", "Harbour Safety Committee"]
    # letters that are not the name's initials are left as they are
    assert topics_of("They discussed our HSC (Port Authority) at length.\n") == []


def test_what_minutes_record_as_approved():
    text = "Resolutions\n1. The apprenticeship scheme for member firms is approved, starting in June.\n"
    assert topics_of(text) == ["apprenticeship scheme for member firms"]
    # the verb of a relative clause is not the sentence's
    assert topics_of("Later versions are only those versions that are approved by the agency.\n") == []


def test_a_document_said_to_have_been_signed_and_what_a_delegation_highlighted():
    text = "The visit followed up the Port Cooperation Charter (PCC) that was signed in May.\n"
    assert topics_of(text) == ["Port Cooperation Charter"]
    assert topics_of("A fisheries protocol has been signed by both towns.\n") == ["fisheries protocol"]
    # the words before the document are not part of it
    assert topics_of("They met the mayor and the harbour charter was signed.\n") == ["harbour charter"]
    text = "The delegation also highlighted the third Harbour Cities Trade Fair in Tarrow.\n"
    assert topics_of(text) == ["Harbour Cities Trade Fair"]


def test_exchanging_or_sharing_practices_after_and_is_a_second_verb():
    text = "The teams met to discuss harbour pilotage and exchange best working practices.\n"
    assert topics_of(text) == ["harbour pilotage"]
    assert topics_of("They discussed research and exchange programmes.\n") == ["research and exchange programmes"]


def test_whom_a_team_learned_from_and_how_one_goes_about_a_subject_are_left_off():
    text = "The visiting nurses learned from their hosts in Accra about approaches to malaria prevention in schools.\n"
    assert topics_of(text) == ["malaria prevention in schools"]
    assert topics_of("The board learned from the auditors about strategies for cash reserve management.\n") == [
        "cash reserve management"
    ]


def test_what_a_document_holds_comes_after_what_a_visit_discussed():
    # a long remark between commas (both signatories with their offices) still leaves the document the subject
    text = (
        "The deans discussed joint doctoral supervision. The agreement, signed by Dean Mira Holt of the Faculty of "
        "Veterinary Sciences at the Northern Agricultural University and Dean Tomas Ruiz of the School of "
        "Agronomy at the Coastal Institute of Technology, includes field placements and library access. "
        "Both sides also explored soil carbon monitoring.\n"
    )
    assert topics_of(text) == ["joint doctoral supervision", "soil carbon monitoring", "field placements"]


def test_whom_a_speaker_briefed_stands_between_the_verb_and_the_subject():
    assert topics_of("The minister briefed us on community health workers.\n") == ["community health workers"]
    assert topics_of("Ms. Obi briefed the visiting delegation on flood insurance.\n") == ["flood insurance"]


def test_an_interest_shown_experiences_shared_and_what_a_meeting_considered():
    assert topics_of("The delegation expressed interest in smart city solutions.\n") == ["smart city solutions"]
    assert topics_of("Participants shared experiences on e-government services.\n") == ["e-government services"]
    assert topics_of("The committee considered the draft strategic plan.\n") == ["draft strategic plan"]
    assert topics_of("The meeting reviewed progress on the digital library project.\n") == ["digital library project"]
    # the challenges in a field are said of the field
    assert topics_of("The seminar addressed challenges in rural electrification.\n") == ["rural electrification"]
    # what a body shows interest in is its business, not the meeting's
    assert topics_of("The company has shown interest in our services.\n") == []
