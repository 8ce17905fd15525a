"""The ingest plan, decided from plain records without touching a file or the model."""

from pathlib import Path

import pytest

from reportqa.filters import FilterError, Filters
from reportqa.ingest import ScannedFile, Skipped, location_of, plan_ingest
from reportqa.load import CorpusFile, doc_id_for
from reportqa.types import DocumentRecord

ROOT = "/corpus"


def stored(source, sha, same_as=None, root=ROOT):
    return DocumentRecord(
        doc_id_for(root, source), root, source, source, None, sha, 10, 1, None, 0 if same_as else 3, "t", same_as
    )


def scanned(source, sha=None, problem=None, root=ROOT, in_scope=True):
    file = CorpusFile(Path(root) / source, root, source)
    return ScannedFile(file, location_of(file), 10, 2, sha, problem, in_scope)


def by_location(*records):
    return {location_of(r): r for r in records}


def sources(items):
    return [p.source for p in items]


def test_new_changed_unchanged_touched_and_gone():
    index = by_location(
        stored("same.txt", "a"), stored("touched.txt", "b"), stored("edited.txt", "c"), stored("gone.txt", "d")
    )
    files = [
        scanned("same.txt"),  # size and mtime as stored: not even hashed
        scanned("touched.txt", sha="b"),  # new mtime, same bytes
        scanned("edited.txt", sha="c2"),
        scanned("new.txt", sha="e"),
    ]
    plan = plan_ingest(files, index, [ROOT])
    assert sources(plan.loads) == ["edited.txt", "new.txt"]
    assert [p.replaces.source if p.replaces else None for p in plan.loads] == ["edited.txt", None]
    assert plan.unchanged == ("same.txt", "touched.txt")
    assert [r.source for r in plan.removals] == ["gone.txt"] and plan.copies == ()


def test_nothing_changed_means_nothing_to_do():
    index = by_location(stored("a.txt", "a"), stored("b.txt", "b"))
    plan = plan_ingest([scanned("a.txt"), scanned("b.txt")], index, [ROOT])
    assert not plan.changes_index and plan.unchanged == ("a.txt", "b.txt")


def test_a_file_outside_the_scanned_folders_is_not_removed():
    index = by_location(stored("a.txt", "a"), stored("x.txt", "x", root="/elsewhere"))
    plan = plan_ingest([scanned("a.txt")], index, [ROOT])
    assert plan.removals == ()


def test_an_unreadable_file_is_skipped_and_its_old_text_removed():
    index = by_location(stored("locked.txt", "a"))
    plan = plan_ingest(
        [scanned("locked.txt", problem="cannot read file: Permission denied"), scanned("big.txt", problem="too large")],
        index,
        [ROOT],
    )
    assert plan.skipped == (
        Skipped("locked.txt", "cannot read file: Permission denied"),
        Skipped("big.txt", "too large"),
    )
    assert [r.source for r in plan.removals] == ["locked.txt"] and plan.loads == ()


def test_same_bytes_are_stored_once():
    index = by_location(stored("kept.txt", "k"))
    files = [
        scanned("kept.txt"),
        scanned("copy-of-kept.txt", sha="k"),
        scanned("n1.txt", sha="n"),
        scanned("n2.txt", sha="n"),
    ]
    plan = plan_ingest(files, index, [ROOT])
    assert sources(plan.loads) == ["n1.txt"]
    assert [(p.source, p.copy_of) for p in plan.copies] == [
        ("copy-of-kept.txt", location_of(index[f"{ROOT}/kept.txt"])),
        ("n2.txt", f"{ROOT}/n1.txt"),
    ]


def test_a_copy_whose_document_goes_away_is_loaded_in_its_own_right():
    holder = stored("holder.txt", "h")
    copy = stored("copy.txt", "h", same_as=holder.doc_id)
    index = by_location(holder, copy)
    # The holder is deleted: the copy, unchanged on disk, must get chunks of its own.
    plan = plan_ingest([scanned("copy.txt")], index, [ROOT])
    assert [r.source for r in plan.removals] == ["holder.txt"]
    assert sources(plan.loads) == ["copy.txt"] and plan.loads[0].sha256 == "h" and plan.unchanged == ()
    # The holder changes: both are loaded, neither is a copy any more.
    plan = plan_ingest([scanned("copy.txt"), scanned("holder.txt", sha="h2")], index, [ROOT])
    assert sorted(sources(plan.loads)) == ["copy.txt", "holder.txt"] and plan.copies == ()


def test_two_orphaned_copies_of_one_content_become_one_document_and_a_copy():
    holder = stored("holder.txt", "h")
    first, second = stored("c1.txt", "h", same_as=holder.doc_id), stored("c2.txt", "h", same_as=holder.doc_id)
    plan = plan_ingest([scanned("c1.txt"), scanned("c2.txt")], by_location(holder, first, second), [ROOT])
    assert sources(plan.loads) == ["c1.txt"]
    assert [(p.source, p.copy_of) for p in plan.copies] == [("c2.txt", f"{ROOT}/c1.txt")]


def test_an_orphaned_copy_outside_the_scan_is_reloaded_or_removed():
    holder = stored("holder.txt", "h")
    outside = stored("copy.txt", "h", same_as=holder.doc_id, root="/elsewhere")
    index = by_location(holder, outside)
    found = scanned("copy.txt", root="/elsewhere", in_scope=False)
    plan = plan_ingest([found], index, [ROOT])
    assert sources(plan.loads) == ["copy.txt"] and plan.unchanged == ()
    plan = plan_ingest([], index, [ROOT])  # its file is gone too
    assert sorted(r.source for r in plan.removals) == ["copy.txt", "holder.txt"]


def test_filters_parse_what_a_user_typed():
    assert Filters.parse(["visits/*", " "], " 2023-01-05 ", "") == Filters(("visits/*",), "2023-01-05", None)
    assert not Filters.parse(None, None, None).active
    with pytest.raises(FilterError, match="From date must be a day in the form YYYY-MM-DD"):
        Filters.parse(None, "2023-02-30", None)
    with pytest.raises(FilterError, match="after the To date"):
        Filters.parse(None, "2024-01-01", "2023-01-01")
