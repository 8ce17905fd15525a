"""The web page's content, rendered: :class:`WebPage` turns what an
:class:`~reportqa.service.AnswerService` returns -- answers, passages, the document list, upload
results, the who's who, corrections -- into ready-to-show, escaped HTML, table rows and Plotly
charts for one user. No Gradio here, so it is tested directly; ui.py lays the page out around it.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote as quote_url
from urllib.parse import urlencode

from .service import MAX_HIGHLIGHT_CHARS, CorrectionError, FilterError, Filters, NotAllowed
from .types import Answer, Citation, Hit, Row

if TYPE_CHECKING:
    from .service import AnswerService, Correction, TimelineEvent, User


class WebPage:
    """What the web page shows -- escaped HTML, tables, charts -- of an :class:`AnswerService`'s
    data. No Gradio here (:func:`build_ui` wires these methods to the page), so it is tested directly.
    With access control, one is made per request for its logged-in ``user``, whose readable
    reports are all the service gives it."""

    def __init__(self, service: AnswerService, user: User | None = None):
        self.service = service
        self.user = user

    def empty_state(self) -> str:
        return (
            f'<div class="rq-note">No index in <code>{html.escape(self.service.location)}</code> yet. '
            f"Build it with <code>{html.escape(self.service.ingest_command())}</code> (it reads the reports in "
            f"<code>corpus/</code>), or upload reports in the Documents tab.</div>"
        )

    def stats_markdown(self) -> str:
        manifest = self.service.manifest(self.user) if self.service.ready else None
        if manifest is None:
            return f"**No index yet** — run `{self.service.ingest_command()}`, or upload reports in the Documents tab."
        return (
            f"**{manifest.documents}** reports · **{manifest.chunks}** passages · "
            f"model `{manifest.model_name}` ({manifest.backend}) · index built {manifest.created_at}"
        )

    def report_choices(self) -> list[tuple[str, str]]:
        """(label, doc id) of every indexed report, for the report filter."""
        return [(f"{d.date or 'undated'} · {d.title} ({d.source})", d.doc_id) for d in self.service.records(self.user)]

    def documents_table(self) -> list[list[Any]]:
        documents = self.service.records(self.user)
        sources = {d.doc_id: d.source for d in documents}
        return [
            [
                d.title,
                d.date or "",
                d.source,
                d.pages if d.pages is not None else "",
                f"same file as {sources.get(d.same_as, '?')}" if d.same_as else d.chunks,
                d.ingested_at[:16].replace("T", " "),  # to the minute, UTC: "2026-11-27 18:40"
            ]
            for d in documents
        ]

    def answer_html(
        self,
        question: str,
        reports: Sequence[str] | None = None,
        date_from: str = "",
        date_to: str = "",
        entities: Sequence[str] | None = None,
    ) -> str:
        """One chat turn: the question, the answer with expandable [n] citations, the sources."""
        return self.answer_turn(question, reports, date_from, date_to, entities)[0]

    def answer_turn(
        self,
        question: str,
        reports: Sequence[str] | None = None,
        date_from: str = "",
        date_to: str = "",
        entities: Sequence[str] | None = None,
    ) -> tuple[str, Any]:
        """The chat turn (:meth:`answer_html`) and, for an answer across reports with dated rows,
        the timeline chart of those rows only (None for any other answer)."""
        if not self.service.ready:
            return self.empty_state(), None
        filters = _filters_or_note(reports, date_from, date_to, entities)
        if isinstance(filters, str):
            return filters, None
        answer = self.service.ask(question or "", filters=filters, user=self.user)
        turn = render_answer(answer, filtered=self._described(filters) if filters.active else None)
        return turn, rows_chart(answer)

    def search_html(
        self,
        query: str,
        reports: Sequence[str] | None = None,
        date_from: str = "",
        date_to: str = "",
        entities: Sequence[str] | None = None,
    ) -> str:
        """Ranked passages with their scores (no answer)."""
        if not self.service.ready:
            return self.empty_state()
        if not (query or "").strip():
            return '<div class="rq-note">Type words to search for.</div>'
        filters = _filters_or_note(reports, date_from, date_to, entities)
        if isinstance(filters, str):
            return filters
        hits = self.service.search(query, k=10, filters=filters, user=self.user)
        if not hits:
            if filters.active and not self.service.matches_anything(filters, self.user):
                return f'<div class="rq-note">{html.escape(filters.nothing_matches())}.</div>'
            return '<div class="rq-note">No matching passages.</div>'
        label = _filtered_label(self._described(filters)) if filters.active else ""
        return label + "".join(_search_card(hit, rank, query, self.service) for rank, hit in enumerate(hits, start=1))

    def upload(self, paths: list[str], progress: Callable[..., object] | None = None) -> str:
        """Copy uploaded reports into the corpus, ingest them and serve the new index."""
        if not paths:
            return "Choose one or more report files first."
        if progress is not None:
            progress(0.1, desc=f"Ingesting {len(paths)} file(s)")
        try:
            accepted, summary = self.service.add_files(paths, self.user)
        except NotAllowed as exc:
            return f"Refused: {exc}"
        lines = [f"Refused {r.name}: {r.reason}" for r in accepted.refused]
        if summary is not None:
            lines.insert(0, summary.headline())
            lines += [f"Skipped {s.source}: {s.reason}" for s in summary.skipped]
            lines += [f"{d.source} is the same file as {d.same_as}: stored once" for d in summary.duplicates]
        return "\n".join(lines)

    def _described(self, filters: Filters) -> str:
        """The filters in words, naming the parts an entity filter took in ("including Nantong Sub-center")."""
        return filters.describe(self.service.included_parts(filters.entities or (), self.user))

    # --- People & timeline ---------------------------------------------------------------

    def entity_choices(self) -> list[tuple[str, str]]:
        """(label, name) of every person, organisation and place, most mentioned first."""
        directory = self.service.directory(self.user)
        if directory is None:
            return []
        return [(f"{e.name} ({_TYPE_LABELS[e.type]})", e.name) for e in directory.entities]

    def entity_tables(self) -> tuple[list[list[Any]], list[list[Any]], list[list[Any]]]:
        """Rows for the people, organisations and places tables."""
        directory = self.service.directory(self.user)
        people: list[list[Any]] = []
        orgs: list[list[Any]] = []
        places: list[list[Any]] = []
        for entity in directory.entities if directory else []:
            if entity.type == "person":
                role = entity.current_role
                people.append(
                    [
                        entity.name,
                        role.role if role else "",
                        (role.organisation or "") if role else "",
                        len(entity.documents),
                        entity.documents[0].date or "" if entity.documents else "",
                    ]
                )
            else:
                (orgs if entity.type == "org" else places).append([entity.name, len(entity.documents), entity.mentions])
        return people, orgs, places

    def timeline_figure(self, entity: str | None = None) -> Any:
        """The events by date (of the reports mentioning ``entity`` when given), as a chart."""
        directory = self.service.directory(self.user)
        events = [t for t in (directory.timeline(entity or None) if directory else []) if t.event.date]
        including = directory.included_parts([entity]) if directory and entity else []
        title = f"Events in reports mentioning {entity}" if entity else "Events by date"
        progress = self.service.entity_progress(self.user)
        if progress is not None and progress.updating:  # ingest's second phase is under way
            title += f" (who's who {progress})"
        return timeline_chart(events, f"{title}, including {', '.join(including)}" if including else title)

    def entity_html(self, name: str | None) -> str:
        """A person's roles (newest first, each cited), the reports that name them, and the
        passages where they are named, the name highlighted."""
        directory = self.service.directory(self.user)
        if not name or directory is None:
            return '<div class="rq-note">Choose a person, organisation or place.</div>'
        found = directory.find(name)
        if not found:
            return f'<div class="rq-note">No one called {html.escape(name)} in the reports.</div>'
        entity = found[0]
        parts = [
            f'<h3 class="rq-entity-name">{html.escape(entity.name)} <small>({_TYPE_LABELS[entity.type]})</small></h3>'
        ]
        if entity.aliases:
            parts.append(f"<p>Also written: {html.escape(', '.join(entity.aliases))}</p>")
        if entity.roles:
            items = "".join(
                f"<li><b>{html.escape(r.role)}</b>{', ' + html.escape(r.organisation) if r.organisation else ''}"
                f" — {html.escape(r.date or 'undated')}, {html.escape(r.source)}"
                f"{f', page {r.page}' if r.page is not None else ''}</li>"
                for r in entity.roles
            )
            parts.append(f'<div class="rq-sources">Roles, newest first:<ol class="rq-roles">{items}</ol></div>')
        reports = "".join(
            f"<li>{html.escape(d.date or 'undated')} · <b>{html.escape(d.title)}</b> · {html.escape(d.source)} "
            f"({d.mentions} mention{'s' if d.mentions != 1 else ''})</li>"
            for d in entity.documents
        )
        parts.append(f'<div class="rq-sources">Reports:<ul class="rq-entity-reports">{reports}</ul></div>')
        spans: dict[str, list[tuple[int, int]]] = {}
        for occurrence in entity.occurrences:
            if occurrence.chunk_id:
                spans.setdefault(occurrence.chunk_id, []).append((occurrence.start, occurrence.end))
        chunks = self.service.passages(list(spans)[:_PASSAGES_PER_ENTITY], self.user)
        cards = []
        for chunk_id, chunk in chunks.items():
            hit = Hit.of(chunk, 0.0)
            inside = sorted({(s - chunk.start, e - chunk.start) for s, e in spans[chunk_id]})
            # Shown as text the way search results are: Markdown marks dropped, the name still marked.
            text, inside = _plain(chunk.text, soft_newlines=_is_pdf(hit.source), spans=inside)
            excerpt, shifted = _excerpt(text, inside)
            cards.append(_passage_card(replace(hit, text=excerpt, start=0, end=0), "mentioned", shifted))
        parts.append(f'<div class="rq-sources">Passages that name {html.escape(entity.name)}:</div>{"".join(cards)}')
        return f'<div class="rq-entity">{"".join(parts)}</div>'

    # --- corrections of the who's who ------------------------------------------------------

    def correct(
        self,
        action: str,
        name: str,
        value: str = "",
        others: str = "",
        organisation: str = "",
        by: str = "web",
    ) -> str:
        """Record a correction of the who's who made by ``by`` (service.correct), and say what was
        done or why not. ``others`` (a merge) is the names merged into ``name``, one per line or
        separated by semicolons (a name may hold a comma: "Wang Lei, PhD")."""
        if action not in CORRECTION_ACTIONS:
            return (
                f'<div class="rq-note">Choose what to do: {html.escape(", ".join(CORRECTION_ACTIONS.values()))}.</div>'
            )
        merged = [part.strip() for part in re.split(r"[;\n]", others or "") if part.strip()]
        try:
            made = self.service.correct(
                action, (name or "").strip(), by, value=(value or "").strip() or None, others=merged,
                organisation=(organisation or "").strip() or None, user=self.user,
            )  # fmt: skip
        except CorrectionError as exc:
            return f'<div class="rq-note rq-correction-refused">Not recorded: {html.escape(str(exc))}.</div>'
        return (
            f'<div class="rq-filtered rq-correction-made">Recorded: {html.escape(_correction_words(made))} '
            f"(by {html.escape(made.by)}). The tables, the chart and answers use it now.</div>"
        )

    def corrections_html(self) -> str:
        """Every correction, newest first, with who made it and when; stale ones (matching no
        record of the index now) marked, never dropped."""
        listed = list(reversed(self.service.corrections(self.user))) if self.service.ready else []
        if not listed:
            return '<div class="rq-sources">No corrections yet.</div>'
        rows = "".join(
            f'<tr class="{"rq-stale" if stale else ""}"><td>{html.escape(c.at[:16].replace("T", " "))}</td>'
            f"<td>{html.escape(c.by)}</td><td>{html.escape(_correction_words(c))}</td>"
            f"<td>{'stale: matches no record now' if stale else 'applied'}</td></tr>"
            for c, stale in listed
        )
        header = "".join(f'<th scope="col">{name}</th>' for name in ("When (UTC)", "Who", "Correction", "State"))
        return (
            f'<table class="rq-rows rq-corrections"><caption>Corrections, newest first</caption>'
            f"<thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"
        )


class QueryWords(Protocol):
    """Where a text has the words search matches for a query (AnswerService.matching_spans)."""

    def matching_spans(self, text: str, query: str) -> list[tuple[int, int]]: ...


def _filters_or_note(
    reports: Sequence[str] | None, date_from: str, date_to: str, entities: Sequence[str] | None
) -> Filters | str:
    """The filters the controls describe, or a note saying what to correct."""
    try:
        return Filters.parse(reports, date_from, date_to, entities)
    except FilterError as exc:
        return f'<div class="rq-note">{html.escape(str(exc))}</div>'


#: The corrections the People & timeline tab makes (service.correct's actions), as the page names them.
CORRECTION_ACTIONS = {
    "rename": "rename",
    "hide": "hide",
    "unhide": "unhide",
    "merge": "merge others into it",
    "split": "split an alias off",
    "set_role": "set a role",
    "remove_role": "remove a role",
}


def _correction_words(correction: Correction) -> str:
    """A correction in a few words: "rename 'Chen Meiling' to 'Chen Meiling (CTO)'"."""
    name, value = repr(correction.name), repr(correction.value)
    if correction.action == "rename":
        return f"rename {name} to {value}"
    if correction.action == "merge":
        return f"merge {', '.join(repr(o) for o in correction.others)} into {name}"
    if correction.action == "split":
        return f"split {value} off {name}"
    if correction.action in ("set_role", "remove_role"):
        role = value + (f" of {correction.organisation!r}" if correction.organisation else "")
        return f"{'set' if correction.action == 'set_role' else 'remove'} the role {role} of {name}"
    return f"{correction.action} {name}"


_TYPE_LABELS = {"person": "person", "org": "organisation", "place": "place"}
_PASSAGES_PER_ENTITY = 12


def _excerpt(text: str, spans: list[tuple[int, int]], margin: int = 240) -> tuple[str, list[tuple[int, int]]]:
    """The part of a passage around its highlighted spans (whole words, "…" where cut), and
    the spans shifted into it: a page of entity mentions stays short enough to read."""
    first = max(0, spans[0][0] - margin)
    last = min(len(text), spans[-1][1] + margin)
    while first > 0 and not text[first - 1].isspace():
        first -= 1
    while last < len(text) and not text[last].isspace():
        last += 1
    prefix = "… " if first > 0 else ""
    suffix = " …" if last < len(text) else ""
    shift = len(prefix) - first
    return prefix + text[first:last] + suffix, [(s + shift, e + shift) for s, e in spans if e <= last]


def timeline_chart(events: Sequence[TimelineEvent], title: str) -> Any:
    """A Plotly chart of dated events, one trace and one fixed colour per kind; hovering shows
    the title and the people who took part."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for kind in sorted({t.event.kind for t in events}):
        chosen = [t for t in events if t.event.kind == kind]
        figure.add_trace(_kind_markers(kind, [t.event.date for t in chosen], [_event_hover(t) for t in chosen]))
    figure.update_layout(
        title=title,
        height=320,
        margin={"l": 80, "r": 20, "t": 50, "b": 40},
        # A few events close together would otherwise zoom the axis to milliseconds.
        xaxis={"title": "date", "type": "date", "range": _date_range([t.event.date or "" for t in events])},
        yaxis={"title": "", "type": "category"},
        legend={"orientation": "h", "y": -0.25},
    )
    return figure


def rows_chart(answer: Answer) -> Any:
    """The timeline chart of an answer across reports: its dated rows only, one point each, in
    the timeline's colours; hovering shows the row and its [n]. None when no row has a date."""
    import plotly.graph_objects as go

    dated = [row for row in answer.rows if row.date]
    if answer.abstained or not dated:
        return None
    figure = go.Figure()
    for kind in sorted({row.kind for row in dated}):
        chosen = [row for row in dated if row.kind == kind]
        figure.add_trace(
            _kind_markers(kind, [_as_day(row.date or "") for row in chosen], [_row_hover(r) for r in chosen])
        )
    days = [_as_day(row.date or "") for row in dated]
    figure.update_layout(
        title=f"The answer's {len(dated)} dated row{'s' if len(dated) != 1 else ''}: {_shortened(answer.question)}",
        height=280,
        margin={"l": 80, "r": 20, "t": 50, "b": 40},
        xaxis={"title": "date", "type": "date", "range": _date_range(days)},
        yaxis={"title": "", "type": "category"},
        legend={"orientation": "h", "y": -0.3},
    )
    return figure


def _kind_markers(kind: str, dates: list[Any], hovers: list[str]) -> Any:
    """One kind of event as a row of markers in its colour, on either chart."""
    import plotly.graph_objects as go

    return go.Scatter(
        x=dates,
        y=[kind] * len(dates),
        mode="markers",
        name=kind,
        marker={
            "size": 16,
            "color": KIND_COLOURS.get(kind, _OTHER_KIND_COLOUR),
            "line": {"width": 1, "color": "#1f2937"},
        },
        hovertext=hovers,
        hoverinfo="text",
    )


def _as_day(date: str) -> str:
    """A row's date as a day for the chart's axis: a year or a month (a figure dated so) at its first day."""
    if len(date) == 4:
        return f"{date}-01-01"
    return f"{date}-01" if len(date) == 7 else date


def _shortened(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _row_hover(row: Row) -> str:
    """Hover text of a row's point, escaped as the timeline's (:func:`_event_hover`)."""

    def text(value: str) -> str:
        return html.escape(value, quote=False)

    lines = [f"<b>[{row.citation}] {text(row.title)}</b>", text(f"{row.date} · {row.kind} · {row.source}")]
    lines += [text(part) for part in (row.who, _shortened(row.value, 120)) if part]
    return "<br>".join(lines)


# Each kind of event keeps its colour on every chart, whichever kinds a chart shows (Plotly's
# default colours go by trace order: one person's chart would paint a visit as a meeting).
# Okabe-Ito colours, told apart with the common colour blindnesses.
KIND_COLOURS = {
    "visit": "#0072B2",
    "meeting": "#D55E00",
    "agreement": "#009E73",
    "briefing": "#CC79A7",
    "report": "#E69F00",
}
_OTHER_KIND_COLOUR = "#6B7280"


def _date_range(dates: list[str], margin_days: int = 45) -> list[str] | None:
    """The chart's date axis: the events' span with a margin of weeks on either side."""
    from datetime import date, timedelta

    days = sorted(date.fromisoformat(d) for d in dates if d)
    if not days:
        return None
    margin = timedelta(days=margin_days)
    return [(days[0] - margin).isoformat(), (days[-1] + margin).isoformat()]


def _event_hover(item: TimelineEvent) -> str:
    """Hover text of a chart point; report text is escaped (Plotly renders a little HTML, with
    no attributes to break out of, and shows `&quot;` as it is: quotes stay quotes)."""

    def text(value: str) -> str:
        return html.escape(value, quote=False)

    event = item.event
    lines = [f"<b>{text(event.title)}</b>", text(f"{event.date} · {event.kind} · {item.source}")]
    for label, people in (("visitors", event.visitors), ("hosts", event.hosts), ("led by", event.led_by)):
        if people:
            lines.append(text(f"{label}: {', '.join(p.name for p in people)}"))
    return "<br>".join(lines)


def _filtered_label(description: str) -> str:
    """The label of answers and search results given under filters: "filtered: from 2024-01-01"."""
    return f'<div class="rq-filtered">filtered: {html.escape(description)}</div>'


def entity_filter_note(names: Sequence[str] | None) -> str:
    """What the entity filter does while it is on, said beside the "Use as filter" button."""
    if not names:
        return ""
    described = Filters(entities=tuple(names)).describe()
    return (
        f'<div class="rq-filtered rq-entity-filter-on">Filter on: answers and search use only reports '
        f"{html.escape(described)} (Filters, at the top of the page).</div>"
    )


def render_answer(answer: Answer, filtered: str | None = None) -> str:
    """The answer with each [n] marker as a <details> that reveals its passage in place,
    and a list of sources under it; ``filtered`` labels an answer given under filters.
    All report text is escaped."""
    question = f'<div class="rq-question">{html.escape(answer.question)}</div>'
    if filtered:
        question += _filtered_label(filtered)
    question += "".join(f'<div class="rq-sources">{html.escape(note)}</div>' for note in answer.notes)
    if answer.abstained:
        body = f'<div class="rq-answer">{html.escape(answer.text)}</div>'
        if answer.nearest:
            body += '<div class="rq-sources">Nearest passages (none answers the question):</div>'
            body += "".join(_passage_card(hit, "nearest", ()) for hit in answer.nearest)
        return f'<div class="rq-turn">{question}{body}</div>'
    by_number = {c.n: c for c in answer.citations}
    # An answer across reports: its summary line, then its rows as a table (each with its [n]).
    shown = answer.text.split("\n", 1)[0] if answer.rows else answer.text
    parts = [_with_markers(shown, by_number)]
    if answer.rows:
        parts.append(_rows_table(answer.rows, by_number))
    # One line per report: a report cited through two passages is listed once, with both numbers.
    by_report: dict[str, list[Citation]] = {}
    for citation in answer.citations:
        by_report.setdefault(citation.hit.source, []).append(citation)
    sources = "".join(
        f"<li>[{', '.join(str(c.n) for c in cited)}] {_meta(cited[0].hit)}</li>" for cited in by_report.values()
    )
    return (
        f'<div class="rq-turn">{question}<div class="rq-answer">{"".join(parts)}</div>'
        f'<div class="rq-sources">Sources (click a number to see the passage):'
        f'<ul class="rq-source-list">{sources}</ul></div></div>'
    )


def _with_markers(text: str, by_number: dict[int, Citation]) -> str:
    """Escaped text whose [n] markers open their cited passage in place."""
    parts, position = [], 0
    for match in re.finditer(r"\[(\d+)\]", text):
        citation = by_number.get(int(match.group(1)))
        if citation is None:
            continue
        parts.append(html.escape(text[position : match.start()]))
        parts.append(_cite(citation))
        position = match.end()
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def _cite(citation: Citation) -> str:
    card = _passage_card(citation.hit, f"[{citation.n}]", citation.spans, citation.short_spans, _page_figure(citation))
    return f'<details class="rq-cite" data-n="{citation.n}"><summary>[{citation.n}]</summary>{card}</details>'


def page_image_url(citation: Citation) -> str | None:
    """Where the API serves the cited PDF page as printed, its first quoted sentence marked
    (GET /api/documents/{id}/pages/{n}.png?highlight=...); None for a report without pages.
    Relative, so that it reaches the API the page was served beside (server.py), under any prefix."""
    hit = citation.hit
    if hit.page is None or not _is_pdf(hit.source):
        return None
    start, end = citation.spans[0] if citation.spans else (citation.start, citation.end)
    quote = " ".join(hit.text[start:end].split())[:MAX_HIGHLIGHT_CHARS]
    path = f"api/documents/{quote_url(hit.doc_id, safe='')}/pages/{hit.page}.png"
    return f"{path}?{urlencode({'highlight': quote})}" if quote else path


def _page_figure(citation: Citation) -> str:
    """The cited page as printed, beside the passage: an image the browser fetches only when the
    citation is opened (``loading="lazy"``: a closed <details> is not rendered)."""
    url = page_image_url(citation)
    if url is None:
        return ""
    hit = citation.hit
    alt = f"Page {hit.page} of {hit.title} as printed, the quoted sentence highlighted"
    return (
        f'<figure class="rq-page"><a href="{html.escape(url)}" target="_blank" rel="noopener">'
        f'<img src="{html.escape(url)}" loading="lazy" alt="{html.escape(alt)}"></a>'
        f"<figcaption>page {hit.page} as printed</figcaption></figure>"
    )


def _rows_table(rows: Sequence[Row], by_number: dict[int, Citation]) -> str:
    """The items of an answer across reports, one table row each: date, kind, who, what, report, [n]."""
    header = "".join(f'<th scope="col">{name}</th>' for name in ("Date", "Kind", "Who", "What", "Report", "Cited"))
    lines = []
    for row in rows:
        citation = by_number.get(row.citation)
        cells = [row.date or "", row.kind, row.who, row.value, row.title]
        lines.append(
            "<tr>"
            + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells)
            + f"<td>{_cite(citation) if citation else ''}</td></tr>"
        )
    return f'<table class="rq-rows"><thead><tr>{header}</tr></thead><tbody>{"".join(lines)}</tbody></table>'


def _meta(hit: Hit) -> str:
    parts = [f"<b>{html.escape(hit.title)}</b>", html.escape(hit.source)]
    if hit.date:
        parts.append(html.escape(hit.date))
    if hit.page is not None:
        parts.append(f"page {hit.page}")
    return " · ".join(parts)


def _passage_card(
    hit: Hit, label: str, spans: Iterable[tuple[int, int]], strong: Iterable[tuple[int, int]] = (), figure: str = ""
) -> str:
    text = f"<div>{_highlight(hit.text, spans, strong)}</div>"
    if figure:  # the passage and its page side by side (one under the other on a narrow screen)
        text = f'<div class="rq-cited"><div class="rq-cited-text">{text}</div>{figure}</div>'
    return f'<div class="rq-passage"><div class="rq-meta">{html.escape(label)} · {_meta(hit)}</div>{text}</div>'


def _search_card(hit: Hit, rank: int, query: str, words: QueryWords) -> str:
    """A search result: its rank (fused scores mean nothing to a reader), a few lines around the
    first matched word with the query's words marked, and the whole passage behind "more"."""
    text, _ = _plain(hit.text, soft_newlines=_is_pdf(hit.source))
    spans = words.matching_spans(text, query)
    excerpt, _ = _excerpt(text, spans[:1] or [(0, 0)], margin=_EXCERPT_CHARS)
    body = f'<div class="rq-excerpt">{_highlight(excerpt, words.matching_spans(excerpt, query))}</div>'
    if len(excerpt) < len(text):
        body += f'<details class="rq-more"><summary>more</summary><div>{_highlight(text, spans)}</div></details>'
    return f'<div class="rq-passage rq-result"><div class="rq-meta">#{rank} · {_meta(hit)}</div>{body}</div>'


_EXCERPT_CHARS = 200


def _is_pdf(source: str) -> bool:
    return source.lower().endswith(".pdf")


def _plain(text: str, soft_newlines: bool, spans: Iterable[tuple[int, int]] = ()) -> tuple[str, list[tuple[int, int]]]:
    """A passage as a reader sees it: Markdown heading marks and ** dropped; in PDF text, line
    breaks that only wrap a sentence joined. ``spans`` (offsets into ``text``) come back moved
    onto the same words of the plain text."""
    rewrites = [(r"(?m)^#{1,6}\s+", ""), (r"\*\*", "")]
    if soft_newlines:
        rewrites.append((r"(?<!\n)\n(?!\n)", " "))
    rewrites.append((r"\n\s*\n+", "\n"))  # paragraphs one line apart, not two
    origin = list(range(len(text)))  # where each character of the plain text was in ``text``
    for pattern, replacement in rewrites:
        text, origin = _rewrite(pattern, replacement, text, origin)
    return text, [(bisect_left(origin, start), bisect_left(origin, end)) for start, end in spans]


def _rewrite(pattern: str, replacement: str, text: str, origin: list[int]) -> tuple[str, list[int]]:
    """``re.sub`` that also carries each kept character's original offset (``origin``) along;
    the replacement's characters take the offset of the text they replace."""
    pieces: list[str] = []
    origins: list[int] = []
    at = 0
    for match in re.finditer(pattern, text):
        pieces += [text[at : match.start()], replacement]
        origins += origin[at : match.start()] + [origin[match.start()]] * len(replacement)
        at = match.end()
    pieces.append(text[at:])
    origins += origin[at:]
    return "".join(pieces), origins


def _highlight(text: str, spans: Iterable[tuple[int, int]], strong: Iterable[tuple[int, int]] = ()) -> str:
    """Escape the passage and wrap each answering span in <mark>; the short answer's words
    inside it (``strong``) are also set in bold."""
    bold = sorted(strong)

    def inside(start: int, end: int) -> str:
        pieces, at = [], start
        for s, e in bold:
            if start <= s and e <= end:
                pieces.append(html.escape(text[at:s]))
                pieces.append(f'<strong class="rq-short">{html.escape(text[s:e])}</strong>')
                at = e
        pieces.append(html.escape(text[at:end]))
        return "".join(pieces)

    parts, position = [], 0
    for start, end in sorted(spans):
        if start < position:  # overlapping spans: keep the first
            continue
        parts.append(html.escape(text[position:start]))
        parts.append(f"<mark>{inside(start, end)}</mark>")
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts).replace("\n", "<br>")
