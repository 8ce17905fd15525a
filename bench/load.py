"""Load test of a running `reportqa serve` over loopback: concurrent clients asking questions,
through the web UI's own protocol (Gradio's queue and event stream, as the page uses them), the JSON
API, or both in one run; httpx for both.

    .venv/bin/reportqa serve --port 7860 &            # the UI and the API, on this machine
    .venv/bin/python bench/load.py --clients 20 --questions 200 --via both

Each of --clients threads holds its own connection and asks questions from a fixed list until
--questions answers have been requested in all (bounded in count, and each request in time by
--timeout); --distinct N cycles through N questions instead (with a number in each, so no two
requests ask the same thing). Prints errors (must be 0) and latency p50/p99 per route; --json
writes them. Only addresses on this machine are accepted.

Against a server with access control (``reportqa serve --access FILE``), --login NAME:PASSWORD
(repeatable; the clients take turns) logs each client in -- HTTP basic for the API, the page's
login form for the UI -- so that the cost of access control is measured: run it once against a
server without an access file and once with one, on the same index (docs/PERFORMANCE.md).
On a busy machine the two runs see different loads; --access-overhead measures the same in
one process instead, rounds of the questions asked without access control and as each --login
user interleaved, so that both see the same load:

    .venv/bin/python bench/load.py --access-overhead access.toml --index index --login reader:PW
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
import statistics
import sys
import threading
import time
from urllib.parse import urlparse

QUESTIONS = [
    "Which industries does Lianyungang want to cooperate on?",
    "Who visited the Lingang Innovation Center from Jiangsu?",
    "When is the policy briefing for North American entrepreneurs held?",
    "What did the Haizhou Industrial Park offer investors?",
    "How many companies did the innovation center incubate in 2023?",
    "What did the board approve for 2024?",
    "<script>alert('x')</script> who signed the agreement?",
    "连云港希望在哪些方面合作？",
]


def _is_loopback(url: str) -> bool:
    host = urlparse(url).hostname or ""
    try:
        return all(ipaddress.ip_address(info[4][0]).is_loopback for info in socket.getaddrinfo(host, None))
    except (socket.gaierror, ValueError):
        return False


def ask_ui(url: str, login: tuple[str, str] | None = None):
    """A function asking one question as the web page does: join the Gradio queue, then read the
    server-sent events until the answer arrives (plain httpx: gradio_client costs more CPU than
    the server on 2 cores, and the load generator must not be what is measured)."""
    import json
    import uuid

    import httpx

    client = httpx.Client(base_url=url.rstrip("/"))
    if login is not None:  # the page's login form: its session cookie stays in the client
        client.post("/login", data={"username": login[0], "password": login[1]}).raise_for_status()
    config = client.get("/config").raise_for_status().json()
    prefix = config.get("api_prefix", "/gradio_api")
    ask_event = next(d for d in config["dependencies"] if d.get("api_name") == "ask")
    session = uuid.uuid4().hex[:11]  # one browser tab: its conversation grows with each answer

    def ask(question: str, timeout: float) -> None:
        # Inputs: question, the conversation (server-side state: null), reports, from, to, entities.
        payload = {
            "data": [question, None, [], "", "", []],
            "fn_index": ask_event["id"],
            "trigger_id": None,
            "session_hash": session,
            "event_data": None,
        }
        joined = client.post(f"{prefix}/queue/join", json=payload, timeout=timeout)
        joined.raise_for_status()
        event_id = joined.json()["event_id"]
        with client.stream("GET", f"{prefix}/queue/data", params={"session_hash": session}, timeout=timeout) as events:
            for line in events.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("event_id") not in (None, event_id) or message.get("msg") != "process_completed":
                    continue
                if not message.get("success"):
                    raise ValueError(f"the server failed: {str(message.get('output'))[:120]}")
                # (cleared question box, history, conversation, status line, the chart of an answer's rows)
                outputs = message["output"]["data"]
                answer_html = next((o for o in outputs if isinstance(o, str) and "rq-turn" in o), "")
                if "rq-turn" not in answer_html:
                    raise ValueError(f"unexpected answer: {answer_html[:120]!r}")
                if "<script>alert" in answer_html:
                    raise ValueError("question HTML was not escaped")
                return
        raise ValueError("the event stream closed without an answer")

    return ask


def ask_api(url: str, login: tuple[str, str] | None = None):
    """A function asking one question through POST /api/ask (as ``login``'s user: HTTP basic)."""
    import httpx

    client = httpx.Client(base_url=url.rstrip("/"), auth=login)

    def ask(question: str, timeout: float) -> None:
        response = client.post("/api/ask", json={"question": question}, timeout=timeout)
        if response.status_code != 200:
            raise ValueError(f"HTTP {response.status_code}: {response.text[:120]}")
        body = response.json()
        if "answer" not in body or "citations" not in body:
            raise ValueError(f"unexpected answer: {response.text[:120]!r}")

    return ask


def run(via: str, args: argparse.Namespace, questions: list[str]) -> dict:
    remaining = iter(range(args.questions))
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    connect = ask_ui if via == "ui" else ask_api

    def worker(number: int) -> None:
        try:
            ask = connect(args.url, args.login[number % len(args.login)] if args.login else None)
        except Exception as exc:  # a client that cannot connect counts as errors for its share
            with lock:
                errors.append(f"client {number}: cannot connect: {exc}")
            return
        while True:
            with lock:
                request = next(remaining, None)
            if request is None:
                return
            started = time.perf_counter()
            try:
                ask(questions[request % len(questions)], args.timeout)
            except Exception as exc:
                with lock:
                    errors.append(f"request {request}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            with lock:
                latencies.append(time.perf_counter() - started)

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began

    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))] if latencies else float("nan")
    result = {
        "via": via,
        "logins": sorted({name for name, _ in args.login or ()}),
        "clients": args.clients,
        "requests": args.questions,
        "distinct_questions": min(len(questions), args.questions),
        "answered": len(latencies),
        "errors": len(errors),
        "p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "p99_s": round(p99, 3),
        "answers_per_s": round(len(latencies) / wall, 2),
    }
    print(
        f"{via:>3}: {args.clients} clients, {args.questions} questions ({result['distinct_questions']} distinct) in "
        f"{wall:.1f} s: {len(latencies)} answered, {len(errors)} errors; p50 {result['p50_s']} s, p99 {p99:.2f} s, "
        f"{result['answers_per_s']} answers/s",
        flush=True,
    )
    for error in errors[:10]:
        print("  " + error)
    return result


def access_overhead(args: argparse.Namespace, questions: list[str]) -> dict:
    """p50 of an answer computed by the core without access control and as each --login user
    of ``args.access_overhead`` (same index, same process, rounds interleaved)."""
    from reportqa.config import Settings
    from reportqa.service import AnswerService

    plain = AnswerService(Settings.from_env(index_dir=args.index, access_file=args.index / "no-such-access.toml"))
    guarded = AnswerService(Settings.from_env(index_dir=args.index, access_file=args.access_overhead))
    if plain.access_on or not guarded.access_on:
        raise SystemExit(f"--access-overhead needs an existing access file, not {args.access_overhead}")
    plain.warm_up()
    guarded.warm_up()
    users = {name: guarded.login(name, password) for name, password in args.login or ()}
    if not users or None in users.values():
        raise SystemExit("--access-overhead needs --login NAME:PASSWORD of users of the access file")
    runs: dict[str, list[float]] = {"off": [], **{name: [] for name in users}}
    for _ in range(args.rounds):
        for label, service, user in [("off", plain, None), *((n, guarded, u) for n, u in users.items())]:
            for question in questions:
                started = time.perf_counter()
                service.ask(question, user=user)
                runs[label].append(time.perf_counter() - started)
    off = statistics.median(runs["off"])
    result = {"off_p50_ms": round(off * 1000, 2)}
    for name in users:
        p50 = statistics.median(runs[name])
        result[f"{name}_p50_ms"] = round(p50 * 1000, 2)
        result[f"{name}_vs_off"] = round(p50 / off, 3)
    print(f"access overhead, {args.rounds} rounds of {len(questions)} questions: " + ", ".join(
        f"{k} {v}" for k, v in result.items()), flush=True)  # fmt: skip
    return result


def _login(text: str) -> tuple[str, str]:
    name, sep, password = text.partition(":")
    if not sep or not name:
        raise argparse.ArgumentTypeError("--login takes NAME:PASSWORD")
    return name, password


def main() -> int:
    import json
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--via", choices=("ui", "api", "both"), default="both")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=100, help="total requests, shared by all clients")
    parser.add_argument(
        "--gold",
        type=Path,
        nargs="*",
        metavar="FILE",
        help="ask the questions of these gold files (bench/gold/corpus-questions*.json) instead of the 8 built in",
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds one answer may take")
    parser.add_argument(
        "--login",
        action="append",
        type=_login,
        metavar="NAME:PASSWORD",
        help="log the clients in as this user of the access file (repeatable: the clients take turns)",
    )
    parser.add_argument(
        "--access-overhead",
        type=Path,
        metavar="ACCESS_FILE",
        help="no server: the core's answer p50 without access control and with this file, per --login user",
    )
    parser.add_argument("--index", type=Path, default=Path("index"), help="the index of --access-overhead")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of the questions (--access-overhead)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.access_overhead:
        questions = list(QUESTIONS)
        if args.gold:
            questions = [q["question"] for path in args.gold for q in json.loads(path.read_text())["questions"]]
        overhead = access_overhead(args, questions)
        if args.json:
            args.json.write_text(json.dumps(overhead, indent=2) + "\n", encoding="utf-8")
        return 0
    if not _is_loopback(args.url):
        print(f"refusing {args.url}: this load test only targets this machine (127.0.0.1 / localhost)", file=sys.stderr)
        return 2
    questions = list(QUESTIONS)
    if args.gold:
        questions = [q["question"] for path in args.gold for q in json.loads(path.read_text())["questions"]]
    results = [run(via, args, questions) for via in (("ui", "api") if args.via == "both" else (args.via,))]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
