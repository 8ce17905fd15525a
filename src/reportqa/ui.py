"""A face: the Gradio web page. It lays out and wires; what it shows is rendered by
:class:`~reportqa.webpage.WebPage` (webpage.py), and the work is the core's.

:func:`build_ui` lays the page out around a WebPage per user; ``reportqa serve`` (server.py)
runs it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .config import SUPPORTED_SUFFIXES
from .webpage import CORRECTION_ACTIONS, WebPage, entity_filter_note, timeline_chart

if TYPE_CHECKING:
    import gradio

    from .service import AnswerService

EXAMPLE_QUESTIONS = (
    "Which industries does Lianyungang want to cooperate on?",
    "Who visited the Lingang Innovation Center from Jiangsu?",
    "When is the policy briefing for North American entrepreneurs held?",
    "What did the Haizhou Industrial Park offer investors?",
    "How many companies did the innovation center incubate in 2023?",
)

CSS = """
.rq-turn { margin: 0 0 18px 0; }
.rq-question { font-weight: 600; margin-bottom: 6px; }
.rq-answer { font-size: 1.05rem; line-height: 1.65; }
details.rq-cite { display: inline; }
details.rq-cite > summary { display: inline; cursor: pointer; color: var(--color-accent); font-weight: 600;
                            list-style: none; }
details.rq-cite > summary::-webkit-details-marker { display: none; }
details.rq-cite[open] > .rq-passage { display: block; }
.rq-passage { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 14px; margin: 8px 0;
              font-size: 0.95rem; background: var(--background-fill-secondary); }
.rq-meta { color: var(--body-text-color-subdued); font-size: 0.88rem; margin-bottom: 6px; }
.rq-passage mark { background: #fde68a; color: inherit; padding: 0 1px; }
.rq-cited { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
.rq-cited-text { flex: 1 1 280px; min-width: 0; }
figure.rq-page { flex: 1 1 320px; max-width: 520px; margin: 0; }
figure.rq-page img { display: block; width: 100%; height: auto; border: 1px solid var(--border-color-primary); }
figure.rq-page figcaption { font-size: 0.85rem; color: var(--body-text-color-subdued); }
.rq-sources { font-size: 0.9rem; color: var(--body-text-color); margin-top: 6px; }
.rq-filtered { display: inline-block; font-size: 0.85rem; padding: 1px 8px; margin-bottom: 6px; border-radius: 10px;
               background: var(--background-fill-secondary); border: 1px solid var(--border-color-primary); }
.rq-sources ol, .rq-sources ul { margin: 2px 0 0 0; }
.rq-short { font-weight: 700; }
table.rq-rows { border-collapse: collapse; margin: 8px 0; font-size: 0.95rem; width: 100%; }
table.rq-rows th, table.rq-rows td { border-bottom: 1px solid var(--border-color-primary); padding: 4px 8px;
                                     text-align: left; vertical-align: top; }
details.rq-more > summary { cursor: pointer; color: var(--color-accent); }
footer a, footer button, footer .built-with, .or { color: #4b5563 !important; }
.rq-searching { padding: 6px 0; color: var(--body-text-color); font-style: italic; }
.rq-note { padding: 10px 12px; border-left: 4px solid #f59e0b; }
.rq-examples-label { font-size: 0.9rem; }
#rq-try { gap: 4px; }
#rq-examples { flex-wrap: wrap; gap: 8px; }
#rq-examples .rq-example { flex: 0 1 auto !important; width: auto; min-width: 0 !important; white-space: normal;
                           text-align: left; }
"""


# Mutation testing (docs/TESTING.md) leaves out everything below: the UI's wiring (Gradio
# blocks, the server, the theme), which only the browser tests can check.
# pragma: no mutate block
def _conversation(history: list[str]) -> str:
    return "".join(history)


def build_ui(service: AnswerService, login: bool = False) -> gradio.Blocks:
    """The page over ``service``; ``login``: the page asks for a login (the corrections of the
    who's who are then made only by a logged-in user, named as their author; so too with access control)."""
    import gradio as gr

    login = login or service.access_on

    # With access control every handler works for the user its request logged in as (Gradio's
    # session: request.username), never for a user kept between requests, and the page is built
    # empty: what it shows is filled in by the page load, for that user.
    shown = not service.access_on
    start = WebPage(service)
    page = start

    def page_for(request: gradio.Request) -> WebPage:
        if not service.access_on:
            return start
        address = request.client.host if request.client else None
        return WebPage(service, service.user(request.username, address))

    def given_request(handler: Callable[..., Any]) -> Callable[..., Any]:
        # Gradio hands the request to a parameter annotated gr.Request; this module's annotations
        # are strings naming gr, which only this function imports, so Gradio could not read them.
        handler.__annotations__ = {"request": gr.Request}
        return handler

    @given_request
    def ask(
        question: str,
        history: list[str],
        reports: list[str] | None,
        date_from: str,
        date_to: str,
        entities: list[str] | None,
        request: gradio.Request,
    ) -> tuple[str, list[str], str, str, Any]:
        page = page_for(request)
        if not any(ch.isalnum() for ch in question or ""):
            hint = (
                '<div class="rq-note" id="rq-empty-question">Type a question first, for example '
                "<em>Who visited from Nantong?</em>, then press Enter or Ask.</div>"
            )
            return question, history, hint + _conversation(history), "", gr.update()
        turn, chart = page.answer_turn(question, reports, date_from, date_to, entities)
        history = [turn, *history]  # newest first, so the answer is where the eye is
        # The chart of the newest answer's rows sits right above it; other answers have none.
        rows_timeline = gr.update(value=chart, visible=True) if chart is not None else gr.update(visible=False)
        return "", history, _conversation(history), "", rows_timeline

    def refresh(page: WebPage) -> tuple[str, Any, list[list[Any]]]:
        return (
            page.stats_markdown(),
            gr.update(choices=page.report_choices()),
            page.documents_table(),
        )

    # Gradio injects its progress tracker through this default argument.
    @given_request
    def upload(
        files: list[Any] | None,
        request: gradio.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, ...]:
        paths = [f if isinstance(f, str) else f.name for f in (files or [])]
        page = page_for(request)
        message = page.upload(paths, progress=progress)
        return (message, *refresh(page))

    with gr.Blocks(title="reportqa") as demo:
        gr.Markdown("# reportqa\nAsk the reports. Every answer quotes them and says where.")
        stats = gr.Markdown(start.stats_markdown() if shown else "", elem_id="rq-stats")
        history = gr.State([])
        with gr.Accordion("Filters (apply to answers and search)", open=False) as filter_panel, gr.Row():
            reports = gr.Dropdown(
                choices=start.report_choices() if shown else [],
                multiselect=True,
                label="Only these reports",
                scale=3,
                elem_id="rq-reports",
            )
            date_from = gr.Textbox(label="From (YYYY-MM-DD)", max_lines=1, scale=1, elem_id="rq-from")
            date_to = gr.Textbox(label="To (YYYY-MM-DD)", max_lines=1, scale=1, elem_id="rq-to")
            mentioning = gr.Dropdown(
                choices=start.entity_choices() if shown else [],
                multiselect=True,
                label="Only reports mentioning",
                scale=2,
                elem_id="rq-entities",
            )
        with gr.Tab("Ask"):
            with gr.Row():
                question = gr.Textbox(
                    label="Question",
                    placeholder="e.g. " + EXAMPLE_QUESTIONS[0],
                    scale=5,
                    max_lines=3,
                    elem_id="rq-question",
                )
                ask_button = gr.Button("Ask", variant="primary", scale=1, elem_id="rq-ask")
            status = gr.HTML("", elem_id="rq-status")
            answer_timeline = gr.Plot(
                visible=False, label="Timeline of the answer's rows", elem_id="rq-answer-timeline"
            )
            conversation = gr.HTML(page.empty_state() if not service.ready else "", elem_id="rq-conversation")
            # Buttons, not gr.Examples: Gradio cuts an example (and its label) at 60 characters,
            # mid-word or mid-year ("incubate in 202...").
            with gr.Column(elem_id="rq-try"):
                gr.HTML('<div class="rq-examples-label">Try:</div>')
                with gr.Row(elem_id="rq-examples"):
                    examples = [
                        gr.Button(text, size="sm", variant="secondary", scale=0, elem_classes=["rq-example"])
                        for text in EXAMPLE_QUESTIONS
                    ]
        with gr.Tab("Documents"):
            documents = gr.Dataframe(
                value=start.documents_table() if shown else [],
                headers=["title", "date", "source", "pages", "passages", "ingested (UTC)"],
                interactive=False,
                wrap=True,
                # Every column on the page and every row without an inner scroll box (up to a
                # few hundred reports); titles and sources wrap instead of being cut.
                column_widths=["30%", "11%", "29%", "7%", "9%", "14%"],
                max_height=4000,
                elem_id="rq-documents",
            )
            with gr.Row():
                query = gr.Textbox(label="Search passages", scale=5, max_lines=1, elem_id="rq-search")
                search_button = gr.Button("Search", scale=1, elem_id="rq-search-button")
            results = gr.HTML(elem_id="rq-results")
            files = gr.File(
                label=(
                    f"Add reports ({', '.join(SUPPORTED_SUFFIXES)}; up to {service.settings.max_file_mb:g} MB for "
                    f"PDF and DOCX, {service.settings.max_text_mb:g} MB for text)"
                ),
                file_count="multiple",
                file_types=list(SUPPORTED_SUFFIXES),
                elem_id="rq-upload",
            )
            upload_status = gr.Textbox(label="Upload", interactive=False, elem_id="rq-upload-status")

        with gr.Tab("People & timeline"):
            # An empty chart until the page's load fills it in for its user: Gradio's placeholder
            # for a plot without a value is a div with a prohibited aria-label (axe: serious).
            timeline = gr.Plot(timeline_chart([], "Events by date"), elem_id="rq-timeline", label="Timeline")
            with gr.Row():
                chosen = gr.Dropdown(
                    choices=start.entity_choices() if shown else [],
                    label="Person, organisation or place",
                    scale=4,
                    elem_id="rq-entity",
                )
                use_as_filter = gr.Button("Use as filter", scale=1, elem_id="rq-entity-filter")
            filter_note = gr.HTML(elem_id="rq-entity-filter-note")
            entity_detail = gr.HTML(elem_id="rq-entity-detail")
            with gr.Accordion(
                "Correct the who's who", open=False, visible=not login, elem_id="rq-corrections"
            ) as correcting:
                gr.Markdown(
                    "Rename, hide or unhide a person, organisation or place; merge records into one (the "
                    "others stay as aliases); split an alias off; set or remove a role. Corrections are kept "
                    "outside the index, with who made them and when, and outlast any rebuild."
                )
                with gr.Row():
                    action = gr.Dropdown(
                        choices=[(label, key) for key, label in CORRECTION_ACTIONS.items()],
                        value="rename",
                        label="Correction",
                        scale=1,
                        elem_id="rq-correction-action",
                    )
                    record = gr.Dropdown(
                        choices=start.entity_choices() if shown else [],
                        allow_custom_value=True,  # a hidden record is in no list: type its name to unhide it
                        label="Record (its name in the who's who)",
                        scale=2,
                        elem_id="rq-correction-name",
                    )
                with gr.Row():
                    new_value = gr.Textbox(
                        label="New name, alias to split off, or role", max_lines=1, elem_id="rq-correction-value"
                    )
                    merged = gr.Textbox(
                        label="Records merged into it (one name per line)", lines=2, elem_id="rq-correction-others"
                    )
                    role_of = gr.Textbox(label="Organisation of the role", max_lines=1, elem_id="rq-correction-org")
                make = gr.Button("Record the correction", elem_id="rq-correction-apply")
                correction_note = gr.HTML(elem_id="rq-correction-note")
                corrections_list = gr.HTML(elem_id="rq-corrections-list")
            people_rows, org_rows, place_rows = start.entity_tables() if shown else ([], [], [])
            people = gr.Dataframe(
                value=people_rows,
                headers=["person", "current role", "organisation", "reports", "latest report"],
                interactive=False,
                wrap=True,
                label="People",
                elem_id="rq-people",
            )
            with gr.Row():
                organisations = gr.Dataframe(
                    value=org_rows,
                    headers=["organisation", "reports", "mentions"],
                    interactive=False,
                    wrap=True,
                    label="Organisations",
                    elem_id="rq-orgs",
                )
                places = gr.Dataframe(
                    value=place_rows,
                    headers=["place", "reports", "mentions"],
                    interactive=False,
                    wrap=True,
                    label="Places",
                    elem_id="rq-places",
                )

        @given_request
        def show_entity(name: str | None, request: gradio.Request) -> tuple[str, Any]:
            page = page_for(request)
            return page.entity_html(name), page.timeline_figure(name)

        def add_filter(name: str | None, current: list[str] | None) -> tuple[Any, Any]:
            """Add the entity to the filters and open the filter panel, so that the filter is seen."""
            if not name:
                return gr.update(), gr.update()
            names = list(current or [])
            if name not in names:
                names.append(name)
            return gr.update(value=names), gr.update(open=True)

        @given_request
        def live_page(request: gradio.Request) -> tuple[Any, ...]:
            """Every page load shows the live index (an ingest may have run since the server started),
            as the logged-in user may read it."""
            page = page_for(request)
            choices = page.entity_choices()
            people_now, orgs_now, places_now = page.entity_tables()
            return (
                *refresh(page),
                gr.update(choices=choices),
                gr.update(choices=choices),
                page.timeline_figure(),
                people_now,
                orgs_now,
                places_now,
            )

        def may_correct(request: gradio.Request) -> bool:
            # Without login anyone who reaches the page may (as "web"); with it, a logged-in user.
            return not login or bool(request.username)

        @given_request
        def corrections_panel(request: gradio.Request) -> tuple[Any, str, Any]:
            if not may_correct(request):
                return gr.update(visible=False), "", gr.update(choices=[])
            page = page_for(request)
            return gr.update(visible=True), page.corrections_html(), gr.update(choices=page.entity_choices())

        @given_request
        def make_correction(
            what: str,
            name: str | None,
            value: str,
            others: str,
            organisation: str,
            current: str | None,
            request: gradio.Request,
        ) -> tuple[Any, ...]:
            if not may_correct(request):
                return ('<div class="rq-note">Log in to correct the who\'s who.</div>', *[gr.update()] * 7)
            view = page_for(request)
            note = view.correct(what, name or "", value, others, organisation, by=request.username or "web")
            choices = view.entity_choices()
            names = {choice for _, choice in choices}
            if what == "rename" and current == name and value.strip() in names:
                current = value.strip()  # the chosen record goes on being shown under its new name
            people_now, orgs_now, places_now = view.entity_tables()
            return (
                note,
                view.corrections_html(),
                people_now,
                orgs_now,
                places_now,
                gr.update(choices=choices, value=current if current in names else None),
                gr.update(choices=choices),
                gr.update(choices=choices),
            )

        chosen.change(show_entity, chosen, [entity_detail, timeline], api_visibility="private")
        # The chosen record is the one a correction is about, unless another is typed.
        chosen.change(lambda name: gr.update(value=name), chosen, record, api_visibility="private")
        make.click(
            make_correction,
            [action, record, new_value, merged, role_of, chosen],
            [correction_note, corrections_list, people, organisations, places, chosen, record, mentioning],
            api_visibility="private",
        )
        demo.load(corrections_panel, None, [correcting, corrections_list, record], api_visibility="private")
        use_as_filter.click(add_filter, [chosen, mentioning], [mentioning, filter_panel], api_visibility="private")
        # However the entity filter changes (here, or in the panel), the People tab says what it is.
        mentioning.change(entity_filter_note, mentioning, filter_note, api_visibility="private")
        demo.load(
            live_page,
            None,
            [stats, reports, documents, mentioning, chosen, timeline, people, organisations, places],
            api_visibility="private",
        )

        filters = [reports, date_from, date_to, mentioning]
        for dropdown in (reports, mentioning):
            # A multiselect list stays open after a choice, over the tabs and the question box.
            dropdown.select(None, None, None, js=_CLOSE_LIST, api_visibility="private")
        ask_inputs = [question, history, *filters]
        ask_outputs = [question, history, conversation, status, answer_timeline]
        # "Searching..." is shown by the browser at once (no round trip), and cleared by the answer.
        ask_button.click(None, None, status, js=_SEARCHING, api_visibility="private").then(
            ask, ask_inputs, ask_outputs, api_name="ask"
        )
        question.submit(None, None, status, js=_SEARCHING, api_visibility="private").then(
            ask, ask_inputs, ask_outputs, api_visibility="private"
        )
        for example in examples:  # choosing an example puts it in the question box and asks it
            example.click(None, example, question, js="(text) => text", api_visibility="private").then(
                None, None, status, js=_SEARCHING, api_visibility="private"
            ).then(ask, ask_inputs, ask_outputs, api_visibility="private")

        @given_request
        def search(
            query: str,
            reports: list[str] | None,
            date_from: str,
            date_to: str,
            entities: list[str] | None,
            request: gradio.Request,
        ) -> str:
            return page_for(request).search_html(query, reports, date_from, date_to, entities)

        search_button.click(search, [query, *filters], results, api_name="search")
        query.submit(search, [query, *filters], results, api_visibility="private")
        files.upload(upload, files, [upload_status, stats, reports, documents], api_visibility="private")
    return demo


_SEARCHING = '() => \'<div class="rq-searching" role="status">Searching the reports…</div>\''
_CLOSE_LIST = "() => { if (document.activeElement) document.activeElement.blur(); }"
_FONTS = (
    "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans",
    "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "sans-serif",
)  # fmt: skip


def theme() -> Any:
    """Gradio's default look with system fonts -- its bundled web font has no bold weight (bold
    capitals came out in another face) and no CJK glyphs; the stack ends with CJK fonts."""
    import gradio as gr

    # Gradio's orange accent on white (2.8:1) and its grey footer (1.9:1) fail WCAG AA contrast
    # (4.5:1; axe-core in tests/test_browser.py): a dark blue accent instead.
    return gr.themes.Default(primary_hue="blue", font=_FONTS).set(
        color_accent="*primary_700",
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
    )
