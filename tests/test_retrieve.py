import pytest

from reportqa.retrieve import fuse


def test_fusion_rewards_agreement_between_rankings():
    dense = {1: 0.80, 2: 0.75, 3: 0.20}
    lexical = {2: 12.0, 4: 11.0, 1: 1.0}
    fused = fuse(dense, lexical)
    assert sorted(fused, key=lambda r: -fused[r]) == [2, 1, 4, 3]


def test_fusion_keeps_a_clear_lexical_winner_ahead():
    dense = {1: 0.52, 2: 0.51, 3: 0.50}
    lexical = {3: 25.0, 1: 2.0}
    fused = fuse(dense, lexical)
    assert max(fused, key=fused.get) == 3


def test_fusion_of_one_empty_ranking_is_the_other():
    fused = fuse({}, {7: 3.0, 8: 1.0})
    assert sorted(fused, key=lambda r: -fused[r]) == [7, 8]
    assert fuse({}, {}) == {}


def test_unknown_mode_is_rejected(tmp_path):
    from reportqa.retrieve import Retriever

    retriever = Retriever.__new__(Retriever)
    with pytest.raises(ValueError, match="mode must be one of"):
        retriever.search("q", mode="fuzzy")
