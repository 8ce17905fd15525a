"""The README's and docs/' screenshots, taken from the bundled corpus in Debian's chromium.

    .venv/bin/python scripts/screenshots.py            # writes docs/ui-*.png

The bundled corpus is ingested into a temporary index, `reportqa serve` is started on a free
port and Playwright drives the pages a new user sees: an answer with its citation open, passage
search, the People & timeline tab, a Chinese report, and the Ask tab on a 390 px wide screen.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(page, question: str):
    page.locator("#rq-question textarea").fill(question)
    page.locator("#rq-ask").click()
    turn = page.locator("#rq-conversation .rq-turn").first
    turn.locator(".rq-answer").wait_for()
    return turn


def take(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.locator("#rq-question textarea").wait_for()

        turn = ask(page, "Who visited the Lingang Innovation Center from Jiangsu?")
        turn.locator("details.rq-cite summary").first.click()
        page.screenshot(path=str(DOCS / "ui-answer.png"), full_page=True)

        ask(page, "连云港市商务局希望在哪些领域合作？")
        page.locator("#rq-conversation .rq-turn").first.screenshot(path=str(DOCS / "ui-chinese.png"))

        page.get_by_role("tab", name="Documents").click()
        page.locator("#rq-search input, #rq-search textarea").first.fill("new medicines Lianyungang")
        page.locator("#rq-search-button").click()
        page.locator("#rq-results .rq-passage").first.wait_for()
        page.screenshot(path=str(DOCS / "ui-documents.png"), full_page=True)

        page.get_by_role("tab", name="People & timeline").click()
        page.locator("#rq-entity input").click()
        page.locator("#rq-entity input").fill("Chen Meiling")
        page.get_by_role("option", name="Chen Meiling (person)").click()
        page.locator("#rq-entity-detail .rq-roles").wait_for()
        page.screenshot(path=str(DOCS / "ui-people.png"), full_page=True)

        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(url)
        phone.locator("#rq-question textarea").wait_for()
        ask(phone, "Which industries does Lianyungang want to cooperate on?")
        phone.screenshot(path=str(DOCS / "ui-narrow.png"), full_page=True)
        browser.close()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="reportqa-shots-") as scratch:
        env = {**os.environ, "REPORTQA_INDEX": str(Path(scratch) / "index")}
        run = [sys.executable, "-m", "reportqa"]
        subprocess.run([*run, "ingest", str(ROOT / "corpus"), "--quiet"], env=env, check=True)
        port = free_port()
        server = subprocess.Popen(
            [*run, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        print("the UI server did not start", file=sys.stderr)
                        return 1
                    time.sleep(0.5)
            take(url)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"screenshots written to {DOCS}/ui-*.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
