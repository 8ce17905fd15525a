"""Who may read what (issue 33): the leak matrix, in the core and through every face.

A corpus with a restricted report (board/) holding words and a person found nowhere else; a
user of the board group reads it, a user of the staff group does not, an admin reads all. The
core is asked every way it can be (answers, declines, questions across reports, search, the
documents, the who's who, the timeline, passages, page images, corrections, deletion) and none
of the restricted words may come back to the staff user; then the same through the JSON API
(every route, enumerated from the app so that a new one cannot be forgotten), Gradio's own API
and 20 concurrent clients of two users; then the CLI's users and audit commands.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from reportqa import payloads
from reportqa.access import AccessError, AccessFile, LoginGuard
from reportqa.config import Settings
from reportqa.ingest import ingest
from reportqa.service import AnswerService, CorrectionError, LoginRequired, NotAllowed, UnknownDocument

from .conftest import MINUTES, VISIT_REPORT, running_server

RESTRICTED = """Visit Report: Vardenfell Foundation at the Harbour Innovation Hub
Date: 2023-03-03

On 3 March 2023 Mr. Bartholomew Quenneville, chief treasurer of the Vardenfell Foundation, visited the Harbour Innovation Hub.
He said that the Vardenfell Foundation wants to fund the Zanthorium desalination programme with 7.7 million euros.
The Harbour Innovation Hub was represented by its director, Mr. Otto Brandt.
The board approved the confidential Zanthorium acquisition in a closed session.
"""
SECRETS = ("zanthorium", "quenneville", "bartholomew", "vardenfell", "desalination", "7.7 million")
COLLECTIONS = """# who reads what
[[collections]]
match = "public/*"
groups = ["staff", "board"]
writers = ["staff"]

[[collections]]
match = "board/*"
groups = ["board"]
writers = ["board"]
"""
PASSWORDS = {"alice": "alice-password-1", "bob": "bob-password-1", "root": "root-password-1"}
GROUPS = {"alice": ["board"], "bob": ["staff"], "root": ["admin"]}
QUESTIONS = (
    "What does the Vardenfell Foundation want to fund?",
    "Who is Bartholomew Quenneville?",
    "What is Zanthorium?",
    "Who visited the Harbour Innovation Hub?",
    "Which visits took place in 2023?",
    "How many visits were there in 2023?",
    "What did the board approve in a closed session?",
    "Who is the chief treasurer of the Vardenfell Foundation?",
    "When did Mr. Quenneville visit?",
    "Which organisations visited the Harbour Innovation Hub in 2023?",
    "How many visits did the Harbour Innovation Hub receive in 2023?",
    "What amounts in euros were approved or pledged in 2023 and 2024?",
)


def leaked(payload: object, asked: str = "") -> list[str]:
    """The restricted words in ``payload`` that the request itself (``asked``) did not hold: an
    answer may repeat the question's words, never add the report's."""
    text = json.dumps(payload, ensure_ascii=False).lower() if not isinstance(payload, str) else payload.lower()
    return [word for word in SECRETS if word in text and word not in asked.lower()]


def write_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "public").mkdir(parents=True)
    (corpus / "board").mkdir()
    (corpus / "public" / "qingdao-visit.txt").write_text(VISIT_REPORT, encoding="utf-8")
    (corpus / "public" / "finance-minutes.md").write_text(MINUTES, encoding="utf-8")
    (corpus / "board" / "vardenfell-visit.txt").write_text(RESTRICTED, encoding="utf-8")
    return corpus


def write_access(path: Path) -> None:
    path.write_text(COLLECTIONS, encoding="utf-8")
    access = AccessFile.load(path)
    for name, groups in GROUPS.items():
        access.set_user(name, groups, PASSWORDS[name])
    access.save()


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("access")
    corpus = write_corpus(root)
    settings = Settings(index_dir=root / "index", corpus_dir=corpus, show_progress=False)
    ingest([corpus], settings, embedder=embedder)
    write_access(settings.access_path())
    return root, settings


@pytest.fixture(scope="module")
def service(indexed, embedder):
    return AnswerService(indexed[1], embedder=embedder)


def user(service, name):
    found = service.login(name, PASSWORDS[name], "127.0.0.1")
    assert found is not None
    return found


def test_the_access_file_keeps_hashes_and_the_hand_written_collections(indexed):
    _, settings = indexed
    text = settings.access_path().read_text()
    assert "# who reads what" in text and 'match = "board/*"' in text
    assert not any(password in text for password in PASSWORDS.values())
    assert "$argon2id$" in text
    assert settings.access_path().stat().st_mode & 0o077 == 0
    access = AccessFile.load(settings.access_path())
    assert access.check_password("alice", PASSWORDS["alice"]).groups == {"board"}
    assert access.check_password("alice", PASSWORDS["bob"]) is None
    assert access.check_password("nobody", "whatever-else") is None
    rules = access.rules
    assert rules.may_read(frozenset({"staff"}), "public/x.txt") and not rules.may_read(frozenset({"staff"}), "board/x")
    assert not rules.may_read(frozenset({"staff", "board"}), "new-folder/x.txt")  # no rule: admin only
    assert rules.may_read(frozenset({"admin"}), "new-folder/x.txt")
    assert rules.may_write(frozenset({"board"}), "board/y.md") and not rules.may_write(frozenset({"board"}), "public/y")
    with pytest.raises(AccessError):
        access.set_user("carol", [], "long-enough-1")
    with pytest.raises(AccessError):
        access.set_user("carol", ["staff"], "")


def test_the_core_never_gives_a_restricted_word_to_a_reader_of_other_collections(service):
    alice, bob, root = (user(service, n) for n in ("alice", "bob", "root"))
    restricted = next(r for r in service.records(root) if r.source.startswith("board/"))
    # The board's reader asks first: whatever the service keeps from her questions must not reach bob.
    answer = service.ask(QUESTIONS[0], user=alice)
    assert "zanthorium" in leaked(payloads.answer_payload(answer))
    assert service.entities("Quenneville", user=alice)
    assert any("vardenfell" in t.source for t in service.timeline(user=alice))

    counted = "How many visits did the Harbour Innovation Hub receive in 2023?"  # a count across reports
    assert len(service.ask(counted, user=alice).rows) == 2
    for question in QUESTIONS:
        assert not leaked(payloads.answer_payload(service.ask(question, user=bob)), question), question
    assert len(service.ask(counted, user=bob).rows) == 1  # counted among the readable reports only
    for mode in ("dense", "bm25", "hybrid"):
        hits = service.search("Zanthorium desalination Vardenfell Quenneville", k=20, mode=mode, user=bob)
        assert not leaked(payloads.search_payload("", hits))
    assert not leaked(payloads.documents_payload(service.records(bob), []))
    assert {r.source for r in service.records(bob)} == {"public/qingdao-visit.txt", "public/finance-minutes.md"}
    assert not leaked(payloads.entities_payload(service.entities(user=bob)))
    assert service.entities("Quenneville", user=bob) == []  # known only from the restricted report
    brandt = service.entities("Otto Brandt", user=bob)  # named in both: only the readable report counts
    assert brandt and [d.source for d in brandt[0].documents] == ["public/qingdao-visit.txt"]
    assert not leaked(payloads.timeline_payload(service.timeline(user=bob)))
    assert not leaked([e.as_dict() for e in service.directory(bob).entities])
    assert service.passages([f"{restricted.doc_id}:0"], bob) == {}
    assert service.manifest(bob).documents == 2 and service.manifest(root).documents == 3
    assert service.entity_progress(bob).reports == 2 and service.entity_progress(root).reports == 3
    with pytest.raises(UnknownDocument):
        service.page_image(restricted.doc_id, 1, user=bob)
    with pytest.raises(UnknownDocument):
        service.delete(restricted.doc_id, bob)
    assert not service.matches_anything(service_filters(restricted.doc_id), bob)
    # A restricted word is declined as a word no report uses, not in a way that tells it exists.
    secret = service.ask("What is Zanthorium?", user=bob).text
    absent = service.ask("What is Glorbfluxium?", user=bob).text
    assert secret.replace("Zanthorium", "X") == absent.replace("Glorbfluxium", "X")
    # The admin reads everything.
    assert "quenneville" in leaked(payloads.entities_payload(service.entities("Quenneville", user=root)))


def test_every_ui_rendering_gives_the_staff_user_no_restricted_word(service, tmp_path):
    """What each UI event shows (WebPage, made per request for its user), asked directly -- also
    the events the page offers no control for, e.g. a hand-made call naming the restricted person."""
    from reportqa.webpage import WebPage

    bob, alice = WebPage(service, user(service, "bob")), WebPage(service, user(service, "alice"))
    person = "Bartholomew Quenneville"
    assert "quenneville" in leaked(alice.entity_html(person) + alice.timeline_figure(person).to_json())
    shown = [
        bob.stats_markdown(),
        bob.report_choices(),
        bob.documents_table(),
        bob.entity_choices(),
        bob.entity_tables(),
        bob.timeline_figure().to_json(),  # the chart's hover text too
        bob.timeline_figure(person).to_json(),
        bob.entity_html(person),
        bob.entity_html("Otto Brandt"),
        bob.search_html("Zanthorium Vardenfell desalination"),
        bob.search_html("visit", entities=[person]),
        bob.answer_html(QUESTIONS[0]),
        bob.answer_html("Which visits took place in 2023?", entities=["Harbour Innovation Hub"]),
    ]
    asked = " ".join([person, "Zanthorium Vardenfell desalination", QUESTIONS[0]])
    assert not leaked([str(item) for item in shown], asked)
    upload = tmp_path / "board-notes.txt"
    upload.write_text("Notes.", encoding="utf-8")
    assert bob.upload([str(upload)]).startswith("Refused:")


def test_a_correction_naming_a_restricted_person_is_listed_only_to_those_who_read_them(service):
    root, bob = user(service, "root"), user(service, "bob")
    service.correct("set_role", "Bartholomew Quenneville", "root", value="honorary treasurer", user=root)
    listed = payloads.corrections_payload(service.corrections(root))
    assert leaked(listed), listed
    assert not leaked(payloads.corrections_payload(service.corrections(bob)))
    with pytest.raises(CorrectionError):  # bob cannot correct whom he cannot see
        service.correct("hide", "Bartholomew Quenneville", "bob", user=bob)


def test_a_merge_of_a_visible_record_with_a_restricted_one_is_not_listed_to_those_who_cannot_read_it(service):
    # The merge matches Lin Xiaoyu, whom bob reads about; it names Quenneville, whom he may not.
    root, bob = user(service, "root"), user(service, "bob")
    service.correct("merge", "Lin Xiaoyu", "root", others=["Bartholomew Quenneville"], user=root)
    assert leaked(payloads.corrections_payload(service.corrections(root)))
    assert not leaked(payloads.corrections_payload(service.corrections(bob)))


def service_filters(doc_id):
    from reportqa.service import Filters

    return Filters(documents=(doc_id,))


def test_access_on_means_no_user_no_data_and_writers_only_write_their_collections(service, tmp_path):
    with pytest.raises(LoginRequired):
        service.ask("Who visited?")
    with pytest.raises(LoginRequired):
        service.search("visit")
    with pytest.raises(LoginRequired):
        service.entities()
    bob = user(service, "bob")
    service.ask("Who visited?", user=bob)
    service.search("visit", user=bob)
    service.entities(user=bob)
    service.timeline(user=bob)
    upload = tmp_path / "notes.txt"
    upload.write_text("Some notes on the harbour.", encoding="utf-8")
    with pytest.raises(NotAllowed):  # uploads/ are matched by no collection: the admin's
        service.add_files([upload], bob)
    events = service.audit_events("bob")
    assert {"ask", "search", "entities", "timeline", "upload"} <= {e["action"] for e in events}
    denied = [e for e in events if e["outcome"] == "denied"]
    assert denied and denied[-1]["cited"] == ["notes.txt"]
    for event in service.audit_events():
        assert {"time", "user", "address", "action", "outcome"} <= event.keys()
        assert not any(p in json.dumps(event) for p in PASSWORDS.values())
    asked = next(e for e in events if e["action"] == "ask")
    assert asked["question"] and "cited" in asked and asked["address"] == "127.0.0.1"


def test_failed_logins_wait_longer_each_time_and_are_logged(service):
    guard = LoginGuard(base=0.05, cap=1.0)
    assert guard.delay("eve", "10.0.0.9") == 0
    guard.failed("eve", "10.0.0.9")
    first = guard.delay("eve", "10.0.0.9")
    guard.failed("eve", "10.0.0.9")
    second = guard.delay("eve", "10.0.0.9")
    assert 0 < first < second <= 0.1
    assert guard.delay("someone-else", "10.0.0.9") > 0  # the address waits too
    guard.succeeded("eve", "10.0.0.9")
    assert guard.delay("eve", "10.0.0.9") == 0
    guard.failed(None, "10.0.0.8")  # a wrong token names no user: only its address waits
    assert guard.delay(None, "10.0.0.8") > 0 and guard.delay("eve", "10.0.0.1") == 0

    assert service.login("bob", "wrong-password", "10.0.0.7") is None
    started = time.monotonic()
    assert service.login("bob", "wrong-again", "10.0.0.7") is None
    assert time.monotonic() - started >= service.login_guard.base * 0.9
    failed = [e for e in service.audit_events("bob") if e["action"] == "login"]
    assert [e["outcome"] for e in failed[-2:]] == ["failed", "failed"] and failed[-1]["failures"] == 2
    assert "wrong" not in json.dumps(failed)
    assert service.login("bob", PASSWORDS["bob"], "10.0.0.7") is not None  # after the delay, the right one passes


def test_without_an_access_file_nothing_changes(tmp_path, embedder):
    corpus = write_corpus(tmp_path)
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=corpus, show_progress=False, entities=False)
    ingest([corpus / "public"], settings, embedder=embedder)
    service = AnswerService(settings, embedder=embedder)
    assert not service.access_on
    assert service.search("underwater robotics", k=1)[0].source == "qingdao-visit.txt"
    assert len(service.records()) == 2
    assert not settings.audit_path().exists()  # no audit log without access control


# --- the faces: a real server ------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(indexed):
    root, settings = indexed
    env = {
        **os.environ,
        "REPORTQA_INDEX": str(settings.index_dir),
        "REPORTQA_CORPUS": str(settings.corpus_dir),
        "REPORTQA_ACCESS": str(settings.access_path()),
    }
    env.pop("REPORTQA_AUTH", None)
    env.pop("REPORTQA_API_TOKEN", None)
    with running_server(root, env) as url:
        yield url, root, settings, env


def api_requests(restricted_id: str) -> list[tuple[str, str, dict]]:
    """One request per API route, found in the app itself (so a new route is not forgotten), with
    the restricted report's words and id wherever the route takes them."""
    from fastapi.routing import APIRoute

    from reportqa.api import build_api

    app = build_api(AnswerService(Settings(index_dir=Path("/nonexistent/index"))))
    requests = {
        ("GET", "/api/search"): {"params": {"q": "Zanthorium Vardenfell Quenneville desalination", "k": 20}},
        ("POST", "/api/ask"): {"json": {"question": "What does the Vardenfell Foundation want to fund?"}},
        ("GET", "/api/documents"): {},
        ("POST", "/api/documents"): {"files": [("files", ("vardenfell-2.txt", RESTRICTED.encode()))]},
        ("DELETE", "/api/documents/{doc_id}"): {},
        ("GET", "/api/documents/{doc_id}/pages/{number}.png"): {},
        ("GET", "/api/entities"): {"params": {"name": "Quenneville"}},
        ("GET", "/api/entities/corrections"): {},
        ("GET", "/api/entities/status"): {},
        ("POST", "/api/entities/corrections"): {"json": {"action": "hide", "name": "Bartholomew Quenneville"}},
        ("GET", "/api/timeline"): {},
        ("GET", "/api/health"): {},
    }
    found = []
    for route in app.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:  # the docs page, the catch-all
            continue
        for method in route.methods:
            assert (method, route.path) in requests, f"new API route {method} {route.path}: add it to the leak matrix"
            path = route.path.replace("{doc_id}", restricted_id).replace("{number}", "1")
            found.append((method, path, requests[(method, route.path)]))
    assert len(found) == len(requests)
    return found


def test_every_api_route_keeps_the_restricted_report_from_the_staff_user(server):
    url, *_, env = server
    with httpx.Client(base_url=url, timeout=120) as client:
        assert client.get("/api/documents").status_code == 401
        assert client.get("/api/documents", auth=("bob", "wrong-password")).status_code == 401
        listing = client.get("/api/documents", auth=("root", PASSWORDS["root"]))
        assert listing.status_code == 200, listing.text
        records = listing.json()["documents"]
        restricted = next(r["id"] for r in records if r["source"].startswith("board/"))
        token = cli(env, "users", "token", "bob").strip()
        for method, path, options in api_requests(restricted):
            for auth in ({"auth": ("bob", PASSWORDS["bob"])}, {"headers": {"Authorization": f"Bearer {token}"}}):
                response = client.request(method, path, **options, **auth)
                assert response.status_code in (200, 400, 403, 404, 503), (method, path, response.text)
                text = response.content.decode("utf-8", "replace")
                sent = options.get("json") or options.get("params") or [f[1][0] for f in options.get("files", [])]
                asked = json.dumps(sent)  # the request's own words may come back (an echoed question, a file name)
                assert not leaked(text, asked), (method, path)
        # The board's reader and the admin get the words through the same routes.
        asked = client.post("/api/ask", json={"question": QUESTIONS[0]}, auth=("alice", PASSWORDS["alice"]))
        assert "zanthorium" in leaked(asked.json())
        people = client.get("/api/entities", params={"name": "Quenneville"}, auth=("root", PASSWORDS["root"]))
        assert leaked(people.json())


def test_twenty_concurrent_clients_of_two_users_see_only_their_own(server):
    url, *_ = server
    failures: list[str] = []

    def client(name: str, number: int) -> None:
        with httpx.Client(base_url=url, timeout=300, auth=(name, PASSWORDS[name])) as http:
            for question in QUESTIONS[number % 3 :: 3]:
                body = http.post("/api/ask", json={"question": question}).json()
                found = leaked(body, question)
                if name == "bob" and found:
                    failures.append(f"bob got {found} for {question!r}")
            entities = http.get("/api/entities").json()
            if name == "bob" and leaked(entities):
                failures.append("bob's who's who has restricted people")
            if name == "alice" and not leaked(entities):
                failures.append("alice's who's who lacks the restricted report's people")

    threads = [threading.Thread(target=client, args=("alice" if i % 2 else "bob", i)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_gradio_api_keeps_the_restricted_report_from_the_staff_user(server):
    from gradio_client import Client

    url, *_ = server
    bob = Client(url, auth=("bob", PASSWORDS["bob"]), verbose=False)
    for number, question in enumerate(QUESTIONS[:4]):
        result = bob.predict(question, [], "", "", [], api_name="/ask")  # the history (a State) is not an input
        # The conversation shows the earlier turns too: their questions may come back.
        assert not leaked(result, " ".join(QUESTIONS[: number + 1])), question
    assert not leaked(bob.predict("Zanthorium Vardenfell", [], "", "", [], api_name="/search"), "Zanthorium Vardenfell")
    alice = Client(url, auth=("alice", PASSWORDS["alice"]), verbose=False)
    assert "zanthorium" in leaked(alice.predict(QUESTIONS[0], [], "", "", [], api_name="/ask"))
    with pytest.raises(Exception):  # noqa: B017 -- gradio_client raises its own error for a refused login
        Client(url, auth=("bob", "wrong-password"), verbose=False)


def cli(env, *args, stdin=None):
    done = subprocess.run(
        [sys.executable, "-m", "reportqa", *args], env=env, capture_output=True, text=True, timeout=300, input=stdin
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_cli_adds_lists_tokens_and_removes_users_and_reads_the_audit_log(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTQA_")}
    path = tmp_path / "access.toml"
    assert "Added carol" in cli(env, "users", "add", "carol", "--group", "board", "--group", "staff",
                                "--password-stdin", "--access", str(path), stdin="carol-secret-pw\n")  # fmt: skip
    token = cli(env, "users", "token", "carol", "--access", str(path)).strip()
    assert token.startswith("rqa_") and token not in path.read_text() and "carol-secret-pw" not in path.read_text()
    listed = json.loads(cli(env, "users", "list", "--json", "--access", str(path)))
    assert listed == {"users": [{"name": "carol", "groups": ["board", "staff"], "password": True, "token": True}]}
    access = AccessFile.load(path)
    assert access.check_token(token).name == "carol" and access.check_password("carol", "carol-secret-pw")
    cli(env, "users", "remove", "carol", "--access", str(path))
    assert json.loads(cli(env, "users", "list", "--json", "--access", str(path))) == {"users": []}
    assert AccessFile.load(path).check_token(token) is None

    settings = Settings(index_dir=tmp_path / "index")
    service = AnswerService(settings)
    service.access_on = True
    service.audit_log.write("dave", "ask", "answered", "10.1.1.1", question="Who came?", cited=["a.txt"])
    service.audit_log.write("erin", "search", "ok", None, question="budget", cited=[])
    audit = json.loads(cli(env, "audit", "--json", "--user", "dave", "--index", str(settings.index_dir)))
    assert [(e["user"], e["action"], e["question"], e["cited"]) for e in audit["events"]] == [
        ("dave", "ask", "Who came?", ["a.txt"])
    ]
    assert all({"time", "user", "action"} <= e.keys() for e in audit["events"])
    later = json.loads(cli(env, "audit", "--json", "--since", "2999-01-01", "--index", str(settings.index_dir)))
    assert later == {"events": []}


def test_the_audit_log_rotates_by_size_and_reads_across_its_files(tmp_path):
    from reportqa.audit import AuditLog, read_events

    log = AuditLog(tmp_path / "audit.jsonl", max_bytes=400, keep=3)
    for number in range(30):
        log.write("u", "ask", "answered", question=f"question {number}")
    assert (tmp_path / "audit.jsonl.1").exists() and not (tmp_path / "audit.jsonl.4").exists()
    questions = [e["question"] for e in read_events(tmp_path / "audit.jsonl")]
    assert questions == [f"question {n}" for n in range(30 - len(questions), 30)] and len(questions) > 5


def test_the_web_page_shows_the_staff_user_no_restricted_word_and_the_board_user_its_report(server):
    """In Debian's chromium (as tests/test_browser.py): log in on the page, ask, open every tab."""
    from playwright.sync_api import expect, sync_playwright

    from .test_browser import CHROMIUM, CHROMIUM_FLAGS

    url, *_ = server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        seen = {}
        for name in ("bob", "alice"):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(60_000)
            page.goto(url + "/")
            page.locator("input[type=password]").wait_for()
            page.locator("input:not([type=password])").first.fill(name)
            page.locator("input[type=password]").fill(PASSWORDS[name])
            page.locator("input[type=password]").press("Enter")
            page.locator("#rq-question textarea").wait_for()
            expect(page.locator("#rq-stats")).to_contain_text("reports")  # the page load filled the page in
            page.locator("#rq-question textarea").fill(QUESTIONS[0])
            page.locator("#rq-ask").click()
            page.locator("#rq-conversation .rq-answer").wait_for()
            html = page.content()
            for tab in ("Documents", "People & timeline"):
                page.get_by_role("tab", name=tab).click()
                page.wait_for_timeout(1500)
                html += page.content()
            seen[name] = html
            page.close()
        browser.close()
    assert "**" not in seen["bob"] and "2</strong> reports" in seen["bob"]
    assert not leaked(seen["bob"], QUESTIONS[0])
    assert "quenneville" in leaked(seen["alice"]) and "board/vardenfell-visit.txt" in seen["alice"]


def test_the_command_line_reads_everything_as_the_local_admin_and_is_audited(indexed):
    _, settings = indexed
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTQA_")}
    where = ["--index", str(settings.index_dir)]
    people = json.loads(cli(env, "entities", "Quenneville", "--json", *where))
    assert leaked(people)  # whoever can run commands on the index's machine reads its files anyway
    answer = json.loads(cli(env, "ask", QUESTIONS[0], "--json", *where))
    assert "zanthorium" in leaked(answer)
    events = json.loads(cli(env, "audit", "--json", "--since", "2000-01-01", *where))["events"]
    mine = [e for e in events if str(e["user"]).startswith("local:")]
    assert {"entities", "ask"} <= {e["action"] for e in mine}


def test_the_store_scope_holds_on_milvus_too(tmp_path, embedder):
    """The same cut on the other store (milvus-lite): its searches get the readable reports as their filter."""
    corpus = write_corpus(tmp_path)
    database = tmp_path / "milvus.db"
    settings = Settings(
        index_dir=tmp_path / "index", corpus_dir=corpus, show_progress=False, store=f"milvus:{database}"
    )
    try:
        ingest([corpus], settings, embedder=embedder)
        write_access(settings.access_path())
        service = AnswerService(settings, embedder=embedder)
        alice, bob = user(service, "alice"), user(service, "bob")
        assert "zanthorium" in leaked(payloads.answer_payload(service.ask(QUESTIONS[0], user=alice)))
        for question in QUESTIONS[:5]:
            assert not leaked(payloads.answer_payload(service.ask(question, user=bob)), question), question
        for mode in ("dense", "bm25", "hybrid"):
            hits = service.search("Zanthorium desalination Vardenfell Quenneville", k=20, mode=mode, user=bob)
            assert not leaked(payloads.search_payload("", hits))
            assert {h.source for h in hits} <= {"public/qingdao-visit.txt", "public/finance-minutes.md"}
        assert service.search("Zanthorium", k=5, mode="dense", user=bob)  # the readable reports, not nothing
        assert not leaked(payloads.entities_payload(service.entities(user=bob)))
        assert not leaked(payloads.timeline_payload(service.timeline(user=bob)))
        assert len(service.records(bob)) == 2
    finally:
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(str(database))


def test_an_access_file_deleted_under_a_running_service_lets_nobody_in(tmp_path):
    settings = Settings(index_dir=tmp_path / "index", show_progress=False)
    write_access(settings.access_path())
    service = AnswerService(settings)
    assert service.login("bob", PASSWORDS["bob"]) is not None and service.user("bob") is not None
    settings.access_path().unlink()
    assert service.access_on  # still on: deleting the file does not open the index to everyone
    assert service.login("bob", PASSWORDS["bob"]) is None and service.user("bob") is None
