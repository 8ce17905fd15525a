"""Questions across reports (across.py, issue 32): lists, counts with their items, figures over
time, topics across reports, a person's history, declines saying what the reports cover, and the
rows of the JSON answer -- on reports of an invented science park written here."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from reportqa.answer import Answerer
from reportqa.config import Settings
from reportqa.ingest import ingest
from reportqa.retrieve import Retriever

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
    corpus = root / "corpus"
    for name, text in REPORTS.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(index_dir=root / "index", corpus_dir=corpus, show_progress=False)
    ingest([corpus], settings, embedder=embedder)
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    return Answerer(retriever), settings.index_dir


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
    corpus = tmp_path / "corpus"
    for name, text in COUNTRIES.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=corpus, show_progress=False)
    ingest([corpus], settings, embedder=embedder)
    answerer = Answerer(Retriever.load(settings.index_dir, settings, embedder=embedder))
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
