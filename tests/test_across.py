"""Questions across reports (across.py, issue 32): lists, counts with their items, figures over
time, topics across reports, a person's history, declines saying what the reports cover, and the
rows of the JSON answer -- on reports of an invented science park written here."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from .conftest import answerer_over

REPORTS = {
    "visits/2021-05-12-delta-city-visit.txt": """Visit Report: Delta City Investment Office at Riverside Science Park
Date: 2021-05-12

On 12 May 2021 Ms. Ana Petrov, deputy director of the Delta City Investment Office, Northland Province, visited Riverside Science Park. She was received by Mr. Tomas Berg, President of Riverside Science Park.

Ms. Petrov said that Delta City wants to cooperate on battery recycling. Mr. Berg presented the solar testing field of the park.
""",
    "visits/2022-03-08-harbor-town-visit.txt": """Visit Report: Harbor Town Trade Bureau at Riverside Science Park
Date: 2022-03-08

On 8 March 2022 Mr. Jonas Weber, head of the Harbor Town Trade Bureau, Northland Province, visited Riverside Science Park. He was received by Mr. Tomas Berg, President of Riverside Science Park.

Mr. Weber said that Harbor Town wants to build a ferry terminal powered by offshore wind.
""",
    "visits/2022-10-19-south-valley-visit.txt": """Visit Report: South Valley Energy Agency at Riverside Science Park
Date: 2022-10-19

On 19 October 2022 Mr. Felix Moreau, director of the South Valley Energy Agency, Southland Province, visited Riverside Science Park. He was received by Mr. Tomas Berg, President of Riverside Science Park.

Mr. Moreau asked to use the solar testing field for a trial of bifacial panels.
""",
    "visits/2023-06-14-return-visit-delta-city.txt": """Visit Report: Riverside Science Park Delegation to Delta City
Date: 2023-06-14

On 14 June 2023 a delegation of Riverside Science Park led by Mr. Tomas Berg, President of Riverside Science Park, visited Delta City. The hosts were Ms. Ana Petrov, now director of the Delta City Investment Office, and Mr. Karl Novak of the Delta City port authority.

Both sides agreed to open a battery recycling pilot line in Delta City in 2024.
""",
    "minutes/2023-01-20-board-minutes.txt": """Minutes of the Board of Riverside Science Park
Date: 2023-01-20

The board noted that the park employed 118 staff at the end of 2022.
""",
    "annual/2022-annual-report.txt": """Riverside Science Park Annual Report 2022
Date: 2023-02-10

1. Companies

In 2022 the park hosted 64 companies in its buildings.

2. International cooperation

The park received 11 delegations in 2022.

3. Staff

The park employed 120 staff at the end of 2022.

4. Finances

Total income in 2022 was 12.5 million euros.
""",
    "annual/2023-annual-report.txt": """Riverside Science Park Annual Report 2023
Date: 2024-02-12

1. Companies

In 2023 the park hosted 79 companies in its buildings.

2. Finances

Total income in 2023 was 14.1 million euros.
""",
}

ROW_KEYS = {"date", "kind", "title", "source", "page", "who", "value", "citation"}


@pytest.fixture(scope="module")
def park(tmp_path_factory, embedder):
    """The reports ingested once for the module: (answerer, index folder)."""
    root = tmp_path_factory.mktemp("park")
    return answerer_over(root, embedder, REPORTS), root / "index"


def _cited_sentence(answer, row) -> str:
    """The words the row's citation quotes."""
    citation = next(c for c in answer.citations if c.n == row.citation)
    return " ".join(citation.hit.text[start:end] for start, end in citation.spans)


def _sources(answer, kind=None) -> list[str]:
    return [r.source for r in answer.rows if kind is None or r.kind == kind]


def test_a_list_of_visits_in_a_year_cites_each_visit_and_shows_the_reports_own_count(park):
    answerer, _ = park
    answer = answerer.ask("Which delegations visited us in 2022?")
    assert not answer.abstained
    assert answer.text.startswith("2 visit reports in 2022:")
    assert sorted(_sources(answer, "visit")) == [
        "visits/2022-03-08-harbor-town-visit.txt",
        "visits/2022-10-19-south-valley-visit.txt",
    ]
    visitors = {
        "visits/2022-03-08-harbor-town-visit.txt": "Jonas Weber",
        "visits/2022-10-19-south-valley-visit.txt": "Felix Moreau",
    }
    for row in answer.rows:
        if row.kind == "visit":
            assert row.date.startswith("2022")
            assert visitors[row.source] in _cited_sentence(answer, row)  # each row cites its own sentence
    # the annual report's own count is beside the rows', marked as the report's
    own = [r for r in answer.rows if r.kind == "aggregate"]
    assert [r.source for r in own] == ["annual/2022-annual-report.txt"]
    assert "11 delegations" in own[0].value and "the reports' own count: 11 delegations" in answer.text


def test_a_count_lists_the_items_it_counts_and_places_inside_the_one_asked(park):
    answerer, _ = park
    answer = answerer.ask("How many came from Northland?")
    assert answer.text.startswith("2 visit reports from Northland")
    assert sorted(_sources(answer, "visit")) == [
        "visits/2021-05-12-delta-city-visit.txt",
        "visits/2022-03-08-harbor-town-visit.txt",
    ]
    assert "South Valley" not in answer.text  # a Southland visit is not counted


def test_a_figure_over_time_gives_one_dated_row_per_report(park):
    answerer, _ = park
    answer = answerer.ask("How did the number of companies hosted by the park change from 2022 to 2023?")
    figures = [(r.date, r.value, r.source) for r in answer.rows]
    assert figures == [
        ("2022", "64 companies", "annual/2022-annual-report.txt"),
        ("2023", "79 companies", "annual/2023-annual-report.txt"),
    ]
    assert "64 companies (2022) → 79 companies (2023)" in answer.text
    income = answerer.ask("How did total income change from 2022 to 2023?")
    assert [r.value for r in income.rows] == ["12.5 million euros", "14.1 million euros"]


def test_reports_that_disagree_on_a_figure_are_shown_side_by_side(park):
    answerer, _ = park
    answer = answerer.ask("How did the number of staff change over the years?")
    assert sorted((r.date, r.value, r.source) for r in answer.rows) == [
        ("2022-12", "118 staff", "minutes/2023-01-20-board-minutes.txt"),
        ("2022-12", "120 staff", "annual/2022-annual-report.txt"),
    ]
    said = re.search(r"The reports disagree for December 2022: (.+?)\.(?:\n|$)", answer.text)
    assert said, answer.text
    for row in answer.rows:  # each figure named with its own citation
        assert f"{row.value} [{row.citation}]" in said.group(1)


def test_a_topic_across_reports_cites_one_sentence_in_every_report_that_names_it(park):
    answerer, _ = park
    answer = answerer.ask("In which reports is the solar testing field mentioned?")
    assert sorted(_sources(answer)) == [
        "visits/2021-05-12-delta-city-visit.txt",
        "visits/2022-10-19-south-valley-visit.txt",
    ]
    for row in answer.rows:
        assert "solar testing field" in _cited_sentence(answer, row)


def test_the_history_of_a_person_lists_her_events_and_roles_in_order(park):
    answerer, _ = park
    answer = answerer.ask("Every meeting Ana Petrov attended?")
    events = [(r.date, r.source) for r in answer.rows if r.kind != "role"]
    assert events == [
        ("2021-05-12", "visits/2021-05-12-delta-city-visit.txt"),
        ("2023-06-14", "visits/2023-06-14-return-visit-delta-city.txt"),
    ]
    roles = [(r.date, r.value) for r in answer.rows if r.kind == "role"]
    assert [role for _, role in roles][:2] == [
        "deputy director of the Delta City Investment Office",
        "director of the Delta City Investment Office",
    ]
    assert "visitor" in answer.rows[0].who and "host" in answer.rows[1].who


def test_a_constraint_no_record_meets_is_declined_saying_what_the_reports_cover(park):
    answerer, _ = park
    answer = answerer.ask("Which delegations visited us in 2019?")
    assert answer.abstained and not answer.rows and not answer.citations
    assert "No visit report is dated 2019; the visit reports run from May 2021 to June 2023." in answer.text
    unknown = answerer.ask("How many delegations came from Atlantis?")
    assert unknown.abstained and "don't mention Atlantis" in unknown.text


def test_a_question_one_report_answers_is_left_to_the_answerer(park):
    answerer, _ = park
    answer = answerer.ask("Who received the South Valley Energy Agency delegation?")
    assert not answer.rows
    assert "Tomas Berg" in answer.text


def test_the_json_answer_carries_its_rows_through_the_cli(park):
    _, index = park
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reportqa",
            "ask",
            "Which delegations visited us in 2022?",
            "--json",
            "--index",
            str(index),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    rows = payload["rows"]
    assert len(rows) == 3 and all(set(row) == ROW_KEYS for row in rows)
    numbers = {c["n"] for c in payload["citations"]}
    assert all(row["citation"] in numbers for row in rows)
    assert [row["date"] for row in rows[:2]] == ["2022-03-08", "2022-10-19"]
    assert rows[0]["source"] == "visits/2022-03-08-harbor-town-visit.txt"


def test_the_web_page_shows_the_rows_as_a_table_with_each_rows_citation(park):
    from reportqa.webpage import render_answer

    answerer, _ = park
    answer = answerer.ask("Which delegations visited us in 2022?")
    page = render_answer(answer)
    table = re.search(r'<table class="rq-rows">.*?</table>', page, re.S)
    assert table, page
    body_rows = re.findall(r"<tr><td>.*?</tr>", table.group(0), re.S)
    assert len(body_rows) == len(answer.rows) == 3
    for row, html_row in zip(answer.rows, body_rows, strict=True):
        assert f'<details class="rq-cite" data-n="{row.citation}">' in html_row  # the row's [n] opens its passage
        assert f"<td>{row.date}</td>" in html_row
    # the summary line stays above the table; the rows are not repeated as text lines
    assert page.index("2 visit reports in 2022") < page.index('<table class="rq-rows">')
    assert "— On 8 March 2022" not in page


COUNTRIES = {
    "visits/2022-09-20-polish-delegation.txt": """Visit Report: Polish trade delegation at Riverside Science Park
Date: 2022-09-20

On 20 September 2022 a Polish trade delegation visited Riverside Science Park. The delegation was led by Mr. Tomasz Nowak, deputy mayor of Gdansk. Mr. Tomas Berg, President of Riverside Science Park, received the delegation.
""",
    "visits/2022-10-12-hungary-visit.txt": """Visit Report: Delegation from Hungary at Riverside Science Park
Date: 2022-10-12

On 12 October 2022 a delegation from Hungary visited Riverside Science Park. The delegation was led by Ms. Eszter Kovacs, head of the Szeged Chamber of Commerce.
""",
}


def test_a_country_and_its_peoples_word_name_the_same_visits(tmp_path, embedder):
    answerer = answerer_over(tmp_path, embedder, COUNTRIES)
    # "Polish delegations" are delegations from Poland, though no report writes "Poland" ...
    for question in ("How many delegations from Poland visited?", "How many Polish delegations visited?"):
        answer = answerer.ask(question)
        assert not answer.abstained, question
        assert _sources(answer, "visit") == ["visits/2022-09-20-polish-delegation.txt"], question
    # ... and the Hungarian delegation came from Hungary, though its report writes only the country.
    answer = answerer.ask("Which Hungarian delegations visited?")
    assert _sources(answer, "visit") == ["visits/2022-10-12-hungary-visit.txt"]
    answer = answerer.ask("Who led the delegation from Poland?")
    assert not answer.abstained and "Tomasz Nowak" in answer.text


# Visits out of a country and into it, a university as a place, a mayor among the hosts, a unit
# and its body, a decision told by "it": reports written for these tests. The places are real
# (the gazetteer's); the bodies and people are invented.
TRAVELS = {
    "visits/2019-05-14-chengdu-delegation.txt": """Visit Report: Chengdu Software Park delegation in Auckland
Date: 2019-05-14

On 14 May 2019 an executive delegation from Chengdu visited the Harbourside Technology Hub in Auckland. The delegation was led by Mr. Deng Hao, director of the Chengdu Software Park.
""",
    "visits/2020-09-03-yunnan-delegation.txt": """Visit by a Delegation of Yunnan Provincial Trade Office
Date: 2020-09-03

Ms. Amina Njoroge, head of the Savanna Export Council, met the delegation of Yunnan Provincial Trade Office in Savanna House on 3 September 2020. Both sides spoke of coffee exports between Yunnan and Kenya.
""",
    "visits/2021-03-22-nanjing-delegation.txt": """Visit Report: Nanjing Robotics Association delegation in Shenzhen
Date: 2021-03-22

On 22 March 2021 a delegation from Nanjing visited the Pearl River Robotics Center in Shenzhen. It was received by Mayor Wen Li, who welcomed the guests at the city hall.
""",
    "visits/2022-06-30-lyon-delegation.txt": """Visit Report: Delegation from Lyon at Eastbrook University
Date: 2022-06-30

On 30 June 2022 a delegation from Lyon, France, toured the Wuhan Maple Institute. The delegation then met the rector in Eastbrook University.
""",
    "visits/2012-04-23-trade-mission.txt": """Trade Mission Report – Spring 2012
Date: 2012-04-23

After a day of travel our group reached the provincial capital, where we were hosted by Mr. Li Wei, Vice Manager of International Department with ABCOC. Over twenty companies joined the afternoon session.

The talks built on the Memorandum of Understanding that both chambers signed last year.
""",
    "visits/2023-04-11-wuxi-delegation.txt": """Visit Report: Wuxi Semiconductor Association at Harbourside
Date: 2023-04-11

On 11 April 2023 a delegation from Wuxi visited the Harbourside Technology Hub in Auckland.
""",
    "visits/2023-08-29-suzhou-delegation.txt": """Visit Report: Suzhou Textile Park at Harbourside
Date: 2023-08-29

On 29 August 2023 Ms. Gu Lan, deputy director of the Suzhou Textile Park, Jiangsu Province, visited the Harbourside Technology Hub.
""",
    "visits/2018-10-09-savanna-tour.txt": """Visit Report: Savanna Export Council tour of Yunnan
Date: 2018-10-09

During the tour the delegation was received by Mr. Zhou Bin, Secretary of the Kunming Trade Office, Ms. Li Na, Deputy Mayor of Kunming, and Mr. Yang Tao, Mayor of Dali.
""",
    "visits/2016-02-01-uk-planners.txt": """UK planning service visits Canada to compare notes
Date: 2016-02-01

A team of planning inspectors spent a week with Ottawa planning officials.
""",
    "minutes/2023-05-04-rowing-club-board.txt": """Minutes of the Board of the Riverside Rowing Club
Date: 2023-05-04

Boathouse roof proposal

The boathouse roof proposal was ready to review and vote on. It has been approved unanimously.

Regatta dates

The board is happy with the proposed dates and Sam will follow up.
""",
    "minutes/2021-11-02-cycling-forum.txt": """Recommendations of the Hill Cycling Forum Meeting
Date: 2021-11-02

By unanimous consensus, the members will ask the town council for a new cycle lane.
""",
    "minutes/2022-01-15-choir-committee.txt": """Minutes of the Choir Committee Meeting No.3
Date: 2022-01-15

See the minutes of Meeting No.2. Passed unanimously.

The committee will meet again in March.
""",
    "agreements/2022-02-10-northgate-agreement.txt": """Partnership Agreement between Northgate College and Harbor Town
Date: 2022-02-10

An agreement extending the partnership between Northgate College and Harbor Town was signed at the Eastside Campus on 10 February 2022.

Professor Jane Okafor, Rector and President, welcomed Councillor Tom Reyes and his team to the Eastside Campus.

According to Professor Okafor, there is much excitement within the College about the partnership.
""",
}


@pytest.fixture(scope="module")
def travels(tmp_path_factory, embedder):
    return answerer_over(tmp_path_factory.mktemp("travels"), embedder, TRAVELS)


def test_a_countrys_delegations_abroad_are_its_visits_to_places_of_other_countries(travels):
    answer = travels.ask("Which Chinese delegations travelled abroad, and where did they go?")
    assert not answer.abstained
    # Chengdu and Yunnan lie in China by the gazetteer (no report says so); Auckland lies in New
    # Zealand, and the Yunnan report names Kenya where it names no place of the visit. Nanjing to
    # Shenzhen stays inside China; the Lyon delegation came from France.
    assert sorted(_sources(answer, "visit")) == [
        "visits/2019-05-14-chengdu-delegation.txt",
        "visits/2020-09-03-yunnan-delegation.txt",
        "visits/2023-04-11-wuxi-delegation.txt",
    ]
    who = {r.source: r.who for r in answer.rows}
    assert who["visits/2019-05-14-chengdu-delegation.txt"] == "from Chengdu to Auckland (New Zealand)"
    assert who["visits/2020-09-03-yunnan-delegation.txt"] == "from Yunnan to Kenya"
    # the title's "UK planning service visits Canada" tells who travelled, before "Ottawa planning officials"
    answer = travels.ask("Which British delegations travelled abroad?")
    assert _sources(answer) == ["visits/2016-02-01-uk-planners.txt"] and "to Canada" in answer.rows[0].who
    # a country's delegations coming in are known by its cities as well
    answer = travels.ask("Which delegations from China visited?")
    assert "visits/2021-03-22-nanjing-delegation.txt" in _sources(answer, "visit")
    assert "visits/2022-06-30-lyon-delegation.txt" not in _sources(answer, "visit")


def test_a_university_named_as_the_place_of_a_visit_is_its_campus(travels):
    answer = travels.ask("Which delegations were taken onto a university campus?")
    assert _sources(answer, "visit") == ["visits/2022-06-30-lyon-delegation.txt"]
    assert "in Eastbrook University" in _cited_sentence(answer, answer.rows[0])


def test_received_or_hosted_by_a_mayor_asks_for_both_words():
    from reportqa.across import read_across

    terms = read_across("Which visits were received or hosted by a mayor, and by whom?").terms
    assert len(terms) == 2 and "host" in terms[0] and terms[1] == ("mayor",)
    # "or" between two words of the same kind after a repeated word still joins them
    terms = read_across("Which delegations were taken onto a university campus or into a university laboratory?").terms
    assert terms[0] == ("univers",) and {"campu", "laborat"} <= set(terms[1])
    # a rank and its title are one title: a deputy mayor is no mayor, a deputy director no deputy mayor
    assert read_across("Which visits were received by a deputy mayor?").terms[1] == ("deputy mayor",)


def test_a_unit_is_shown_with_the_body_it_belongs_to(travels):
    answer = travels.ask("Which visits mention a memorandum of understanding?")
    assert _sources(answer) == ["visits/2012-04-23-trade-mission.txt"]
    # the who's who has the host's unit ("International Department"); the row names its body too
    assert "Li Wei" in answer.rows[0].who and "ABCOC" in answer.rows[0].who


def test_the_parts_of_two_questions_in_one_quote_what_it_and_who_stand_for(travels):
    answer = travels.ask(
        "Which matters did the Riverside Rowing Club board decide unanimously in May 2023, and who were the "
        "college heads in the 2022 Northgate College partnership agreement?"
    )
    assert not answer.abstained
    assert "boathouse roof proposal" in answer.text  # "It has been approved unanimously" says what "it" is
    assert "Jane Okafor" in answer.text  # a "who" part answered by a sentence naming a person


def test_a_decision_is_found_by_the_verbs_that_record_one(travels):
    answer = travels.ask("Which minutes record a decision taken unanimously?")
    # "approved", "passed", "by unanimous consensus": no report writes "decision"; a forum's meeting
    # is a meeting too
    assert sorted(_sources(answer)) == [
        "minutes/2021-11-02-cycling-forum.txt",
        "minutes/2022-01-15-choir-committee.txt",
        "minutes/2023-05-04-rowing-club-board.txt",
    ]
    choir = next(r for r in answer.rows if r.source == "minutes/2022-01-15-choir-committee.txt")
    # "Passed unanimously." says nothing of what passed: the sentence before does
    assert "Meeting No.2" in _cited_sentence(answer, choir)


def test_a_provinces_delegations_are_known_by_its_cities_unless_the_report_names_another(travels):
    # no report writes "Jiangsu" beside Nanjing or Wuxi: the gazetteer's cities of the province say it
    answer = travels.ask("Which delegations came from Jiangsu?")
    assert sorted(_sources(answer, "visit")) == [
        "visits/2021-03-22-nanjing-delegation.txt",
        "visits/2023-04-11-wuxi-delegation.txt",
        "visits/2023-08-29-suzhou-delegation.txt",
    ]
    # Anhui has a Suzhou too, but this one's report says "Jiangsu Province"
    answer = travels.ask("Which delegations came from Anhui?")
    assert answer.abstained


def test_by_whom_names_the_people_whose_title_the_question_asks(travels):
    answer = travels.ask("Which visits were received or hosted by a mayor, and by whom?")
    who = {r.source: r.who for r in answer.rows}
    assert who["visits/2021-03-22-nanjing-delegation.txt"] == "Wen Li"
    # the secretary received the delegation too, but the question asks for mayors
    assert who["visits/2018-10-09-savanna-tour.txt"] == "Li Na, Yang Tao"


def test_two_named_things_joined_by_and_make_two_questions():
    from reportqa.across import read_across

    # the second thing stands where the first stood: after the verb, after "What was"
    assert read_across(
        "Who chaired the Hill Cycling Forum meeting in 2021 and the Choir Committee meeting in 2022?"
    ).parts == (
        "Who chaired the Hill Cycling Forum meeting in 2021?",
        "Who chaired the Choir Committee meeting in 2022?",
    )
    assert read_across(
        "What was Northgate College's enrolment in 2022 and the Rowing Club's balance in 2023?"
    ).parts == ("What was Northgate College's enrolment in 2022?", "What was the Rowing Club's balance in 2023?")
    # one thing with two years is not two things
    assert (
        read_across("What was the total income in 2021 and 2022?") is None
        or not read_across("What was the total income in 2021 and 2022?").parts
    )


def test_how_many_reports_mention_counts_the_reports_a_topic_lists(travels):
    answer = travels.ask("How many minutes record a decision taken unanimously?")
    assert answer.text.startswith("3 reports mention")
    assert len({r.source for r in answer.rows}) == 3


def test_a_figure_over_time_is_answered_by_one_report_only_where_it_speaks_of_that_figure():
    # With no records of the figure, one report's sentence may still answer ("membership rose to
    # 240 in 2013"); the minutes' date line or another figure of theirs does not.
    from reportqa.across import names_the_measure

    assert names_the_measure("members", "Membership rose from 180 in 2010 to 240 in 2013. [1]")
    assert names_the_measure("total income", "Total income was 12.5 million euros in 2023. [1]")
    assert names_the_measure("competition cases", "From 2014 to 2020, three cases were referred to the judiciary. [1]")
    assert not names_the_measure("members", "Next board meeting – October 9, 2013 – 4:00 PM – Chamber office [1]")
    assert not names_the_measure("members", "The park hosted 79 companies in 2023. [1]")
