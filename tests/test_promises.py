"""Three promises held through the public surface only (issue 36):

1. visitors and hosts are never swapped in a visit event (``reportqa timeline --json``);
2. ``reportqa ingest --watch`` never ingests a file still being copied;
3. an upload with no extension, a double or lying one, or a name with folders in it is refused
   or stored safely, and a refused one leaves nothing in the corpus (``POST /api/documents``
   and the web UI's upload handler).
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import MINUTES, running_server, write_docx, write_pdf


def run(*args, env=None, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "reportqa", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


# --- 1. visitors and hosts are never swapped ----------------------------------------------------


def visit_report(title: str, date: str, body: str) -> str:
    return f"Visit Report: {title}\nDate: {date}\n\n{body}\n"


# (file, report, visitors, hosts, leader or None): each shape a visit report writes, in active and
# passive voice, with one or several people on each side; every participant is extracted today.
VISITS = [
    (
        "received-a-delegation-led-by.txt",
        visit_report(
            "Porto Maritime Cluster delegation at the Northern Robotics Park",
            "2024-01-09",
            "On 9 January 2024 Mr. Henrik Larsen, director of the Northern Robotics Park, received a delegation "
            "from the Porto Maritime Cluster led by Ms. Beatriz Moreira, president of the Porto Maritime Cluster.\n"
            "The two sides discussed cooperation on autonomous vessels.",
        ),
        {"Beatriz Moreira"},
        {"Henrik Larsen"},
        "Beatriz Moreira",
    ),
    (
        "visited-and-was-received-by.txt",
        visit_report(
            "Ms. Ingrid Solberg at the Danube Biotech Campus",
            "2024-02-13",
            "On 13 February 2024 Ms. Ingrid Solberg, deputy mayor of Bergen, visited the Danube Biotech Campus "
            "and was received by Dr. Tamas Horvath, rector of the campus.",
        ),
        {"Ingrid Solberg"},
        {"Tamas Horvath"},
        None,
    ),
    (
        "three-visited-where-two-received-them.txt",
        visit_report(
            "Lyon Chamber of Commerce at the Baltic Logistics Hub",
            "2024-03-05",
            "On 5 March 2024 Ms. Claire Dubois, Mr. Antoine Lefevre and Dr. Nadia Benali visited the Baltic "
            "Logistics Hub, where they were received by Mr. Jonas Petrauskas and Ms. Rasa Kazlauskiene.",
        ),
        {"Claire Dubois", "Antoine Lefevre", "Nadia Benali"},
        {"Jonas Petrauskas", "Rasa Kazlauskiene"},
        None,
    ),
    (
        "delegation-led-by-with-members.txt",
        visit_report(
            "Suzhou Industrial Park delegation to the Rhine Materials Institute",
            "2024-04-16",
            "On 16 April 2024 a delegation of the Suzhou Industrial Park visited the Rhine Materials Institute. "
            "The delegation was led by Mr. Zhou Ming, with Ms. Liu Yan and Mr. Chen Hao. They were received by "
            "Prof. Klaus Becker, director of the institute, and Dr. Anna Vogel.",
        ),
        {"Zhou Ming", "Liu Yan", "Chen Hao"},
        {"Klaus Becker", "Anna Vogel"},
        "Zhou Ming",
    ),
    (
        "the-hosts-were.txt",
        visit_report(
            "Valencia Port Authority visit to the Tallinn Digital Hub",
            "2024-05-21",
            "On 21 May 2024 Mr. Javier Ortega and Ms. Lucia Navarro of the Valencia Port Authority visited the "
            "Tallinn Digital Hub. The hosts were Mr. Mart Tamm and Ms. Kadri Saar.",
        ),
        {"Javier Ortega", "Lucia Navarro"},
        {"Mart Tamm", "Kadri Saar"},
        None,
    ),
    (
        "welcomed-a-delegation-led-by-and-including.txt",
        visit_report(
            "Kyoto Robotics Association delegation at the Lisbon Innovation Quarter",
            "2024-06-11",
            "On 11 June 2024 Mr. Pedro Almeida and Ms. Sofia Ramos welcomed a delegation of the Kyoto Robotics "
            "Association led by Mr. Kenji Watanabe and including Ms. Yuki Tanaka and Mr. Hiroshi Sato.",
        ),
        {"Kenji Watanabe", "Yuki Tanaka", "Hiroshi Sato"},
        {"Pedro Almeida", "Sofia Ramos"},
        "Kenji Watanabe",
    ),
    (
        "roles-on-both-sides.txt",
        visit_report(
            "Gdansk Shipyard Council at the Glasgow Ocean Centre",
            "2024-07-02",
            "On 2 July 2024 Ms. Agnieszka Nowak, president of the Gdansk Shipyard Council, Mr. Piotr Zielinski, "
            "head of its export office, and Dr. Marta Wojcik visited the Glasgow Ocean Centre. They were received "
            "by Mr. Callum Fraser, director of the Glasgow Ocean Centre, Ms. Eilidh Campbell, its treasurer, and "
            "Mr. Ewan Murray.",
        ),
        {"Agnieszka Nowak", "Piotr Zielinski", "Marta Wojcik"},
        {"Callum Fraser", "Eilidh Campbell", "Ewan Murray"},
        None,
    ),
    (
        "came-to-and-were-met-by.txt",
        visit_report(
            "Bilbao Energy Cluster visit to the Aarhus Wind Lab",
            "2024-08-20",
            "Mr. Iker Etxeberria and Ms. Ane Garcia of the Bilbao Energy Cluster came to the Aarhus Wind Lab on "
            "20 August 2024. They were met by Mr. Soren Madsen and Ms. Mette Kjaer.",
        ),
        {"Iker Etxeberria", "Ane Garcia"},
        {"Soren Madsen", "Mette Kjaer"},
        None,
    ),
    (
        "accompanied-by-then-received-the-visitors.txt",
        visit_report(
            "Turku Science Park visit to the Brno Technology Centre",
            "2024-09-10",
            "On 10 September 2024 Ms. Aino Virtanen, accompanied by Mr. Mikko Korhonen, visited the Brno "
            "Technology Centre. Mr. Jakub Dvorak received the visitors.",
        ),
        {"Aino Virtanen", "Mikko Korhonen"},
        {"Jakub Dvorak"},
        None,
    ),
]

# Shapes of which the entity stage misses some participants today (reported for entities.py): those
# it does list must still be on their own side.
PARTLY_READ_VISITS = [
    (
        "received-named-guests.txt",
        "On 1 October 2024 Mr. Olav Berg, director of the Fjord Robotics Park, received Ms. Marie Laurent and "
        "Mr. Paul Girard of the Nantes Maritime Cluster.",
        {"Marie Laurent", "Paul Girard"},
        {"Olav Berg"},
        None,
    ),
    (
        "welcomed-named-guests.txt",
        "On 2 October 2024 Mr. Olav Berg and Ms. Hilde Strand welcomed Ms. Marie Laurent and Mr. Paul Girard of "
        "the Nantes Maritime Cluster to the Fjord Robotics Park.",
        {"Marie Laurent", "Paul Girard"},
        {"Olav Berg", "Hilde Strand"},
        None,
    ),
    (
        "guests-were-received-by.txt",
        "On 3 October 2024 Ms. Marie Laurent and Mr. Paul Girard were received by Mr. Olav Berg and Ms. Hilde "
        "Strand at the Fjord Robotics Park.",
        {"Marie Laurent", "Paul Girard"},
        {"Olav Berg", "Hilde Strand"},
        None,
    ),
    (
        "headed-a-delegation.txt",
        "On 4 October 2024 Ms. Marie Laurent headed a delegation of the Nantes Maritime Cluster to the Fjord "
        "Robotics Park, with Mr. Paul Girard and Dr. Julie Moreau. Mr. Olav Berg and Ms. Hilde Strand received "
        "the delegation.",
        {"Marie Laurent", "Paul Girard", "Julie Moreau"},
        {"Olav Berg", "Hilde Strand"},
        "Marie Laurent",
    ),
    (
        "led-a-delegation-to-visit.txt",
        "On 5 October 2024 Mr. Wang Lei, Party Secretary of the Nantes Maritime Cluster, led a delegation to "
        "visit the Fjord Robotics Park. Mr. Olav Berg, chairman of the park, received the delegation.",
        {"Wang Lei"},
        {"Olav Berg"},
        "Wang Lei",
    ),
    (
        "paid-a-visit-hosted-by.txt",
        "On 6 October 2024 Ms. Marie Laurent and Mr. Paul Girard paid a visit to the Fjord Robotics Park, hosted "
        "by Mr. Olav Berg and Ms. Hilde Strand.",
        {"Marie Laurent", "Paul Girard"},
        {"Olav Berg", "Hilde Strand"},
        None,
    ),
    (
        "it-was-led-by-and-received-by.txt",
        "On 7 October 2024 a delegation from the Nantes Maritime Cluster visited the Fjord Robotics Park. It was "
        "led by Ms. Marie Laurent and received by Mr. Olav Berg.",
        {"Marie Laurent"},
        {"Olav Berg"},
        "Marie Laurent",
    ),
]


@pytest.fixture(scope="module")
def timeline(tmp_path_factory):
    """The corpus of visit reports ingested by ``reportqa ingest``; ``reportqa timeline --json``'s
    events by source."""
    root = tmp_path_factory.mktemp("visits")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text, *_ in VISITS:
        (corpus / name).write_text(text, encoding="utf-8")
    for n, (name, body, *_) in enumerate(PARTLY_READ_VISITS, start=1):
        title = "Nantes Maritime Cluster delegation at the Fjord Robotics Park"
        (corpus / name).write_text(visit_report(title, f"2024-10-{n:02d}", body), encoding="utf-8")
    index = root / "index"
    ingested = run("ingest", str(corpus), "--index", str(index), "--json")
    assert ingested.returncode == 0, ingested.stderr
    assert json.loads(ingested.stdout)["skipped"] == []
    listed = run("timeline", "--json", "--index", str(index))
    assert listed.returncode == 0, listed.stderr
    return {event["source"]: event for event in json.loads(listed.stdout)["events"]}


def sides(event: dict) -> tuple[set[str], set[str], list[str]]:
    return (
        {p["name"] for p in event["visitors"]},
        {p["name"] for p in event["hosts"]},
        [p["name"] for p in event["led_by"]],
    )


@pytest.mark.parametrize(("source", "visitors", "hosts", "leader"), [(v[0], *v[2:]) for v in VISITS])
def test_every_participant_of_a_visit_is_on_its_own_side(timeline, source, visitors, hosts, leader):
    event = timeline[source]
    assert event["kind"] == "visit"
    listed_visitors, listed_hosts, led_by = sides(event)
    people = visitors | hosts  # a body ("a delegation of the Suzhou Industrial Park") may come too
    for person in visitors:
        assert person in listed_visitors and person not in listed_hosts, (person, event)
    for person in hosts:
        assert person in listed_hosts and person not in listed_visitors, (person, event)
    assert listed_visitors & people == visitors and listed_hosts & people == hosts  # nobody else
    assert led_by == ([leader] if leader else []), event
    assert not set(led_by) & listed_hosts  # whoever led the delegation came with it


@pytest.mark.parametrize(("source", "visitors", "hosts", "leader"), [(v[0], *v[2:]) for v in PARTLY_READ_VISITS])
def test_no_participant_of_a_partly_read_visit_is_on_the_other_side(timeline, source, visitors, hosts, leader):
    event = timeline[source]
    assert event["kind"] == "visit"
    listed_visitors, listed_hosts, led_by = sides(event)
    assert listed_visitors | listed_hosts | set(led_by), event  # something was read
    assert not listed_visitors & hosts and not listed_hosts & visitors, event
    assert set(led_by) <= ({leader} if leader else set()), event


# --- 2. the watcher never ingests a file still being copied -------------------------------------

# Longer than the watcher's settle time (1 s) and its debounce (1.6 s): a copy from a slow disk or a
# network share stalls like this between blocks.
COPY_PAUSE_S = 1.8


class WatchCommand:
    """``reportqa ingest --watch --json`` in a subprocess: each ingest's summary arrives as a JSON line."""

    def __init__(self, corpus, index):
        self.index = index
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reportqa", "ingest", "--watch", str(corpus), "--index", str(index), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "REPORTQA_ENTITIES": "0"},
        )
        self.summaries: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.summaries.put(json.loads(line))

    def next(self, timeout=120) -> dict:
        return self.summaries.get(timeout=timeout)

    def until_quiet(self, seconds) -> list[dict]:
        """Every summary until none came for ``seconds``."""
        found = []
        while True:
            try:
                found.append(self.summaries.get(timeout=seconds))
            except queue.Empty:
                return found

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        _, err = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, err


class IndexWatch:
    """Reads the committed index every 0.1 s on a thread: the versions (sha256, or None when absent)
    of one report that a reader could ever see."""

    def __init__(self, index, source):
        from reportqa.config import Settings

        self.settings = Settings(index_dir=index, show_progress=False)
        self.source = source
        self.seen: list[str | None] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def version(self) -> str | None:
        from reportqa.stores import open_backend

        store = open_backend(self.settings)
        reader = store.open()
        try:
            return next((r.sha256 for r in reader.documents() if r.source == self.source), None)
        finally:
            reader.close()
            store.close()

    def _poll(self):
        while not self.done.wait(0.1):
            version = self.version()
            if not self.seen or self.seen[-1] != version:
                self.seen.append(version)

    def close(self) -> list[str | None]:
        self.done.set()
        self.thread.join(timeout=30)
        return self.seen


def slow_copy(path, data: bytes, blocks: int = 4):
    """Write ``data`` as a copy does, in blocks cut anywhere (mid-word), the file open throughout
    and a pause after each block but the last: (blocks - 1) x COPY_PAUSE_S, 5.4 s by default."""
    size = -(-len(data) // blocks)
    with open(path, "wb") as out:
        for start in range(0, len(data), size):
            if start:
                time.sleep(COPY_PAUSE_S)
            out.write(data[start : start + size])
            out.flush()


def ferry_report(ferries: int) -> bytes:
    lines = [f"Harbour board minutes, item {n}: the board discussed shore power for berth {n}." for n in range(30)]
    lines.append(f"In the last item the harbour board approved the purchase of {ferries} hydrogen ferries.")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture()
def watching(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minutes.txt").write_text("The finance committee approved the budget for 2024.\n", encoding="utf-8")
    command = WatchCommand(corpus, tmp_path / "index")
    assert command.next()["added"] == ["minutes.txt"]
    yield corpus, command
    command.stop()


def last_item_is_found(index, source, ferries):
    searched = run(
        "search", "How many hydrogen ferries did the harbour board approve?", "--index", str(index), "--json"
    )
    assert searched.returncode == 0, searched.stderr
    hit = json.loads(searched.stdout)["hits"][0]
    return hit["source"] == source and f"purchase of {ferries} hydrogen ferries" in hit["text"]


def test_a_file_copied_slowly_is_ingested_once_and_whole(watching):
    corpus, command = watching
    data = ferry_report(ferries=7)
    index = IndexWatch(command.index, "ferries.txt")
    slow_copy(corpus / "ferries.txt", data)
    summaries = command.until_quiet(6)
    seen = index.close()
    whole = hashlib.sha256(data).hexdigest()
    assert [s["added"] for s in summaries if s["added"] or s["updated"]] == [["ferries.txt"]], summaries
    assert seen == [None, whole]  # a reader never saw part of it
    assert last_item_is_found(command.index, "ferries.txt", 7)


def test_a_file_replaced_by_a_slow_copy_keeps_its_old_version_until_the_new_one_is_whole(watching):
    corpus, command = watching
    old, new = ferry_report(ferries=3), ferry_report(ferries=12)
    (corpus / "ferries.txt").write_bytes(old)
    assert command.next()["added"] == ["ferries.txt"]
    index = IndexWatch(command.index, "ferries.txt")
    slow_copy(corpus / "ferries.txt", new)  # truncated first, as cp and shutil.copyfile do
    summaries = command.until_quiet(6)
    seen = index.close()
    assert [s["updated"] for s in summaries if s["added"] or s["updated"]] == [["ferries.txt"]], summaries
    assert seen == [hashlib.sha256(old).hexdigest(), hashlib.sha256(new).hexdigest()]
    assert last_item_is_found(command.index, "ferries.txt", 12)


# --- 3. hostile upload names and contents -------------------------------------------------------


def zipped(members: dict[str, str]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


# (name as the browser or client sends it, content, words the refusal must use)
REFUSED_UPLOADS = [
    ("report", b"Visit report: the Narvik Port Authority visited the hub.", "unsupported file type"),
    ("report.pdf.exe", b"MZ\x90\x00\x03\x00\x00\x00 a Windows program", "unsupported file type"),
    ("minutes.pdf", b"Minutes: the board approved the budget.", "not a PDF"),
    ("agreement.docx", b"Agreement: both parties will share sensor data.", "not a DOCX"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n", "is a PDF, not text"),
    ("archive.md", b"PK\x03\x04\x14\x00\x00\x00\x08\x00 zipped bytes", "is a zip archive, not text"),
    ("budget.docx", zipped({"xl/workbook.xml": "<workbook/>"}), "without a Word document"),  # a renamed .xlsx
    ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data, not text"),
]
# (name as sent, the name it is stored under): folders and drive letters are dropped, never followed.
NAMES_WITH_FOLDERS = [
    ("../../escaped.txt", "escaped.txt"),
    ("a/b.txt", "b.txt"),
    ("C:\\Users\\staff\\windows.txt", "windows.txt"),
    ("..\\..\\backslashed.txt", "backslashed.txt"),
]


def files_under(root):
    """Every file under ``root`` but the index's and the server's log, relative to ``root``."""
    found = (p.relative_to(root) for p in root.rglob("*") if p.is_file())
    return sorted(str(p) for p in found if p.parts[0] != "index" and p.name != "server.log")


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    import httpx

    root = tmp_path_factory.mktemp("uploads-api")
    corpus = root / "reports" / "corpus"  # two levels under root: "../../x" would land in root
    env = {**os.environ, "REPORTQA_INDEX": str(root / "index"), "REPORTQA_CORPUS": str(corpus)}
    with running_server(root, env) as url, httpx.Client(base_url=url, timeout=120) as client:
        first = client.post("/api/documents", files=[("files", ("minutes.md", MINUTES.encode()))])
        assert first.status_code == 200, first.text
        yield client, root, corpus


@pytest.mark.parametrize(("name", "content", "reason"), REFUSED_UPLOADS)
def test_the_api_refuses_an_upload_whose_name_or_content_is_not_a_report_and_keeps_nothing(api, name, content, reason):
    client, root, _ = api
    before, listed = files_under(root), client.get("/api/documents").json()
    answer = client.post("/api/documents", files=[("files", (name, content))])
    assert answer.status_code == 415, answer.text
    message = answer.json()["error"]
    assert message.startswith(f"{name}: ") and reason in message, message
    assert files_under(root) == before  # nothing in the corpus, nothing anywhere else
    assert client.get("/api/documents").json() == listed


def test_the_api_takes_real_reports_of_every_type_under_any_case_of_suffix(api, tmp_path):
    client, _, corpus = api
    write_pdf(tmp_path / "annual.pdf")
    write_docx(tmp_path / "agreement.docx", "Sensor agreement", ["Both parties will share sensor data."])
    sent = [
        ("ANNUAL-2022.PDF", (tmp_path / "annual.pdf").read_bytes()),
        ("Sensor agreement.docx", (tmp_path / "agreement.docx").read_bytes()),
        ("utf16-notes.txt", "Notes: the hub hired twelve engineers.".encode("utf-16")),  # BOM, then NULs
        ("notice.htm", b"<html><body><p>The hub is closed on Monday.</p></body></html>"),
    ]
    answer = client.post("/api/documents", files=[("files", item) for item in sent])
    assert answer.status_code == 200, answer.text
    assert sorted(answer.json()["added"]) == sorted(name for name, _ in sent) and not answer.json()["skipped"]
    assert {name for name, _ in sent} <= set(os.listdir(corpus / "uploads"))


@pytest.mark.parametrize(("name", "stored"), NAMES_WITH_FOLDERS)
def test_the_api_stores_an_upload_named_with_folders_under_its_own_name_in_the_upload_folder(api, name, stored):
    client, root, corpus = api
    before = files_under(root)
    answer = client.post("/api/documents", files=[("files", (name, b"A report filed as " + name.encode()))])
    assert answer.status_code == 200, answer.text
    assert answer.json()["added"] == [stored]  # the answer says what it was stored as
    new = [path for path in files_under(root) if path not in before]
    assert new == [str((corpus / "uploads" / stored).relative_to(root))]
    assert not (root / stored).exists() and not (corpus.parent / stored).exists()


def test_the_ui_upload_handler_refuses_the_same_files_in_plain_words_and_stores_names_without_folders(
    tmp_path, settings, embedder
):
    from reportqa.service import AnswerService
    from reportqa.webpage import WebPage

    incoming = tmp_path / "incoming"  # where the web server keeps a file the browser sent
    incoming.mkdir()
    paths = []
    for name, content, _ in REFUSED_UPLOADS:
        (incoming / name).write_bytes(content)
        paths.append(incoming / name)
    # A file name may hold backslashes and colons (on Linux), not slashes: a name with slashes
    # reaches the handler as a path, "../../escaped.txt" as x/y/../../escaped.txt.
    for name, _ in NAMES_WITH_FOLDERS:
        path = os.path.join(incoming, "x", "y", name)
        Path(os.path.normpath(path)).parent.mkdir(parents=True, exist_ok=True)
        Path(os.path.normpath(path)).write_bytes(b"A report filed as " + name.encode())
        paths.append(path)
    (incoming / "x" / "y").mkdir(parents=True, exist_ok=True)
    service = AnswerService(settings, embedder=embedder)
    message = WebPage(service).upload([str(p) for p in paths]).split("\n")
    service.wait_for_entities(timeout=120)  # (the who's-who phase ends with the test)
    assert message[0] == f"Added {len(NAMES_WITH_FOLDERS)}, updated 0, removed 0, unchanged 0, skipped 0."
    refused = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in message[1:]}
    assert list(refused) == [f"Refused {name}" for name, _, _ in REFUSED_UPLOADS]
    for (name, _, reason), why in zip(REFUSED_UPLOADS, refused.values(), strict=True):
        assert reason in why, (name, why)
    stored = sorted(f"uploads/{name}" for _, name in NAMES_WITH_FOLDERS)
    assert files_under(settings.corpus_dir) == stored  # nothing refused was kept
