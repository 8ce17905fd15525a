"""The HTTP JSON API through real HTTP: `reportqa serve` in a subprocess, httpx as the client.

The server starts with no index at all (503), gets its reports by upload, then serves what a
separate `reportqa ingest` adds; every JSON shape is compared with the CLI's `--json` output
for the same request, and each error status is provoked."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import httpx
import pytest

from .conftest import MINUTES, VISIT_REPORT, running_server, write_pdf

LOGIN = ("staff", "s3cret:with-colon")
TOKEN = "tok-0123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("api")
    env = {
        **os.environ,
        "REPORTQA_INDEX": str(root / "index"),
        "REPORTQA_CORPUS": str(root / "corpus"),
        "REPORTQA_AUTH": f"{LOGIN[0]}:{LOGIN[1]}",
        "REPORTQA_API_TOKEN": f"other-token,{TOKEN}",
        # Small limits, so that the 413s need no large files.
        "REPORTQA_MAX_TEXT_MB": "0.01",
        "REPORTQA_MAX_FILE_MB": "0.5",
    }
    with running_server(root, env) as url, httpx.Client(base_url=url, auth=LOGIN, timeout=120) as client:
        yield client, root, env


def cli(env, *args):
    done = subprocess.run(
        [sys.executable, "-m", "reportqa", *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if "--json" in args else done.stdout


def error(response, status):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and body["error"]
    return body["error"]


def test_the_api_walkthrough(server, tmp_path):
    """One server's life, in order: empty, uploads, an ingest beside it, deletions."""
    client, root, env = server

    # 1. No index yet: 503 for what needs one, an empty list of documents.
    assert "reportqa ingest" in error(client.get("/api/search", params={"q": "budget"}), 503)
    assert error(client.post("/api/ask", json={"question": "What was approved?"}), 503)
    error(client.get("/api/health"), 503)
    assert client.get("/api/documents").json() == {"documents": []}

    # 2. Upload two reports: ingested at once, copied under corpus/uploads/.
    (tmp_path / "qingdao-visit.txt").write_text(VISIT_REPORT, encoding="utf-8")
    (tmp_path / "finance-minutes.md").write_text(MINUTES, encoding="utf-8")
    files = [("files", (p.name, p.read_bytes())) for p in sorted(tmp_path.iterdir())]
    uploaded = client.post("/api/documents", files=files)
    assert uploaded.status_code == 200, uploaded.text
    assert sorted(uploaded.json()["added"]) == ["finance-minutes.md", "qingdao-visit.txt"]
    assert sorted(p.name for p in (root / "corpus" / "uploads").iterdir()) == [
        "finance-minutes.md",
        "qingdao-visit.txt",
    ]
    assert client.get("/api/health").json()["documents"] == 2

    # 3. Search and ask give what the CLI gives for the same request, to the byte.
    params = {"q": "underwater robotics", "k": 3}
    assert client.get("/api/search", params=params).json() == cli(
        env, "search", "underwater robotics", "-k", "3", "--json"
    )
    question = "What did the committee approve for 2024?"
    answer = client.post("/api/ask", json={"question": question}).json()
    assert answer == cli(env, "ask", question, "--json")
    assert "4.2 million euros" in answer["answer"] and answer["citations"][0]["source"] == "finance-minutes.md"

    # Filters: by source glob and by date, as the CLI's --doc and --from.
    only_visits = client.get("/api/search", params={"q": "budget", "doc": "qingdao*"}).json()
    assert {h["source"] for h in only_visits["hits"]} == {"qingdao-visit.txt"}
    later = client.post("/api/ask", json={"question": question, "from": "2023-05-01"}).json()
    assert later == cli(env, "ask", question, "--from", "2023-05-01", "--json")
    assert {c["source"] for c in later["citations"]} <= {"finance-minutes.md"}

    # 4. Entities and the timeline, as `reportqa entities/timeline --json`.
    assert client.get("/api/entities", params={"name": "Lin Xiaoyu"}).json() == cli(
        env, "entities", "Lin Xiaoyu", "--json"
    )
    timeline = client.get("/api/timeline", params={"from": "2023-01-01"}).json()
    assert timeline == cli(env, "timeline", "--from", "2023-01-01", "--json")
    assert any(e["kind"] == "visit" and e["date"] == "2023-04-11" for e in timeline["events"])

    # 5. A report ingested beside the server (not uploaded) is served by the next request.
    corpus = root / "corpus"
    write_pdf(corpus / "annual-report-2022.pdf")
    cli(env, "ingest", str(corpus), "--quiet")
    listed = {d["source"]: d for d in client.get("/api/documents").json()["documents"]}
    # The uploads keep the names they were first indexed under (a report is its file's location).
    assert sorted(listed) == ["annual-report-2022.pdf", "finance-minutes.md", "qingdao-visit.txt"]
    assert [listed[s]["uploaded"] for s in sorted(listed)] == [False, True, True]
    assert listed["annual-report-2022.pdf"]["pages"] == 3

    # 6. Delete: an ingested report leaves the index and keeps its file; an uploaded one loses its copy.
    pdf = listed["annual-report-2022.pdf"]["id"]
    removed = client.delete(f"/api/documents/{pdf}")
    assert removed.status_code == 200 and removed.json()["removed"] == ["annual-report-2022.pdf"]
    assert (corpus / "annual-report-2022.pdf").exists()
    minutes = listed["finance-minutes.md"]["id"]
    assert client.delete(f"/api/documents/{minutes}").json()["removed"] == ["finance-minutes.md"]
    assert not (corpus / "uploads" / "finance-minutes.md").exists()
    assert [d["source"] for d in client.get("/api/documents").json()["documents"]] == ["qingdao-visit.txt"]
    hits = client.get("/api/search", params={"q": "budget 4.2 million euros", "k": 10}).json()["hits"]
    assert {h["source"] for h in hits} == {"qingdao-visit.txt"}
    assert "no report with id" in error(client.delete(f"/api/documents/{minutes}"), 404)


def test_errors_come_back_as_json_with_a_fitting_status(server, tmp_path):
    client, root, _ = server
    client.post("/api/documents", files=[("files", ("minutes.md", MINUTES.encode()))])  # an index to ask

    assert "question" in error(client.post("/api/ask", json={"question": "  ?? "}), 400)
    assert "question" in error(client.post("/api/ask", json={}), 400)
    assert "YYYY-MM-DD" in error(client.get("/api/search", params={"q": "budget", "from": "2023-02-30"}), 400)
    assert "after" in error(
        client.get("/api/search", params={"q": "budget", "from": "2024-01-01", "to": "2023-01-01"}), 400
    )
    assert "k" in error(client.get("/api/search", params={"q": "budget", "k": 0}), 400)
    assert "mode" in error(client.get("/api/search", params={"q": "budget", "mode": "fuzzy"}), 400)
    assert "no report with id" in error(client.delete("/api/documents/0123456789abcdef"), 404)

    # 413: over its type's limit (text: 10 kB here), and a request too large by its header alone.
    big = ("files", ("long.txt", ("A sentence of a long report. " * 600).encode()))
    assert "limit for its type" in error(client.post("/api/documents", files=[big]), 413)
    huge = httpx.Request(
        "POST",
        f"{client.base_url}/api/documents",
        content=b"x" * 1_600_000,
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    huge.headers["authorization"] = httpx.BasicAuth(*LOGIN)._auth_header
    assert "MB" in error(client.send(huge), 413)
    # 409: another ingest holds the index; the upload leaves no file behind, the deletion removes nothing.
    from reportqa.config import Settings
    from reportqa.stores import open_backend

    held = open_backend(Settings(index_dir=root / "index"))
    # (the server's own ingest of the minutes ends with its second phase, the who's who: a slow
    # machine may still be in it, holding the lock this test means to hold)
    who_is_who_complete(client)
    with _lock_when_free(held):
        assert "another" in error(client.post("/api/documents", files=[("files", ("new.txt", b"A new report."))]), 409)
        listed = client.get("/api/documents").json()["documents"]
        assert "ingest" in error(client.delete(f"/api/documents/{listed[0]['id']}"), 409)
    held.close()
    assert not (root / "corpus" / "uploads" / "new.txt").exists()
    assert client.get("/api/documents").json()["documents"] == listed
    # 415: a type reportqa does not read; nothing of the request is stored.
    mixed = [("files", ("ok.txt", b"A fine report.")), ("files", ("photo.jpg", b"\xff\xd8\xff"))]
    assert ".pdf" in error(client.post("/api/documents", files=mixed), 415)
    sources = [d["source"] for d in client.get("/api/documents").json()["documents"]]
    assert "ok.txt" not in sources


def test_the_api_needs_the_login_or_a_token(server):
    client, _, _ = server
    url = str(client.base_url)
    for method, path in [("GET", "/api/search?q=budget"), ("POST", "/api/ask"), ("GET", "/api/documents"),
                         ("POST", "/api/documents"), ("DELETE", "/api/documents/x"), ("GET", "/api/entities"),
                         ("GET", "/api/timeline")]:  # fmt: skip
        refused = httpx.request(method, url + path, timeout=30)
        assert error(refused, 401) and refused.headers["www-authenticate"].startswith("Basic")
    wrong = [httpx.BasicAuth(LOGIN[0], "wrong"), httpx.BasicAuth("intruder", LOGIN[1])]
    for auth in wrong:
        error(httpx.get(url + "/api/documents", auth=auth, timeout=30), 401)
    for header in (f"Bearer {TOKEN}x", "Bearer other", "Basic !!notbase64", f"Token {TOKEN}"):
        error(httpx.get(url + "/api/documents", headers={"authorization": header}, timeout=30), 401)

    assert (
        httpx.get(url + "/api/documents", headers={"authorization": f"Bearer {TOKEN}"}, timeout=30).status_code == 200
    )
    assert httpx.get(url + "/api/documents", auth=LOGIN, timeout=30).status_code == 200


def test_openapi_docs_describe_every_route(server):
    client, _, _ = server
    assert client.get("/api/docs").status_code == 200
    spec = client.get("/api/openapi.json").json()
    assert set(spec["paths"]) >= {
        "/api/search", "/api/ask", "/api/documents", "/api/documents/{doc_id}", "/api/entities", "/api/timeline",
    }  # fmt: skip
    assert {"get", "post"} <= set(spec["paths"]["/api/documents"]) and "delete" in spec["paths"][
        "/api/documents/{doc_id}"
    ]


def test_the_ui_is_still_served_beside_the_api_and_asks_for_the_same_login(server):
    client, _, _ = server
    url = str(client.base_url)
    assert httpx.get(url + "/", timeout=30).status_code == 200  # the page, with its login form
    assert httpx.get(url + "/config", timeout=30).status_code == 401  # the app itself: not before the login
    with httpx.Client(base_url=url, timeout=30) as browser:
        assert browser.post("/login", data={"username": LOGIN[0], "password": "wrong"}).status_code == 400
        assert browser.post("/login", data={"username": LOGIN[0], "password": LOGIN[1]}).status_code == 200
        config = browser.get("/config")
        # The page's own reads of the API (a cited page's image) pass with the page's login...
        assert browser.get("/api/documents").status_code == 200
        # ...but not its writes: another site's form would carry the same cookie.
        error(browser.post("/api/entities/corrections", json={"action": "hide", "name": "x"}), 401)
    assert config.status_code == 200 and "components" in config.json()
    error(httpx.get(url + "/api/documents", cookies={"access-token-unsecure-x": "forged"}, timeout=30), 401)


def test_the_docs_page_loads_swagger_ui_from_this_server_only(server):
    """/api/docs must work on a network without internet: every file it loads is served here."""
    client, _, _ = server
    page = client.get("/api/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    loaded = re.findall(r'(?:src|href)="([^"]+)"', page.text) + re.findall(r"url: '([^']+)'", page.text)
    assert len(loaded) >= 4  # style sheet, icon, script, the OpenAPI document
    for url in loaded:
        assert url.startswith("/") and not url.startswith("//"), f"{url} is not on this server"
        fetched = client.get(url)
        assert fetched.status_code == 200 and fetched.content, url
    script = next(url for url in loaded if url.endswith(".js"))
    assert "SwaggerUIBundle" in client.get(script).text
    assert "/api/openapi.json" in loaded


def test_unknown_paths_and_methods_answer_in_the_api_shape(server):
    client, _, _ = server
    for path in ("/api/nowhere", "/api/search/deeper", "/api/docs/assets/missing.js"):
        assert path in error(client.get(path), 404)
    anonymous = httpx.get(str(client.base_url) + "/api/nowhere", timeout=30)  # no login needed to be told so
    assert error(anonymous, 404)
    for method, path, allowed in [("PUT", "/api/search", "GET"), ("GET", "/api/ask", "POST"),
                                  ("PATCH", "/api/documents", "GET, POST"), ("POST", "/api/entities", "GET"),
                                  ("POST", "/api/documents/0123456789abcdef", "DELETE")]:  # fmt: skip
        refused = client.request(method, path)
        assert method in error(refused, 405) and refused.headers["allow"] == allowed
    # Outside /api/ the UI's app answers as before.
    assert client.get("/").status_code == 200 and "<html" in client.get("/").text.lower()


def test_a_body_that_is_not_json_is_refused_in_plain_words(server):
    client, _, _ = server
    client.post("/api/documents", files=[("files", ("minutes.md", MINUTES.encode()))])  # an index to ask
    question = b'{"question": "What did the committee approve?"}'
    for content, content_type in [
        (b"What did the committee approve?", "application/json"),  # not JSON at all
        (b'{"question": "What did', "application/json"),  # cut short
        (question, "text/plain"),  # JSON, sent as something else
        (b"question=What+did+the+committee+approve", "application/x-www-form-urlencoded"),  # curl -d's default
        (b"", "application/json"),
        (b'["What did the committee approve?"]', "application/json"),  # JSON, but not an object
    ]:
        message = error(client.post("/api/ask", content=content, headers={"content-type": content_type}), 400)
        assert "must be a JSON object" in message and "question" in message, (content, message)
        assert "Field required" not in message and "decode" not in message
    assert client.post("/api/ask", content=question, headers={"content-type": "application/json"}).status_code == 200


AURORA_VISIT = """Visit Report: Aurora Polar Research Station at the Harbour Innovation Hub
Date: 2022-09-14

On 14 September 2022 Dr. Sigrid Aalto, director of the Aurora Polar Research Station, visited the Harbour Innovation Hub.
She said that the station wants to test sea-ice sensors with the hub's start-ups.
The Harbour Innovation Hub was represented by its director, Mr. Otto Brandt.
"""


def _lock_when_free(backend, seconds: float = 30):
    """The index's writer lock, once whoever holds it (the server finishing a write) lets go."""
    import time

    from reportqa.stores.base import IndexBusyError

    deadline = time.monotonic() + seconds
    while True:
        try:
            return backend.lock()
        except IndexBusyError:
            assert time.monotonic() < deadline, "the server kept the index locked"
            time.sleep(0.2)


def who_is_who_complete(client, seconds: float = 120) -> None:
    """Waits until the server's second phase of ingest has analysed every report."""
    import time

    deadline = time.monotonic() + seconds
    while client.get("/api/entities/status").json()["updating"]:
        assert time.monotonic() < deadline, "the who's who is still updating"
        time.sleep(0.2)


def test_doc_and_entity_take_one_string_or_a_list(server, tmp_path):
    client, _, _ = server
    reports = [
        ("files", ("aurora-visit.txt", AURORA_VISIT.encode())),
        ("files", ("qingdao.txt", (VISIT_REPORT + "Filed by the secretariat.\n").encode())),
    ]
    assert client.post("/api/documents", files=reports).status_code == 200
    # The uploads are answerable at once, their entities follow in the background: the same
    # question asked before and after they land may be answered from passages, then from the
    # event table. This test compares two asks, so it waits for the who's who.
    who_is_who_complete(client)
    question = "Who visited the Harbour Innovation Hub?"

    def ask(**filters):
        response = client.post("/api/ask", json={"question": question, **filters})
        assert response.status_code == 200, response.text
        return response.json()

    one = ask(doc="aurora*")
    assert one == ask(doc=["aurora*"]) and one["citations"]
    assert {c["source"] for c in one["citations"]} == {"aurora-visit.txt"}
    both = ask(doc=["aurora*", "qingdao.txt"])
    assert {c["source"] for c in both["nearest"] + both["citations"]} <= {"aurora-visit.txt", "qingdao.txt"}
    named = ask(entity="Sigrid Aalto")
    assert named == ask(entity=["Sigrid Aalto"])
    assert {c["source"] for c in named["citations"]} == {"aurora-visit.txt"}

    # In a query string a list is the parameter repeated; one value is a list of one.
    def sources(params):
        return {hit["source"] for hit in client.get("/api/search", params=params).json()["hits"]}

    assert sources({"q": "visit", "doc": "aurora*"}) == {"aurora-visit.txt"}
    assert sources({"q": "visit", "doc": ["aurora*", "qingdao.txt"]}) == {"aurora-visit.txt", "qingdao.txt"}
    assert sources({"q": "visit", "entity": ["Sigrid Aalto", "Lin Xiaoyu"]}) >= {"aurora-visit.txt", "qingdao.txt"}

    def events(params):
        return {(e["date"], e["source"]) for e in client.get("/api/timeline", params=params).json()["events"]}

    aalto, lin = events({"entity": "Sigrid Aalto"}), events({"entity": "Lin Xiaoyu"})
    assert ("2022-09-14", "aurora-visit.txt") in aalto and ("2023-04-11", "qingdao.txt") in lin
    assert events({"entity": ["Sigrid Aalto", "Lin Xiaoyu"]}) == aalto | lin

    # Anything else is refused with the types the filter takes.
    for wrong in (5, ["aurora*", 5], {"glob": "aurora*"}):
        assert "doc must be one string or a list of strings" in error(
            client.post("/api/ask", json={"question": question, "doc": wrong}), 400
        )
    spec = client.get("/api/openapi.json").json()["components"]["schemas"]["Body_ask_api_ask_post"]["properties"]
    assert {"type": "string"} in spec["doc"]["anyOf"] and {"type": "string"} in spec["entity"]["anyOf"]
