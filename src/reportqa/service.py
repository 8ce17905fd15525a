"""The core every face uses: :class:`AnswerService`, one object over one index.

The command line (cli.py) parses and prints, the web page (ui.py) renders and wires Gradio,
the JSON API (api.py) validates and serialises; the work is done here, the same for all
three: open the index, ask, search, list, add and delete reports, the who's who and the
timeline. Nothing here renders or knows a web framework. The stages the service drives
(retrieve, answer, ingest, the stores, the who's who) stay behind it: a face imports this
module, and the errors it handles are raised or re-exported here.

A server keeps one service for its life: constructing it does no work, the index is opened
by the first call that needs it (or by :meth:`AnswerService.warm_up`), and an index built
later by ``reportqa ingest`` or a watcher is picked up by the first call that finds it. A
one-shot command uses :meth:`AnswerService.open` instead, which opens the index at once and
says why it cannot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .corrections import Correction, CorrectionError, apply, load_corrections, new_correction, save
from .embed import ModelError
from .filters import FilterError, Filters, parse_day
from .ingest import IngestSummary, Shard
from .load import LoadError
from .pages import MAX_HIGHLIGHT_CHARS, PageImage, PageUnavailable, render_cited_page
from .stores import IndexBusyError, IndexCorruptError, IndexMismatchError, IndexProblem, NoIndexError, open_backend
from .types import Answer, Chunk, DocumentRecord, Hit, SearchMode
from .uploads import Refusal, refusal, safe_filename
from .whoswho import Directory, Entity, TimelineEvent

if TYPE_CHECKING:
    from .answer import Answerer
    from .embed import Embedder
    from .entities import EntityExtractor
    from .lexical import LexicalTokenizer
    from .stores import Manifest
    from .uploads import Accepted

__all__ = [
    "MAX_HIGHLIGHT_CHARS",
    "AnswerService",
    "Correction",
    "CorrectionError",
    "Directory",
    "EntitiesMissing",
    "Entity",
    "FilterError",
    "Filters",
    "IndexBusyError",
    "IndexCorruptError",
    "IndexMismatchError",
    "IndexProblem",
    "IngestSummary",
    "LoadError",
    "ModelError",
    "NoIndexError",
    "NoIndexYet",
    "PageImage",
    "PageUnavailable",
    "Refusal",
    "Shard",
    "TimelineEvent",
    "UnknownDocument",
    "parse_day",
    "safe_filename",
]


class NoIndexYet(Exception):
    """Nothing is indexed yet, for a service waiting for an index (the API answers 503)."""


class UnknownDocument(LookupError):
    """No report has this id (the API answers 404)."""


class EntitiesMissing(Exception):
    """The index was built without the entity stage: there is no who's who to show."""


class AnswerService:
    """Everything the faces do, against the index ``settings`` names.

    The embedding model is loaded once and shared with ingests started by uploads; after
    an upload the new index generation is opened and used for every later request.
    """

    def __init__(self, settings: Settings, embedder: Embedder | None = None):
        self.settings = settings
        self._embedder = embedder
        self._answerer: Answerer | None = None
        self._entity_extractor: EntityExtractor | None = None  # loaded by the first upload
        self._lock = threading.Lock()  # one upload or deletion (ingest) at a time
        # Answers and searches computed at once, from the UI and the API together: on 2 cores,
        # more at once only share the cores and make every one of them slower.
        self._answering = threading.BoundedSemaphore(settings.answer_concurrency)
        self._opening = threading.Lock()
        self._terms = threading.local()  # a BM25 tokenizer per thread (its stemmer is not shared)
        self._correcting = threading.Lock()  # one change to the corrections file at a time

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> AnswerService:
        """A service with its index opened now (a one-shot command): NoIndexError when there
        is none, IndexMismatchError, IndexCorruptError or ModelError when it cannot be served."""
        service = cls(settings, embedder)
        service._load()
        return service

    def _load(self) -> None:
        from .answer import Answerer
        from .retrieve import Retriever

        retriever = Retriever.load(self.settings.index_dir, self.settings, embedder=self._embedder)
        self._embedder = retriever.embedder
        self._answerer = Answerer(retriever, self.settings)  # swapped in whole: requests see old or new

    def _open(self) -> None:
        with self._opening:
            if open_backend(self.settings).current_generation() is None:
                return
            self._load()

    def warm_up(self) -> None:
        """Do what the first answer would otherwise do while users wait (open the index, the
        model's first runs, the who's who) by answering one question nobody sees."""
        if self.ready:
            self.ask("When did the first visit take place?")

    @property
    def ready(self) -> bool:
        """Whether there is an index to serve (opening one built since the last look)."""
        if self._answerer is None:
            self._open()
        return self._answerer is not None

    def _open_answerer(self) -> Answerer:
        """The open index's answerer; :class:`NoIndexYet` when there is no index."""
        if not self.ready:
            raise NoIndexYet(f"no index yet: build it with `{self.ingest_command()}`, or upload reports")
        assert self._answerer is not None
        return self._answerer

    def require_index(self) -> None:
        """Raise :class:`NoIndexYet` unless there is an index to serve."""
        self._open_answerer()

    # --- where the index is -----------------------------------------------------------------

    @property
    def location(self) -> str:
        """The index's store address or folder, as messages name it."""
        return self.settings.store or f"{self.settings.index_dir}/"

    def ingest_command(self) -> str:
        """The command that builds this service's index (naming its store or folder when it is not the default)."""
        if self.settings.store:
            return f"reportqa ingest --store {self.settings.store}"
        index = self.settings.index_dir
        return "reportqa ingest" if index == Path("index") else f"reportqa ingest --index {index}"

    def manifest(self) -> Manifest:
        """What the live index holds and how it was built; :class:`NoIndexYet` when there is none."""
        return self._open_answerer().retriever.manifest

    # --- questions and search ---------------------------------------------------------------

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        answerer = self._open_answerer()
        with self._answering:
            return answerer.ask(question, filters=filters)

    def search(self, query: str, k: int = 10, filters: Filters | None = None, mode: SearchMode = "hybrid") -> list[Hit]:
        retriever = self._open_answerer().retriever
        with self._answering:
            return retriever.search(query, k=k, mode=mode, filters=filters)

    def matches_anything(self, filters: Filters) -> bool:
        """Whether any report passes ``filters`` (else say so, not "no matching passages")."""
        return self._open_answerer().retriever.matches_anything(filters)

    def matching_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """Where ``text`` has the words search matches for ``query`` ("euros" for "euro"), to mark them."""
        return self._tokenizer().matching_spans(text, query)

    def _tokenizer(self) -> LexicalTokenizer:
        tokenizer: LexicalTokenizer | None = getattr(self._terms, "tokenizer", None)
        if tokenizer is None:
            from .lexical import LexicalTokenizer

            tokenizer = self._terms.tokenizer = LexicalTokenizer()
        return tokenizer

    def passages(self, chunk_ids: Iterable[str]) -> dict[str, Chunk]:
        """The passages with these ids, by id (ids of an older index generation are skipped)."""
        return self._open_answerer().retriever.chunks(chunk_ids)

    # --- documents --------------------------------------------------------------------------

    def records(self) -> list[DocumentRecord]:
        """Every indexed report (none before the first ingest)."""
        return self._open_answerer().retriever.documents() if self.ready else []

    def uploaded_ids(self, records: Iterable[DocumentRecord]) -> list[str]:
        """The reports whose file is a copy an upload made under ``corpus/uploads/``."""
        from .ingest import location_of
        from .uploads import UPLOAD_FOLDER

        folder = (self.settings.corpus_dir / UPLOAD_FOLDER).resolve()
        return [r.doc_id for r in records if Path(location_of(r)).is_relative_to(folder)]

    def refusal(self, paths: Iterable[Path]) -> Refusal | None:
        """Why an upload of ``paths`` would be refused (its first refused file), or None."""
        return next(filter(None, (refusal(path, self.settings) for path in paths)), None)

    def add_files(self, paths: Sequence[str | Path]) -> tuple[Accepted, IngestSummary | None]:
        """Copy acceptable files into the corpus's upload folder and ingest them."""
        from .ingest import ingest
        from .uploads import UPLOAD_FOLDER, accept_uploads

        folder = self.settings.corpus_dir / UPLOAD_FOLDER
        before = set(folder.iterdir()) if folder.is_dir() else set()
        accepted = accept_uploads(paths, self.settings)
        if not accepted.saved:
            return accepted, None
        with self._lock:
            quiet = self.settings.with_(show_progress=False)
            try:
                # The open index's query embedder makes vectors of its family; without an index,
                # ingest picks one for the size of the job.
                summary = ingest(accepted.saved, quiet, embedder=self._embedder, extractor=self._extractor())
            except IndexProblem:
                # Not indexed (another ingest holds the index...): new files go, so that a failed
                # upload is not indexed later behind the uploader's back.
                for path in set(accepted.saved) - before:
                    path.unlink(missing_ok=True)
                raise
            self._open()
        return accepted, summary

    def page_image(self, doc_id: str, number: int, highlight: str | None = None) -> PageImage:
        """Page ``number`` of a PDF report as printed (a PNG), ``highlight``'s words marked where
        the page prints them (pages.py); :class:`UnknownDocument`, or :class:`PageUnavailable`
        for a page the report does not have."""
        record = next((r for r in self.records() if r.doc_id == doc_id), None)
        if record is None:
            raise UnknownDocument(f"no report with id {doc_id!r} in the index")
        return render_cited_page(record, number, highlight, self.settings)

    def delete(self, doc_id: str) -> IngestSummary:
        """Remove a report from the index and, when it was uploaded, its copy in the corpus.

        A report whose file stays in an ingested folder comes back at that folder's next ingest."""
        from .ingest import ingest, location_of

        with self._lock:
            record = next((r for r in self.records() if r.doc_id == doc_id), None)
            if record is None:
                raise UnknownDocument(f"no report with id {doc_id!r} in the index")
            location = location_of(record)
            quiet = self.settings.with_(show_progress=False)
            summary = ingest([], quiet, embedder=self._embedder, extractor=self._extractor(), forget=[location])
            # The file goes only once the index no longer has the report (an ingest that fails,
            # e.g. while another one holds the index, leaves both as they were).
            if self.uploaded_ids([record]):
                Path(location).unlink(missing_ok=True)
            self._open()
        return summary

    def _extractor(self) -> EntityExtractor | None:
        if self._entity_extractor is None and self.settings.entities:
            from .entities import EntityExtractor

            self._entity_extractor = EntityExtractor.load()
        return self._entity_extractor

    # --- who's who and timeline -------------------------------------------------------------

    def directory(self) -> Directory | None:
        """Who's who and timeline of the index being served (built once per index generation);
        None when there is no index yet."""
        return self._open_answerer().retriever.directory() if self.ready else None

    def entities(self, name: str | None = None, type: str | None = None) -> list[Entity]:
        """The people, organisations and places called ``name`` (or containing it; every one
        without a name), of one ``type`` when given, most mentioned first."""
        directory = self._who_is_who()
        if name:
            return directory.find(name, type)
        return [e for e in directory.entities if type is None or e.type == type]

    def timeline(
        self, entities: Sequence[str] = (), date_from: str | None = None, date_to: str | None = None
    ) -> list[TimelineEvent]:
        """Events by date (oldest first) within the dates given (inclusive), of the reports that
        mention any of ``entities`` when given."""
        directory = self._who_is_who()
        events = directory.timeline(None, date_from, date_to)
        if entities:
            mentioning = directory.doc_ids_for(entities)
            events = [event for event in events if event.doc_id in mentioning]
        return events

    def included_parts(self, entities: Sequence[str]) -> list[str]:
        """The units and places inside that a filter by ``entities`` includes besides the
        entities themselves ("Nantong Sub-center" for "Lingang Innovation Center"), to say so."""
        return self._who_is_who().included_parts(entities) if entities else []

    def _who_is_who(self) -> Directory:
        """The open index's who's who; for a service that has not opened its index (a one-shot
        command) read from the store without loading the embedding model, after checking that
        the index has entities (:class:`EntitiesMissing`)."""
        if self._answerer is not None:
            return self._answerer.retriever.directory()
        directory, _ = apply(self._index_who_is_who(), load_corrections(self.settings.corrections_path()))
        return directory

    def _index_who_is_who(self) -> Directory:
        """The who's who as the index has it, before corrections (EntitiesMissing without one)."""
        store = open_backend(self.settings)
        manifest = store.read_manifest()
        if manifest is not None and manifest.entities is None:
            raise EntitiesMissing(
                f"the index in {store.location} has no entities (built with REPORTQA_ENTITIES=0 or by an "
                "older reportqa); re-run `reportqa ingest` to extract them"
            )
        return Directory.load(self.settings)

    def corrections(self) -> list[tuple[Correction, bool]]:
        """Every correction of the who's who, oldest first, each with whether it is stale (it
        matches no record of the index now)."""
        corrections = load_corrections(self.settings.corrections_path())
        if self._answerer is not None:
            stale = self._answerer.retriever.stale_corrections()
        else:
            _, stale = apply(self._index_who_is_who(), corrections)
        return [(c, any(c is s for s in stale)) for c in corrections]

    def correct(
        self,
        action: str,
        name: str,
        by: str | None = None,
        value: str | None = None,
        others: Sequence[str] = (),
        organisation: str | None = None,
    ) -> Correction:
        """Record a correction (rename, hide, unhide, merge, split, set_role, remove_role) made by
        ``by`` (default: this machine's user) now; CorrectionError when it matches no record."""
        correction = new_correction(
            action, name, by, value=value, others=tuple(others), organisation=organisation or None
        )
        path = self.settings.corrections_path()
        with self._correcting:
            earlier = load_corrections(path)
            # Applied after the earlier ones to the index's own records (an unhide needs the hide before it).
            _, stale = apply(self._index_who_is_who(), [*earlier, correction])
            if any(c is correction for c in stale):
                raise CorrectionError(f"nothing to {action.replace('_', ' ')}: no record matches {_names(correction)}")
            save(path, [*earlier, correction])
        return correction

    # --- ingest -----------------------------------------------------------------------------

    def ingest(self, paths: Sequence[Path], shard: Shard | None = None) -> IngestSummary:
        """Index the reports in ``paths`` (files or folders): only what changed is embedded again."""
        from .ingest import ingest

        return ingest(paths, self.settings, shard=shard)

    def watch(
        self,
        paths: Sequence[Path],
        report: Callable[[IngestSummary], None],
        stop: threading.Event,
        shard: Shard | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Ingest ``paths`` now and again after every batch of changes until ``stop`` is set;
        ``report`` gets each summary, ``on_error`` each failed ingest (the next change retries)."""
        from .watch import watch

        watch(paths, self.settings, report, stop, shard=shard, on_error=on_error)


def _names(correction: Correction) -> str:
    names = (correction.name, *correction.others)
    return ", ".join(repr(n) for n in names)
