"""The web UI as a person uses it: a real reportqa server, driven in Debian's chromium by Playwright.

No browser is downloaded: scripts/setup.sh --test installs chromium with apt, and these
tests fail (not skip) when it is missing. Screenshots go to tests/artifacts/ (and to
docs/ when REPORTQA_SCREENSHOTS=docs).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MINUTES, VISIT_REPORT, running_server, write_pdf

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


CHINESE_VISIT = (
    "连云港市商务局来访交流纪要\n日期：2024年5月10日\n"
    "连云港市商务局局长一行四人到访临港创新中心，双方讨论了生物医药和新材料方面的合作。\n"
)

# Markup in a report's file name, title and text: each would run script in every reader's
# browser if the UI put it into the page unescaped (img onerror fires on insertion).
HOSTILE_NAME = "tidal <img src=x onerror=window.rqPwned='name'>.md"
HOSTILE_REPORT = (
    "# Tidal <img src=x onerror=\"window.rqPwned='title'\"> <i>Energy</i> Briefing\n\n"
    "Briefing note, 12 June 2025.\n\n"
    "The Tidal Energy Office wants to cooperate on wave turbines <img src=x onerror=\"window.rqPwned='text'\">"
    " and <b>grid storage</b> <script>window.rqPwned='script'</script>.\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Ingest a small corpus, start `reportqa serve` on a free port, yield its URL."""
    assert Path(CHROMIUM).exists(), (
        f"chromium not found at {CHROMIUM}: run scripts/setup.sh --test (apt-get install chromium)"
    )
    root = tmp_path_factory.mktemp("ui")
    corpus = root / "corpus"
    (corpus / "visits").mkdir(parents=True)
    (corpus / "visits" / "qingdao-visit.txt").write_text(VISIT_REPORT, encoding="utf-8")
    (corpus / "finance-minutes.md").write_text(MINUTES, encoding="utf-8")
    write_pdf(corpus / "annual-report-2022.pdf")
    (corpus / "visits" / "lianyungang-zh.txt").write_text(CHINESE_VISIT, encoding="utf-8")
    (corpus / HOSTILE_NAME).write_text(HOSTILE_REPORT, encoding="utf-8")
    env = {**os.environ, "REPORTQA_CORPUS": str(corpus), "REPORTQA_INDEX": str(root / "index")}
    subprocess.run([sys.executable, "-m", "reportqa", "ingest", str(corpus), "--quiet"], env=env, check=True, cwd=root)
    with running_server(root, env) as url:
        yield url + "/", root


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, server):
    url, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(60_000)
    page.goto(url)
    page.locator("#rq-question textarea").wait_for()
    yield page
    page.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if os.environ.get("REPORTQA_SCREENSHOTS") == "docs":
        docs = Path(__file__).parent.parent / "docs"
        page.screenshot(path=str(docs / f"{name}.png"), full_page=True)


def ask(page, question: str):
    page.locator("#rq-question textarea").fill(question)
    page.locator("#rq-ask").click()
    turn = page.locator("#rq-conversation .rq-turn").filter(has_text=question.split("?")[0][:40]).first
    turn.locator(".rq-answer").wait_for()
    return turn


def test_question_gets_a_cited_answer_whose_marker_reveals_the_passage(page):
    from playwright.sync_api import expect

    turn = ask(page, "Which industries does Qingdao want to cooperate on?")
    expect(turn.locator(".rq-answer")).to_contain_text("underwater robotics")
    passage = turn.locator("details.rq-cite").first.locator(".rq-passage")
    expect(passage).to_be_hidden()
    turn.locator("details.rq-cite summary").first.click()
    expect(passage).to_be_visible()
    expect(passage.locator(".rq-meta")).to_contain_text("qingdao-visit.txt")
    expect(passage.locator("mark")).to_contain_text("underwater robotics")
    expect(turn.locator(".rq-sources")).to_contain_text("Visit Report: Qingdao")
    screenshot(page, "ui-answer")


def test_a_pdf_citation_shows_its_page_as_printed_once_opened(page):
    from playwright.sync_api import expect

    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "/pages/" in request.url else None)
    turn = ask(page, "How many companies did the hub incubate in 2022?")
    expect(turn.locator(".rq-answer")).to_contain_text("57 companies")
    cite = turn.locator("details.rq-cite").filter(has=page.locator("figure.rq-page")).first
    image = cite.locator("figure.rq-page img")
    expect(image).to_have_attribute("alt", re.compile(r"^Page 2 of .* as printed"))
    page.wait_for_timeout(500)
    assert fetched == [], "the page image was fetched before its citation was opened"
    cite.locator("summary").click()
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") > 500  # a page at 110 dpi, not a broken-image icon
    assert len(fetched) == 1 and "/api/documents/" in fetched[0] and "highlight=" in fetched[0]
    # Beside the passage, which is still shown as text.
    expect(cite.locator(".rq-cited-text mark")).to_contain_text("57 companies")
    screenshot(page, "ui-cited-page")


def test_an_answer_across_reports_is_charted_on_the_timeline_of_its_rows_only(page):
    from playwright.sync_api import expect

    turn = ask(page, "Which events took place in 2023?")
    expect(turn.locator("table.rq-rows tbody tr")).to_have_count(2)  # the visit and the minutes
    chart = page.locator("#rq-answer-timeline")
    expect(chart).to_contain_text("The answer's 2 dated rows: Which events took place in 2023?")
    expect(chart.locator(".scatterlayer .point")).to_have_count(2)  # not the 2022 report nor the 2024 visit
    expect(chart.locator(".legend")).to_contain_text("meeting")
    screenshot(page, "ui-across-chart")
    # An answer that is not a list has no chart: the one shown belonged to the answer before it.
    ask(page, "Which industries does Qingdao want to cooperate on?")
    expect(chart).to_be_hidden()


def test_history_keeps_earlier_answers(page):
    from playwright.sync_api import expect

    ask(page, "When is the next meeting of the finance committee?")
    ask(page, "Which industries does Qingdao want to cooperate on?")
    expect(page.locator("#rq-conversation .rq-turn")).to_have_count(2)
    expect(page.locator("#rq-conversation")).to_contain_text("5 September 2023")


def test_date_filter_applies_to_answers(page):
    from playwright.sync_api import expect

    page.get_by_text("Filters (apply to answers and search)").click()
    page.locator("#rq-from input, #rq-from textarea").first.fill("2030-01-01")
    turn = ask(page, "Which industries does Qingdao want to cooperate on?")
    # No report is that recent: the answer says so (not "the reports don't answer"), and the
    # turn is labelled with the filters it was given under.
    expect(turn.locator(".rq-answer")).to_contain_text("No report matches the filters (from 2030-01-01)")
    expect(turn.locator(".rq-answer")).not_to_contain_text("underwater robotics")
    expect(turn.locator(".rq-filtered")).to_have_text("filtered: from 2030-01-01")


def test_a_searching_state_shows_until_the_answer_arrives(page):
    from playwright.sync_api import expect

    # Record every state of the status line: the answer may come faster than a poll. (The page
    # is usable once the question box is there; the status line may be drawn a moment later.)
    page.locator("#rq-status").wait_for(state="attached")
    page.evaluate(
        """() => { window.rqSeen = [];
        new MutationObserver(() => window.rqSeen.push(document.querySelector('#rq-status').innerText))
          .observe(document.querySelector('#rq-status'), {subtree: true, childList: true, characterData: true}); }"""
    )
    ask(page, "When is the next meeting of the finance committee?")
    assert any("Searching the reports" in seen for seen in page.evaluate("window.rqSeen"))
    expect(page.locator("#rq-status")).not_to_contain_text("Searching")


def test_an_empty_question_says_what_to_do(page):
    from playwright.sync_api import expect

    page.locator("#rq-ask").click()
    expect(page.locator("#rq-empty-question")).to_contain_text("Type a question first")
    expect(page.locator("#rq-conversation .rq-turn")).to_have_count(0)


def test_example_questions_show_whole_and_choosing_one_asks_it(page):
    from playwright.sync_api import expect

    from reportqa.ui import EXAMPLE_QUESTIONS

    with_a_year = "How many companies did the innovation center incubate in 2023?"
    assert with_a_year in EXAMPLE_QUESTIONS and len(with_a_year) > 60  # longer than Gradio shows an example
    examples = page.locator("#rq-examples button")
    expect(examples).to_have_text(list(EXAMPLE_QUESTIONS))  # each whole, none cut mid-word or mid-year
    clipped = examples.evaluate_all("buttons => buttons.filter(b => b.scrollWidth > b.clientWidth + 1).length")
    assert clipped == 0, "an example's text overflows its button"
    examples.filter(has_text=with_a_year).click()
    turn = page.locator("#rq-conversation .rq-turn").first
    expect(turn.locator(".rq-question")).to_have_text(with_a_year)
    expect(turn.locator(".rq-answer")).not_to_be_empty()
    screenshot(page, "ui-examples")


def test_choosing_a_report_filter_closes_its_list(page):
    from playwright.sync_api import expect

    page.get_by_text("Filters (apply to answers and search)").click()
    page.locator("#rq-reports input").click()
    options = page.get_by_role("listbox")
    expect(options).to_be_visible()
    options.get_by_role("option").first.click()
    # The list no longer covers the tabs and the question box.
    expect(options).to_be_hidden()
    expect(page.locator("#rq-reports .token")).to_have_count(1)  # the choice is made all the same


def test_documents_tab_lists_reports_and_searches_passages(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Documents").click()
    table = page.locator("#rq-documents")
    expect(table).to_contain_text("finance-minutes.md")
    # Every column within the page, every report in a row of its own, dates to the minute.
    right_edges = page.evaluate(
        "Array.from(document.querySelectorAll('#rq-documents th')).map(th => th.getBoundingClientRect().right)"
    )
    assert right_edges and max(right_edges) <= page.viewport_size["width"]
    for source in ("qingdao-visit.txt", "annual-report-2022.pdf", "lianyungang-zh.txt"):
        expect(table).to_contain_text(source)
    clipped = page.evaluate(
        "Array.from(document.querySelectorAll('#rq-documents .virtual-table-viewport'))"
        ".some(el => el.scrollHeight > el.clientHeight + 1)"
    )
    assert not clipped, "the documents table scrolls inside a box"
    expect(table).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d"))
    page.locator("#rq-search input, #rq-search textarea").first.fill("budget euros")
    page.locator("#rq-search-button").click()
    first = page.locator("#rq-results .rq-passage").first
    # A rank, not a raw fused score; the query's words marked; Markdown shown as text.
    expect(first.locator(".rq-meta")).to_contain_text("#1 ·")
    expect(page.locator("#rq-results")).not_to_contain_text("score")
    expect(first.locator(".rq-excerpt")).to_contain_text("4.2 million euros")
    expect(first.locator(".rq-excerpt mark").first).to_have_text(re.compile("budget|euros", re.I))
    expect(page.locator("#rq-results")).not_to_contain_text("## ")
    expect(page.locator("#rq-results")).not_to_contain_text("**")
    screenshot(page, "ui-documents")


def timeline_hovers(page) -> list[str]:
    """The hover label of every point of the timeline chart, one point at a time."""
    labels = []
    for point in page.locator("#rq-timeline .scatterlayer .point").all():
        page.mouse.move(0, 0)  # the last label could cover the next point
        page.locator("#rq-timeline .hoverlayer .hovertext").first.wait_for(state="detached")
        point.hover(force=True)
        label = page.locator("#rq-timeline .hoverlayer .hovertext").first
        label.wait_for()
        labels.append(label.text_content() or "")
    return labels


def injected_markup(page) -> list[str]:
    """What of the hostile report became live markup in the page rather than text. (Gradio's
    own config script holds the report list too, JSON-escaped: `\\u003c`, `\\u0027`.)"""
    return page.evaluate(
        """() => [
        ...(window.rqPwned ? ['script ran: ' + window.rqPwned] : []),
        ...Array.from(document.querySelectorAll('img[src="x"], b, script'))
           .filter(e => e.tagName !== 'B' ? true : e.textContent.includes('grid storage'))
           .filter(e => e.tagName !== 'SCRIPT' || e.textContent.includes("rqPwned='script'"))
           .map(e => e.tagName + ' element')]"""
    )


def test_markup_in_a_report_name_title_and_text_shows_as_text_everywhere(page):
    from playwright.sync_api import expect

    turn = ask(page, "What does the Tidal Energy Office want to cooperate on?")
    expect(turn.locator(".rq-answer")).to_contain_text("wave turbines <img src=x")
    turn.locator("details.rq-cite summary").first.click()
    meta = turn.locator("details.rq-cite .rq-meta").first
    expect(meta).to_contain_text("Tidal <img src=x onerror=")  # the title, as text
    expect(meta).to_contain_text(HOSTILE_NAME)
    expect(turn.locator(".rq-sources")).to_contain_text("Tidal <img")
    page.get_by_role("tab", name="Documents").click()
    expect(page.locator("#rq-documents")).to_contain_text(HOSTILE_NAME)
    page.locator("#rq-search input, #rq-search textarea").first.fill("tidal wave turbines grid storage")
    page.locator("#rq-search-button").click()
    expect(page.locator("#rq-results .rq-passage").first).to_contain_text("<script>window.rqPwned='script'</script>")
    page.get_by_text("Filters (apply to answers and search)").click()
    page.locator("#rq-reports input").click()
    expect(page.get_by_role("listbox")).to_contain_text("Tidal <img")
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="People & timeline").click()
    expect(page.locator("#rq-timeline .js-plotly-plot .scatterlayer .point").first).to_be_visible()
    hovers = timeline_hovers(page)
    assert any("Tidal <img src=x onerror=\"window.rqPwned='title'\"> <i>Energy</i> Briefing" in h for h in hovers), (
        hovers
    )
    assert injected_markup(page) == []


def test_uploaded_report_is_answerable_at_once(page, tmp_path):
    from playwright.sync_api import expect

    report = tmp_path / "tromso-visit.txt"
    report.write_text("Visit report, 3 March 2024: the Tromso Arctic Cluster wants to cooperate on ice-class shipping.")
    page.get_by_role("tab", name="Documents").click()
    page.locator("#rq-upload input[type=file]").set_input_files(str(report))
    expect(page.locator("#rq-upload-status textarea")).to_have_value(
        "Added 1, updated 0, removed 0, unchanged 0, skipped 0.", timeout=120_000
    )
    expect(page.locator("#rq-documents")).to_contain_text("tromso-visit.txt")
    page.get_by_role("tab", name="Ask").click()
    turn = ask(page, "What does the Tromso Arctic Cluster want to cooperate on?")
    expect(turn.locator(".rq-answer")).to_contain_text("ice-class shipping")
    # A page loaded afterwards shows the live index, not the one the server started with.
    fresh = page.context.browser.new_page(viewport={"width": 1280, "height": 900})
    fresh.goto(page.url)
    fresh.get_by_role("tab", name="Documents").click()
    expect(fresh.locator("#rq-documents")).to_contain_text("tromso-visit.txt")
    fresh.close()


def test_chinese_reports_render_in_a_cjk_font_and_bold_text_in_the_same_face(page):
    from playwright.sync_api import expect

    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no Chinese font installed: run scripts/setup.sh --test (fonts-noto-cjk)"
    turn = ask(page, "连云港市商务局讨论了什么？")
    expect(turn.locator(".rq-answer")).to_contain_text("生物医药")
    # The theme's fonts: system faces with bold weights and CJK glyphs, not the bundled web font.
    family = page.evaluate("getComputedStyle(document.querySelector('.rq-answer')).fontFamily")
    assert "Noto Sans CJK SC" in family and "Source Sans Pro" not in family
    screenshot(page, "ui-chinese")


def choose_entity(page, name: str) -> None:
    page.locator("#rq-entity input").click()
    page.locator("#rq-entity input").fill(name)
    page.get_by_role("option", name=f"{name} (person)").click()


def test_people_tab_charts_events_and_lists_people_and_bodies(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="People & timeline").click()
    chart = page.locator("#rq-timeline .js-plotly-plot")
    expect(chart.locator(".scatterlayer .point").first).to_be_visible()
    assert chart.locator(".scatterlayer .point").count() >= 2  # the visit and the minutes
    expect(chart.locator(".legend")).to_contain_text("visit")
    hovers = timeline_hovers(page)
    assert any("Finance Committee" in h and "2023-06-02" in h for h in hovers), hovers
    people = page.locator("#rq-people")
    expect(people).to_contain_text("Lin Xiaoyu")
    expect(people).to_contain_text("deputy director")
    expect(people).to_contain_text("Qingdao Marine Technology Bureau")
    expect(page.locator("#rq-orgs")).to_contain_text("Harbour Innovation Hub")
    expect(page.locator("#rq-places")).to_contain_text("Qingdao")


def test_choosing_a_person_shows_roles_mentions_and_applies_as_a_filter(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="People & timeline").click()
    choose_entity(page, "Lin Xiaoyu")
    detail = page.locator("#rq-entity-detail")
    expect(detail.locator(".rq-roles")).to_contain_text("deputy director")
    expect(detail.locator(".rq-entity-reports")).to_contain_text("qingdao-visit.txt")
    expect(detail.locator(".rq-passage mark").first).to_have_text("Lin Xiaoyu")
    expect(page.locator("#rq-timeline")).to_contain_text("Events in reports mentioning Lin Xiaoyu")
    screenshot(page, "people-tab")
    page.locator("#rq-entity-filter").click()
    # The filter is seen at once: said beside the button, and in the filter panel, which opens.
    expect(page.locator("#rq-entity-filter-note")).to_contain_text(
        "answers and search use only reports mentioning Lin Xiaoyu"
    )
    expect(page.locator("#rq-entities")).to_be_visible()
    expect(page.locator("#rq-entities")).to_contain_text("Lin Xiaoyu")
    screenshot(page, "people-filter")
    page.get_by_role("tab", name="Ask").click()
    turn = ask(page, "What budget did the committee approve?")
    # Only the reports naming Lin Xiaoyu count: the finance minutes are out of reach. The answer
    # and the search results say they were filtered.
    expect(turn.locator(".rq-filtered")).to_have_text("filtered: mentioning Lin Xiaoyu")
    expect(turn.locator(".rq-answer")).not_to_contain_text("4.2 million")
    page.get_by_role("tab", name="Documents").click()
    page.locator("#rq-search input, #rq-search textarea").first.fill("budget cooperate")
    page.locator("#rq-search-button").click()
    results = page.locator("#rq-results")
    expect(results.locator(".rq-filtered")).to_have_text("filtered: mentioning Lin Xiaoyu")
    expect(results).to_contain_text("qingdao-visit.txt")
    expect(results).not_to_contain_text("finance-minutes.md")


def test_passages_naming_an_entity_show_markdown_as_text_like_search_results(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="People & timeline").click()
    choose_entity(page, "Ines Koller")  # named under "## Budget" in the Markdown minutes
    text = page.locator("#rq-entity-detail .rq-passage").first.locator(":scope > div:not(.rq-meta)")
    expect(text.locator("mark").first).to_have_text("Ines Koller")
    expect(text).to_contain_text("Budget")
    expect(text).not_to_contain_text("##")
    expect(text).not_to_contain_text("**")
    expect(text.locator("h1, h2, h3, h4, h5, h6, strong, b")).to_have_count(0)  # no Markdown rendered either
    # The heading is a line of the text, as in the search result for the same passage.
    assert re.search(r"(^|\n)Budget\nThe committee approved a budget", text.inner_text()), text.inner_text()
    screenshot(page, "people-markdown")


def test_a_rename_in_the_people_tab_changes_the_who_is_who_and_is_listed(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="People & timeline").click()
    choose_entity(page, "Otto Brandt")  # the chosen record is the one corrected
    page.get_by_text("Correct the who's who").click()
    expect(page.locator("#rq-corrections-list")).to_contain_text("No corrections yet.")
    expect(page.locator("#rq-correction-name input")).to_have_value("Otto Brandt (person)")
    new_name = page.locator("#rq-correction-value input, #rq-correction-value textarea").first
    expect(new_name).to_be_editable()
    new_name.fill("Otto Brandt-Lindqvist")
    expect(new_name).to_have_value("Otto Brandt-Lindqvist")
    page.locator("#rq-correction-apply").click()
    expect(page.locator("#rq-correction-note")).to_contain_text(
        "Recorded: rename 'Otto Brandt' to 'Otto Brandt-Lindqvist' (by web)"
    )
    people = page.locator("#rq-people")
    expect(people).to_contain_text("Otto Brandt-Lindqvist")
    expect(page.locator("#rq-entity-detail .rq-entity-name")).to_contain_text("Otto Brandt-Lindqvist")
    listed = page.locator("#rq-corrections-list")
    expect(listed).to_contain_text("rename 'Otto Brandt' to 'Otto Brandt-Lindqvist'")
    expect(listed.locator("td").nth(1)).to_have_text("web")  # no login: the author is "web"
    screenshot(page, "people-corrections")
    # A correction of no record is refused, and says so.
    page.locator("#rq-correction-name input").fill("Nobody Here")
    page.locator("#rq-correction-name input").press("Enter")  # a name in no list, typed
    page.locator("#rq-correction-apply").click()
    expect(page.locator("#rq-correction-note")).to_contain_text("Not recorded: nothing to rename")
    # A page opened afterwards shows the corrected who's who and the correction.
    fresh = page.context.browser.new_page(viewport={"width": 1280, "height": 900})
    fresh.goto(page.url)
    fresh.get_by_role("tab", name="People & timeline").click()
    expect(fresh.locator("#rq-people")).to_contain_text("Otto Brandt-Lindqvist")
    fresh.get_by_text("Correct the who's who").click()
    expect(fresh.locator("#rq-corrections-list")).to_contain_text("Otto Brandt-Lindqvist")
    fresh.close()


def test_the_server_log_has_no_debug_lines_or_share_hint(page, server):
    # After the upload above, the server has run an ingest and answered questions.
    _, root = server
    log = (root / "server.log").read_text(encoding="utf-8")
    assert "reportqa UI on http://127.0.0.1:" in log
    assert "DEBUG" not in log and "share=True" not in log


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_accessibility_violations_on_any_tab(page):
    ask(page, "Which industries does Qingdao want to cooperate on?")
    for tab in ("Ask", "Documents", "People & timeline"):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(500)  # the tab's content rendered
        assert serious_violations(page) == [], tab


def test_keyboard_only_asks_reaches_every_control_and_opens_citations(page):
    from playwright.sync_api import expect

    reached = set()
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                "(() => { const e = document.activeElement; const b = e && e.closest('[id]');"
                " return (e && e.getAttribute('role') === 'tab') ? 'tab:' + e.innerText : (b ? b.id : ''); })()"
            )
        )
    assert {"rq-question", "rq-ask", "tab:Documents", "tab:People & timeline"} <= reached, reached
    page.locator("#rq-question textarea").focus()
    page.keyboard.type("Which industries does Qingdao want to cooperate on?")
    page.keyboard.press("Enter")  # Enter asks
    turn = page.locator("#rq-conversation .rq-turn").first
    expect(turn.locator(".rq-answer")).to_contain_text("underwater robotics")
    summary = turn.locator("details.rq-cite summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(turn.locator("details.rq-cite .rq-passage").first).to_be_visible()


def test_a_narrow_screen_shows_the_answer_without_sideways_scrolling(browser, server):
    from playwright.sync_api import expect

    url, _ = server
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        phone.goto(url)
        phone.locator("#rq-question textarea").wait_for()
        turn = ask(phone, "Which industries does Qingdao want to cooperate on?")
        expect(turn.locator(".rq-answer")).to_contain_text("underwater robotics")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 391
        screenshot(phone, "ui-narrow")
    finally:
        phone.close()


def test_the_api_docs_render_with_no_internet(browser, server):
    """Every request to another host is aborted, as on a network without internet: the docs page
    still lists the API's operations (Swagger UI's files come from the server itself)."""
    from urllib.parse import urlparse

    url, _ = server
    local = urlparse(url).netloc
    refused: list[str] = []

    def offline(route):
        if urlparse(route.request.url).netloc == local:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    docs = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        docs.route("**/*", offline)
        docs.goto(url + "api/docs")
        operations = docs.locator(".opblock-summary-path")
        operations.first.wait_for(timeout=30_000)
        listed = {text.strip() for text in operations.all_inner_texts()}
        assert {"/api/search", "/api/ask", "/api/documents", "/api/documents/{doc_id}", "/api/timeline"} <= listed
        assert docs.locator(".opblock-summary-method").filter(has_text="DELETE").count() == 1
        assert refused == [], refused
    finally:
        docs.close()
