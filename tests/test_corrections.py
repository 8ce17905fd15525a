"""Corrections of the who's who (rename, hide, merge, split, roles) made through the CLI and the
API: kept in a file outside the index, so that they outlast a deleted and rebuilt index."""

import json
import shutil
import subprocess
import sys

import pytest

from reportqa.corrections import apply, load_corrections, new_correction
from reportqa.ingest import ingest
from reportqa.service import AnswerService
from reportqa.stores import IndexStore
from reportqa.whoswho import Directory

VISIT = """Visit Report: Weihai Ocean Bureau delegation at the Harbour Innovation Hub
Date: 2023-03-02

On 2 March 2023 Ms. Gu Lanfang, deputy director of the Weihai Ocean Development Bureau, visited the Harbour Innovation Hub. She was received by Mr. Otto Brandt, director of the Harbour Innovation Hub, and Mr. Rui Tavares, controller of the Harbour Innovation Hub.
The two sides agreed to exchange lists of start-ups by the end of April 2023.
"""

MINUTES = """# Minutes of the Finance Committee, Harbour Innovation Hub

**Date:** 2023-06-02
**Chair:** Ines Koller, treasurer of the Harbour Innovation Hub
**Present:** Otto Brandt (director), Rui Tavarez (controller), Mette Lund (legal counsel)

## Budget

The committee approved a budget of 4.2 million euros for 2024. Ms. Koller warned that rent income fell.
"""


@pytest.fixture()
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "visit.txt").write_text(VISIT, encoding="utf-8")
    (root / "minutes.md").write_text(MINUTES, encoding="utf-8")
    return root


def reportqa(*args, index, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "reportqa", *args, "--index", str(index)], capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def entities_json(index, *args):
    return json.loads(reportqa("entities", *args, "--json", index=index).stdout)["entities"]


def by_name(entities):
    return {e["name"]: e for e in entities}


def rebuild(corpus, settings, embedder):
    """Delete the index folder and ingest the corpus again."""
    shutil.rmtree(settings.index_dir, ignore_errors=True)
    ingest([corpus], settings, embedder=embedder)


def test_rename_hide_and_merge_survive_a_deleted_and_rebuilt_index(corpus, settings, embedder):
    ingest([corpus], settings, embedder=embedder)
    index = settings.index_dir
    before = by_name(entities_json(index))
    assert {"Otto Brandt", "Mette Lund", "Rui Tavares", "Rui Tavarez"} <= set(before)

    reportqa("entities", "rename", "Otto Brandt", "Otto M. Brandt", "--by", "editor", index=index)
    reportqa("entities", "hide", "Mette Lund", index=index)
    reportqa("entities", "merge", "Rui Tavares", "Rui Tavarez", index=index)
    corrections_file = index.parent / "corrections.json"  # the default: beside the index folder
    stored = json.loads(corrections_file.read_text(encoding="utf-8"))["corrections"]
    assert [c["action"] for c in stored] == ["rename", "hide", "merge"]
    assert stored[0]["by"] == "editor" and stored[1]["by"]  # the login name when --by is not given
    assert stored[0]["at"].endswith("+00:00")  # UTC

    rebuild(corpus, settings, embedder)
    after = by_name(entities_json(index))
    assert "Otto Brandt" not in after and "Otto Brandt" in after["Otto M. Brandt"]["aliases"]
    assert after["Otto M. Brandt"]["roles"] == before["Otto Brandt"]["roles"]
    assert "Mette Lund" not in after
    assert entities_json(index, "Mette Lund") == []  # not found by name either
    assert "Rui Tavarez" not in after
    merged = after["Rui Tavares"]
    assert "Rui Tavarez" in merged["aliases"]
    assert merged["mentions"] == before["Rui Tavares"]["mentions"] + before["Rui Tavarez"]["mentions"]
    assert {d["source"] for d in merged["documents"]} == {"visit.txt", "minutes.md"}
    # Found by the old name, and the timeline of the merged record covers both reports.
    (found,) = entities_json(index, "Rui Tavarez")
    assert found["name"] == "Rui Tavares"
    events = json.loads(reportqa("timeline", "--entity", "Rui Tavares", "--json", index=index).stdout)["events"]
    assert {e["source"] for e in events} == {"visit.txt", "minutes.md"}

    listed = json.loads(reportqa("entities", "corrections", "--json", index=index).stdout)["corrections"]
    assert [(c["action"], c["stale"]) for c in listed] == [("rename", False), ("hide", False), ("merge", False)]
    assert listed[2]["others"] == ["Rui Tavarez"]


def test_unhide_brings_a_record_back_and_a_name_alone_is_still_looked_up(corpus, settings, embedder):
    ingest([corpus], settings, embedder=embedder)
    index = settings.index_dir
    reportqa("entities", "hide", "Mette Lund", index=index)
    assert entities_json(index, "Mette Lund") == []
    reportqa("entities", "unhide", "Mette Lund", index=index)
    (back,) = entities_json(index, "Mette Lund")
    assert back["name"] == "Mette Lund"
    # A correction word alone is a name to look up, not a correction.
    assert reportqa("entities", "hide", index=index).stdout.startswith("No such")


def test_a_correction_that_matches_nothing_after_a_rebuild_is_listed_as_stale(corpus, settings, embedder):
    ingest([corpus], settings, embedder=embedder)
    index = settings.index_dir
    reportqa("entities", "hide", "Mette Lund", index=index)
    reportqa("entities", "rename", "Gu Lanfang", "Lanfang Gu", index=index)
    (corpus / "minutes.md").unlink()  # the only report naming Mette Lund
    rebuild(corpus, settings, embedder)
    listed = json.loads(reportqa("entities", "corrections", "--json", index=index).stdout)["corrections"]
    assert [(c["action"], c["name"], c["stale"]) for c in listed] == [
        ("hide", "Mette Lund", True),
        ("rename", "Gu Lanfang", False),
    ]
    assert "[stale" in reportqa("entities", "corrections", index=index).stdout
    # A new correction of a name no record has is refused, not stored.
    refused = reportqa("entities", "hide", "Nobody Known", index=index, check=False)
    assert refused.returncode == 1 and "no record matches" in refused.stderr
    assert len(load_corrections(index.parent / "corrections.json")) == 2


def test_an_answer_uses_the_corrected_name(corpus, settings, embedder):
    ingest([corpus], settings, embedder=embedder)
    index = settings.index_dir
    reportqa("entities", "rename", "Otto Brandt", "Otto M. Brandt", index=index)
    answer = json.loads(
        reportqa("ask", "Who is the director of the Harbour Innovation Hub?", "--json", index=index).stdout
    )
    assert "Otto M. Brandt" in answer["answer"]


def test_split_and_roles_and_an_open_service_see_new_corrections(corpus, settings, embedder, tmp_path):
    ingest([corpus], settings, embedder=embedder)
    service = AnswerService.open(settings.with_(corrections_file=tmp_path / "elsewhere.json"), embedder)
    service.correct("merge", "Rui Tavares", "tester", others=["Rui Tavarez"])
    (merged,) = service.entities("Rui Tavares", "person")
    assert "Rui Tavarez" in merged.aliases
    service.correct("split", "Rui Tavares", "tester", value="Rui Tavarez")
    (apart,) = service.entities("Rui Tavarez", "person")
    assert apart.name == "Rui Tavarez" and {d.source for d in apart.documents} == {"minutes.md"}
    (kept,) = service.entities("Rui Tavares", "person")
    assert "Rui Tavarez" not in kept.aliases and {d.source for d in kept.documents} == {"visit.txt"}

    service.correct(
        "set_role", "Gu Lanfang", "tester", value="director", organisation="Weihai Ocean Development Bureau"
    )
    (gu,) = service.entities("Gu Lanfang", "person")
    assert gu.current_role is not None and gu.current_role.role == "director"
    assert [r.role for r in gu.roles[1:]] == ["deputy director"]
    service.correct("remove_role", "Gu Lanfang", "tester", value="deputy director")
    (gu,) = service.entities("Gu Lanfang", "person")
    assert [r.role for r in gu.roles] == ["director"]
    assert (tmp_path / "elsewhere.json").exists() and not (settings.index_dir.parent / "corrections.json").exists()


def test_apply_keeps_the_directory_consistent(corpus, settings, embedder):
    ingest([corpus], settings, embedder=embedder)
    snapshot = IndexStore(settings.index_dir).open()
    try:
        built = Directory.build(snapshot.documents(), snapshot.facts())
    finally:
        snapshot.close()
    corrections = [
        new_correction("rename", "Gu Lanfang", "t", value="Lanfang Gu"),
        new_correction("hide", "Ines Koller", "t"),
        new_correction("rename", "Nobody Known", "t", value="X"),
    ]
    corrected, stale = apply(built, corrections)
    assert stale == [corrections[2]]
    assert corrected.find("Ines Koller") == [] and corrected.doc_ids_for(["Ines Koller"]) == set()
    (gu,) = corrected.find("Gu Lanfang")  # the old name is an alias
    assert gu.name == "Lanfang Gu" and corrected.find("Lanfang Gu") == [gu]
    visitors = [p.name for t in corrected.timeline("Lanfang Gu") for p in t.event.visitors]
    assert "Lanfang Gu" in visitors and "Gu Lanfang" not in visitors
    assert built.find("Ines Koller")  # the built directory itself is left as it was


def test_the_api_records_corrections_by_the_logged_in_user(corpus, settings, embedder):
    from fastapi.testclient import TestClient

    from reportqa.api import Credentials, build_api

    ingest([corpus], settings, embedder=embedder)
    app = build_api(AnswerService.open(settings, embedder), Credentials(logins=[("ana", "secret")]))
    with TestClient(app) as client:
        body = {"action": "rename", "name": "Otto Brandt", "value": "Otto M. Brandt", "by": "someone else"}
        assert client.post("/api/entities/corrections", json=body).status_code == 401
        made = client.post("/api/entities/corrections", json=body, auth=("ana", "secret"))
        assert made.status_code == 200, made.text
        assert made.json()["correction"]["by"] == "ana"  # the login, not what the body claims
        missing = client.post(
            "/api/entities/corrections", json={"action": "hide", "name": "Nobody Known"}, auth=("ana", "secret")
        )
        assert missing.status_code == 400 and "no record matches" in missing.json()["error"]
        listed = client.get("/api/entities/corrections", auth=("ana", "secret")).json()["corrections"]
        assert [(c["action"], c["name"], c["value"], c["stale"]) for c in listed] == [
            ("rename", "Otto Brandt", "Otto M. Brandt", False)
        ]
        names = {e["name"] for e in client.get("/api/entities", auth=("ana", "secret")).json()["entities"]}
        assert "Otto M. Brandt" in names and "Otto Brandt" not in names


def test_a_role_set_by_a_correction_answers_what_position_someone_holds(corpus, settings, embedder):
    ingest([corpus], settings, embedder=embedder)
    service = AnswerService.open(settings, embedder)
    before = service.ask("What position does Otto Brandt hold?")
    assert before.short and before.short.startswith("director")
    # A role no report states: the answer is the correction's, and says who set it and when.
    service.correct("set_role", "Otto Brandt", by="ana", value="chief executive", organisation="Harbour Innovation Hub")
    answer = service.ask("What position does Otto Brandt hold?")
    assert answer.short == "chief executive, Harbour Innovation Hub" and not answer.abstained
    assert "set by ana on 20" in answer.text and "no report states it" in answer.text
    # A role a report states: quoted from the report's sentence, the correction named too.
    service.correct("set_role", "Rui Tavares", by="ana", value="controller", organisation="Harbour Innovation Hub")
    answer = service.ask("What position does Rui Tavares hold?")
    assert answer.short == "controller, Harbour Innovation Hub" and "set by ana" in answer.text
    assert answer.citations and "controller of the Harbour Innovation Hub" in answer.citations[0].hit.text
    # "Who is the treasurer of ...?" names the person a correction gave the role, not the report's
    assert service.ask("Who is the treasurer of the Harbour Innovation Hub?").short == "Ines Koller"
    service.correct("set_role", "Mette Lund", by="ana", value="treasurer", organisation="Harbour Innovation Hub")
    answer = service.ask("Who is the treasurer of the Harbour Innovation Hub?")
    assert answer.short == "Mette Lund" and "set by ana" in answer.text
