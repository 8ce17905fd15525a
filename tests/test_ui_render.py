"""What the web UI renders, built in the test process: the timeline chart from plain event
records, passages and labels from a small index. (tests/test_browser.py checks the same pages
as a person sees them in chromium.)"""

from __future__ import annotations

from html import unescape

import pytest

from reportqa.config import Settings
from reportqa.ingest import ingest
from reportqa.service import AnswerService
from reportqa.types import Answer, Citation, Event, Hit, Row
from reportqa.webpage import (
    KIND_COLOURS,
    WebPage,
    _plain,
    entity_filter_note,
    page_image_url,
    render_answer,
    rows_chart,
    timeline_chart,
)
from reportqa.whoswho import TimelineEvent

from .conftest import MINUTES, VISIT_REPORT


def test_plain_text_keeps_highlighted_words_on_the_same_words():
    text = (
        "# Minutes\n\n**Date:** 2023-06-02\n\n## Budget\n\nThe treasurer, Ms. **Ines Koller**, warned\nthat rent fell."
    )
    name = text.index("Ines Koller")
    heading = text.index("Budget")
    spans = [(name, name + len("Ines Koller")), (heading, heading + len("Budget")), (text.index("**Ines"), name + 13)]
    plain, moved = _plain(text, soft_newlines=False, spans=spans)
    assert plain == "Minutes\nDate: 2023-06-02\nBudget\nThe treasurer, Ms. Ines Koller, warned\nthat rent fell."
    # A span over dropped marks keeps only the words.
    assert [plain[start:end] for start, end in moved] == ["Ines Koller", "Budget", "Ines Koller"]
    joined, moved = _plain(text, soft_newlines=True, spans=spans[:1])  # as PDF text: wrapped lines joined
    assert joined.endswith("Ines Koller, warned that rent fell.") and joined[slice(*moved[0])] == "Ines Koller"


@pytest.fixture(scope="module")
def minutes_page(tmp_path_factory, embedder) -> WebPage:
    """A served index of one Markdown report with headings (## Budget) and bold (**Date:**)."""
    root = tmp_path_factory.mktemp("render")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "finance-minutes.md").write_text(MINUTES, encoding="utf-8")
    settings = Settings(index_dir=root / "index", corpus_dir=corpus, show_progress=False)
    ingest([corpus], settings, embedder=embedder)
    return WebPage(AnswerService(settings, embedder=embedder))


def test_passages_naming_an_entity_show_markdown_as_text_like_search_results(minutes_page):
    card = minutes_page.entity_html("Ines Koller")
    _, passages = card.split("Passages that name Ines Koller:")
    assert "The treasurer, Ms. <mark>Ines Koller</mark>, warned" in passages
    assert "##" not in passages and "**" not in passages
    # The heading is a line of text, as in a search result for the same passage.
    assert "Budget<br>The committee approved a budget" in passages
    assert "Budget<br>The committee approved a budget" in minutes_page.search_html("treasurer")


KINDS = ("agreement", "briefing", "meeting", "report", "visit")


def dated(kind: str, day: str) -> TimelineEvent:
    return TimelineEvent(Event(date=day, kind=kind, title=f"A {kind}", page=None), doc_id=kind, source=f"{kind}.txt")


def colours(figure) -> dict[str, str]:
    return {trace.name: trace.marker.color for trace in figure.data}


def test_each_kind_of_event_keeps_its_colour_whichever_kinds_a_chart_shows():
    everything = [dated(kind, f"2023-0{n}-15") for n, kind in enumerate(KINDS, start=1)]
    every_kind = colours(timeline_chart(everything, "Events by date"))
    assert set(every_kind) == set(KINDS) and len(set(every_kind.values())) == len(KINDS)  # one colour each
    # One person's chart shows fewer kinds, so each comes at another place among the traces:
    # a colour given by trace order would paint this meeting as the agreement above.
    theirs = [dated("visit", "2024-03-19"), dated("meeting", "2022-09-14"), dated("visit", "2021-10-25")]
    assert colours(timeline_chart(theirs, "Events in reports mentioning Chen")) == {
        "meeting": every_kind["meeting"],
        "visit": every_kind["visit"],
    }
    assert colours(timeline_chart([dated("briefing", "2021-11-04")], "one")) == {"briefing": every_kind["briefing"]}
    assert every_kind == {kind: KIND_COLOURS[kind] for kind in KINDS}
    # A kind no colour was chosen for gets one that no known kind has.
    other = colours(timeline_chart([dated("exhibition", "2024-05-01")], "other"))["exhibition"]
    assert other and other not in every_kind.values()


def test_search_results_under_an_entity_filter_are_labelled_so(minutes_page):
    filtered = minutes_page.search_html("budget", entities=["Ines Koller"])
    assert filtered.startswith('<div class="rq-filtered">filtered: mentioning Ines Koller</div>')
    assert filtered.count("rq-filtered") == 1 and "4.2 million euros" in filtered
    unfiltered = minutes_page.search_html("budget")
    assert "rq-filtered" not in unfiltered and "4.2 million euros" in unfiltered
    answer = minutes_page.answer_html("What budget did the committee approve?", entities=["Ines Koller"])
    assert '<div class="rq-filtered">filtered: mentioning Ines Koller</div>' in answer


def test_the_entity_filter_note_says_which_reports_answers_use():
    assert entity_filter_note(["Lin Xiaoyu", "Otto <b>Brandt</b>"]) == (
        '<div class="rq-filtered rq-entity-filter-on">Filter on: answers and search use only reports mentioning '
        "Lin Xiaoyu or Otto &lt;b&gt;Brandt&lt;/b&gt; (Filters, at the top of the page).</div>"
    )
    assert entity_filter_note([]) == "" and entity_filter_note(None) == ""


def cited(n: int, source: str, page: int | None, text: str, quoted: str, title: str = "Annual Report") -> Citation:
    hit = Hit(f"c{n}", 1.0, text, title, source, page, "2022-12-31", f"doc{n}", 0, len(text))
    start = text.index(quoted)
    return Citation(n, hit, start, start + len(quoted), spans=((start, start + len(quoted)),))


def test_a_pdf_citation_shows_its_page_as_printed_beside_the_passage_and_other_citations_do_not():
    pdf_text = 'Intro line.\nR&D spending rose to "<b>57</b>" million\neuros in 2022. Other text.'
    quote = 'R&D spending rose to "<b>57</b>" million\neuros in 2022.'
    pdf = cited(1, "annual report.pdf", 2, pdf_text, quote, title='The "Hub" <i>Report</i>')
    text_report = cited(2, "minutes.txt", None, "The budget is 4.2 million euros.", "The budget is 4.2 million euros.")
    docx = cited(3, "plan.docx", None, "The plan ends in 2025.", "The plan ends in 2025.")
    answer = Answer("What rose?", f"{quote} [1] The budget is 4.2 million euros. [2] The plan ends in 2025. [3]", False,
                    (pdf, text_report, docx))  # fmt: skip
    page = render_answer(answer)
    # The quote (its line break a space) in the query string, URL-encoded, then HTML-escaped.
    url = (
        "api/documents/doc1/pages/2.png?highlight="
        "R%26D+spending+rose+to+%22%3Cb%3E57%3C%2Fb%3E%22+million+euros+in+2022."
    )
    assert page_image_url(pdf) == url
    assert page.count("<img ") == 1 and f'<img src="{url}" loading="lazy"' in page
    assert (
        'alt="Page 2 of The &quot;Hub&quot; &lt;i&gt;Report&lt;/i&gt; as printed, the quoted sentence highlighted"'
        in page
    )
    assert "<b>57</b>" not in page and "<i>Report</i>" not in page  # report text only ever as text
    # The image is inside citation [1]'s details (fetched when it is opened), none in [2] or [3].
    first, second, third = page.split('<details class="rq-cite"')[1:4]
    assert url in first and "rq-page" not in second and "rq-page" not in third
    assert page_image_url(text_report) is None and page_image_url(docx) is None
    # A PDF passage with no page number (an old index) has no image either.
    assert page_image_url(cited(4, "old.pdf", None, pdf_text, quote)) is None


def test_an_answer_across_reports_charts_its_dated_rows_only():
    rows = (
        Row("2022-04-20", "visit", "Visit <b>Nantong</b>", "v1.txt", None, "Chen Meiling (visitor)", "a visit", 1),
        Row("2023-10-25", "visit", "Visit Suzhou", "v2.txt", 2, "", "another visit", 2),
        Row("2022", "figure", "Annual Report 2022", "annual.pdf", 3, "", "57 companies", 3),
        Row(None, "meeting", "Undated minutes", "m.txt", None, "", "a meeting", 4),
    )
    answer = Answer("Which delegations visited, and how many companies were there?", "4 items: [1] [2] [3] [4]",
                    False, rows=rows)  # fmt: skip
    figure = rows_chart(answer)
    points = {trace.name: list(trace.x) for trace in figure.data}
    # Only the answer's dated rows: the undated meeting is not on the chart; a year at its first day.
    assert points == {"figure": ["2022-01-01"], "visit": ["2022-04-20", "2023-10-25"]}
    assert {trace.name: trace.marker.color for trace in figure.data} == {
        "figure": "#6B7280",
        "visit": KIND_COLOURS["visit"],
    }
    visit = next(trace for trace in figure.data if trace.name == "visit")
    assert visit.hovertext[0] == (
        "<b>[1] Visit &lt;b&gt;Nantong&lt;/b&gt;</b><br>2022-04-20 · visit · v1.txt<br>Chen Meiling (visitor)<br>a visit"
    )
    assert figure.layout.title.text.startswith("The answer's 3 dated rows: Which delegations visited")
    # Any other answer has no chart: one without rows, one declined, one whose rows have no date.
    assert rows_chart(Answer("When?", "On 2 June 2023. [1]", False)) is None
    assert rows_chart(Answer("Which?", "No visit report is dated 2020.", True)) is None
    assert rows_chart(Answer("Which?", "1 item [4]", False, rows=rows[3:])) is None


@pytest.fixture()
def correctable(tmp_path, embedder) -> WebPage:
    """A served index of its own (the corrections file sits beside it): one report naming people."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "finance-minutes.md").write_text(MINUTES, encoding="utf-8")
    (corpus / "visit.txt").write_text(VISIT_REPORT, encoding="utf-8")
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=corpus, show_progress=False)
    ingest([corpus], settings, embedder=embedder)
    return WebPage(AnswerService(settings, embedder=embedder))


def people(page: WebPage) -> list[str]:
    return [row[0] for row in page.entity_tables()[0]]


def test_corrections_made_on_the_page_change_the_who_is_who_and_are_listed_with_their_author(correctable):
    assert "Ines Koller" in people(correctable) and "No corrections yet." in correctable.corrections_html()
    made = correctable.correct("rename", " Ines Koller ", "Ines <b>Koller</b>-Brandt", by="ana")
    assert made == (
        '<div class="rq-filtered rq-correction-made">Recorded: rename &#x27;Ines Koller&#x27; to &#x27;Ines '
        "&lt;b&gt;Koller&lt;/b&gt;-Brandt&#x27; (by ana). The tables, the chart and answers use it now.</div>"
    )
    assert "Ines <b>Koller</b>-Brandt" in people(correctable) and "Ines Koller" not in people(correctable)
    assert "Lin Xiaoyu" in people(correctable)
    assert "Recorded: hide 'Lin Xiaoyu'" in unescape(correctable.correct("hide", "Lin Xiaoyu", by="web"))
    assert "Lin Xiaoyu" not in people(correctable)
    assert "Recorded: unhide 'Lin Xiaoyu'" in unescape(correctable.correct("unhide", "Lin Xiaoyu"))
    assert "Lin Xiaoyu" in people(correctable)
    role = correctable.correct("set_role", "Lin Xiaoyu", "director", organisation="Qingdao Marine Technology Bureau")
    assert "set the role 'director' of 'Qingdao Marine Technology Bureau' of 'Lin Xiaoyu'" in unescape(role)
    lin = next(row for row in correctable.entity_tables()[0] if row[0] == "Lin Xiaoyu")
    assert lin[:3] == ["Lin Xiaoyu", "director", "Qingdao Marine Technology Bureau"]
    # A correction of no record, or of no kind, is refused and says why; nothing is recorded.
    assert correctable.correct("hide", "Nobody Here") == (
        '<div class="rq-note rq-correction-refused">Not recorded: nothing to hide: no record matches '
        "&#x27;Nobody Here&#x27;.</div>"
    )
    assert "Choose what to do" in correctable.correct("launch", "Lin Xiaoyu")
    listed = correctable.corrections_html()
    assert listed.count("<tr class=") == 4 and "Nobody Here" not in listed
    # Newest first, each with its author; report text escaped.
    assert (
        listed.index("set the role") < listed.index("unhide") < listed.index("hide &#x27;Lin") < listed.index("rename")
    )
    assert "<td>ana</td>" in listed and "&lt;b&gt;Koller&lt;/b&gt;" in listed and "<b>Koller</b>" not in listed


def test_a_correction_that_matches_nothing_any_more_is_listed_as_stale(correctable):
    from reportqa.corrections import load_corrections, new_correction, save

    correctable.correct("rename", "Otto Brandt", "Otto Brandt-Lindqvist", by="ana")
    path = correctable.service.settings.corrections_path()
    save(path, [*load_corrections(path), new_correction("hide", "Person Since Deleted", "ana")])
    listed = correctable.corrections_html()
    stale = [row for row in listed.split("<tr ")[1:] if "rq-stale" in row]
    assert len(stale) == 1 and "Person Since Deleted" in stale[0] and "stale: matches no record now" in stale[0]
    assert listed.count("applied") == 1


def test_the_page_names_the_logged_in_user_as_author_and_hides_corrections_from_others(correctable):
    from types import SimpleNamespace

    import gradio as gr

    from reportqa.ui import build_ui

    def handler(demo: gr.Blocks, name: str):
        return next(block.fn for block in demo.fns.values() if getattr(block.fn, "__name__", "") == name)

    inputs = ("rename", "Otto Brandt", "Otto Brandt-Lindqvist", "", "", "Otto Brandt")
    with_login = build_ui(correctable.service, login=True)
    stranger = SimpleNamespace(username=None, client=None)
    refused = handler(with_login, "make_correction")(*inputs, request=stranger)
    assert "Log in to correct" in refused[0] and "Otto Brandt" in people(correctable)
    assert handler(with_login, "corrections_panel")(request=stranger)[0]["visible"] is False
    ana = SimpleNamespace(username="ana", client=None)
    assert handler(with_login, "corrections_panel")(request=ana)[0]["visible"] is True
    made = handler(with_login, "make_correction")(*inputs, request=ana)
    assert "(by ana)" in made[0] and "Otto Brandt-Lindqvist" in [row[0] for row in made[2]]
    assert made[5]["value"] == "Otto Brandt-Lindqvist"  # the chosen record follows its new name
    without_login = build_ui(correctable.service)
    made = handler(without_login, "make_correction")("hide", "Lin Xiaoyu", "", "", "", None, request=stranger)
    assert "(by web)" in made[0]


def test_the_timeline_is_an_empty_chart_until_the_page_loads_it_for_its_user(correctable):
    """Gradio shows a plot without a value as a placeholder whose aria-label axe rejects
    (serious); an empty chart also shows nothing a user may not see before the load checks them."""
    from reportqa.ui import build_ui

    demo = build_ui(correctable.service, login=True)
    timeline = next(block for block in demo.blocks.values() if getattr(block, "elem_id", None) == "rq-timeline")
    assert timeline.value is not None
    assert "Otto Brandt" not in str(timeline.value)  # no event of the index in it
