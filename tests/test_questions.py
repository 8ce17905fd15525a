"""Staff questions end to end on reports written here: reading the question, answers from the
who's who and the event records, short answers, and declining what the reports don't cover."""

import re

import pytest

from reportqa.answer import Answerer
from reportqa.ingest import ingest
from reportqa.question import analyse
from reportqa.retrieve import Retriever

from .test_entities import AGREEMENT, LATER_VISIT, MINUTES, VISIT

ANNUAL = """Harbour Innovation Hub Annual Report 2023
Date: 2024-02-10

In 2023 the hub incubated 64 companies, of which 21 were admitted during the year.
Total income in 2023 was 12.5 million euros, and total expenditure 11.9 million euros.
Because the harbour warehouses are full, the hub will open a second building in 2025.
"""

PROFILE = """Harbour Innovation Hub profile
Date: 2024-03-01

The Harbour Innovation Hub was founded in 2015 by the Kiel Port Authority. It is a national incubator for maritime technology start-ups.
The Flensburg Branch Office has been opened, and it works closely with Husum, Rendsburg and Heide.
"""

BRIEFING = """# Briefing on the harbour fund
**Date:** 2024-04-03
**Minutes taken by:** Jonas Weber

Ms. Ines Koller opened the briefing on the harbour fund with the Kiel Port Authority.
The harbour fund supports maritime start-ups with three kinds of loans.
In all, 35 maritime start-ups have its support.
"""

PORT_VISIT = """Visit Report: Weihai Port Group at the Harbour Innovation Hub
Date: 2024-09-05

On 5 September 2024 Mr. Han Bo, vice president of the Weihai Port Group, visited the Harbour Innovation Hub.
"""

BOARD = """Minutes of the Board of the Kiel Marine Cluster
Date: 2024-05-14
Place: Holtenau Lighthouse, Kiel
Chair: Ms. Frauke Dahl, president of the Kiel Marine Cluster
Present: Mr. Lars Ohm (treasurer), Ms. Anke Rist

The board approved the plan for a wave test basin.
"""

CLUSTER_FIGURES = """Kiel Marine Cluster: figures
Date: 2024-01-20

The total income of the Kiel Marine Cluster in 2022 was 3.1 million euros, its total costs 2.9 million euros.
In 2023 the total income of the Kiel Marine Cluster rose to 3.4 million euros.
"""


def test_questions_are_read_for_what_they_ask():
    who = analyse("Who received the Weihai delegation in March 2023?")
    assert (who.expects, who.relation, who.years, who.month_years) == (
        "person",
        "hosted",
        ("2023",),
        (("mar", "2023"),),
    )
    assert analyse("Who headed the delegation from Weihai?").relation == "led"
    assert analyse("Who chaired the finance committee?").relation == "chaired"
    role = analyse("What position does Gu Lanfang hold now?")
    assert (role.expects, role.subject, role.now) == ("role", "Gu Lanfang", True)
    assert analyse("What is Pei Wen's job?").subject == "Pei Wen"
    # the body a person works for is asked of their role; an apposition is no part of the name
    for asked in (
        "What body did Gu Lanfang, a member of the Weihai delegation, work for?",
        "Which organisation does Dr. Gu Lanfang represent?",
        "Who does Gu Lanfang work for?",
    ):
        assert (analyse(asked).expects, analyse(asked).subject) == ("role", "Gu Lanfang")
    assert analyse("What company did the Weihai delegation visit?").expects != "role"
    assert analyse("Who is the treasurer of the Harbour Innovation Hub?").role_of == (
        "treasurer",
        "Harbour Innovation Hub",
    )
    assert analyse("When did the Weihai office open?").facilities == ("Weihai office",)
    assert analyse("Why did the hub open a second building?").expects == "reason"
    assert analyse("What was the primary reason the surveys were not completed?").expects == "reason"
    assert analyse("What were the main causes of the delay?").expects == "reason"
    # what someone hoped, sought or was looking to do is answered by their purpose
    assert analyse("What were the Tarnow executives hoping to find in Oslo?").expects == "reason"
    assert analyse("What did the delegation seek to learn from the harbour board?").expects == "reason"
    assert analyse("What did the board plan to do next?").expects == "other"
    assert analyse("How many companies did the hub incubate in 2023?").expects == "number"
    assert analyse("Where did the committee meet?").expects == "place"
    # "At which university / in which town": a place or an institution, as "where" is.
    assert analyse("At which university did the steering committee meet in May 2019?").expects == "place"
    assert analyse("In which town did the delegation stay?").expects == "place"
    assert analyse("Which universities signed the agreement?").expects != "place"
    # "how many" inside the question asks a number as well as at its start.
    assert analyse("Diplomats from how many countries joined the tour?").expects == "number"
    # Openers, months and decades are not names or years.
    along = analyse("Along with robotics, what did Weihai want in the 1990s?")
    assert along.names == ("Weihai",) and along.years == ()
    # "Which sub-center" asks for a kind of thing; it names no sub-center.
    which = analyse("Which sub-center has the hub opened?")
    assert (which.facilities, which.kind_asked) == ((), "sub-center")
    assert analyse("How much land does the hub cover in hectares?").unit == "hectares"
    assert analyse("Who took the minutes of the briefing?").relation == "recorded"
    assert analyse("How many maritime start-ups does the fund support?").counted == "start-ups"
    assert analyse("How many people came?").counted == "people"


@pytest.fixture(scope="module")
def answerer(tmp_path_factory, embedder):
    from reportqa.config import Settings

    root = tmp_path_factory.mktemp("questions")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in (
        ("visit.txt", VISIT),
        ("minutes.md", MINUTES),
        ("agreement.txt", AGREEMENT),
        ("later.md", LATER_VISIT),
        ("annual-2023.txt", ANNUAL),
        ("profile.txt", PROFILE),
        ("briefing.md", BRIEFING),
        ("port-visit.txt", PORT_VISIT),
        ("board.txt", BOARD),
        ("cluster-figures.txt", CLUSTER_FIGURES),
    ):
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(index_dir=root / "index", show_progress=False)
    ingest([corpus], settings, embedder=embedder)
    return Answerer(Retriever.load(settings.index_dir, settings, embedder=embedder))


def sources(answer):
    return [c.hit.source for c in answer.citations]


def test_a_position_is_answered_from_the_people_records_newest_first(answerer):
    answer = answerer.ask("What position does Gu Lanfang hold?")
    assert answer.short == "director, Weihai Ocean Development Bureau"
    assert answer.text.startswith("director, Weihai Ocean Development Bureau — ")
    assert sources(answer) == ["later.md", "visit.txt"]  # the newest role first, then the earlier one
    now = answerer.ask("What position does Gu Lanfang hold now?")
    assert now.short == answer.short and sources(now) == ["later.md"]  # only the newest
    then = answerer.ask("What position did Gu Lanfang hold in 2023?")
    assert then.short == "deputy director, Weihai Ocean Development Bureau" and sources(then) == ["visit.txt"]


def test_who_received_a_visit_comes_from_its_event_record_with_the_names_highlighted(answerer):
    answer = answerer.ask("Who received the Weihai delegation in March 2023?")
    assert answer.short == "Otto Brandt and Ines Koller"
    (citation,) = answer.citations
    assert citation.hit.source == "visit.txt"
    quoted = citation.hit.text[citation.start : citation.end]
    assert "were received by Mr. Otto Brandt" in quoted
    assert [citation.hit.text[s:e] for s, e in citation.short_spans] == ["Otto Brandt", "Ines Koller"]
    assert all(citation.start <= s and e <= citation.end for s, e in citation.short_spans)


def test_who_holds_a_role_at_a_body_comes_from_the_roles_the_reports_state(answerer):
    president = answerer.ask("Who is the president of the Kiel Marine Cluster?")
    assert president.short == "Frauke Dahl" and sources(president) == ["board.txt"]
    # A role written without its body ("Lars Ohm (treasurer)") belongs to the body its
    # report is about ...
    treasurer = answerer.ask("Who is the treasurer of the Kiel Marine Cluster?")
    assert treasurer.short == "Lars Ohm" and sources(treasurer) == ["board.txt"]
    (citation,) = treasurer.citations
    assert [citation.hit.text[s:e] for s, e in citation.short_spans] == ["Lars Ohm"]
    # ... while the treasurer of another body is not given as its treasurer.
    assert answerer.ask("Who is the treasurer of the Harbour Innovation Hub?").short == "Ines Koller"
    elsewhere = answerer.ask("Who is the president of the Harbour Innovation Hub?")
    assert elsewhere.abstained
    assert elsewhere.text.endswith(
        "The reports name a president of Kiel Marine Cluster, not of Harbour Innovation Hub."
    )
    # A vice president (Han Bo, of the Weihai Port Group) is not its president.
    vice = answerer.ask("Who is the president of the Weihai Port Group?")
    assert vice.abstained and vice.text.endswith("a president of Kiel Marine Cluster, not of Weihai Port Group.")
    assert answerer.ask("Who is the vice president of the Weihai Port Group?").short == "Han Bo"


def test_where_a_meeting_took_place_comes_from_its_place_line(answerer):
    answer = answerer.ask("Where did the board of the Kiel Marine Cluster meet?")
    assert answer.short == "Holtenau Lighthouse, Kiel" and sources(answer) == ["board.txt"]
    (citation,) = answer.citations
    assert citation.hit.text[citation.start : citation.end] == "Holtenau Lighthouse, Kiel"


def test_a_sentence_about_the_year_asked_beats_a_closer_one_about_another_year(answerer):
    answer = answerer.ask("What was the total income of the Kiel Marine Cluster in 2023?")
    assert answer.text.startswith("In 2023 the total income of the Kiel Marine Cluster rose to 3.4 million euros. [1]")


def test_the_years_a_sentence_speaks_of_come_from_it_its_passage_its_heading_or_its_date():
    from reportqa.answer import _about_other_years, _Candidate, _speaks_of_years
    from reportqa.types import Hit

    def speaks(sentence, passage="", title="Minutes", date=None, source="s.txt", question="What was income in 2023?"):
        hit = Hit("c", 1.0, passage or sentence, title, source, None, date, "d", 0, 0)
        candidate = _Candidate(0, 0, len(sentence), sentence, 1.0, 1.0)
        asked = analyse(question)
        return _speaks_of_years(candidate, hit, asked), _about_other_years(candidate, hit, asked)

    assert speaks("Income in 2023 was 3.4 million euros.") == (True, False)
    assert speaks("Income in 2022 was 3.1 million euros.") == (False, True)
    assert speaks("Income in 2022 (2023: 3.4 million) was 3.1 million.") == (False, True)  # a comparison
    assert speaks("Income was 3.4 million euros.", passage="Year 2023. Income was 3.4 million euros.") == (True, False)
    assert speaks("Income was 3.4 million euros.", title="Annual Report 2023") == (True, False)
    assert speaks("Income was 3.1 million euros.", title="Annual Report 2022") == (False, True)
    assert speaks("Income was 3.4 million euros.", date="2023-05-02") == (True, False)
    assert speaks("Income was 3.4 million euros.", date="2021-05-02") == (False, False)
    # a financial year asked is answered only about that year: a report of 2022-23 names 2022 too
    fy = "What was income in 2022-23?"
    assert speaks("Income in 2022-23 was 3.4 million.", question=fy) == (True, False)
    assert speaks("Income in 2021/22 was 3.1 million.", question=fy) == (False, True)
    assert speaks("Income was 3.1 million.", source="annual_report_2021-22.pdf", question=fy) == (False, True)
    assert speaks("Income was 3.4 million.", title="Annual Report 2022-2023", question=fy) == (True, False)
    # ... and a calendar year asked is still found in a financial year's report
    assert speaks("Income was 3.4 million.", title="Annual Report 2022-23", question="What was income in 2022?") == (
        True,
        False,
    )


def test_who_led_and_who_chaired(answerer):
    assert answerer.ask("Who led the Harbour Innovation Hub delegation to Weihai?").short == "Otto Brandt"
    chaired = answerer.ask("Who chaired the finance committee meeting?")
    assert chaired.short == "Ines Koller" and sources(chaired) == ["minutes.md"]


def test_who_signed_for_a_party(answerer):
    answer = answerer.ask("Who signed the cooperation agreement for the Weihai Blue Valley Park?")
    assert answer.short == "Pei Wen" and sources(answer) == ["agreement.txt"]


def test_numbers_years_and_reasons_pick_the_sentence_that_gives_them(answerer):
    income = answerer.ask("What was the total income in 2023?")
    assert "12.5 million euros" in income.text.split("[1]")[0]
    why = answerer.ask("Why will the hub open a second building?")
    assert why.text.startswith("Because the harbour warehouses are full")


def test_questions_the_reports_do_not_answer_are_declined_with_what_is_missing(answerer):
    unknown_place = answerer.ask("Which industries does Osaka want to cooperate on?")
    assert unknown_place.abstained and "don't mention Osaka" in unknown_place.text
    other_year = answerer.ask("What was the total income in 2019?")
    assert other_year.abstained and "for 2019" in other_year.text and "2023" in other_year.text
    no_meeting = answerer.ask("Who chaired the finance committee in May 2021?")
    assert no_meeting.abstained and "May 2021" in no_meeting.text
    assert "minutes.md" in [h.source for h in no_meeting.nearest]  # what the reports do hold, to judge by
    no_mayor = answerer.ask("Who is the mayor of Weihai?")
    assert no_mayor.abstained and "mayor" in no_mayor.text
    # A thing no report mentions is said in English: "No report mentions a mayor.", not "mention mayor".
    assert not re.search(r"mention (?!a |an |the )[a-z]", no_mayor.text), no_mayor.text
    not_a_person = answerer.ask("What position does Zhang Wei hold?")
    assert not_a_person.abstained and "Zhang Wei" in not_a_person.text
    no_office = answerer.ask("When did the Weihai office open?")
    assert no_office.abstained and "Weihai office" in no_office.text
    # ... while a question about what the reports do cover is answered.
    assert not answerer.ask("How many companies did the hub incubate in 2023?").abstained


def test_a_who_question_about_someone_the_question_names_is_not_answered_with_that_person(answerer):
    # The visit's record lists Ms. Gu as a visitor; the question asks whom *she* invited.
    answer = answerer.ask("Whom did Ms. Gu invite to visit Weihai?")
    assert not answer.abstained and "Gu Lanfang" not in (answer.short or "")
    assert answer.text.startswith("Director Gu invited Mr. Brandt")


def test_a_sentence_about_it_is_read_with_the_sentence_before(answerer):
    answer = answerer.ask("What kind of incubator is the Harbour Innovation Hub?")
    # Quoted first, with the sentence before it that says what "it" is.
    assert "It is a national incubator for maritime technology" in answer.text.split("[1]")[0]


def test_which_kind_prefers_a_name_of_that_kind(answerer):
    answer = answerer.ask("Which office has the hub opened?")
    assert answer.text.startswith("The Flensburg Branch Office has been opened")


def test_a_number_in_a_unit_no_report_uses_is_declined(answerer):
    answer = answerer.ask("How large is the Flensburg Branch Office in square metres?")
    assert answer.abstained and "square metres" in answer.text


def test_a_name_in_the_relation_asked_about_is_preferred(answerer):
    answer = answerer.ask("Who took the minutes of the briefing on the harbour fund?")
    assert "Jonas Weber" in answer.text.split("[1]")[0]


def test_how_many_prefers_the_number_of_the_thing_counted(answerer):
    answer = answerer.ask("How many maritime start-ups does the harbour fund support?")
    assert "35 maritime start-ups" in answer.text.split("[1]")[0]


def test_the_number_bonus_counts_the_thing_asked_and_skips_the_questions_own_numbers():
    from reportqa.answer import _TYPE_BONUS, _answer_bonus
    from reportqa.types import Hit

    hit = Hit("c", 1.0, "", "t", "s.txt", None, None, "d", 0, 0)

    def bonus(question, sentence):
        return _answer_bonus(analyse(question), sentence, hit, 0, len(sentence), None)

    counted = "How many maritime start-ups does the fund support?"
    assert bonus(counted, "In all, 35 maritime start-ups have its support.") == 2 * _TYPE_BONUS
    assert bonus(counted, "The fund supports start-ups with three kinds of loans.") == _TYPE_BONUS
    assert bonus(counted, "The fund was set up in 2019.") == 0  # a year is not a count
    assert bonus("How big is Building 7?", "Place: Building 7, Haizhou Industrial Park") == 0
    assert bonus("How big is Building 7?", "Building 7 has about 9,000 square metres.") == _TYPE_BONUS
    # A why-question rewards the sentence that gives a cause, and only that one.
    why = "Why did the hub open a second building?"
    assert bonus(why, "The hub opened a second building because the warehouses were full.") == 2 * _TYPE_BONUS
    assert bonus(why, "The hub opened a second building in 2025.") == 0


def test_a_misspelt_or_abbreviated_name_is_not_declined_as_unknown(answerer):
    # "Weihay" is one letter off "Weihai"; acronyms are often written out in the reports.
    for question in ("Which industries does Weihay want to cooperate on?", "What did the WBVP sign?"):
        answer = answerer.ask(question)
        assert "don't mention" not in answer.text, question
    assert "don't mention Osaka" in answerer.ask("Which industries does Osaka want to cooperate on?").text


def test_the_thing_asked_about_is_read_as_whole_words():
    from reportqa.answer import _ASKED_ABOUT

    assert _ASKED_ABOUT.findall("When was the second oil crisis?") == []  # not "cris" + "is"
    assert _ASKED_ABOUT.findall("What is the population of Weihai?") == ["population"]


def test_who_visited_from_a_place_lists_every_visit_from_there_newest_first(answerer):
    answer = answerer.ask("Who visited the Harbour Innovation Hub from Weihai?")
    # Not the hub's own visit *to* Weihai (later.md): there Weihai comes after "visited".
    assert answer.short == "Han Bo (2024-09-05); Gu Lanfang and Pei Wen (2023-03-02)"
    assert sources(answer) == ["port-visit.txt", "visit.txt"]
    # with a year too: not the hub's own visit to Weihai that year (later.md, June 2024)
    answer = answerer.ask("Who visited the Harbour Innovation Hub from Weihai in 2024?")
    assert answer.short == "Han Bo" and sources(answer) == ["port-visit.txt"]


def test_who_invited_a_delegation_is_not_where_it_came_from(tmp_path, embedder):
    from .conftest import answerer_over

    answerer = answerer_over(
        tmp_path,
        embedder,
        {
            "return-visit.txt": "Visit report: Harbour Innovation Hub delegation to Weihai\nDate: 2024-06-11\n\n"
            "At the invitation of the Weihai Ocean Development Bureau, a delegation of the Harbour Innovation Hub "
            "led by Otto Brandt visited Weihai on 11 June 2024.\n",
            "weihai-visit.txt": "Visit report: Weihai delegation at the Harbour Innovation Hub\nDate: 2024-03-02\n\n"
            "On 2 March 2024 Ms. Gu Lanfang, deputy director of the Weihai Ocean Development Bureau, visited the "
            "Harbour Innovation Hub.\n",
        },
    )
    for question in ("Who visited the Harbour Innovation Hub from Weihai in 2024?", "Who visited us from Weihai?"):
        answer = answerer.ask(question)
        assert sources(answer) == ["weihai-visit.txt"], (question, answer.text)


def test_a_report_title_is_never_quoted(answerer):
    answer = answerer.ask("Harbour Innovation Hub annual report 2023")
    assert "Harbour Innovation Hub Annual Report 2023 [" not in answer.text


def test_an_english_question_that_only_finds_chinese_reports_is_told_so(embedder, tmp_path):
    from reportqa.config import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "zh.txt").write_text(
        "连云港市商务局来访交流纪要\n日期：2024年5月10日\n连云港市商务局局长陈美玲一行四人到访临港创新中心，双方讨论了生物医药合作。",
        encoding="utf-8",
    )
    settings = Settings(index_dir=tmp_path / "index", show_progress=False)
    ingest([corpus], settings, embedder=embedder)
    answerer = Answerer(Retriever.load(settings.index_dir, settings, embedder=embedder))
    answer = answerer.ask("What did the Lianyungang bureau discuss in May 2024?")
    assert answer.abstained and "in Chinese" in answer.text and answer.nearest
    assert not answerer.ask("连云港市商务局讨论了什么？").text.startswith(
        "The reports don't answer this question. The closest"
    )


def test_the_timeline_axis_spans_weeks_not_milliseconds_around_one_event():
    from reportqa.webpage import _date_range

    assert _date_range(["2023-04-11"]) == ["2023-02-25", "2023-05-26"]
    assert _date_range(["2023-04-11", "2021-10-25", ""]) == ["2021-09-10", "2023-05-26"]
    assert _date_range([]) is None


def test_a_known_place_with_lowercase_words_after_it_is_a_name_the_reports_use(answerer):
    from reportqa.answer import _place_with_head_noun
    from reportqa.answer_records import _shares_words

    directory = answerer.retriever.directory()
    assert directory.find("Weihai", "place", exact=True)
    assert _place_with_head_noun("Weihai sub-center", directory)
    assert not _place_with_head_noun("Weihai", directory)  # no head noun
    assert not _place_with_head_noun("Weihai Blue Valley", directory)  # capitalised: a name of its own
    assert not _place_with_head_noun("Osaka sub-center", directory)  # no report names Osaka
    # Titles match questions on two long words other than the report kinds'.
    assert _shares_words("Minutes of the finance committee", "Who chaired the finance committee?")
    assert not _shares_words("Minutes of the finance meeting", "Who took the minutes of the finance meeting?")
    assert not _shares_words("Visit report of the delegation", "Which report mentions the visit?")


def test_citations_are_numbered_from_one_in_the_order_they_are_quoted(answerer):
    answer = answerer.ask("What position does Gu Lanfang hold?")
    assert [c.n for c in answer.citations] == [1, 2]
    assert answer.text.count("[1]") == 1 and answer.text.count("[2]") == 1


def test_the_position_of_someone_no_report_names_is_declined_by_name(answerer):
    answer = answerer.ask("What position does Zhang Xiaoming hold?")
    assert answer.abstained and answer.text.endswith(". The reports don't mention Zhang Xiaoming.")
    assert answer.nearest == ()  # declined by the name, not for want of a good passage


def test_a_question_of_punctuation_only_asks_for_words(answerer):
    answer = answerer.ask("?!")
    assert answer.abstained and answer.text == "Please type a question (words, not only punctuation)."


def test_an_event_question_with_a_year_takes_the_event_of_that_year(answerer):
    then = answerer.ask("Who received the Weihai delegation in 2023?")
    assert then.short == "Otto Brandt and Ines Koller" and sources(then) == ["visit.txt"]
