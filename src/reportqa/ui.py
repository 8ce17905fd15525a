"""Stage 7b: the Gradio web UI.

:class:`AnswerService` holds the loaded index and turns a question into ready-to-show
HTML; it has no Gradio in it, so it is tested directly. :func:`build_ui` lays out
the page around it and :func:`serve` runs it (on 127.0.0.1 unless told otherwise).
"""

from __future__ import annotations

import html
from pathlib import Path

from .config import Settings
from .types import Answer, Citation, Hit

EXAMPLE_QUESTIONS = (
    "Which industries does Lianyungang want to cooperate on?",
    "Who visited the Lingang Innovation Center from Jiangsu?",
    "When is the policy briefing for North American entrepreneurs held?",
    "What did the Haizhou Industrial Park offer investors?",
    "How many companies did the innovation center incubate in 2023?",
)

_CSS = """
.rq-answer { font-size: 1.05rem; line-height: 1.6; }
.rq-answer sup a, .rq-cite-n { font-weight: 600; text-decoration: none; }
.rq-passage { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 14px; margin: 8px 0; }
.rq-meta { color: var(--body-text-color-subdued); font-size: 0.9rem; margin-bottom: 6px; }
.rq-passage mark { background: #fde68a; color: inherit; padding: 0 1px; }
.rq-empty { padding: 12px; border-left: 4px solid #f59e0b; }
"""


class AnswerService:
    """Answers questions against the index in ``settings.index_dir``, loading the model once."""

    def __init__(self, settings: Settings, embedder=None):
        from .store import NoIndexError

        self.settings = settings
        self.error: str | None = None
        self._answerer = None
        try:
            from .answer import Answerer
            from .retrieve import Retriever

            self._answerer = Answerer(Retriever.load(settings.index_dir, settings, embedder=embedder))
        except NoIndexError:
            self.error = (
                f"No index in <code>{html.escape(str(settings.index_dir))}/</code> yet. Build it with "
                f"<code>reportqa ingest</code> (reports in <code>corpus/</code>), then reload this page."
            )

    @property
    def ready(self) -> bool:
        return self._answerer is not None

    def stats_markdown(self) -> str:
        if not self.ready:
            return "**No index yet.**"
        manifest = self._answerer.retriever.manifest
        return (
            f"**{manifest.documents}** reports · **{manifest.chunks}** passages · model `{manifest.model_name}` · "
            f"built {manifest.created_at}"
        )

    def report_choices(self) -> list[tuple[str, str]]:
        """(label, doc id) of every indexed report, for the report filter."""
        if not self.ready:
            return []
        return [
            (f"{d.date or 'undated'} · {d.title} ({d.source})", d.doc_id)
            for d in self._answerer.retriever.documents()
        ]

    def respond(
        self, question: str, reports: list[str] | None = None, date_from: str = "", date_to: str = ""
    ) -> tuple[str, str]:
        """(answer HTML, cited passages HTML) for ``question``, within the optional filters."""
        if not self.ready:
            return f'<div class="rq-empty">{self.error}</div>', ""
        try:
            filters = make_filters(reports, date_from, date_to)
        except ValueError as exc:
            return f'<div class="rq-empty">{html.escape(str(exc))}</div>', ""
        answer = self._answerer.ask(question or "", filters=filters)
        return render_answer(answer), render_passages(answer)


def make_filters(reports: list[str] | None, date_from: str | None, date_to: str | None):
    """Filters from the UI's controls; dates must be YYYY-MM-DD (or empty)."""
    from datetime import date

    from .retrieve import Filters

    dates = []
    for label, value in (("From", date_from), ("To", date_to)):
        value = (value or "").strip()
        if value:
            try:
                value = date.fromisoformat(value).isoformat()
            except ValueError:
                raise ValueError(f"{label} date must look like 2023-05-17, not {value!r}") from None
        dates.append(value or None)
    return Filters(documents=tuple(reports) if reports else None, date_from=dates[0], date_to=dates[1])


def render_answer(answer: Answer) -> str:
    text = html.escape(answer.text)
    for citation in answer.citations:
        marker = html.escape(f"[{citation.n}]")
        text = text.replace(marker, f'<sup><a href="#rq-cite-{citation.n}">{marker}</a></sup>')
    return f'<div class="rq-answer">{text}</div>'


def render_passages(answer: Answer) -> str:
    if answer.citations:
        cards = [_passage_card(c.hit, label=f"[{c.n}]", anchor=f"rq-cite-{c.n}", spans=c.spans) for c in answer.citations]
        return "<h4>Sources</h4>" + "".join(cards)
    if answer.nearest:
        cards = [_passage_card(hit, label="·", anchor=None, spans=()) for hit in answer.nearest]
        return "<h4>Nearest passages (none answers the question)</h4>" + "".join(cards)
    return ""


def _passage_card(hit: Hit, label: str, anchor: str | None, spans) -> str:
    meta = [f"<b>{html.escape(hit.title)}</b>", html.escape(hit.source)]
    if hit.date:
        meta.append(html.escape(hit.date))
    if hit.page is not None:
        meta.append(f"page {hit.page}")
    body = _highlight(hit.text, spans)
    anchor_attr = f' id="{anchor}"' if anchor else ""
    return (
        f'<div class="rq-passage"{anchor_attr}><div class="rq-meta"><span class="rq-cite-n">{html.escape(label)}</span> '
        f'{" · ".join(meta)}</div><div>{body}</div></div>'
    )


def _highlight(text: str, spans) -> str:
    """Escape the passage and wrap each answering span in <mark>."""
    parts, position = [], 0
    for start, end in sorted(spans):
        parts.append(html.escape(text[position:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts).replace("\n", "<br>")


def build_ui(service: AnswerService):
    import gradio as gr

    with gr.Blocks(title="reportqa") as demo:
        gr.Markdown("# reportqa\nAsk the reports. Every answer quotes them and says where.")
        gr.Markdown(service.stats_markdown())
        with gr.Row():
            question = gr.Textbox(label="Question", placeholder="e.g. " + EXAMPLE_QUESTIONS[0], scale=5, max_lines=3)
            ask = gr.Button("Ask", variant="primary", scale=1)
        with gr.Accordion("Filters", open=False):
            with gr.Row():
                reports = gr.Dropdown(
                    choices=service.report_choices(), multiselect=True, label="Only these reports", scale=3
                )
                date_from = gr.Textbox(label="From (YYYY-MM-DD)", max_lines=1, scale=1)
                date_to = gr.Textbox(label="To (YYYY-MM-DD)", max_lines=1, scale=1)
        answer = gr.HTML(label="Answer")
        passages = gr.HTML(label="Sources")
        gr.Examples(examples=[[q] for q in EXAMPLE_QUESTIONS], inputs=[question])
        inputs = [question, reports, date_from, date_to]
        ask.click(service.respond, inputs=inputs, outputs=[answer, passages], api_name="ask")
        question.submit(service.respond, inputs=inputs, outputs=[answer, passages], api_name=False)
    return demo


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    service = AnswerService(settings)
    demo = build_ui(service)
    demo.queue(default_concurrency_limit=4).launch(server_name=host, server_port=port, css=_CSS, show_error=True)


def main() -> None:
    serve(Settings.from_env(index_dir=Path("index")))
