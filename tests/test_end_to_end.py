"""Ingest a generated corpus with the real model, then search, answer and serve it, on both
stores: the embedded one (the default) and Milvus (milvus-lite here; the same client code
talks to a cluster). A test about the embedded store's own files runs on it alone."""

import re

import pytest

from reportqa.answer import Answerer
from reportqa.ingest import ingest
from reportqa.retrieve import Filters, Retriever
from reportqa.service import AnswerService
from reportqa.stores import open_backend
from reportqa.webpage import WebPage

from .conftest import BOTH_FAMILIES, write_pdf


@pytest.fixture(params=["embedded", "milvus"])
def settings(request, settings):
    if request.param == "embedded":
        yield settings
        return
    database = settings.index_dir.parent / "milvus.db"
    yield settings.with_(store=f"milvus:{database}")
    from milvus_lite.server_manager import server_manager_instance

    server_manager_instance.release_server(str(database))


embedded_only = pytest.mark.parametrize("settings", ["embedded"], indirect=True)


@pytest.fixture()
def indexed(make_corpus, settings, embedder):
    corpus = make_corpus()
    summary = ingest([corpus], settings, embedder=embedder)
    return corpus, summary


def test_first_ingest_adds_every_report(indexed):
    _, summary = indexed
    assert sorted(summary.added) == [
        "annual-report-2022.pdf",
        "aurora-agreement.docx",
        "finance-minutes.md",
        "notice.html",
        "visits/qingdao-visit.txt",
    ]
    assert summary.skipped == [] and summary.chunks_embedded == summary.chunks > 0


def test_each_report_records_its_page_count_where_it_has_pages(indexed, settings, embedder):
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    pages = {d.source: d.pages for d in retriever.documents()}
    assert pages["annual-report-2022.pdf"] == 3
    assert pages["visits/qingdao-visit.txt"] is None and pages["finance-minutes.md"] is None


def test_a_search_returns_five_passages_unless_asked_for_another_number(indexed, settings, embedder):
    _, summary = indexed
    assert summary.chunks > 5
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert len(retriever.search("Harbour Innovation Hub")) == 5
    assert len(retriever.search("Harbour Innovation Hub", k=2)) == 2


def test_top_hit_is_the_right_document_and_page(indexed, settings, embedder):
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    hits = retriever.search("How many companies did the hub incubate in 2022?", k=3)
    assert (hits[0].source, hits[0].page) == ("annual-report-2022.pdf", 2)
    assert "57 companies" in hits[0].text
    assert hits[0].date is None  # "the calendar year 2022" is no date, and the PDF names none
    hits = retriever.search("Which industries does Qingdao want to cooperate on?", k=3)
    assert hits[0].source == "visits/qingdao-visit.txt" and hits[0].page is None
    assert hits[0].date == "2023-04-11" and hits[0].title.startswith("Visit Report: Qingdao")


def test_every_stored_passage_is_the_slice_of_its_report_its_offsets_and_page_say(indexed, settings, embedder):
    from reportqa.load import load_document

    corpus, summary = indexed
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    seen = 0
    for record in retriever.documents():
        document = load_document(corpus / record.source, source=record.source)
        pages = {page.number: page for page in document.pages}
        chunks = retriever.passages_of(record.doc_id)
        assert len(chunks) == record.chunks > 0
        for chunk in chunks:
            assert document.text[chunk.start : chunk.end] == chunk.text
            page = pages[chunk.page]
            assert page.start <= chunk.start < chunk.end <= page.end  # on the page it cites
            seen += 1
    assert seen == summary.chunks
    # A hit carries the same offsets as its passage.
    hit = retriever.search("How many companies did the hub incubate in 2022?", k=1)[0]
    document = load_document(corpus / hit.source, source=hit.source)
    assert document.text[hit.start : hit.end] == hit.text


@BOTH_FAMILIES
def test_a_retriever_opened_without_a_model_embeds_questions_on_onnxruntime(make_corpus, settings, embedder_of, family):
    ingest([make_corpus()], settings, embedder=embedder_of(family))
    retriever = Retriever.load(settings.index_dir, settings)  # as `reportqa ask` and `serve` open it
    assert retriever.embedder.identity.backend == f"onnx-{family}"  # the index's family, torch-free
    assert retriever.search("", k=3) == [] and retriever.search("   ", k=3) == []
    assert retriever.search("How many companies did the hub incubate?", k=1)[0].source == "annual-report-2022.pdf"


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_every_mode_finds_an_entity_name(indexed, settings, embedder, mode):
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert retriever.search("Sigrid Aalto", k=1, mode=mode)[0].source == "aurora-agreement.docx"


def test_filters_restrict_documents_and_dates(indexed, settings, embedder):
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    only_visits = retriever.search("cooperation", k=10, filters=Filters(documents=("visits/*",)))
    assert {h.source for h in only_visits} == {"visits/qingdao-visit.txt"}
    dated = retriever.search(
        "meeting budget visit", k=10, filters=Filters(date_from="2023-05-01", date_to="2023-12-31")
    )
    assert dated and all("2023-05-01" <= h.date <= "2023-12-31" for h in dated)
    assert retriever.search("anything", filters=Filters(date_from="2030-01-01")) == []


def test_date_bounds_are_inclusive(indexed, settings, embedder):
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)

    def sources(date_from, date_to):
        hits = retriever.search(
            "meeting budget visit Qingdao", k=20, mode="bm25", filters=Filters(None, date_from, date_to)
        )
        return {h.source for h in hits}

    # The Qingdao visit is dated 2023-04-11, the finance minutes 2023-06-02: both on a boundary.
    both = sources("2023-04-11", "2023-06-02")
    assert {"visits/qingdao-visit.txt", "finance-minutes.md"} <= both
    assert "visits/qingdao-visit.txt" not in sources("2023-04-12", "2023-06-02")
    assert "finance-minutes.md" not in sources("2023-04-11", "2023-06-01")
    assert sources("2023-04-11", "2023-04-11") == {"visits/qingdao-visit.txt"}


def test_touched_but_identical_files_embed_nothing(indexed, settings, monkeypatch):
    """A new modification time alone (a copy, a backup restore) costs a hash, not an embedding."""
    import os

    from reportqa import embed

    corpus, first = indexed
    for path in corpus.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**10))

    def no_model(*_):
        raise AssertionError("a byte-identical file must not be embedded again")

    monkeypatch.setattr(embed, "load_embedder", no_model)
    summary = ingest([corpus], settings)
    assert summary.chunks_embedded == 0 and not summary.changed
    assert sorted(summary.unchanged) == sorted(first.added)


def test_reingest_of_unchanged_files_loads_no_model(indexed, settings, monkeypatch):
    from reportqa import embed

    corpus, first = indexed

    def no_model(*_):
        raise AssertionError("the model must not be loaded when nothing changed")

    monkeypatch.setattr(embed, "load_embedder", no_model)
    store = open_backend(settings)
    generation = store.current_generation()
    summary = ingest([corpus], settings)
    assert summary.chunks_embedded == 0 and not summary.changed
    assert sorted(summary.unchanged) == sorted(first.added)
    assert generation is not None and store.current_generation() == generation  # nothing was written


@BOTH_FAMILIES  # on any CPU, one of the two is the family "auto" would not choose for a new index
def test_an_ingest_without_a_model_given_keeps_the_vector_family_of_the_index(
    make_corpus, settings, embedder_of, family
):
    corpus = make_corpus()
    first = ingest([corpus], settings, embedder=embedder_of(family))
    (corpus / "ferries.txt").write_text("The ferry board ordered two hydrogen ferries.", encoding="utf-8")
    summary = ingest([corpus], settings)  # backend "auto", as the CLI runs it
    assert summary.added == ["ferries.txt"] and summary.chunks_embedded == 1
    assert sorted(summary.unchanged) == sorted(first.added)
    assert open_backend(settings).read_manifest().family == family
    # ... and its new report was embedded by that family too: the same text as a question finds
    # it with the similarity of identical vectors (another family's vector would be ~0.99 off).
    retriever = Retriever.load(settings.index_dir, settings)  # as `reportqa ask` opens it
    (hit,) = retriever.search("The ferry board ordered two hydrogen ferries.", k=1, mode="dense")
    assert hit.source == "ferries.txt" and hit.score > 0.9999
    data = summary.as_dict()  # what `reportqa ingest --json` prints
    assert data["added"] == ["ferries.txt"] and data["chunks_embedded"] == 1
    assert data["seconds"] == round(summary.seconds, 3) > 0


def test_modified_file_is_replaced_and_deleted_file_removed(indexed, settings, embedder):
    corpus, first = indexed
    visit = corpus / "visits" / "qingdao-visit.txt"
    visit.write_text(visit.read_text().replace("underwater robotics", "tidal energy turbines"), encoding="utf-8")
    (corpus / "notice.html").unlink()
    write_pdf(corpus / "new-report.pdf", pages=[("Extra", ["The hub opened a branch in Tromso in 2024."])])

    summary = ingest([corpus], settings, embedder=embedder)
    assert summary.updated == ["visits/qingdao-visit.txt"]
    assert summary.removed == ["notice.html"]
    assert summary.added == ["new-report.pdf"]
    # Only the changed and the new file were embedded.
    assert 0 < summary.chunks_embedded < first.chunks_embedded

    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    sources = {d.source for d in retriever.documents()}
    assert "notice.html" not in sources and "new-report.pdf" in sources
    texts = " ".join(h.text for h in retriever.search("Qingdao cooperation", k=10))
    assert "tidal energy turbines" in texts and "underwater robotics" not in texts


def test_bad_files_are_skipped_with_reasons_and_the_rest_ingests(make_corpus, settings, embedder):
    corpus = make_corpus()
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    summary = ingest([corpus], settings, embedder=embedder)
    reasons = {s.source: s.reason for s in summary.skipped}
    assert set(reasons) == {"broken.pdf", "empty.txt", "photo.jpg"}
    assert "PDF" in reasons["broken.pdf"] and "empty" in reasons["empty.txt"] and "unsupported" in reasons["photo.jpg"]
    assert len(summary.added) == 5


def test_indexed_files_that_turn_corrupt_empty_blank_or_too_big_are_removed_with_the_reason(
    make_corpus, settings, embedder
):
    settings = settings.with_(max_text_mb=2)
    corpus = make_corpus()
    write_pdf(
        corpus / "tidal-report.pdf",
        pages=[("Tidal Report", ["The Tidal Energy Office tested seven kelp-proof turbines in 2023."])],
        title="Tidal Report",
    )
    (corpus / "ferry-notes.txt").write_text("The ferry board ordered two hydrogen ferries.", encoding="utf-8")
    (corpus / "salt-minutes.md").write_text("# Salt minutes\n\nThe salt works closed in May.", encoding="utf-8")
    (corpus / "log.txt").write_text("The lighthouse log records nine storms.", encoding="utf-8")
    first = ingest([corpus], settings, embedder=embedder)
    assert {"tidal-report.pdf", "ferry-notes.txt", "salt-minutes.md", "log.txt"} <= set(first.added)

    (corpus / "tidal-report.pdf").write_bytes(b"%PDF-1.4 overwritten by a failed copy")
    (corpus / "ferry-notes.txt").write_bytes(b"")
    (corpus / "salt-minutes.md").write_text("  \n\n\t\n", encoding="utf-8")
    (corpus / "log.txt").write_text("The lighthouse log records nine storms. " * 60_000, encoding="utf-8")
    summary = ingest([corpus], settings, embedder=embedder)
    reasons = {s.source: s.reason for s in summary.skipped}
    assert set(reasons) == {"tidal-report.pdf", "ferry-notes.txt", "salt-minutes.md", "log.txt"}
    assert reasons["tidal-report.pdf"].startswith("corrupt or unreadable PDF")
    assert reasons["ferry-notes.txt"] == "empty file (0 bytes)"
    assert reasons["salt-minutes.md"] == "no text found in the file"
    assert "is over the 2 MB limit" in reasons["log.txt"]  # found by its size, before reading
    assert sorted(summary.removed) == ["ferry-notes.txt", "log.txt", "salt-minutes.md", "tidal-report.pdf"]

    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert {d.source for d in retriever.documents()} == set(first.added) - set(summary.removed)
    for query in ("kelp-proof turbines", "hydrogen ferries", "salt works closed", "lighthouse storms"):
        assert all(query.split()[0] not in h.text for h in retriever.search(query, k=10, mode="bm25")), query


def test_index_built_with_other_settings_is_refused(indexed, settings, embedder):
    from reportqa.config import ChunkSettings
    from reportqa.stores import IndexMismatchError

    other = settings.with_(chunking=ChunkSettings(max_tokens=128))
    with pytest.raises(IndexMismatchError, match=r"(?i)re-run `reportqa ingest`"):
        Retriever.load(other.index_dir, other, embedder=embedder)


def test_new_bm25_parameters_rebuild_only_the_bm25_index(indexed, settings, embedder, monkeypatch):
    from reportqa import ingest as ingest_module
    from reportqa import lexical
    from reportqa.stores import IndexMismatchError, base, embedded, milvus

    corpus, first = indexed
    tuned = {**lexical.BM25_PARAMS, "k1": 1.5}
    for module in (lexical, base, embedded, ingest_module, milvus):
        monkeypatch.setattr(module, "BM25_PARAMS", tuned)
    with pytest.raises(IndexMismatchError, match="nothing is embedded again"):
        Retriever.load(settings.index_dir, settings, embedder=embedder)

    summary = ingest([corpus], settings, embedder=embedder)
    assert summary.chunks_embedded == 0 and summary.batches == 1 and summary.chunks == first.chunks
    assert any("rebuilding the BM25 index" in note for note in summary.notes)
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert retriever.manifest.lexical == tuned
    assert retriever.search("Qingdao underwater robotics", k=1, mode="bm25")[0].source == "visits/qingdao-visit.txt"
    assert ingest([corpus], settings, embedder=embedder).batches == 0  # up to date now


@embedded_only
def test_search_restores_the_process_thread_count(indexed, settings, embedder):
    # faiss's OpenMP setting is shared with torch: leaving it at 1 would slow every later
    # torch encode in the process (the UI embeds uploads with the model it searches with).
    import faiss

    faiss.omp_set_num_threads(2)
    Retriever.load(settings.index_dir, settings, embedder=embedder).search("finance committee", mode="dense")
    assert faiss.omp_get_max_threads() == 2


def test_answer_cites_the_passage_it_quotes(indexed, settings, embedder):
    answer = Answerer(Retriever.load(settings.index_dir, settings, embedder=embedder)).ask(
        "Which industries does Qingdao want to cooperate on?"
    )
    assert not answer.abstained
    assert "underwater robotics" in answer.text
    assert answer.citations[0].hit.source == "visits/qingdao-visit.txt"


@embedded_only
def test_an_answer_does_not_depend_on_the_questions_asked_before_it(indexed, settings, embedder, monkeypatch):
    """A server keeps passages' sentence vectors; what it answers must be what a fresh process
    answers, and a passage is embedded once however often it is used."""
    questions = [
        "Which industries does Qingdao want to cooperate on?",
        "What budget did the finance committee approve?",
        "Who represented the Harbour Innovation Hub?",
        "When is the next meeting of the finance committee?",
    ]
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    alone = [Answerer(retriever).ask(q).as_dict() for q in questions]  # each by a fresh answerer
    server = Answerer(retriever)
    embedded: list[str] = []
    encode = embedder.encode
    monkeypatch.setattr(embedder, "encode", lambda texts, *a, **kw: embedded.extend(texts) or encode(texts, *a, **kw))
    for _ in range(2):
        assert [server.ask(q).as_dict() for q in reversed(questions)] == alone[::-1]
    passages = {h.chunk_id for q in questions for h in retriever.search(q, k=5)}
    assert embedded and len(embedded) == len(set(embedded))  # no sentence embedded twice
    assert not set(questions) & set(embedded)  # the questions' vectors: those of the first asks
    assert len(server._sentences._kept) == len(passages)


def test_an_answer_embeds_its_question_once(indexed, settings, embedder, monkeypatch):
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    embedded: list[str] = []
    encode = embedder.encode
    monkeypatch.setattr(embedder, "encode", lambda texts, *a, **kw: embedded.extend(texts) or encode(texts, *a, **kw))
    question = "When is the next meeting of the finance committee?"
    assert "5 September 2023" in Answerer(retriever).ask(question).text
    assert embedded.count(question) == 1  # by the search; the answer compares sentences with that vector


def test_ui_answer_handler_returns_cited_passages(indexed, settings, embedder):
    page = WebPage(AnswerService(settings, embedder=embedder))
    turn = page.answer_html("When is the next meeting of the finance committee?")
    assert "5 September 2023" in turn
    # The marker [1] is a <details> that reveals the passage with the answer highlighted.
    marker = re.search(r'<details class="rq-cite" data-n="1"><summary>\[1\]</summary>(.*?)</details>', turn, re.S)
    assert marker and "finance-minutes.md" in marker.group(1)
    assert re.search(r"<mark>[^<]*5 September 2023[^<]*</mark>", marker.group(1))


def test_ui_escapes_questions_and_report_text(indexed, settings, embedder):
    page = WebPage(AnswerService(settings, embedder=embedder))
    turn = page.answer_html("<script>alert(1)</script> next finance committee meeting?")
    assert "<script>" not in turn and "&lt;script&gt;" in turn


def test_ui_people_tab_renders_roles_reports_mentions_and_a_timeline(indexed, settings, embedder):
    page = WebPage(AnswerService(settings, embedder=embedder))
    assert ("Lin Xiaoyu (person)", "Lin Xiaoyu") in page.entity_choices()
    assert ("Qingdao (place)", "Qingdao") in page.entity_choices()
    people, orgs, places = page.entity_tables()
    assert ["Lin Xiaoyu", "deputy director", "Qingdao Marine Technology Bureau", 1, "2023-04-11"] in people
    assert ["Qingdao Marine Technology Bureau", 1, 2] in orgs and ["Qingdao", 1, 2] in places
    assert all(row[0] not in {"Qingdao", "Lin Xiaoyu"} for row in orgs)
    # NER tags the hub an organisation in one sentence and a place ("visited the ...") in
    # another report: it is listed once, with both reports.
    assert ["Harbour Innovation Hub", 2, 2] in orgs and all(row[0] != "Harbour Innovation Hub" for row in places)
    assert [label for label, _ in page.entity_choices()].count("Harbour Innovation Hub (organisation)") == 1
    assert "Harbour Innovation Hub (place)" not in [label for label, _ in page.entity_choices()]

    card = page.entity_html("Lin Xiaoyu")
    title = "Visit Report: Qingdao Marine Technology Bureau at the Harbour Innovation Hub"
    assert '<h3 class="rq-entity-name">Lin Xiaoyu <small>(person)</small></h3>' in card
    assert (
        '<ol class="rq-roles"><li><b>deputy director</b>, Qingdao Marine Technology Bureau — 2023-04-11, '
        "visits/qingdao-visit.txt</li></ol>"
    ) in card
    assert f"<li>2023-04-11 · <b>{title}</b> · visits/qingdao-visit.txt (1 mention)</li>" in card
    assert f'<div class="rq-meta">mentioned · <b>{title}</b> · visits/qingdao-visit.txt · 2023-04-11</div>' in card
    assert "On 11 April 2023 Ms. <mark>Lin Xiaoyu</mark>, deputy director" in card
    assert page.entity_html("Nobody Known") == '<div class="rq-note">No one called Nobody Known in the reports.</div>'
    assert page.entity_html(None) == '<div class="rq-note">Choose a person, organisation or place.</div>'
    assert page.search_html("   ") == '<div class="rq-note">Type words to search for.</div>'
    assert page.search_html(None) == '<div class="rq-note">Type words to search for.</div>'
    assert card.startswith('<div class="rq-entity"><h3 class="rq-entity-name">Lin Xiaoyu')
    assert '</h3><div class="rq-sources">Roles, newest first:' in card

    figure = page.timeline_figure()
    assert figure.layout.title.text == "Events by date"
    # Hovering shows the hover text alone (not raw coordinates); kinds are categories.
    assert {trace.hoverinfo for trace in figure.data} == {"text"} and figure.layout.yaxis.type == "category"
    points = {trace.name: (trace.x, trace.hovertext) for trace in figure.data}
    assert [trace.name for trace in figure.data] == sorted(points)  # one trace per kind, in order
    assert points["visit"] == (
        ("2023-04-11",),
        # ("The Harbour Innovation Hub was represented by its director, Mr. Otto Brandt": the host)
        (
            f"<b>{title}</b><br>2023-04-11 · visit · visits/qingdao-visit.txt<br>visitors: Lin Xiaoyu<br>hosts: Otto Brandt",
        ),
    )
    assert points["meeting"][0] == ("2023-06-02",)
    # The axis spans every event with a margin either side.
    first, last = min(x for x, _ in points.values())[0], max(x for x, _ in points.values())[0]
    low, high = figure.layout.xaxis.range
    assert low < first and last < high
    mine = page.timeline_figure("Lin Xiaoyu")
    assert mine.layout.title.text == "Events in reports mentioning Lin Xiaoyu"
    assert [(trace.name, trace.x) for trace in mine.data] == [("visit", ("2023-04-11",))]


def test_ui_without_index_shows_how_to_build_it(settings):
    page = WebPage(AnswerService(settings))
    command = f"reportqa ingest --store {settings.store}" if settings.store else "reportqa ingest --index"
    assert command in page.answer_html("anything")  # names the store it serves
    assert page.documents_table() == [] and page.report_choices() == []


def test_ui_filters_restrict_the_answer_and_reject_bad_dates(indexed, settings, embedder):
    page = WebPage(AnswerService(settings, embedder=embedder))
    labels = {doc_id: label for label, doc_id in page.report_choices()}
    minutes_id = next(doc_id for doc_id, label in labels.items() if "finance-minutes.md" in label)
    turn = page.answer_html("What was decided?", [minutes_id], "", "")
    assert "finance-minutes.md" in turn and "qingdao-visit.txt" not in turn
    assert "filtered: 1 report" in turn  # the answer says it comes from a part of the reports
    assert "filtered" not in page.answer_html("What was decided?")
    assert "From date must be a day in the form YYYY-MM-DD" in page.answer_html(
        "What was decided?", None, "2023-99-01", ""
    )
    results = page.search_html("budget", None, "2023-05-01", "2023-12-31")
    assert "finance-minutes.md" in results and "#1 ·" in results and "annual-report-2022.pdf" not in results
    # Each bound applies on its own; cards follow each other.
    after_may = page.search_html("cooperation visit budget", None, "2023-05-01", "")
    assert "finance-minutes.md" in after_may and "qingdao-visit.txt" not in after_may
    before_may = page.search_html("cooperation visit budget", None, "", "2023-05-01")
    assert "qingdao-visit.txt" in before_may and "finance-minutes.md" not in before_may
    cards = re.split(r'(?=<div class="rq-passage rq-result">)', after_may)
    # Only the filters' label comes before the first card (results under filters say so, as answers do).
    assert cards[0] == '<div class="rq-filtered">filtered: from 2023-05-01</div>'
    assert len(cards) >= 3 and all(card.endswith("</div>") for card in cards[1:])


def test_ui_upload_makes_a_report_answerable_at_once(indexed, settings, embedder, tmp_path, capfd):
    # Progress bars on, as `reportqa serve` runs: an upload still prints none.
    page = WebPage(AnswerService(settings.with_(show_progress=True), embedder=embedder))
    before = len(page.documents_table())
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    report = incoming / "../visit to Tromso?.txt".replace("../", "")
    report.write_text("Visit report, 3 March 2024: the Tromso Arctic Cluster wants to cooperate on ice-class shipping.")
    (incoming / "virus.exe").write_bytes(b"MZ")
    capfd.readouterr()
    message = page.upload([str(report), str(incoming / "virus.exe")])
    assert "%|" not in capfd.readouterr().err  # no progress bars in the server's log
    headline, refused = message.split("\n")  # what was done first, then what was refused
    assert headline == "Added 1, updated 0, removed 0, unchanged 0, skipped 0."
    assert refused.startswith("Refused virus.exe: unsupported file type")
    assert len(page.documents_table()) == before + 1
    assert (settings.corpus_dir / "uploads" / "visit to Tromso_.txt").exists()
    assert "ice-class shipping" in page.answer_html("What does the Tromso Arctic Cluster want to cooperate on?")
    page.service.wait_for_entities(timeout=120)  # the upload's who's-who phase ends with the test, not after it


def test_an_upload_of_several_reports_prints_no_progress_bars_in_the_server_log(settings, embedder, tmp_path, capfd):
    page = WebPage(AnswerService(settings.with_(show_progress=True), embedder=embedder))  # as `reportqa serve` runs
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for n, place in enumerate(["Tromso", "Bodo", "Narvik"]):
        (incoming / f"visit-{n}.txt").write_text(
            f"Visit report: the {place} Arctic Cluster wants to cooperate on ferries."
        )
    capfd.readouterr()
    assert page.upload([str(p) for p in sorted(incoming.iterdir())]).startswith("Added 3,")
    assert "%|" not in capfd.readouterr().err
    page.service.wait_for_entities(timeout=120)


def test_uploads_obey_the_ingest_size_limit_of_their_type(settings, tmp_path):
    from reportqa.uploads import accept_uploads

    limited = settings.with_(max_text_mb=0.001, max_file_mb=0.01)  # 1 kB of text, 10 kB of PDF
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "long.txt").write_text("x" * 2000)
    (incoming / "short.txt").write_text("x" * 500)
    (incoming / "scan.pdf").write_bytes(b"%PDF" + b"x" * 2000)
    accepted = accept_uploads(sorted(incoming.iterdir()), limited)
    assert [p.name for p in accepted.saved] == ["scan.pdf", "short.txt"]
    assert [(r.name, r.reason) for r in accepted.refused] == [
        ("long.txt", "larger than 0.001 MB, the limit for its type")
    ]
    assert sorted(p.name for p in (limited.corpus_dir / "uploads").iterdir()) == ["scan.pdf", "short.txt"]


def test_upload_names_are_sanitised():
    from reportqa.uploads import safe_filename

    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("..\\..\\boot.ini") == "boot.ini"
    assert safe_filename("report <2024>.pdf") == "report _2024_.pdf"
    assert safe_filename("...") == "upload"


def test_a_file_ingested_alone_and_then_with_its_folder_is_one_document(make_corpus, settings, embedder):
    corpus = make_corpus()
    (corpus / "uploads").mkdir()
    upload = corpus / "uploads" / "late-report.txt"
    upload.write_text("Late report: the hub hired 12 engineers in 2024.", encoding="utf-8")
    ingest([upload], settings, embedder=embedder)
    summary = ingest([corpus], settings, embedder=embedder)
    assert "uploads/late-report.txt" not in summary.added and len(summary.unchanged) == 1
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert sum("late-report" in d.source for d in retriever.documents()) == 1
    upload.unlink()
    assert ingest([corpus], settings, embedder=embedder).removed == ["late-report.txt"]


def test_a_copy_in_another_folder_stays_when_only_the_first_folder_is_ingested_again(tmp_path, settings, embedder):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    text = "Visit report: the Tromso Arctic Cluster wants to cooperate on ice-class shipping."
    (first / "tromso.txt").write_text(text, encoding="utf-8")
    (second / "tromso-copy.txt").write_text(text, encoding="utf-8")
    assert ingest([first, second], settings, embedder=embedder).duplicates
    again = ingest([first], settings, embedder=embedder)  # the copy lies outside this scan
    assert not again.changed and again.unchanged == ["tromso.txt"]
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert sorted(d.source for d in retriever.documents()) == ["tromso-copy.txt", "tromso.txt"]


def test_login_setting_is_parsed_strictly():
    from reportqa.server import parse_auth

    assert parse_auth(None) is None
    assert parse_auth("ann:secret, bob:pa:ss") == [("ann", "secret"), ("bob", "pa:ss")]
    message = "REPORTQA_AUTH must look like user:password (comma-separate several pairs)"
    for setting in ("ann", "ann:", ":secret", "ann:secret,", "ann:secret, bob"):
        with pytest.raises(ValueError) as raised:
            parse_auth(setting)
        assert str(raised.value) == message, setting


def test_a_serving_retriever_picks_up_a_finished_ingest(indexed, settings, embedder):
    corpus, _ = indexed
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert "Tromso" not in " ".join(h.text for h in retriever.search("Tromso Arctic Cluster", k=3))
    (corpus / "tromso.txt").write_text("The Tromso Arctic Cluster visited the hub on 3 March 2024.", encoding="utf-8")
    ingest([corpus], settings, embedder=embedder)
    assert retriever.search("Tromso Arctic Cluster", k=1)[0].source == "tromso.txt"
    assert any(d.source == "tromso.txt" for d in retriever.documents())


@embedded_only
def test_a_large_index_uses_a_graph_that_finds_what_exact_search_finds(make_corpus, settings, embedder, monkeypatch):
    from reportqa import vector_index

    corpus = make_corpus()
    ingest([corpus], settings, embedder=embedder)
    exact = Retriever.load(settings.index_dir, settings, embedder=embedder)
    questions = ["sea-ice sensors partnership", "budget approved for 2024", "Qingdao underwater robotics"]
    expected = [[h.chunk_id for h in exact.search(q, k=3, mode="dense")] for q in questions]

    monkeypatch.setattr(vector_index, "HNSW_FROM_VECTORS", 5)  # every test index counts as large
    graph_settings = settings.with_(index_dir=settings.index_dir.parent / "graph-index")
    ingest([corpus], graph_settings, embedder=embedder)
    graph = Retriever.load(graph_settings.index_dir, graph_settings, embedder=embedder)
    assert graph.manifest.faiss_index == "IndexHNSWFlat"
    assert [[h.chunk_id for h in graph.search(q, k=3, mode="dense")] for q in questions] == expected
    filtered = graph.search("sea-ice sensors", k=3, filters=Filters(documents=("aurora-agreement.docx",)))
    assert filtered and {h.source for h in filtered} == {"aurora-agreement.docx"}


def test_ui_without_an_index_says_how_to_build_that_index(tmp_path):
    from reportqa.config import Settings

    elsewhere = WebPage(AnswerService(Settings(index_dir=tmp_path / "idx", show_progress=False)))
    assert f"reportqa ingest --index {tmp_path / 'idx'}" in elsewhere.empty_state()
    assert f"reportqa ingest --index {tmp_path / 'idx'}" in elsewhere.stats_markdown()


def test_ui_without_the_default_index_names_the_plain_command(tmp_path, monkeypatch):
    from pathlib import Path

    from reportqa.config import Settings

    monkeypatch.chdir(tmp_path)
    page = WebPage(AnswerService(Settings(index_dir=Path("index"), show_progress=False)))
    assert page.empty_state() == (
        '<div class="rq-note">No index in <code>index/</code> yet. Build it with <code>reportqa ingest</code> '
        "(it reads the reports in <code>corpus/</code>), or upload reports in the Documents tab.</div>"
    )
    assert page.stats_markdown() == "**No index yet** — run `reportqa ingest`, or upload reports in the Documents tab."


def test_ui_headline_counts_the_index(indexed, settings, embedder):
    _, summary = indexed
    page = WebPage(AnswerService(settings, embedder=embedder))
    manifest = page.service.manifest()
    assert page.stats_markdown() == (
        f"**5** reports · **{summary.chunks}** passages · model `all-MiniLM-L6-v2` ({manifest.backend}) · "
        f"index built {manifest.created_at}"
    )


def test_passage_labels_name_the_title_source_date_and_page():
    from reportqa.types import Hit
    from reportqa.webpage import _meta

    hit = Hit("c", 1.0, "Text.", "Annual <Report>", "annual.pdf", 4, "2024-02-01", "d", 0, 5)
    assert _meta(hit) == "<b>Annual &lt;Report&gt;</b> · annual.pdf · 2024-02-01 · page 4"
    undated = Hit("c", 1.0, "Text.", "Minutes", "minutes.md", None, None, "d", 0, 5)
    assert _meta(undated) == "<b>Minutes</b> · minutes.md"


def test_a_search_card_shows_a_few_lines_before_the_matched_word():
    from reportqa.lexical import LexicalTokenizer
    from reportqa.types import Hit
    from reportqa.webpage import _search_card

    text = "word " * 200 + "Tromso " + "word " * 200
    card = _search_card(
        Hit("c", 1.0, text, "T", "t.txt", None, None, "d", 0, len(text)), 1, "Tromso", LexicalTokenizer()
    )
    excerpt = card.split('<div class="rq-excerpt">')[1].split("</div>")[0]
    before = excerpt.split("<mark>")[0].removeprefix("…")
    assert 180 <= len(before) <= 205  # about 200 characters of context, cut at a word


def test_excerpts_cut_at_word_boundaries_and_keep_the_highlight_on_its_words():
    from reportqa.webpage import _excerpt

    text = "alpha " * 100 + "TARGET" + " omega" * 100
    at = text.index("TARGET")
    for margin in (240, 239, 238, 237, 236, 235, 100):  # the cut lands between words, or inside one
        excerpt, spans = _excerpt(text, [(at, at + 6)], margin=margin)
        assert excerpt.startswith("… alpha ") and excerpt.endswith(" omega …")
        ((start, end),) = spans
        assert excerpt[start:end] == "TARGET"
        before = excerpt[2:start]
        assert margin <= len(before) < margin + 6  # no more than the margin plus the rest of a word
    whole, spans = _excerpt("Short TARGET text.", [(6, 12)])
    assert whole == "Short TARGET text." and spans == [(6, 12)]
    assert _excerpt("alpha TARGET omega", [(6, 12)], margin=0) == ("… TARGET …", [(2, 8)])


def test_search_cards_of_pdfs_join_wrapped_lines_and_keep_paragraphs():
    from reportqa.lexical import LexicalTokenizer
    from reportqa.types import Hit
    from reportqa.webpage import _search_card

    text = "The committee approved a\nbudget of 4.2 million euros.\n\nThe **next** meeting is in May."
    for source, shown in (
        ("minutes.pdf", "The committee approved a budget of 4.2 million euros.<br>The next meeting is in May."),
        ("minutes.md", "The committee approved a<br>budget of 4.2 million euros.<br>The next meeting is in May."),
    ):
        hit = Hit("c", 1.0, text, "Minutes", source, None, None, "d", 0, len(text))
        card = _search_card(hit, 1, "unrelated words", LexicalTokenizer())
        assert shown in card, card


def test_rendered_answers_list_each_report_once_and_label_nearest_passages():
    from reportqa.types import Answer, Citation, Hit
    from reportqa.webpage import render_answer

    def passage(n, source, text):
        return Hit(f"c{n}", 1.0, text, f"Report {n}", source, None, "2023-01-01", f"d{n}", 0, len(text))

    one, two, other = (
        passage(1, "a.txt", "Ferries run hourly."),
        passage(2, "a.txt", "Trams run daily."),
        passage(3, "b.txt", "Buses run weekly."),
    )
    cited = Answer(
        "How often?",
        "Ferries run hourly. [1] Trams run daily. [2] Buses run weekly. [3]",
        abstained=False,
        citations=(Citation(1, one, 0, 19), Citation(2, two, 0, 16), Citation(3, other, 0, 17)),
    )
    sources = render_answer(cited).split('<ul class="rq-source-list">')[1]
    assert sources.count("<li>") == 2  # a report cited through two passages is listed once
    assert "<li>[1, 2] <b>Report 1</b> · a.txt" in sources and "<li>[3] <b>Report 3</b> · b.txt" in sources
    declined = render_answer(Answer("Why?", "The reports don't answer this question.", abstained=True, nearest=(one,)))
    assert '<div class="rq-meta">nearest · <b>Report 1</b> · a.txt' in declined


def test_a_person_named_deep_in_a_long_report_is_highlighted_in_the_right_passage(tmp_path, settings, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    filler = " ".join(f"The committee reviewed item {n} of the harbour plan and approved it." for n in range(60))
    (corpus / "long-minutes.txt").write_text(
        f"Minutes of the harbour board\n\n{filler}\n\nMs. Frauke Dahl, president of the Kiel Marine Cluster, "
        "closed the meeting.\n",
        encoding="utf-8",
    )
    summary = ingest([corpus], settings, embedder=embedder)
    assert summary.chunks >= 3  # the name is in a later passage, far from the report's start
    card = WebPage(AnswerService(settings, embedder=embedder)).entity_html("Frauke Dahl")
    assert "Ms. <mark>Frauke Dahl</mark>, president of the Kiel Marine Cluster" in card
