"""Load test of the running web UI over loopback: concurrent clients asking questions.

    .venv/bin/reportqa serve --port 7860 &            # the UI, on this machine
    .venv/bin/python bench/load_ui.py --clients 20 --questions 100

Each of --clients threads holds its own gradio_client connection and asks questions from a
fixed list until --questions answers have been requested in all (bounded in count, and each
request in time by --timeout). Prints errors (must be 0) and latency p50/p99.
Only addresses on this machine are accepted.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=100, help="total requests, shared by all clients")
    parser.add_argument("--timeout", type=float, default=120, help="seconds one answer may take")
    args = parser.parse_args()
    if not _is_loopback(args.url):
        print(f"refusing {args.url}: this load test only targets this machine (127.0.0.1 / localhost)", file=sys.stderr)
        return 2

    from gradio_client import Client

    remaining = iter(range(args.questions))
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []

    def worker(number: int) -> None:
        try:
            client = Client(args.url, verbose=False)
        except Exception as exc:  # a client that cannot connect counts as errors for its share
            with lock:
                errors.append(f"client {number}: cannot connect: {exc}")
            return
        while True:
            with lock:
                request = next(remaining, None)
            if request is None:
                return
            question = QUESTIONS[request % len(QUESTIONS)]
            started = time.perf_counter()
            try:
                job = client.submit(question, [], "", "", api_name="/ask")
                outputs = job.result(timeout=args.timeout)  # (cleared question box, conversation, status line)
                answer_html = next((o for o in outputs if isinstance(o, str) and "rq-turn" in o), "")
                if "rq-turn" not in answer_html:
                    raise ValueError(f"unexpected answer: {answer_html[:120]!r}")
                if "<script>alert" in answer_html:
                    raise ValueError("question HTML was not escaped")
            except Exception as exc:
                with lock:
                    errors.append(f"request {request}: {type(exc).__name__}: {exc}")
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
    print(
        f"{args.clients} clients, {args.questions} questions in {wall:.1f} s: {len(latencies)} answered, {len(errors)} errors"
    )
    if latencies:
        print(
            f"latency p50 {statistics.median(latencies):.2f} s, p99 {p99:.2f} s, throughput {len(latencies) / wall:.2f} answers/s"
        )
    for error in errors[:10]:
        print("  " + error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
