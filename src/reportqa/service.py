"""The core every face uses: :class:`AnswerService`, one object over one index.

The command line (cli.py) parses and prints, the web page (ui.py) renders and wires Gradio,
the JSON API (api.py) validates and serialises; the work is done here, the same for all
three: open the index, ask, search, list, add and delete reports, the who's who and the
timeline. Nothing here renders or knows a web framework. The stages the service drives
(retrieve, answer, ingest, the stores, the who's who) stay behind it: a face imports this
module, and the errors it handles are raised or re-exported here.

Who may read what is decided here too (access.py): with an access file, every method that returns
or changes data takes the caller's :class:`User` and sees only the reports their groups may read
-- search, answers, the documents, the who's who, the timeline, page images, uploads and
deletions alike -- and each request is written to the audit log (audit.py). The faces only
log users in (:meth:`AnswerService.login`) and pass them on.

A server keeps one service for its life: constructing it does no work, the index is opened
by the first call that needs it (or by :meth:`AnswerService.warm_up`), and an index built
later by ``reportqa ingest`` or a watcher is picked up by the first call that finds it. A
one-shot command uses :meth:`AnswerService.open` instead, which opens the index at once and
says why it cannot.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .access import ADMIN, AccessError, AccessFile, Account, LoginGuard, Rules, User
from .audit import AuditLog, read_events
from .config import Settings
from .corrections import Correction, CorrectionError, apply, load_corrections, new_correction, save, stamp
from .embed import ModelError
from .filters import FilterError, Filters, parse_day
from .ingest import IngestSummary, Shard
from .load import LoadError
from .pages import MAX_HIGHLIGHT_CHARS, PageImage, PageUnavailable, render_cited_page
from .stores import (
    IndexBusyError,
    IndexCorruptError,
    IndexMismatchError,
    IndexProblem,
    NoIndexError,
    entity_progress,
    open_backend,
)
from .types import Answer, Chunk, DocumentRecord, EntityProgress, Hit, SearchMode
from .uploads import Refusal, refusal, safe_filename
from .whoswho import Directory, Entity, TimelineEvent

if TYPE_CHECKING:
    from .answer import Answerer
    from .embed import Embedder
    from .entities import EntityExtractor
    from .ingest import EntityBacklog
    from .lexical import LexicalTokenizer
    from .stores import Manifest
    from .uploads import Accepted

__all__ = [
    "MAX_HIGHLIGHT_CHARS",
    "AccessError",
    "AccessFile",
    "Account",
    "AnswerService",
    "Correction",
    "CorrectionError",
    "Directory",
    "EntitiesMissing",
    "Entity",
    "EntityProgress",
    "FilterError",
    "Filters",
    "IndexBusyError",
    "IndexCorruptError",
    "IndexMismatchError",
    "IndexProblem",
    "IngestSummary",
    "LoadError",
    "LoginRequired",
    "ModelError",
    "NoIndexError",
    "NoIndexYet",
    "NotAllowed",
    "PageImage",
    "PageUnavailable",
    "Refusal",
    "Shard",
    "TimelineEvent",
    "UnknownDocument",
    "User",
    "parse_day",
    "read_events",
    "safe_filename",
]


class NoIndexYet(Exception):
    """Nothing is indexed yet, for a service waiting for an index (the API answers 503)."""


class UnknownDocument(LookupError):
    """No report has this id (the API answers 404)."""


class EntitiesMissing(Exception):
    """The index was built without the entity stage: there is no who's who to show."""


class LoginRequired(PermissionError):
    """Access control is on and no user was given (the API answers 401): nothing is shown to no one."""


_NO_USER = "log in: access control is on, and this request has no user"


class NotAllowed(PermissionError):
    """The user may not do this, e.g. upload into a collection they are no writer of (the API answers 403)."""


_LOGIN_KEPT_SECONDS = 60  # a checked login is not hashed again for this long (argon2 costs ~50 ms)
_RESTRICTED_VIEWS = 64  # the readers' views of the index kept (one per set of groups and rules)


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
        # An upload's second phase (its reports' entities) runs on this thread, one at a time.
        self._entities_worker: ThreadPoolExecutor | None = None
        self._entities_done: Future[int] | None = None
        # Answers and searches computed at once, from the UI and the API together: on 2 cores,
        # more at once only share the cores and make every one of them slower.
        self._answering = threading.BoundedSemaphore(settings.answer_concurrency)
        self._opening = threading.Lock()
        self._terms = threading.local()  # a BM25 tokenizer per thread (its stemmer is not shared)
        self._correcting = threading.Lock()  # one change to the corrections file at a time
        # Access control is on when the access file exists as the service starts, and stays on: a
        # file deleted later lets nobody in rather than everyone.
        self.access_on = settings.access_path().exists()
        self._access: tuple[object, AccessFile] | None = None  # (file stamp, the file as read)
        self._access_lock = threading.Lock()
        self._views: dict[tuple[frozenset[str], Rules], Answerer] = {}  # a reader's answerer, per groups and rules
        self._views_of: Answerer | None = None  # the answerer they were made over
        self.login_guard = LoginGuard()
        self._logins: dict[bytes, tuple[float, AccessFile, User]] = {}  # keyed hash of name+password
        self._login_key = secrets.token_bytes(32)
        self.audit_log = AuditLog(settings.audit_path(), settings.audit_max_bytes)

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
            with self._answering:
                self._open_answerer().ask("When did the first visit take place?")

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

    # --- who is asking ------------------------------------------------------------------------

    def access_file(self) -> AccessFile:
        """The access file as it is now (read again whenever it changed: ``reportqa users`` acts at once)."""
        path = self.settings.access_path()
        key = stamp(path)
        with self._access_lock:
            if self._access is None or self._access[0] != key:
                self._access = (key, AccessFile.load(path))
            return self._access[1]

    def local_user(self) -> User:
        """Whoever runs a command on this machine: they can read the index's files, so they read everything."""
        return User(f"local:{getpass.getuser()}", frozenset({ADMIN}))

    def user(self, name: str | None, address: str | None = None) -> User | None:
        """The user a login session names (the web page's cookie), as the access file has them
        now: None for no name, or a user since removed."""
        found = self.access_file().user(name) if name and self.access_on else None
        return found.at(address) if found is not None else None

    def login(self, name: str, password: str, address: str | None = None, record: bool = False) -> User | None:
        """The user ``name`` when ``password`` is theirs, else None -- after a delay that grows with
        the failures in a row of that name and of that address (each written to the audit log;
        ``record``: a success too, for a session's login). Checked in constant time (argon2)."""
        access = self.access_file()
        key = hmac.new(self._login_key, f"{name}\0{password}".encode(), hashlib.sha256).digest()
        kept = self._logins.get(key)
        if kept is not None and kept[0] > time.monotonic() and kept[1] is access:
            return kept[2].at(address)
        time.sleep(self.login_guard.delay(name, address))
        user = access.check_password(name, password)
        if user is not None:
            if len(self._logins) > 1000:
                self._logins.clear()
            self._logins[key] = (time.monotonic() + _LOGIN_KEPT_SECONDS, access, user)
        return self._checked(user, name, address, "login", record)

    def login_token(self, token: str, address: str | None = None) -> User | None:
        """The user whose API token this is, else None (after a growing delay per address; logged)."""
        time.sleep(self.login_guard.delay(None, address))
        return self._checked(self.access_file().check_token(token), None, address, "token", False)

    def _checked(self, user: User | None, name: str | None, address: str | None, how: str, record: bool) -> User | None:
        if user is None:
            failures = self.login_guard.failed(name, address)
            who = User(name or "(token)", frozenset(), address)
            self._audit(who, "login", "failed", method=how, failures=failures)
            return None
        self.login_guard.succeeded(name, address)
        user = user.at(address)
        if record:
            self._audit(user, "login", "ok", method=how)
        return user

    def _restricted(self, user: User | None) -> bool:
        """Whether ``user`` reads a view of the index (access control on, and not an admin)."""
        return self.access_on and not (user is not None and user.admin)

    def _answerer_for(self, user: User | None) -> Answerer:
        """The answerer over what ``user`` may read: the whole index without access control or for
        an admin, else a view of it cut to their readable reports (restricted.py), kept per set of
        groups and rules so that nothing one reader's questions computed is served to another."""
        base = self._open_answerer()
        if not self.access_on:
            return base
        if user is None:
            raise LoginRequired(_NO_USER)
        if user.admin:
            return base
        rules = self.access_file().rules
        key = (user.groups, rules)
        with self._access_lock:
            if self._views_of is not base:  # a new index opened (an upload): views of the old one go
                self._views, self._views_of = {}, base
            answerer = self._views.get(key)
            if answerer is None:
                from .answer import Answerer
                from .restricted import RestrictedRetriever

                answerer = Answerer(RestrictedRetriever(base.retriever, rules.reader(user.groups)), self.settings)
                answerer._sentences = base._sentences  # a passage's sentence vectors are the same for everyone
                while len(self._views) >= _RESTRICTED_VIEWS:
                    self._views.pop(next(iter(self._views)))
                self._views[key] = answerer
            return answerer

    def _audit(self, user: User | None, action: str, outcome: str = "ok", **fields: Any) -> None:
        """One line in the audit log, while access control is on (never a password or a token)."""
        if self.access_on:
            name = user.name if user is not None else None
            self.audit_log.write(name, action, outcome, user.address if user is not None else None, **fields)

    def audit_events(self, user: str | None = None, since: str | None = None) -> list[dict[str, Any]]:
        """The audit log's events, oldest first (only ``user``'s, only from ``since`` on, when given)."""
        return read_events(self.settings.audit_path(), user, since)

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

    def manifest(self, user: User | None = None) -> Manifest:
        """What the live index holds and how it was built (the counts of what ``user`` may read);
        :class:`NoIndexYet` when there is none."""
        retriever = self._answerer_for(user).retriever
        manifest = retriever.manifest
        if retriever is self._open_answerer().retriever:
            return manifest
        documents = retriever.documents()
        return replace(manifest, documents=len(documents), chunks=sum(d.chunks for d in documents))

    # --- questions and search ---------------------------------------------------------------

    def ask(self, question: str, filters: Filters | None = None, user: User | None = None) -> Answer:
        answerer = self._answerer_for(user)
        with self._answering:
            answer = answerer.ask(question, filters=filters)
        cited = [c.hit for c in answer.citations] + list(answer.nearest)
        outcome = "declined" if answer.abstained else "answered"
        self._audit(user, "ask", outcome, question=question, filters=_described(filters), cited=_sources(cited))
        return answer

    def search(
        self,
        query: str,
        k: int = 10,
        filters: Filters | None = None,
        mode: SearchMode = "hybrid",
        user: User | None = None,
    ) -> list[Hit]:
        retriever = self._answerer_for(user).retriever
        with self._answering:
            hits = retriever.search(query, k=k, mode=mode, filters=filters)
        self._audit(user, "search", question=query, filters=_described(filters), cited=_sources(hits), count=len(hits))
        return hits

    def matches_anything(self, filters: Filters, user: User | None = None) -> bool:
        """Whether any report passes ``filters`` (else say so, not "no matching passages")."""
        return self._answerer_for(user).retriever.matches_anything(filters)

    def matching_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """Where ``text`` has the words search matches for ``query`` ("euros" for "euro"), to mark them."""
        return self._tokenizer().matching_spans(text, query)

    def _tokenizer(self) -> LexicalTokenizer:
        tokenizer: LexicalTokenizer | None = getattr(self._terms, "tokenizer", None)
        if tokenizer is None:
            from .lexical import LexicalTokenizer

            tokenizer = self._terms.tokenizer = LexicalTokenizer()
        return tokenizer

    def passages(self, chunk_ids: Iterable[str], user: User | None = None) -> dict[str, Chunk]:
        """The passages with these ids, by id (ids of an older index generation, or of reports
        ``user`` may not read, are skipped)."""
        return self._answerer_for(user).retriever.chunks(chunk_ids)

    # --- documents --------------------------------------------------------------------------

    def records(self, user: User | None = None) -> list[DocumentRecord]:
        """Every indexed report ``user`` may read (none before the first ingest)."""
        records = self._readable(user)
        self._audit(user, "documents", cited=_sources(records), count=len(records))
        return records

    def _readable(self, user: User | None) -> list[DocumentRecord]:
        return self._answerer_for(user).retriever.documents() if self.ready else []

    def uploaded_ids(self, records: Iterable[DocumentRecord]) -> list[str]:
        """The reports whose file is a copy an upload made under ``corpus/uploads/``."""
        from .ingest import location_of
        from .uploads import UPLOAD_FOLDER

        folder = (self.settings.corpus_dir / UPLOAD_FOLDER).resolve()
        return [r.doc_id for r in records if Path(location_of(r)).is_relative_to(folder)]

    def refusal(self, paths: Iterable[Path]) -> Refusal | None:
        """Why an upload of ``paths`` would be refused (its first refused file), or None."""
        return next(filter(None, (refusal(path, self.settings) for path in paths)), None)

    def add_files(self, paths: Sequence[str | Path], user: User | None = None) -> tuple[Accepted, IngestSummary | None]:
        """Copy acceptable files into the corpus's upload folder and ingest them; with access
        control, only into collections ``user`` writes (:class:`NotAllowed` names the first other)."""
        from .ingest import ingest_answerable
        from .uploads import UPLOAD_FOLDER, accept_uploads

        names = [safe_filename(Path(p).name) for p in paths]  # an upload's source: its file name
        self._may_write(user, names, "upload")
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
                # Answerable first: the reports are committed without their entities, which
                # follow on the service's worker thread (ingest.py's second phase).
                summary, backlog = ingest_answerable(accepted.saved, quiet, embedder=self._embedder)
            except IndexProblem:
                # Not indexed (another ingest holds the index...): new files go, so that a failed
                # upload is not indexed later behind the uploader's back.
                for path in set(accepted.saved) - before:
                    path.unlink(missing_ok=True)
                raise
            self._open()
            self._analyse_later(backlog)
        self._audit(user, "upload", cited=[p.name for p in accepted.saved])
        return accepted, summary

    def _may_write(self, user: User | None, sources: Sequence[str], action: str) -> None:
        if not self.access_on:
            return
        if user is None:
            raise LoginRequired(_NO_USER)
        rules = self.access_file().rules
        refused = [s for s in sources if not rules.may_write(user.groups, s)]
        if refused:
            self._audit(user, action, "denied", cited=refused)
            raise NotAllowed(
                f"{user.name} may not write {refused[0]}: no collection it falls in lists them as a writer"
            )

    def page_image(self, doc_id: str, number: int, highlight: str | None = None, user: User | None = None) -> PageImage:
        """Page ``number`` of a PDF report as printed (a PNG), ``highlight``'s words marked where
        the page prints them (pages.py); :class:`UnknownDocument` (also for a report ``user`` may
        not read), or :class:`PageUnavailable` for a page the report does not have."""
        record = next((r for r in self._readable(user) if r.doc_id == doc_id), None)
        if record is None:
            self._audit(user, "page", "unknown", document=doc_id)
            raise UnknownDocument(f"no report with id {doc_id!r} in the index")
        self._audit(user, "page", cited=[record.source], page=number)
        return render_cited_page(record, number, highlight, self.settings)

    def delete(self, doc_id: str, user: User | None = None) -> IngestSummary:
        """Remove a report from the index and, when it was uploaded, its copy in the corpus (with
        access control: a report ``user`` reads, in a collection they write).

        A report whose file stays in an ingested folder comes back at that folder's next ingest."""
        from .ingest import ingest, location_of

        with self._lock:
            record = next((r for r in self._readable(user) if r.doc_id == doc_id), None)
            if record is None:
                self._audit(user, "delete", "unknown", document=doc_id)
                raise UnknownDocument(f"no report with id {doc_id!r} in the index")
            self._may_write(user, [record.source], "delete")
            location = location_of(record)
            quiet = self.settings.with_(show_progress=False)
            summary = ingest([], quiet, embedder=self._embedder, extractor=self._extractor(), forget=[location])
            # The file goes only once the index no longer has the report (an ingest that fails,
            # e.g. while another one holds the index, leaves both as they were).
            if self.uploaded_ids([record]):
                Path(location).unlink(missing_ok=True)
            self._open()
        self._audit(user, "delete", cited=[record.source])
        return summary

    def _analyse_later(self, backlog: EntityBacklog) -> None:
        """Run an ingest's second phase (the entities) on the worker thread, each batch under the
        upload lock: an upload or a deletion waits one batch at most. A failure (another ingest
        holds the index) is logged; the next ingest finishes the entities."""
        if not self.settings.entities:
            return
        if self._entities_worker is None:
            self._entities_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reportqa-entities")

        def run() -> int:
            try:
                # One thread: the other cores stay with the questions being answered.
                return backlog.complete(self._extractor(), guard=lambda: self._lock, workers=1)
            except Exception:
                logging.getLogger(__name__).exception("the entities of uploaded reports were not extracted")
                raise

        self._entities_done = self._entities_worker.submit(run)

    def wait_for_entities(self, timeout: float | None = None) -> None:
        """Wait until the entities of the last upload are committed (tests, a clean shutdown)."""
        if self._entities_done is not None:
            wait([self._entities_done], timeout)

    def entity_progress(self, user: User | None = None) -> EntityProgress | None:
        """How far the who's who is -- ``str()`` says "updating: 40 of 150 reports" while ingest's
        second phase runs (of the reports ``user`` may read) -- or None for an index without the
        entity stage (or no index)."""
        if self._restricted(user):
            return self._answerer_for(user).retriever.entity_progress() if self.ready else None
        if self._answerer is not None:
            return self._answerer.retriever.entity_progress()
        store = open_backend(self.settings)
        try:
            if store.current_generation() is None:
                return None
            reader = store.open()
            try:
                return entity_progress(reader)
            finally:
                reader.close()
        finally:
            store.close()

    def _extractor(self) -> EntityExtractor | None:
        if self._entity_extractor is None and self.settings.entities:
            from .entities import EntityExtractor

            self._entity_extractor = EntityExtractor.load()
        return self._entity_extractor

    # --- who's who and timeline -------------------------------------------------------------

    def directory(self, user: User | None = None) -> Directory | None:
        """Who's who and timeline of the index being served, of the reports ``user`` may read
        (built once per index generation); None when there is no index yet."""
        return self._answerer_for(user).retriever.directory() if self.ready else None

    def entities(self, name: str | None = None, type: str | None = None, user: User | None = None) -> list[Entity]:
        """The people, organisations and places called ``name`` (or containing it; every one
        without a name), of one ``type`` when given, most mentioned first."""
        directory = self._who_is_who(user)
        if name:
            found = directory.find(name, type)
        else:
            found = [e for e in directory.entities if type is None or e.type == type]
        self._audit(user, "entities", question=name, count=len(found))
        return found

    def timeline(
        self,
        entities: Sequence[str] = (),
        date_from: str | None = None,
        date_to: str | None = None,
        user: User | None = None,
    ) -> list[TimelineEvent]:
        """Events by date (oldest first) within the dates given (inclusive), of the reports that
        mention any of ``entities`` when given."""
        directory = self._who_is_who(user)
        events = directory.timeline(None, date_from, date_to)
        if entities:
            mentioning = directory.doc_ids_for(entities)
            events = [event for event in events if event.doc_id in mentioning]
        self._audit(user, "timeline", question=", ".join(entities) or None, cited=_sources(events), count=len(events))
        return events

    def included_parts(self, entities: Sequence[str], user: User | None = None) -> list[str]:
        """The units and places inside that a filter by ``entities`` includes besides the
        entities themselves ("Nantong Sub-center" for "Lingang Innovation Center"), to say so."""
        return self._who_is_who(user).included_parts(entities) if entities else []

    def _who_is_who(self, user: User | None = None) -> Directory:
        """The open index's who's who (of what ``user`` may read); for a service that has not
        opened its index (a one-shot command) read from the store without loading the embedding
        model, after checking that the index has entities (:class:`EntitiesMissing`)."""
        if self._restricted(user):
            return self._answerer_for(user).retriever.directory()  # a reader's view needs the open index
        if self._answerer is not None:
            return self._answerer.retriever.directory()
        directory, _ = apply(self._index_who_is_who(user), load_corrections(self.settings.corrections_path()))
        return directory

    def _index_who_is_who(self, user: User | None = None) -> Directory:
        """The who's who as the index has it, before corrections (EntitiesMissing without one);
        of the reports ``user`` may read."""
        if self._restricted(user):
            from .restricted import RestrictedRetriever

            retriever = self._answerer_for(user).retriever
            assert isinstance(retriever, RestrictedRetriever)
            return retriever.index_directory()
        store = open_backend(self.settings)
        manifest = store.read_manifest()
        if manifest is not None and manifest.entities is None:
            raise EntitiesMissing(
                f"the index in {store.location} has no entities (built with REPORTQA_ENTITIES=0 or by an "
                "older reportqa); re-run `reportqa ingest` to extract them"
            )
        return Directory.load(self.settings)

    def corrections(self, user: User | None = None) -> list[tuple[Correction, bool]]:
        """Every correction of the who's who, oldest first, each with whether it is stale (it
        matches no record of the index now). A reader who may not read every report sees only
        those that match a record of the reports they read (a correction names its people)."""
        corrections = load_corrections(self.settings.corrections_path())
        if self._restricted(user):
            stale = self._answerer_for(user).retriever.stale_corrections()
            return [(c, False) for c in corrections if c not in stale]
        if self._answerer is not None:
            stale = self._answerer.retriever.stale_corrections()
        else:
            _, stale = apply(self._index_who_is_who(user), corrections)
        # Equal, not the same objects: the retriever read the file on its own.
        return [(c, c in stale) for c in corrections]

    def correct(
        self,
        action: str,
        name: str,
        by: str | None = None,
        value: str | None = None,
        others: Sequence[str] = (),
        organisation: str | None = None,
        user: User | None = None,
    ) -> Correction:
        """Record a correction (rename, hide, unhide, merge, split, set_role, remove_role) made by
        ``by`` (default: this machine's user) now; CorrectionError when it matches no record (of
        the reports ``user`` may read)."""
        if self.access_on and user is None:
            raise LoginRequired(_NO_USER)
        correction = new_correction(
            action, name, by, value=value, others=tuple(others), organisation=organisation or None
        )
        path = self.settings.corrections_path()
        with self._correcting:
            earlier = load_corrections(path)
            # Applied after the earlier ones to the index's own records (an unhide needs the hide before it).
            _, stale = apply(self._index_who_is_who(user), [*earlier, correction])
            if any(c is correction for c in stale):
                self._audit(user, "correct", "refused", question=f"{action} {_names(correction)}")
                raise CorrectionError(f"nothing to {action.replace('_', ' ')}: no record matches {_names(correction)}")
            save(path, [*earlier, correction])
        self._audit(user, "correct", question=f"{action} {_names(correction)}")
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


def _sources(items: Iterable[Hit | DocumentRecord | TimelineEvent]) -> list[str]:
    """The reports cited or returned, each once, in order (their sources, as citations show them)."""
    return list(dict.fromkeys(item.source for item in items))


def _described(filters: Filters | None) -> dict[str, Any] | None:
    """The filters as the audit log keeps them (None: none)."""
    if filters is None or not filters.active:
        return None
    chosen = {
        "doc": filters.documents,
        "from": filters.date_from,
        "to": filters.date_to,
        "entity": filters.entities,
    }
    return {k: list(v) if isinstance(v, tuple) else v for k, v in chosen.items() if v}
