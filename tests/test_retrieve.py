import pytest

from reportqa.retrieve import fuse


def test_fusion_rewards_agreement_between_rankings():
    # BM25 has no standout winner (2 and 4 are close), so both rankings count.
    dense = {1: 0.80, 2: 0.75, 3: 0.20, 4: 0.30}
    lexical = {2: 12.0, 4: 11.0, 1: 1.0}
    order = sorted(fused := fuse(dense, lexical), key=lambda r: -fused[r])
    assert order[0] == 2  # second in both rankings, first in neither
    assert order[-1] == 3  # last in dense, absent from BM25


def test_a_standout_bm25_winner_outweighs_a_dense_near_tie():
    dense = {1: 0.61, 2: 0.60, 3: 0.59, 4: 0.20}
    lexical = {3: 30.0, 1: 5.0, 2: 4.0}
    fused = fuse(dense, lexical)
    assert max(fused, key=fused.get) == 3


def test_flat_bm25_scores_leave_the_decision_to_dense():
    # Twenty candidates: BM25 scores within a few percent of each other, one clear dense winner.
    dense = {1: 0.90, **{row: 0.40 - 0.005 * row for row in range(2, 21)}}
    lexical = {**{row: 5.0 - 0.01 * row for row in range(2, 21)}, 1: 4.9}
    fused = fuse(dense, lexical)
    assert max(fused, key=fused.get) == 1
    lexical[5] = 12.0  # now BM25 has a standout winner, and it decides
    fused = fuse(dense, lexical)
    assert max(fused, key=fused.get) == 5


def test_a_passage_both_rankings_list_outranks_one_only_the_words_find(monkeypatch):
    from reportqa import retrieve

    dense = {1: 0.80, 2: 0.62, 3: 0.55, 4: 0.50, 5: 0.45}
    lexical = {6: 6.0, 2: 5.5, 7: 5.0, 8: 4.8, 9: 4.6}  # 6 has none of dense's meaning
    fused = fuse(dense, lexical)
    assert max(fused, key=fused.get) == 2  # second in both rankings
    monkeypatch.setattr(retrieve, "BOTH_LISTS_BONUS", 1.0)  # without the bonus, BM25's favourite wins
    fused = fuse(dense, lexical)
    assert max(fused, key=fused.get) == 6


def test_fusion_of_one_empty_ranking_is_the_other():
    fused = fuse({}, {7: 3.0, 8: 1.0})
    assert sorted(fused, key=lambda r: -fused[r]) == [7, 8]
    assert fuse({}, {}) == {}


def test_unknown_mode_is_rejected(tmp_path):
    from reportqa.retrieve import Retriever

    retriever = Retriever.__new__(Retriever)
    with pytest.raises(ValueError, match="mode must be one of"):
        retriever.search("q", mode="fuzzy")


ENTITY_PASSAGES = {
    "port.txt": "The pharmaceutical port hosts many drug makers and supports clinical trials for innovative medicines.",
    "hengrui.txt": "Hengrui opened a research center in the park in 2021.",
    "zone.txt": "Medicine companies in the zone produce chemical drugs, modern Chinese medicine and medical devices.",
    "visit.txt": "The delegation visited a drug company and discussed cooperation on new medicines.",
    "factory.txt": "Zhengda Tianqing expanded its factory for generic drugs.",
}


def test_hybrid_finds_an_entity_name_that_dense_alone_misses(tmp_path, settings, embedder):
    from reportqa.ingest import ingest
    from reportqa.retrieve import Retriever

    corpus = tmp_path / "entities"
    corpus.mkdir()
    for name, text in ENTITY_PASSAGES.items():
        (corpus / name).write_text(text)
    ingest([corpus], settings, embedder=embedder)
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    query = "Haizhou Industrial Park"  # only "park" occurs, in hengrui.txt
    assert retriever.search(query, k=1, mode="dense")[0].source != "hengrui.txt"
    assert retriever.search(query, k=1, mode="bm25")[0].source == "hengrui.txt"
    assert retriever.search(query, k=1, mode="hybrid")[0].source == "hengrui.txt"


def test_hybrid_finds_each_contract_by_its_number(tmp_path, settings, embedder):
    from reportqa.ingest import ingest
    from reportqa.retrieve import Retriever

    corpus = tmp_path / "contracts"
    corpus.mkdir()
    codes = ["QX-7730", "HK-2291", "LM-5508", "TR-1164", "BW-8842", "ZP-3017"]
    for n, code in enumerate(codes):
        (corpus / f"contract-{n}.txt").write_text(
            f"Contract {code} covers the supply of harbour cranes and their maintenance for five years.",
            encoding="utf-8",
        )
    ingest([corpus], settings, embedder=embedder)
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    # The texts differ only in their numbers: dense vectors barely tell them apart (on some
    # vector families not at all), BM25 does, and hybrid must keep every exact match first.
    for n, code in enumerate(codes):
        query = f"contract {code}"
        assert retriever.search(query, k=1, mode="bm25")[0].source == f"contract-{n}.txt"
        assert retriever.search(query, k=1, mode="hybrid")[0].source == f"contract-{n}.txt"


def test_a_lone_bm25_match_is_not_flattened_by_standardisation():
    fused = fuse({1: 0.70, 2: 0.65, 3: 0.60}, {3: 2.5}, lexical_exhaustive=True)
    assert max(fused, key=fused.get) == 3
