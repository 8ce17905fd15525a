"""Stage 7b: the Gradio web UI.

:class:`AnswerService` holds the loaded index and does the work -- answers, passage
search, the document list, uploads -- returning ready-to-show, escaped HTML; it has no
Gradio in it, so it is tested directly. :func:`build_ui` lays the page out around it
and :func:`serve` runs it (on 127.0.0.1 unless told otherwise).
"""

from __future__ import annotations

import html
import re
import shutil
import threading
from pathlib import Path

from .config import SUPPORTED_SUFFIXES, Settings
from .types import Answer, Hit

EXAMPLE_QUESTIONS = (
    "Which industries does Lianyungang want to cooperate on?",
    "Who visited the Lingang Innovation Center from Jiangsu?",
    "When is the policy briefing for North American entrepreneurs held?",
    "What did the Haizhou Industrial Park offer investors?",
    "How many companies did the innovation center incubate in 2023?",
)

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_FOLDER = "uploads"  # inside the corpus folder

_CSS = """
.rq-turn { margin: 0 0 18px 0; }
.rq-question { font-weight: 600; margin-bottom: 6px; }
.rq-answer { font-size: 1.05rem; line-height: 1.65; }
details.rq-cite { display: inline; }
details.rq-cite > summary { display: inline; cursor: pointer; color: var(--color-accent); font-weight: 600; list-style: none; }
details.rq-cite > summary::-webkit-details-marker { display: none; }
details.rq-cite[open] > .rq-passage { display: block; }
.rq-passage { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 14px; margin: 8px 0;
              font-size: 0.95rem; background: var(--background-fill-secondary); }
.rq-meta { color: var(--body-text-color-subdued); font-size: 0.88rem; margin-bottom: 6px; }
.rq-passage mark { background: #fde68a; color: inherit; padding: 0 1px; }
.rq-sources { font-size: 0.9rem; color: var(--body-text-color-subdued); margin-top: 6px; }
.rq-sources ol { margin: 2px 0 0 0; }
.rq-note { padding: 10px 12px; border-left: 4px solid #f59e0b; }
"""


class AnswerService:
    """Everything the UI does, against the index in ``settings.index_dir``.

    The embedding model is loaded once and shared with ingests started by uploads; after
    an upload the new index generation is opened and used for every later request.
    """

    def __init__(self, settings: Settings, embedder=None):
        self.settings = settings
        self._embedder = embedder
        self._answerer = None
        self._lock = threading.Lock()  # one upload (ingest) at a time
        self._open()

    def _open(self) -> None:
        from .answer import Answerer
        from .retrieve import Retriever
        from .store import IndexStore

        if IndexStore(self.settings.index_dir).current_generation() is None:
            return
        retriever = Retriever.load(self.settings.index_dir, self.settings, embedder=self._embedder)
        self._embedder = retriever.embedder
        self._answerer = Answerer(retriever, self.settings)  # swapped in whole: requests see old or new

    @property
    def ready(self) -> bool:
        return self._answerer is not None

    def empty_state(self) -> str:
        return (
            f'<div class="rq-note">No index in <code>{html.escape(str(self.settings.index_dir))}/</code> yet. '
            f"Build it with <code>reportqa ingest</code> (it reads the reports in <code>corpus/</code>), "
            f"or upload reports in the Documents tab.</div>"
        )

    def stats_markdown(self) -> str:
        if not self.ready:
            return "**No index yet** — run `reportqa ingest`, or upload reports in the Documents tab."
        manifest = self._answerer.retriever.manifest
        return (
            f"**{manifest.documents}** reports · **{manifest.chunks}** passages · "
            f"model `{manifest.model_name}` ({manifest.backend}) · index built {manifest.created_at}"
        )

    def report_choices(self) -> list[tuple[str, str]]:
        """(label, doc id) of every indexed report, for the report filter."""
        if not self.ready:
            return []
        return [
            (f"{d.date or 'undated'} · {d.title} ({d.source})", d.doc_id) for d in self._answerer.retriever.documents()
        ]

    def documents_table(self) -> list[list]:
        if not self.ready:
            return []
        documents = self._answerer.retriever.documents()
        sources = {d.doc_id: d.source for d in documents}
        return [
            [
                d.title,
                d.date or "",
                d.source,
                d.pages if d.pages is not None else "",
                f"same file as {sources.get(d.same_as, '?')}" if d.same_as else d.chunks,
                d.ingested_at,
            ]
            for d in documents
        ]

    def answer_html(self, question: str, reports=None, date_from: str = "", date_to: str = "") -> str:
        """One chat turn: the question, the answer with expandable [n] citations, the sources."""
        if not self.ready:
            return self.empty_state()
        try:
            filters = make_filters(reports, date_from, date_to)
        except ValueError as exc:
            return f'<div class="rq-note">{html.escape(str(exc))}</div>'
        answer = self._answerer.ask(question or "", filters=filters)
        return render_answer(answer)

    def search_html(self, query: str, reports=None, date_from: str = "", date_to: str = "") -> str:
        """Ranked passages with their scores (no answer)."""
        if not self.ready:
            return self.empty_state()
        if not (query or "").strip():
            return '<div class="rq-note">Type words to search for.</div>'
        try:
            filters = make_filters(reports, date_from, date_to)
        except ValueError as exc:
            return f'<div class="rq-note">{html.escape(str(exc))}</div>'
        hits = self._answerer.retriever.search(query, k=10, filters=filters)
        if not hits:
            return '<div class="rq-note">No matching passages.</div>'
        return "".join(
            _passage_card(hit, f"#{rank} · score {hit.score:.3f}", ()) for rank, hit in enumerate(hits, start=1)
        )

    def upload(self, paths: list[str], progress=None) -> str:
        """Copy uploaded reports into the corpus, ingest them and serve the new index."""
        from .ingest import ingest

        if not paths:
            return "Choose one or more report files first."
        target = self.settings.corpus_dir / UPLOAD_FOLDER
        saved, refused = [], []
        for path in paths:
            source = Path(path)
            name = safe_filename(source.name)
            if source.suffix.lower() not in SUPPORTED_SUFFIXES:
                refused.append(f"{name}: unsupported file type")
            elif source.stat().st_size > MAX_UPLOAD_BYTES:
                refused.append(f"{name}: larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target / name)
                saved.append(target / name)
        lines = [f"Refused {r}" for r in refused]
        if saved:
            with self._lock:
                if progress is not None:
                    progress(0.1, desc=f"Ingesting {len(saved)} file(s)")
                summary = ingest(saved, self.settings.with_(show_progress=False), embedder=self._embedder_for_ingest())
                self._open()
            lines.insert(
                0, f"Added {len(summary.added)}, updated {len(summary.updated)}, unchanged {len(summary.unchanged)}."
            )
            lines += [f"Skipped {s.source}: {s.reason}" for s in summary.skipped]
            lines += [f"{d.source} is the same file as {d.same_as}: stored once" for d in summary.duplicates]
        return "\n".join(lines)

    def _embedder_for_ingest(self):
        if self._embedder is None:
            from .embed import load_embedder

            self._embedder = load_embedder(self.settings.with_(show_progress=False))
        return self._embedder


def safe_filename(name: str) -> str:
    """A plain file name: no folders, no traversal, no control or shell-special characters."""
    name = Path(name.replace("\\", "/")).name
    name = re.sub(r"[^\w.\- ]+", "_", name, flags=re.UNICODE).strip(" .")
    return name[:150] or "upload"


def make_filters(reports, date_from: str | None, date_to: str | None):
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
    """The answer with each [n] marker as a <details> that reveals its passage in place,
    and a list of sources under it. All report text is escaped."""
    question = f'<div class="rq-question">{html.escape(answer.question)}</div>'
    question += "".join(f'<div class="rq-sources">{html.escape(note)}</div>' for note in answer.notes)
    if answer.abstained:
        body = f'<div class="rq-answer">{html.escape(answer.text)}</div>'
        if answer.nearest:
            body += '<div class="rq-sources">Nearest passages (none answers the question):</div>'
            body += "".join(_passage_card(hit, "nearest", ()) for hit in answer.nearest)
        return f'<div class="rq-turn">{question}{body}</div>'
    by_number = {c.n: c for c in answer.citations}
    parts, position = [], 0
    for match in re.finditer(r"\[(\d+)\]", answer.text):
        citation = by_number.get(int(match.group(1)))
        if citation is None:
            continue
        parts.append(html.escape(answer.text[position : match.start()]))
        card = _passage_card(citation.hit, f"[{citation.n}]", citation.spans)
        parts.append(
            f'<details class="rq-cite" data-n="{citation.n}"><summary>[{citation.n}]</summary>{card}</details>'
        )
        position = match.end()
    parts.append(html.escape(answer.text[position:]))
    sources = "".join(f"<li>{_meta(c.hit)}</li>" for c in answer.citations)
    return (
        f'<div class="rq-turn">{question}<div class="rq-answer">{"".join(parts)}</div>'
        f'<div class="rq-sources">Sources (click a number to see the passage):<ol>{sources}</ol></div></div>'
    )


def _meta(hit: Hit) -> str:
    parts = [f"<b>{html.escape(hit.title)}</b>", html.escape(hit.source)]
    if hit.date:
        parts.append(html.escape(hit.date))
    if hit.page is not None:
        parts.append(f"page {hit.page}")
    return " · ".join(parts)


def _passage_card(hit: Hit, label: str, spans) -> str:
    return (
        f'<div class="rq-passage"><div class="rq-meta">{html.escape(label)} · {_meta(hit)}</div>'
        f"<div>{_highlight(hit.text, spans)}</div></div>"
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

    def ask(question, history, reports, date_from, date_to):
        if not (question or "").strip():
            return question, history, _conversation(history)
        turn = service.answer_html(question, reports, date_from, date_to)
        history = [turn, *history]  # newest first, so the answer is where the eye is
        return "", history, _conversation(history)

    def refresh():
        return (
            service.stats_markdown(),
            gr.update(choices=service.report_choices()),
            service.documents_table(),
        )

    def upload(files, progress=gr.Progress()):
        paths = [f if isinstance(f, str) else f.name for f in (files or [])]
        message = service.upload(paths, progress=progress)
        return (message, *refresh())

    with gr.Blocks(title="reportqa") as demo:
        gr.Markdown("# reportqa\nAsk the reports. Every answer quotes them and says where.")
        stats = gr.Markdown(service.stats_markdown(), elem_id="rq-stats")
        history = gr.State([])
        with gr.Accordion("Filters (apply to answers and search)", open=False), gr.Row():
            reports = gr.Dropdown(
                choices=service.report_choices(),
                multiselect=True,
                label="Only these reports",
                scale=3,
                elem_id="rq-reports",
            )
            date_from = gr.Textbox(label="From (YYYY-MM-DD)", max_lines=1, scale=1, elem_id="rq-from")
            date_to = gr.Textbox(label="To (YYYY-MM-DD)", max_lines=1, scale=1, elem_id="rq-to")
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
            conversation = gr.HTML(service.empty_state() if not service.ready else "", elem_id="rq-conversation")
            gr.Examples(examples=[[q] for q in EXAMPLE_QUESTIONS], inputs=[question], label="Try")
        with gr.Tab("Documents"):
            documents = gr.Dataframe(
                value=service.documents_table(),
                headers=["title", "date", "source", "pages", "passages", "ingested"],
                interactive=False,
                wrap=True,
                elem_id="rq-documents",
            )
            with gr.Row():
                query = gr.Textbox(label="Search passages", scale=5, max_lines=1, elem_id="rq-search")
                search_button = gr.Button("Search", scale=1, elem_id="rq-search-button")
            results = gr.HTML(elem_id="rq-results")
            files = gr.File(
                label=f"Add reports ({', '.join(SUPPORTED_SUFFIXES)}; up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB each)",
                file_count="multiple",
                file_types=list(SUPPORTED_SUFFIXES),
                elem_id="rq-upload",
            )
            upload_status = gr.Textbox(label="Upload", interactive=False, elem_id="rq-upload-status")

        filters = [reports, date_from, date_to]
        ask_inputs = [question, history, *filters]
        ask_outputs = [question, history, conversation]
        ask_button.click(ask, ask_inputs, ask_outputs, api_name="ask")
        question.submit(ask, ask_inputs, ask_outputs, api_name=False)
        search_button.click(service.search_html, [query, *filters], results, api_name="search")
        query.submit(service.search_html, [query, *filters], results, api_name=False)
        files.upload(upload, files, [upload_status, stats, reports, documents], api_name=False)
    return demo


def _conversation(history: list[str]) -> str:
    return "".join(history)


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    """``user:password[,user2:password2]`` (from REPORTQA_AUTH) as Gradio's auth list."""
    if not value:
        return None
    pairs = []
    for item in value.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise ValueError("REPORTQA_AUTH must look like user:password (comma-separate several pairs)")
        pairs.append((user, password))
    return pairs


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, auth=None) -> None:
    service = AnswerService(settings)
    demo = build_ui(service)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=host, server_port=port, css=_CSS, show_error=True, max_file_size=MAX_UPLOAD_BYTES, auth=auth
    )
