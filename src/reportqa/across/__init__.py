"""Questions across reports: lists, counts, comparisons, figures over time, topics and histories.

A question no single report answers -- "Which delegations visited us in 2022?", "How many came
from Jiangsu?", "How did the number of companies in the Lianyungang sub-center change from 2022
to 2024?", "In which reports is the biomedicine forum mentioned?", "Every meeting Chen Meiling
attended?" -- is answered here from the event table and the who's who (whoswho.py), from figures
read in the reports' sentences, and from a scan of every report; passage retrieval would give
the top few passages only. Every item is a :class:`~reportqa.types.Row` citing its sentence; the
answer starts with a one-line summary. :func:`answer_across` returns None for any other question,
which the answerer then answers from one report.

Rules only, no model: this is on the query path. The package's modules, each importing only those
before it: ``reading`` (what a question asks), ``records`` (the reports' sentences and the
rendering of rows), ``places`` (the gazetteer: which country a province or a city lies in),
``origins`` (where a visit's visitors came from and went), ``events`` (the event table's rows),
``answers`` (lists, counts, topics and histories), ``trends`` (figures over time and
comparisons); two questions in one are answered here, each by the answerer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from ..question import analyse
from ..types import Answer, Citation, Row
from ..verify import carries, constraint_words, figures, holds_money, plain
from .answers import _best_sentence, _history, _listing, _topic
from .reading import Across, _terms, read_across
from .records import _allowed, _Item, _one_line, _Reading, _reading, _render
from .trends import _compare_answer, _trend, names_the_measure

if TYPE_CHECKING:
    from ..filters import Filters
    from ..retrieve import Retriever


class OneReportAnswerer(Protocol):
    """What a question across reports needs of the answerer (answer.Answerer, which imports this
    package: naming it here would make an import cycle): its retriever, and the answer from one
    report to each part of two questions in one."""

    @property
    def retriever(self) -> Retriever: ...

    def ask(self, question: str, filters: Filters | None = None) -> Answer: ...


def answer_across(question: str, answerer: OneReportAnswerer, filters: Filters | None = None) -> Answer | None:
    """The answer to a question across reports, or None when ``question`` is not one (the
    answerer then answers it from one report)."""
    across = read_across(question)
    if across is None:
        return None
    retriever = answerer.retriever
    directory = retriever.directory()
    reading = _reading(retriever)
    allowed = _allowed(reading, filters)
    if across.mode == "compound":
        return _compound_answer(question, across, answerer, filters)
    if across.mode == "history":
        return _history(question, across, reading, allowed)
    if across.mode == "trend":
        return _trend(question, across, reading, allowed)
    if across.mode == "compare":
        return _compare_answer(question, across, reading, allowed)
    if across.mode == "topic":
        return _topic(question, across, reading, allowed)
    if not directory.events and not across.terms:
        return None
    return _listing(question, across, reading, allowed)


# ... two questions in one


def _compound_answer(
    question: str, across: Across, answerer: OneReportAnswerer, filters: Filters | None
) -> Answer | None:
    reading = _reading(answerer.retriever)
    allowed = _allowed(reading, filters)
    answers = []
    for part in across.parts:
        answer = answerer.ask(part, filters)
        if answer.abstained or _only_titles(answer) or _leaves_out(part, answer, reading):
            answer = _scanned(part, reading, allowed) or answer
        answers.append(answer)
    if all(a.abstained for a in answers):
        return None
    citations: list[Citation] = []
    rows: list[Row] = []
    lines = []
    missing = []
    for part, answer in zip(across.parts, answers, strict=True):
        if answer.abstained:
            missing.append(part)
            lines.append(f"- {part} {answer.text}")
            continue
        shift = len(citations)
        text = _shifted(answer.text, shift)
        renumbered = [replace(c, n=c.n + shift) for c in answer.citations]
        citations += renumbered
        first = renumbered[0] if renumbered else None
        hit = first.hit if first else None
        rows.append(
            Row(
                date=hit.date if hit else None,
                kind="answer",
                title=hit.title if hit else "",
                source=hit.source if hit else "",
                page=hit.page if hit else None,
                who=answer.short or "",
                value=_one_line(text),
                citation=first.n if first else 0,
            )
        )
        lines.append(f"- {part} {_one_line(text)}")
    head = f"{len(across.parts)} questions in one, answered each from its own report" + (
        f" ({len(missing)} not answered by the reports)" if missing else ""
    )
    return Answer(
        question,
        head + ":\n" + "\n".join(lines),
        abstained=False,
        citations=tuple(citations),
        support=1.0,
        rows=tuple(rows),
    )


def _only_titles(answer: Answer) -> bool:
    """Whether an answer quotes nothing but its reports' titles (a heading answers no question)."""
    quoted = [c.hit.text[start:end] for c in answer.citations for start, end in (c.spans or ((c.start, c.end),))]
    titles = {" ".join(c.hit.title.split()).lower().rstrip(".") for c in answer.citations}
    return bool(quoted) and all(" ".join(q.split()).lower().rstrip(".") in titles for q in quoted)


def _leaves_out(question: str, answer: Answer, reading: _Reading) -> bool:
    """Whether a part's answer quotes a sentence without what it is about: one opening with a
    pronoun ("It has been approved unanimously" -- the sentence before names "it"), or, for "who",
    sentences naming no person."""
    quoted = [(c.hit, start, end) for c in answer.citations for start, end in (c.spans or ((c.start, c.end),))]
    if not quoted:
        return False
    if any(re.match(r"^\W*(?:it|this|these|they|he|she)\b", hit.text[start:end], re.I) for hit, start, end in quoted):
        return True
    if re.match(r"^\s*(?:who|whom)\b", question, re.I):
        directory = reading.directory
        return not any(
            kind == "person"
            for hit, start, end in quoted
            for kind, _ in directory.mentions_between(hit.doc_id, hit.start + start, hit.start + end)
        )
    return False


def _shifted(text: str, by: int) -> str:
    """Citation markers [n] renumbered by ``by`` (a part's answer placed after another's)."""
    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + by}]", text)


def _scanned(question: str, reading: _Reading, allowed: set[str]) -> Answer | None:
    """A part of a compound question that the passages did not answer, from a scan of the one
    report it names: the report naming every name of the question, its sentence holding the
    most of the question's words (a figure for "how many" and "what ... total")."""
    words = constraint_words(question)
    reports = [d for d in sorted(allowed) if words and carries(reading.retriever.report_text(d), words)]
    if len(reports) > 1:  # "DSF" written in passing elsewhere: the report named by its title or file
        reports = [
            d for d in reports if carries(plain(f"{reading.records[d].title} {reading.records[d].source}"), words)
        ]
    if len(reports) != 1:
        return None
    terms = _terms(re.sub(r"(?<!^)\b[A-Z][\w'’.-]*", " ", question), structural=True)
    terms = tuple(g for g in terms if not g[0].strip().isdigit())  # the year named the report
    if not terms:
        return None
    asked = analyse(question)
    holds: Callable[[str], bool] | None = None
    people: set[str] | None = None
    if asked.money:
        holds = holds_money
    elif asked.expects == "number":
        holds = lambda text: bool(figures(text))  # noqa: E731
    elif re.match(r"^\s*(?:who|whom)\b", question, re.I):
        people = {e.name for e in reading.directory.entities if e.type == "person"}
        holds = lambda text: any(name in text for name in people)  # noqa: E731
    found = _best_sentence(
        reports[0], terms, reading, needed=max(1, -(-len(terms) // 3)), holds=holds, holds_alone=people is not None
    )
    if found is None:
        return None
    sentence, end, start = found
    item = _Item(
        reading.records[reports[0]].date,
        "mention",
        reports[0],
        sentence,
        value=sentence.text,
        quote_end=end,
        quote_start=start,
    )
    rendered = _render(question, "", [item], reading)
    return replace(rendered, text=rendered.text.split(" — ", 1)[-1])


__all__ = ["Across", "OneReportAnswerer", "answer_across", "names_the_measure", "read_across"]
