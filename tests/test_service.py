"""The core the CLI, the web page and the JSON API share (service.py), called directly as a
Python API: waiting for an index, opening one at once, the who's who without a model."""

from __future__ import annotations

import re

import pytest

from reportqa.ingest import ingest
from reportqa.service import AnswerService, EntitiesMissing, NoIndexError, NoIndexYet

from .conftest import MINUTES, VISIT_REPORT


@pytest.fixture()
def small_corpus(tmp_path):
    corpus = tmp_path / "reports"
    corpus.mkdir()
    (corpus / "qingdao-visit.txt").write_text(VISIT_REPORT, encoding="utf-8")
    (corpus / "finance-minutes.md").write_text(MINUTES, encoding="utf-8")
    return corpus


def test_a_server_waits_for_an_index_and_a_command_is_told_to_build_one(settings):
    server = AnswerService(settings)
    assert not server.ready and server.records() == [] and server.directory() is None
    command = re.escape(f"`reportqa ingest --index {settings.index_dir}`")
    with pytest.raises(NoIndexYet, match=command):
        server.ask("Who visited?")
    with pytest.raises(NoIndexYet, match=command):
        server.search("visit")
    with pytest.raises(NoIndexError, match=re.escape(f"no index in {settings.index_dir}/ yet")):
        AnswerService.open(settings)
    with pytest.raises(NoIndexError):
        AnswerService(settings).entities()


def test_a_serving_service_opens_an_index_built_after_it_started(small_corpus, settings, embedder):
    server = AnswerService(settings, embedder=embedder)
    assert not server.ready
    ingest([small_corpus], settings, embedder=embedder)
    assert server.ready and {r.source for r in server.records()} == {"qingdao-visit.txt", "finance-minutes.md"}
    assert server.manifest().documents == 2
    hits = server.search("underwater robotics", k=3)
    assert hits[0].source == "qingdao-visit.txt"
    # The words search matched, where the page marks them ("robotics" for "robotic").
    text = hits[0].text
    marked = [text[start:end].lower() for start, end in server.matching_spans(text, "robotic underwater")]
    assert "robotics" in marked and "underwater" in marked and "the" not in marked


def test_a_command_reads_the_who_is_who_without_a_model_as_a_server_serves_it(
    small_corpus, settings, embedder, monkeypatch
):
    ingest([small_corpus], settings, embedder=embedder)
    server = AnswerService.open(settings, embedder=embedder)
    served_people = [e.as_dict() for e in server.entities(type="person")]
    served_events = [t.as_dict() for t in server.timeline(["Lin Xiaoyu"])]
    assert served_people and served_events
    assert served_events == [t.as_dict() for t in server.directory().timeline("Lin Xiaoyu")]

    from reportqa import retrieve

    def no_model(*args, **kwargs):
        raise AssertionError("the who's who of a command loads no retriever and no model")

    monkeypatch.setattr(retrieve.Retriever, "load", no_model)
    command = AnswerService(settings)
    assert [e.as_dict() for e in command.entities(type="person")] == served_people
    assert [t.as_dict() for t in command.timeline(["Lin Xiaoyu"])] == served_events
    assert {e["name"] for e in served_people} >= {"Lin Xiaoyu"}
    # Several names: the events of reports that mention any of them; dates bound them.
    both = command.timeline(["Lin Xiaoyu", "Ines Koller"])
    assert {t.source for t in both} == {"qingdao-visit.txt", "finance-minutes.md"}
    assert [t.source for t in command.timeline(["Lin Xiaoyu", "Ines Koller"], date_from="2023-05-01")] == [
        "finance-minutes.md"
    ]


def test_a_command_is_told_when_the_index_has_no_entities(small_corpus, settings, embedder):
    ingest([small_corpus], settings.with_(entities=False), embedder=embedder)
    with pytest.raises(EntitiesMissing, match="re-run `reportqa ingest`"):
        AnswerService(settings).entities()
