"""Stage 2: cut documents into sentence-aware passages sized in model tokens.

A chunk is a window of whole sentences from one page, at most
``ChunkSettings.max_tokens`` word pieces long (special tokens included, so that
the embedding model sees all of it), overlapping its predecessor by
``overlap_sentences`` sentences. A sentence longer than the window is cut at
token boundaries. Every chunk is a verbatim slice ``document.text[start:end]``,
which is what lets citations point at exact characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .config import ChunkSettings
from .types import Chunk, Document

# Blank lines always end a sentence; in PDFs most single line breaks are layout, not
# structure, while in text formats they separate headings and list items.


@dataclass(frozen=True)
class Span:
    start: int
    end: int


class ModelTokenizer:
    """Counts word pieces with the embedding model's own fast tokenizer (no torch needed)."""

    def __init__(self, model_dir: Path):
        from tokenizers import Tokenizer

        path = Path(model_dir) / "tokenizer.json"
        if not path.is_file():
            raise FileNotFoundError(f"{model_dir} has no tokenizer.json; reportqa needs a model with a fast tokenizer")
        self._tokenizer = Tokenizer.from_file(str(path))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self.special_tokens = self._tokenizer.num_special_tokens_to_add(is_pair=False)

    def count(self, texts: list[str]) -> list[int]:
        encodings = self._tokenizer.encode_batch(texts, add_special_tokens=False)
        return [len(e.ids) for e in encodings]

    def split(self, text: str, max_tokens: int) -> list[tuple[Span, int]]:
        """Cut ``text`` into pieces of at most ``max_tokens`` tokens, at token boundaries;
        returns each piece with its token count."""
        offsets = self._tokenizer.encode(text, add_special_tokens=False).offsets
        pieces = []
        for first in range(0, len(offsets), max_tokens):
            window = offsets[first : first + max_tokens]
            pieces.append((Span(window[0][0], window[-1][1]), len(window)))
        return pieces


# blingfire trips over titles before names, both ways: it ends a sentence after "Ms."
# (glued back onto the next one) and runs on over "... Park. Mr. Gao said" (cut
# where a word ends a sentence and a title starts the next).
_TITLES = r"(?:Mr|Mrs|Ms|Mx|Dr|Prof|Messrs|Mme|Mlle|St|Sen|Gov|Gen|Col|Capt|Lt|No|Art|Fig|Nos)"
_TITLE_AT_END = re.compile(rf"(?:^|\s){_TITLES}\.$")
_MISSED_BREAK = re.compile(rf"(?<=[a-z0-9)\]][.!?])\s+(?={_TITLES}\.\s)")
# PDFs of official reports glue a footnote's number to the full stop before it ("the budget.2
# Currently, ..."): the sentence ends after the number.
_FOOTNOTE_BREAK = re.compile(r"(?<=[a-z)\]][.!?])\d{1,3}(\s+)(?=[A-Z][a-z])")
# In a PDF page a line much shorter than the longest one ends a heading or a paragraph.
_SHORT_LINE_RATIO = 0.6


def split_sentences(text: str, start: int, end: int, soft_newlines: bool) -> list[Span]:
    """Sentence spans (absolute offsets) inside ``text[start:end]``, whitespace trimmed."""
    import blingfire

    spans: list[Span] = []
    for block in _blocks(text, start, end, soft_newlines):
        # Newlines inside a block are layout: blank them (same length, so offsets hold).
        segment = text[block.start : block.end].replace("\n", " ")
        _, offsets = blingfire.text_to_sentences_and_offsets(segment)
        glue = False
        for s, e in _split_missed_breaks(segment, offsets):
            piece = segment[s:e]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if e - trail <= s + lead:
                continue
            span = Span(block.start + s + lead, block.start + e - trail)
            if glue and spans:
                span = Span(spans.pop().start, span.end)
            spans.append(span)
            glue = bool(_TITLE_AT_END.search(piece.rstrip()))
    return spans


def _split_missed_breaks(segment: str, offsets: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for s, e in offsets:
        gaps = [(m.start(), m.end()) for m in _MISSED_BREAK.finditer(segment, s, e)]
        gaps += [m.span(1) for m in _FOOTNOTE_BREAK.finditer(segment, s, e)]
        for gap_start, gap_end in sorted(gaps):
            yield s, gap_start
            s = gap_end
        yield s, e


def _blocks(text: str, start: int, end: int, soft_newlines: bool) -> Iterator[Span]:
    """Stretches of text that no sentence crosses: paragraphs, headings, list items."""
    lines = []
    position = start
    for match in re.finditer(r"\n", text[start:end]):
        lines.append(Span(position, start + match.start()))
        position = start + match.end()
    lines.append(Span(position, end))
    longest = max((len(text[line.start : line.end].strip()) for line in lines), default=0)
    block_start = None
    previous_end = start
    for line in lines:
        content = text[line.start : line.end].strip()
        if not content:  # a blank line always ends a block
            if block_start is not None:
                yield Span(block_start, previous_end)
                block_start = None
            continue
        if block_start is None:
            block_start = line.start
        previous_end = line.end
        if not soft_newlines or len(content) < _SHORT_LINE_RATIO * longest:
            yield Span(block_start, line.end)
            block_start = None
    if block_start is not None:
        yield Span(block_start, previous_end)


def chunk_document(document: Document, tokenizer: ModelTokenizer, settings: ChunkSettings) -> list[Chunk]:
    """All chunks of ``document``, in reading order; chunks never cross a page."""
    budget = settings.max_tokens - tokenizer.special_tokens
    soft_newlines = document.source.lower().endswith(".pdf")
    chunks: list[Chunk] = []
    for page in document.pages:
        sentences = split_sentences(document.text, page.start, page.end, soft_newlines)
        for window, units in _windows(document.text, sentences, tokenizer, budget, settings.overlap_sentences):
            chunks.append(
                Chunk(
                    chunk_id=f"{document.doc_id}:{len(chunks)}",
                    doc_id=document.doc_id,
                    source=document.source,
                    title=document.title,
                    date=document.date,
                    page=page.number,
                    start=window.start,
                    end=window.end,
                    text=document.text[window.start : window.end],
                    windows=_dense_windows(units, window.start, settings.dense_window_sentences),
                )
            )
    return chunks


def _dense_windows(units: list[Span], offset: int, size: int) -> tuple[tuple[int, int], ...]:
    """Consecutive groups of ``size`` sentences, as offsets relative to the chunk."""
    if size <= 0:
        return ((0, units[-1].end - offset),)
    return tuple(
        (units[i].start - offset, units[min(i + size, len(units)) - 1].end - offset) for i in range(0, len(units), size)
    )


def _windows(
    text: str, sentences: list[Span], tokenizer: ModelTokenizer, budget: int, overlap: int
) -> Iterator[tuple[Span, list[Span]]]:
    """Chunk spans of at most ``budget`` tokens, each with the sentence units it holds."""
    if not sentences:
        return
    # Sentences over the budget become several token-bounded pieces.
    units: list[Span] = []
    counts: list[int] = []
    for sentence, count in zip(sentences, tokenizer.count([text[s.start : s.end] for s in sentences]), strict=True):
        if count <= budget:
            units.append(sentence)
            counts.append(count)
            continue
        for piece, piece_count in tokenizer.split(text[sentence.start : sentence.end], budget):
            units.append(Span(sentence.start + piece.start, sentence.start + piece.end))
            counts.append(piece_count)

    first = 0
    while first < len(units):
        last, used = first, counts[first]
        while last + 1 < len(units) and used + counts[last + 1] <= budget:
            last += 1
            used += counts[last]
        yield Span(units[first].start, units[last].end), units[first : last + 1]
        if last + 1 >= len(units):
            return
        # Start the next window `overlap` sentences back, but always move forward.
        first = max(first + 1, last + 1 - overlap)
        while first <= last and sum(counts[first : last + 2]) > budget:
            first += 1
