"""Dataset readers on tiny files written here in each format, and the eval runner end to end."""

import json

import pytest

from reportqa.eval_data import DatasetError, load_dataset
from reportqa.evaluation import evaluate, format_table, sample_queries


def test_squad_paragraphs_are_documents_and_unanswerable_questions_are_kept_apart(tmp_path):
    data = {
        "data": [
            {
                "title": "Harbour",
                "paragraphs": [
                    {
                        "context": "The hub opened in 2011.",
                        "qas": [
                            {
                                "id": "q1",
                                "question": "When did the hub open?",
                                "answers": [{"text": "2011", "answer_start": 18}],
                                "is_impossible": False,
                            },
                            {"id": "q2", "question": "Who closed the hub?", "answers": [], "is_impossible": True},
                        ],
                    },
                    {"context": "It has 57 companies.", "qas": []},
                ],
            }
        ]
    }
    (tmp_path / "dev.json").write_text(json.dumps(data))
    dataset = load_dataset(tmp_path)
    assert dataset.documents == {"Harbour-0": "The hub opened in 2011.", "Harbour-1": "It has 57 companies."}
    assert dataset.qrels == {"q1": {"Harbour-0": 1}} and dataset.unanswerable == ["q2"]
    assert dataset.answers == {"q1": ["2011"]}


def test_cranfield_uses_query_positions_and_drops_non_relevant(tmp_path):
    (tmp_path / "cran.all.1400").write_text(
        ".I 1\n.T\nwing flutter\n.A\nsmith\n.W\nflutter of wings at speed .\n.I 2\n.T\nheat\n.W\nheat transfer .\n"
    )
    (tmp_path / "cran.qry").write_text(".I 001\n.W\nwing flutter ?\n.I 004\n.W\nheat transfer in slabs\n")
    (tmp_path / "cranqrel").write_text("1 1 2\n2 2 1\n2 1 -1\n")
    dataset = load_dataset(tmp_path)
    assert dataset.queries == {"1": "wing flutter ?", "2": "heat transfer in slabs"}
    assert dataset.qrels == {"1": {"1": 3}, "2": {"2": 4}}
    assert dataset.documents["1"].startswith("wing flutter. flutter of wings")


def test_tatqa_keeps_text_span_questions_only(tmp_path):
    report = {
        "table": {"uid": "T1"},
        "paragraphs": [
            {"uid": "p", "order": 1, "text": "Revenue rose."},
            {"uid": "p2", "order": 2, "text": "Costs fell."},
        ],
        "questions": [
            {
                "uid": "a",
                "question": "What fell?",
                "answer": ["Costs"],
                "answer_type": "span",
                "answer_from": "text",
                "rel_paragraphs": ["2"],
            },
            {
                "uid": "b",
                "question": "Sum?",
                "answer": 5,
                "answer_type": "arithmetic",
                "answer_from": "table",
                "rel_paragraphs": [],
            },
        ],
    }
    (tmp_path / "tatqa_dataset_dev.json").write_text(json.dumps([report]))
    dataset = load_dataset(tmp_path, "dev")
    assert dataset.qrels == {"a": {"T1-2": 1}} and list(dataset.documents) == ["T1-1", "T1-2"]
    with pytest.raises(DatasetError, match="no split 'test_gold'"):
        load_dataset(tmp_path)


def test_qmsum_passages_overlapping_gold_spans_are_relevant(tmp_path):
    turns = [{"speaker": f"S{i}", "content": "word " * 100} for i in range(6)]  # ~500 chars each: 2 turns a passage
    meeting = {
        "meeting_transcripts": turns,
        "specific_query_list": [{"query": "What about turn 3?", "answer": "...", "relevant_text_span": [["3", "3"]]}],
    }
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "m1.json").write_text(json.dumps(meeting))
    dataset = load_dataset(tmp_path)
    assert list(dataset.documents) == ["m1-0-1", "m1-2-3", "m1-4-5"]
    assert dataset.qrels == {"m1-q0": {"m1-2-3": 1}}


def test_beir_layout(tmp_path):
    (tmp_path / "corpus.jsonl").write_text(
        '{"_id": "d1", "title": "T", "text": "alpha"}\n{"_id": "d2", "text": "beta"}\n'
    )
    (tmp_path / "queries.jsonl").write_text('{"_id": "q1", "text": "alpha?"}\n')
    (tmp_path / "qrels").mkdir()
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t0\n")
    dataset = load_dataset(tmp_path)
    assert dataset.documents == {"d1": "T. alpha", "d2": "beta"} and dataset.qrels == {"q1": {"d1": 1}}


def test_unknown_layout_and_missing_folder_are_reported(tmp_path):
    with pytest.raises(DatasetError, match="not found"):
        load_dataset(tmp_path / "nope")
    (tmp_path / "x").mkdir()
    with pytest.raises(DatasetError, match="cannot tell the format"):
        load_dataset(tmp_path / "x")


def test_sampling_is_reproducible():
    from reportqa.eval_data import EvalDataset

    dataset = EvalDataset("d", "s", {}, {}, {str(i): {"x": 1} for i in range(100)})
    assert sample_queries(dataset, 10, 0) == sample_queries(dataset, 10, 0) != sample_queries(dataset, 10, 1)
    assert len(sample_queries(dataset, None, 0)) == 100


def test_evaluate_scores_every_mode_on_a_small_beir_dataset(tmp_path, settings, embedder):
    facts = {
        "d1": "The Harbour Innovation Hub incubated 57 companies in 2022.",
        "d2": "Qingdao wants cooperation on underwater robotics.",
        "d3": "The finance committee approved a budget of 4.2 million euros.",
        "d4": "Dr. Sigrid Aalto coordinates the sea-ice sensor project.",
    }
    queries = {
        "q1": "How many companies did the hub incubate?",
        "q2": "Who coordinates the sea-ice sensors?",
        "q3": "What budget was approved?",
    }
    qrels = {"q1": "d1", "q2": "d4", "q3": "d3"}
    root = tmp_path / "beir"
    (root / "qrels").mkdir(parents=True)
    (root / "corpus.jsonl").write_text("".join(json.dumps({"_id": k, "text": v}) + "\n" for k, v in facts.items()))
    (root / "queries.jsonl").write_text("".join(json.dumps({"_id": k, "text": v}) + "\n" for k, v in queries.items()))
    (root / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"{q}\t{d}\t1\n" for q, d in qrels.items())
    )
    report = evaluate(load_dataset(root), settings, embedder=embedder)
    assert report["docs"] == 4 and report["queries"] == 3
    assert set(report["modes"]) == {"dense", "bm25", "hybrid"}
    assert report["modes"]["hybrid"]["recall@1"] == 1.0
    assert set(report["modes"]["dense"]) >= {"recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "query_ms_p50"}
    # Four documents: every mode finds every relevant one within ten.
    assert all(scores["recall@10"] == 1.0 for scores in report["modes"].values())
    table = format_table(report).splitlines()
    assert "4 docs" in table[0] and "3 queries" in table[0]
    columns = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "query_ms_p50")
    assert table[1].split() == ["mode", *columns]
    rows = {line.split()[0]: [float(cell) for cell in line.split()[1:]] for line in table[2:]}
    assert list(rows) == ["dense", "bm25", "hybrid"]
    for mode, cells in rows.items():
        expected = [report["modes"][mode][column] for column in columns]
        assert cells[:5] == pytest.approx(expected[:5], abs=5e-5) and cells[5] == pytest.approx(
            expected[5], abs=0.0501
        )  # printed to 0.1 ms
