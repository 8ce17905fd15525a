"""A face: the ``reportqa`` command line. It parses and prints; the work is the core's
(:class:`~reportqa.service.AnswerService`), as for the web page and the JSON API.

Only argparse and reportqa's light modules are imported at start-up; each command
imports what it needs, so ``reportqa --help`` never loads a model library.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import payloads
from .config import Settings
from .types import SEARCH_MODES

if TYPE_CHECKING:
    from .service import AnswerService, Filters, IngestSummary, Shard
    from .types import Hit

EXAMPLES = """\
examples:
  reportqa ingest                       index the reports in corpus/ (only changes are re-embedded)
  reportqa ingest reports/ extra.pdf    index other folders or files
  reportqa search "Haizhou Industrial Park" -k 3
  reportqa ask "Which industries does Lianyungang want to cooperate on?"
  reportqa ask "Who visited from Jiangsu?" --json
  reportqa ask "What did the board approve?" --doc 'minutes/*' --from 2023-01-01
  reportqa serve --port 7860            web UI on http://127.0.0.1:7860
  reportqa users add alice --group board --password-stdin    a user of the access file (access.toml)
  reportqa serve --access access.toml   log in against it; each user sees only their collections
  reportqa audit --user alice --json    what alice asked and which reports came back
  reportqa eval ../shared/data/squad-v2.0-dev-half --max-queries 800   retrieval quality

every command takes --index DIR (default: index/); REPORTQA_MODEL=DIR selects another
sentence-transformers model directory (the index must then be rebuilt).
"""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--index", type=Path, metavar="DIR", help="index folder (default: index/)")
    common.add_argument("--model", type=Path, metavar="DIR", help="sentence-transformers model directory")
    common.add_argument(
        "--corrections",
        type=Path,
        metavar="FILE",
        help="the who's who corrections file (default: corrections.json beside the index folder)",
    )
    common.add_argument(
        "--access",
        type=Path,
        metavar="FILE",
        help="the access file: users, groups and collections (default: access.toml beside the index folder)",
    )
    common.add_argument(
        "--store",
        metavar="ADDRESS",
        help="keep the index in Milvus instead: milvus://HOST:PORT/NAME (a cluster) or milvus:FILE.db (milvus-lite)",
    )

    parser = argparse.ArgumentParser(
        prog="reportqa",
        description="Semantic search and cited question answering over institutional reports.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ingest = commands.add_parser("ingest", parents=[common], help="index reports (PDF, TXT, Markdown, DOCX, HTML)")
    ingest.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: corpus/)")
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")
    ingest.add_argument("--quiet", action="store_true", help="no progress bars")
    ingest.add_argument(
        "--watch",
        action="store_true",
        help="keep running: ingest again whenever reports are added, changed, renamed or deleted (Ctrl-C stops)",
    )
    ingest.add_argument(
        "--shard",
        metavar="I/N",
        help="index only share I of N of the files (by path hash): N workers fill one index together",
    )

    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument(
        "--doc",
        action="append",
        metavar="GLOB",
        help="only reports whose source matches GLOB (repeatable), e.g. 'visits/*'",
    )
    filters.add_argument(
        "--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="only reports dated on or after this day"
    )
    filters.add_argument(
        "--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="only reports dated on or before this day"
    )
    filters.add_argument(
        "--entity",
        action="append",
        metavar="NAME",
        help="only reports that mention this person, organisation or place (repeatable)",
    )

    search = commands.add_parser("search", parents=[common, filters], help="show the passages that best match a query")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5, help="number of passages (default: 5)")
    search.add_argument("--mode", choices=SEARCH_MODES, default="hybrid")
    search.add_argument("--json", action="store_true", help="print the hits as JSON")

    ask = commands.add_parser("ask", parents=[common, filters], help="answer a question with citations")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")

    evaluate = commands.add_parser("eval", parents=[common], help="measure retrieval quality on a public dataset")
    evaluate.add_argument(
        "dataset", type=Path, metavar="DATASET", help="dataset folder (SQuAD, Cranfield, TAT-QA, QMSum or BEIR layout)"
    )
    evaluate.add_argument("--split", help="dataset split (default: test where there is one)")
    evaluate.add_argument("--max-queries", type=int, metavar="N", help="sample N queries (fixed seed)")
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--mode", action="append", choices=SEARCH_MODES, help="modes to run (default: all)")
    evaluate.add_argument("--json", type=Path, metavar="FILE", dest="json_file", help="also write the results to FILE")
    evaluate.add_argument("--quiet", action="store_true", help="no progress bars")

    entities = commands.add_parser(
        "entities", parents=[common], help="people, organisations and places named in the reports, with roles"
    )
    entities.add_argument(
        "name",
        nargs="?",
        help="show only entities with this name (or containing it); or a correction word, in lower case: "
        + ", ".join(CORRECTION_WORDS),
    )
    entities.add_argument("words", nargs="*", metavar="NAME", help="the names a correction needs")
    entities.add_argument("--by", metavar="NAME", help="who makes the correction (default: your login name)")
    entities.add_argument("--organisation", metavar="ORG", help="the organisation of a role set with set-role")
    entities.add_argument("--type", choices=("person", "org", "place"), help="only this kind of entity")
    entities.add_argument("--json", action="store_true", help="print the entities as JSON")

    timeline = commands.add_parser("timeline", parents=[common], help="visits, meetings and agreements by date")
    timeline.add_argument("--entity", metavar="NAME", help="only events in reports that mention NAME")
    timeline.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD")
    timeline.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD")
    timeline.add_argument("--json", action="store_true", help="print the events as JSON")

    serve = commands.add_parser("serve", parents=[common], help="start the web UI and the JSON API")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=7860)
    serve.epilog = (
        "With an access file (--access FILE, REPORTQA_ACCESS, or access.toml beside the index folder) "
        "the UI and the API log in against its users (HTTP basic or a bearer token from `reportqa users "
        "token` for the API) and each user sees only the collections of their groups; every request is "
        "written to audit.jsonl beside the index. Without one, REPORTQA_AUTH applies. "
        "The UI is at /, the JSON API at /api/ (docs at /api/docs). Set REPORTQA_AUTH=user:password "
        "(comma-separate several pairs) to require a login for both; REPORTQA_API_TOKEN=TOKEN[,TOKEN2] "
        "also lets API clients in with 'Authorization: Bearer TOKEN'."
    )
    users = commands.add_parser("users", help="add, list and remove the users of the access file; make API tokens")
    actions = users.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", parents=[common], help="create or update a user (their groups; a password from stdin)"
    )
    add.add_argument("name")
    add.add_argument("--group", action="append", required=True, metavar="GROUP", help="a group (repeatable)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    token = actions.add_parser(
        "token", parents=[common], help="print a new API token for a user (it replaces their earlier one)"
    )
    token.add_argument("name")
    remove = actions.add_parser("remove", parents=[common], help="remove a user")
    remove.add_argument("name")
    listed = actions.add_parser(
        "list", parents=[common], help="the users, their groups, and whether each has a password and a token"
    )
    listed.add_argument("--json", action="store_true", help="print the users as JSON")

    audit = commands.add_parser("audit", parents=[common], help="read the audit log (written while access is on)")
    audit.add_argument("--user", metavar="NAME", help="only this user's events")
    audit.add_argument("--since", metavar="YYYY-MM-DD[THH:MM]", help="only events at or after this day or time (UTC)")
    audit.add_argument("--json", action="store_true", help='print {"events": [...]} as JSON')
    return parser


def _iso_date(text: str) -> str:
    from .service import FilterError, parse_day

    try:
        return parse_day(text)
    except FilterError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _filters(args: argparse.Namespace) -> Filters:
    from .service import Filters

    return Filters.parse(args.doc, args.date_from, args.date_to, args.entity)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env(
        index_dir=args.index,
        model_dir=args.model,
        store=args.store,
        corrections_file=args.corrections,
        access_file=args.access,
    )
    if getattr(args, "quiet", False) or getattr(args, "json", False):
        settings = settings.with_(show_progress=False)
    from .eval_data import DatasetError
    from .service import (
        AccessError,
        CorrectionError,
        EntitiesMissing,
        IndexProblem,
        LoadError,
        ModelError,
        NoIndexError,
    )

    try:
        return COMMANDS[args.command](args, settings)
    except UsageError as exc:
        print(f"reportqa: error: {exc}", file=sys.stderr)
        return 2
    except NoIndexError as exc:
        # Say how to build the index that was asked for, not the default one.
        hint = f"reportqa ingest --index {args.index}" if args.index else "reportqa ingest"
        print(f"reportqa: error: {exc}".replace("`reportqa ingest`", f"`{hint}`"), file=sys.stderr)
        return 1
    except (
        IndexProblem,
        ModelError,
        LoadError,
        DatasetError,
        FileNotFoundError,
        EntitiesMissing,
        CorrectionError,
        AccessError,
    ) as exc:
        print(f"reportqa: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reportqa: interrupted", file=sys.stderr)
        return 130


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from .service import AnswerService, Shard

    try:
        shard = Shard.parse(args.shard) if args.shard else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    paths = args.paths or [settings.corpus_dir]
    if args.watch:
        return _watch(args, paths, settings, shard)
    summary = AnswerService(settings).ingest(paths, shard=shard)
    if args.json:
        _print_json(payloads.ingest_payload(summary))
    else:
        _print_summary(summary, paths, settings, shard)
    # A shard may hold no file of a small corpus; that is no failure.
    nothing_ingested = summary.documents == 0 and (summary.skipped or (not summary.unchanged and shard is None))
    return 1 if nothing_ingested else 0


def _watch(args: argparse.Namespace, paths: list[Path], settings: Settings, shard: Shard | None) -> int:
    """Watch until Ctrl-C or SIGTERM; the first stops after the ingest under way (nothing is
    left half-done), a second one at once (a commit is atomic either way)."""
    import signal
    import threading

    from .service import AnswerService

    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("reportqa: stopping after the current ingest (Ctrl-C again to stop now)", file=sys.stderr, flush=True)

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    rounds = 0

    def report(summary: IngestSummary) -> None:
        nonlocal rounds
        rounds += 1
        if args.json:
            print(json.dumps(payloads.ingest_payload(summary), ensure_ascii=False))  # one line per ingest
        elif rounds == 1 or summary.changed or summary.skipped:  # a file touched but not changed: quiet
            _print_summary(summary, paths, settings, shard)
        sys.stdout.flush()

    def failed(exc: Exception) -> None:
        print(f"reportqa: error: {exc} (still watching; the next change retries)", file=sys.stderr, flush=True)

    where = ", ".join(str(p) for p in paths)
    print(f"reportqa: watching {where} (Ctrl-C stops)", file=sys.stderr, flush=True)
    AnswerService(settings).watch(paths, report, stop, shard=shard, on_error=failed)  # --json: main() made it quiet
    print("reportqa: stopped", file=sys.stderr, flush=True)
    return 0


def _print_summary(summary: IngestSummary, paths: list[Path], settings: Settings, shard: Shard | None) -> None:
    where = ", ".join(str(p) for p in paths) + (f" ({shard})" if shard else "")
    index = settings.store or f"{settings.index_dir}/"
    print(f"Ingested {where} into {index} in {summary.seconds:.1f} s")
    print(f"  {summary.headline()}")
    for label, names in (("added", summary.added), ("updated", summary.updated), ("removed", summary.removed)):
        for name in names:
            print(f"  {label:8} {name}")
    for duplicate in summary.duplicates:
        print(f"  same     {duplicate.source} has the bytes of {duplicate.same_as}: stored once")
    for skipped in summary.skipped:
        print(f"  skipped  {skipped.source}: {skipped.reason}")
    for note in summary.notes:
        print(f"  note: {note}")
    print(f"  index: {summary.documents} documents, {summary.chunks} chunks ({summary.chunks_embedded} embedded now)")
    if summary.entities_analysed or summary.entities_pending:
        # The two phases: every report could be asked about before its entities were extracted.
        print(
            f"  answerable after {summary.answerable_seconds:.1f} s; entities of {summary.entities_analysed} "
            f"report(s) after {summary.seconds:.1f} s"
            + (f", {summary.entities_pending} left for the next ingest" if summary.entities_pending else "")
        )


def _search(args: argparse.Namespace, settings: Settings) -> int:
    from .service import AnswerService

    if not any(ch.isalnum() for ch in args.query):
        raise UsageError('the query is empty: type some words, e.g. reportqa search "new medicines"')
    filters = _filters(args)
    service = AnswerService.open(settings)
    hits = service.search(args.query, k=args.k, mode=args.mode, filters=filters, user=service.local_user())
    if args.json:
        _print_json(payloads.search_payload(args.query, hits))
        return 0
    _say_included_parts(service, filters)
    if not hits:
        no_report = filters.active and not service.matches_anything(filters, service.local_user())
        print(f"{filters.nothing_matches()}." if no_report else "No matching passages.")
    for rank, hit in enumerate(hits, start=1):
        print(f"[{rank}] {hit.score:.3f}  {_where(hit)}")
        print("    " + " ".join(hit.text.split())[:400])
    return 0


def _say_included_parts(service: AnswerService, filters: Filters) -> None:
    """A note when the entity filter took in units or places inside ("including Nantong Sub-center")."""
    if filters.entities and (including := service.included_parts(filters.entities, service.local_user())):
        print(f"note: reports {filters.describe(including)}", file=sys.stderr)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from .service import AnswerService

    if not any(ch.isalnum() for ch in args.question):
        raise UsageError('the question is empty: type one, e.g. reportqa ask "Who visited from Nantong?"')
    service = AnswerService.open(settings)
    filters = _filters(args)
    answer = service.ask(args.question, filters=filters, user=service.local_user())
    if args.json:
        _print_json(payloads.answer_payload(answer))
        return 0
    _say_included_parts(service, filters)
    for note in answer.notes:
        print(f"note: {note}", file=sys.stderr)
    print(answer.text)
    if answer.citations:
        print()
    for citation in answer.citations:
        print(f"[{citation.n}] {_where(citation.hit)}")
    if answer.nearest:
        print("\nNearest passages:")
        for hit in answer.nearest:
            print(f"  - {_where(hit)}: " + " ".join(hit.text.split())[:200])
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from .eval_data import load_dataset
    from .evaluation import evaluate, format_table

    dataset = load_dataset(args.dataset, args.split)
    modes = tuple(args.mode) if args.mode else ("dense", "bm25", "hybrid")
    report = evaluate(dataset, settings, max_queries=args.max_queries, seed=args.seed, modes=modes)
    print(format_table(report))
    if args.json_file:
        args.json_file.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import os

    from .server import parse_auth, serve

    try:
        logins = parse_auth(os.environ.get("REPORTQA_AUTH"))
    except ValueError as exc:
        print(f"reportqa: error: {exc}", file=sys.stderr)
        return 2
    tokens = [t.strip() for t in os.environ.get("REPORTQA_API_TOKEN", "").split(",") if t.strip()]
    if settings.access_file is not None and not settings.access_path().exists():  # --access or REPORTQA_ACCESS
        raise UsageError(
            f"no access file {settings.access_file}: create it with `reportqa users add NAME --group GROUP`"
        )
    serve(settings, host=args.host, port=args.port, logins=logins, tokens=tokens)
    return 0


def _print_json(payload: dict) -> None:
    print(json.dumps(payload, indent=2, ensure_ascii=False))


def _where(hit: Hit) -> str:
    parts = [hit.title, hit.source]
    if hit.date:
        parts.append(hit.date)
    if hit.page is not None:
        parts.append(f"p. {hit.page}")
    return " — ".join(parts)


class UsageError(Exception):
    """A mistake in what the user typed that argparse cannot see (exit status 2, like argparse's)."""


# `reportqa entities WORD NAME...`: the word -> (the correction, how many names it takes at least,
# at most). Only these lower-case words followed by names are corrections: `reportqa entities Hide`
# still looks up a person called Hide (and `reportqa entities corrections` lists the corrections).
CORRECTION_WORDS = {
    "rename": ("rename", 2, 2),
    "hide": ("hide", 1, 1),
    "unhide": ("unhide", 1, 1),
    "merge": ("merge", 2, None),
    "split": ("split", 2, 2),
    "set-role": ("set_role", 2, 2),
    "remove-role": ("remove_role", 2, 2),
    "corrections": ("", 0, 0),
}


def _entities(args: argparse.Namespace, settings: Settings) -> int:
    from .service import AnswerService

    if args.name in CORRECTION_WORDS and (args.words or args.name == "corrections"):
        return _correct(args, settings)
    if args.words:
        raise UsageError(f"one name at a time, or a correction word first: {', '.join(CORRECTION_WORDS)}")
    # A service that has not opened its index reads the who's who without the embedding model.
    service = AnswerService(settings)
    found = service.entities(args.name, args.type, service.local_user())
    _say_if_updating(service)
    if args.json:
        _print_json(payloads.entities_payload(found))
        return 0
    if not found:
        print("No such person, organisation or place in the reports." if args.name else "No entities in the index.")
    for entity in found:
        role = entity.current_role
        now = (
            f" — {role.role}{f', {role.organisation}' if role.organisation else ''} ({role.date or 'undated'})"
            if role
            else ""
        )
        print(f"{entity.name} [{entity.type}]{now}: {entity.mentions} mentions in {len(entity.documents)} report(s)")
        if args.name:
            for older in entity.roles[1:]:
                where = f", {older.organisation}" if older.organisation else ""
                print(f"    earlier: {older.role}{where} ({older.date or 'undated'}, {older.source})")
            if entity.aliases:
                print(f"    also written: {', '.join(entity.aliases)}")
            for ref in entity.documents:
                print(f"    {ref.date or 'undated'}  {ref.source}  ({ref.mentions})")
    return 0


def _say_if_updating(service: AnswerService) -> None:
    """On stderr (stdout keeps its shape), while ingest's second phase has reports to analyse."""
    progress = service.entity_progress(service.local_user())
    if progress is not None and progress.updating:
        print(f"reportqa: the who's who is {progress} (their entities are being extracted)", file=sys.stderr)


def _correct(args: argparse.Namespace, settings: Settings) -> int:
    """`reportqa entities rename|hide|unhide|merge|split|set-role|remove-role NAME...` and
    `reportqa entities corrections`."""
    from .service import AnswerService

    service = AnswerService(settings)
    action, least, most = CORRECTION_WORDS[args.name]
    names = list(args.words)
    if not action:
        if names:
            raise UsageError("`reportqa entities corrections` takes no name")
        listed = service.corrections(service.local_user())
        if args.json:
            _print_json(payloads.corrections_payload(listed))
            return 0
        if not listed:
            print(f"No corrections in {settings.corrections_path()}.")
        for correction, stale in listed:
            what = " ".join(repr(n) for n in (correction.name, *correction.others, correction.value) if n)
            mark = "  [stale: matches nothing now]" if stale else ""
            print(f"{correction.at}  {correction.by}: {correction.action} {what}{mark}")
        return 0
    if len(names) < least or (most is not None and len(names) > most):
        wanted = f"{least}" if least == most else f"at least {least}"
        raise UsageError(f"`reportqa entities {args.name}` takes {wanted} names, not {len(names)}")
    if action == "merge":
        made = service.correct(action, names[0], args.by, others=names[1:], user=service.local_user())
    else:
        value = names[1] if len(names) > 1 else None
        made = service.correct(
            action, names[0], args.by, value=value, organisation=args.organisation, user=service.local_user()
        )
    if args.json:
        _print_json(made.as_dict())
    else:
        print(f"Recorded in {settings.corrections_path()}: {args.name} {' '.join(repr(n) for n in names)}")
    return 0


def _timeline(args: argparse.Namespace, settings: Settings) -> int:
    from .service import AnswerService

    service = AnswerService(settings)
    named = [args.entity] if args.entity else []
    events = service.timeline(named, args.date_from, args.date_to, service.local_user())
    including = service.included_parts(named, service.local_user())
    _say_if_updating(service)
    if args.json:
        _print_json(payloads.timeline_payload(events, including))
        return 0
    if including:
        print(f"Reports mentioning {args.entity}, including {', '.join(including)}:")
    if not events:
        print("No events match.")
    for item in events:
        event = item.event
        print(f"{event.date or 'undated':10}  {event.kind:9} {event.title}  ({item.source})")
        for label, people in (("visitors", event.visitors), ("hosts", event.hosts), ("led by", event.led_by)):
            if people:
                print(f"{'':12}{label}: {', '.join(p.name for p in people)}")
        if event.topics:
            print(f"{'':12}topics: {', '.join(event.topics)}")
    return 0


def _users(args: argparse.Namespace, settings: Settings) -> int:
    """`reportqa users add|token|remove|list`: the access file's users (passwords and tokens kept hashed)."""
    import getpass

    from .service import AccessFile

    path = settings.access_path()
    access = AccessFile.load(path)
    if args.action == "list":
        accounts = access.accounts()
        if args.json:
            _print_json({"users": [{"name": a.name, "groups": list(a.groups), "password": a.has_password,
                                    "token": a.has_token} for a in accounts]})  # fmt: skip
            return 0
        if not accounts:
            print(f"No users in {path}.")
        for account in accounts:
            has = [w for w, on in (("password", account.has_password), ("token", account.has_token)) if on]
            print(f"{account.name}: {', '.join(account.groups)} ({' and '.join(has) or 'no login yet'})")
        return 0
    if args.action == "add":
        password = None
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        elif sys.stdin.isatty() and access.user(args.name) is None:
            password = getpass.getpass(f"password for {args.name}: ")
            if getpass.getpass("again: ") != password:
                raise UsageError("the two passwords differ")
        if password is not None and len(password) < 12:
            print("reportqa: warning: a password of fewer than 12 characters is easy to guess", file=sys.stderr)
        known = access.user(args.name) is not None
        access.set_user(args.name, args.group, password)
        access.save()
        print(f"{'Updated' if known else 'Added'} {args.name} ({', '.join(sorted(set(args.group)))}) in {path}")
        return 0
    if args.action == "token":
        token = access.new_token(args.name)
        access.save()
        print(token)
        return 0
    access.remove(args.name)
    access.save()
    print(f"Removed {args.name} from {path}")
    return 0


def _audit(args: argparse.Namespace, settings: Settings) -> int:
    """`reportqa audit`: the audit log's events, oldest first."""
    from .service import read_events

    try:
        since = _iso_date(args.since[:10]) + args.since[10:] if args.since else None
    except argparse.ArgumentTypeError as exc:
        raise UsageError(f"--since: {exc}") from None
    events = read_events(settings.audit_path(), args.user, since)
    if args.json:
        _print_json({"events": events})
        return 0
    if not events:
        print(f"No events in {settings.audit_path()}.")
    for event in events:
        what = event.get("question") or event.get("document") or ""
        cited = event.get("cited") or []
        more = f" -> {', '.join(cited[:5])}{' ...' if len(cited) > 5 else ''}" if cited else ""
        print(f"{event.get('time')}  {event.get('user')}@{event.get('address') or '-'}  {event.get('action')} "
              f"{event.get('outcome')}  {what}{more}")  # fmt: skip
    return 0


COMMANDS = {
    "ingest": _ingest,
    "search": _search,
    "ask": _ask,
    "eval": _eval,
    "serve": _serve,
    "entities": _entities,
    "timeline": _timeline,
    "users": _users,
    "audit": _audit,
}

if __name__ == "__main__":
    sys.exit(main())
