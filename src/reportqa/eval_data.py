"""Readers for public retrieval / QA datasets, each turned into one :class:`EvalDataset`.

The format is detected from the folder's files:

- SQuAD JSON (``*.json`` with ``data[].paragraphs[].qas``): each paragraph a document;
  an answerable question's relevant document is its paragraph.
- Cranfield SMART files (``cran.all.1400``, ``cran.qry``, ``cranqrel``): qrels use the
  query's position in ``cran.qry`` (1..225), not its ``.I`` number.
- TAT-QA (``tatqa_dataset_<split>.json``): text-answerable questions against every
  paragraph of every report; relevant = ``rel_paragraphs``.
- QMSum (``<split>/*.json`` meetings): passages of consecutive speaker turns; relevant =
  a passage overlapping a gold turn span of a specific query.
- BEIR (``corpus.jsonl``, ``queries.jsonl``, ``qrels/<split>.tsv``).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class EvalDataset:
    name: str
    split: str
    documents: dict[str, str]  # doc id -> text
    queries: dict[str, str]  # query id -> text
    qrels: dict[str, dict[str, int]]  # query id -> {doc id: relevance}; only queries with a relevant doc
    answers: dict[str, list[str]] = field(default_factory=dict)  # gold answer strings, where the data has them
    unanswerable: list[str] = field(default_factory=list)  # query ids the documents don't answer


class DatasetError(Exception):
    pass


def load_dataset(path: Path, split: str | None = None) -> EvalDataset:
    """Read the dataset in folder (or file) ``path``; ``split`` picks dev/test where there are several."""
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"dataset not found: {path}")
    if (path / "cran.all.1400").exists():
        return _cranfield(path)
    if (path / "corpus.jsonl").exists():
        return _beir(path, split or "test")
    if list(path.glob("tatqa_dataset_*.json")):
        return _tatqa(path, split or "test_gold")
    if (path / "train").is_dir() or (path / "test").is_dir():
        return _qmsum(path, split or "test")
    squad = [path] if path.is_file() else sorted(path.glob("*.json"))
    if squad:
        return _squad(squad[0], path.name)
    raise DatasetError(f"cannot tell the format of {path}: expected SQuAD, Cranfield, TAT-QA, QMSum or BEIR files")


def _squad(file: Path, name: str) -> EvalDataset:
    data = json.loads(file.read_text(encoding="utf-8"))["data"]
    dataset = EvalDataset(name=name, split=file.stem, documents={}, queries={}, qrels={})
    for article in data:
        for number, paragraph in enumerate(article["paragraphs"]):
            doc_id = f"{article['title']}-{number}"
            dataset.documents[doc_id] = paragraph["context"]
            for qa in paragraph["qas"]:
                dataset.queries[qa["id"]] = qa["question"]
                if qa.get("is_impossible") or not qa["answers"]:
                    dataset.unanswerable.append(qa["id"])
                else:
                    dataset.qrels[qa["id"]] = {doc_id: 1}
                    dataset.answers[qa["id"]] = sorted({a["text"] for a in qa["answers"]})
    return dataset


def _smart_records(text: str) -> list[tuple[str, dict[str, str]]]:
    """SMART format: records start with '.I <id>'; fields start with '.X' on their own line."""
    records = []
    for block in re.split(r"^\.I\s+", text, flags=re.MULTILINE)[1:]:
        number, _, body = block.partition("\n")
        fields: dict[str, str] = {}
        for match in re.finditer(r"^\.([A-Z])\s*\n(.*?)(?=^\.[A-Z]\s*$|\Z)", body, flags=re.MULTILINE | re.DOTALL):
            fields[match.group(1)] = " ".join(match.group(2).split())
        records.append((number.strip(), fields))
    return records


def _cranfield(path: Path) -> EvalDataset:
    dataset = EvalDataset(name=path.name, split="all", documents={}, queries={}, qrels={})
    for number, fields in _smart_records((path / "cran.all.1400").read_text(encoding="latin-1")):
        title = fields.get("T", "").rstrip(" .")
        dataset.documents[str(int(number))] = f"{title}. {fields.get('W', '')}".strip(". ")
    # The qrels number queries by position (1..225), not by their .I value.
    for position, (_, fields) in enumerate(_smart_records((path / "cran.qry").read_text(encoding="latin-1")), start=1):
        dataset.queries[str(position)] = fields.get("W", "")
    for line in (path / "cranqrel").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and int(parts[2]) > 0:  # -1 marks "not relevant"
            # Codes 1 (most relevant) .. 4 become graded gains 4 .. 1 for nDCG.
            dataset.qrels.setdefault(parts[0], {})[str(int(parts[1]))] = 5 - int(parts[2])
    dataset.qrels = {q: r for q, r in dataset.qrels.items() if q in dataset.queries}
    return dataset


def _tatqa(path: Path, split: str) -> EvalDataset:
    file = path / f"tatqa_dataset_{split}.json"
    if not file.exists():
        have = ", ".join(p.stem.removeprefix("tatqa_dataset_") for p in path.glob("tatqa_dataset_*.json"))
        raise DatasetError(f"no split '{split}' in {path} (have: {have})")
    dataset = EvalDataset(name=path.name, split=split, documents={}, queries={}, qrels={})
    for report in json.loads(file.read_text(encoding="utf-8")):
        uid = report["table"]["uid"]
        for paragraph in report["paragraphs"]:
            dataset.documents[f"{uid}-{paragraph['order']}"] = paragraph["text"]
        for question in report["questions"]:
            if question["answer_from"] != "text" or question["answer_type"] not in ("span", "multi-span"):
                continue
            dataset.queries[question["uid"]] = question["question"]
            dataset.qrels[question["uid"]] = {f"{uid}-{order}": 1 for order in question["rel_paragraphs"]}
            answer = question["answer"]
            dataset.answers[question["uid"]] = [str(a) for a in answer] if isinstance(answer, list) else [str(answer)]
    return dataset


# QMSum passages: consecutive turns up to about this many characters (roughly 200 model tokens).
_QMSUM_PASSAGE_CHARS = 900


def _qmsum(path: Path, split: str) -> EvalDataset:
    folder = path / split
    if not folder.is_dir():
        raise DatasetError(f"no split '{split}' in {path}")
    dataset = EvalDataset(name=path.name, split=split, documents={}, queries={}, qrels={})
    for meeting_file in sorted(folder.glob("*.json")):
        meeting = json.loads(meeting_file.read_text(encoding="utf-8"))
        passages: list[tuple[str, int, int]] = []  # (doc id, first turn, last turn)
        first, buffer = 0, []
        for turn_number, turn in enumerate(meeting["meeting_transcripts"]):
            buffer.append(f"{turn['speaker']}: {turn['content']}")
            if sum(len(b) for b in buffer) >= _QMSUM_PASSAGE_CHARS:
                passages.append((f"{meeting_file.stem}-{first}-{turn_number}", first, turn_number))
                dataset.documents[passages[-1][0]] = "\n".join(buffer)
                first, buffer = turn_number + 1, []
        if buffer:
            last = len(meeting["meeting_transcripts"]) - 1
            passages.append((f"{meeting_file.stem}-{first}-{last}", first, last))
            dataset.documents[passages[-1][0]] = "\n".join(buffer)
        for number, query in enumerate(meeting["specific_query_list"]):
            query_id = f"{meeting_file.stem}-q{number}"
            spans = [(int(a), int(b)) for a, b in query["relevant_text_span"]]
            relevant = {doc_id: 1 for doc_id, lo, hi in passages if any(lo <= b and a <= hi for a, b in spans)}
            if relevant:
                dataset.queries[query_id] = query["query"]
                dataset.qrels[query_id] = relevant
    return dataset


def _beir(path: Path, split: str) -> EvalDataset:
    dataset = EvalDataset(name=path.name, split=split, documents={}, queries={}, qrels={})
    with open(path / "corpus.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            title = record.get("title") or ""
            dataset.documents[str(record["_id"])] = f"{title}. {record['text']}" if title else record["text"]
    with open(path / "queries.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            dataset.queries[str(record["_id"])] = record["text"]
    qrels_file = path / "qrels" / f"{split}.tsv"
    if not qrels_file.exists():
        raise DatasetError(f"no qrels for split '{split}': {qrels_file}")
    with open(qrels_file, encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if int(row["score"]) > 0:
                dataset.qrels.setdefault(row["query-id"], {})[row["corpus-id"]] = int(row["score"])
    return dataset
