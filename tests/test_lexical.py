from reportqa.lexical import LexicalIndex, LexicalTokenizer


def test_english_is_stemmed_and_stop_words_dropped():
    assert LexicalTokenizer()(["Which industries does the city want to cooperate on?"])[0] == [
        "industri",
        "citi",
        "want",
        "cooper",
    ]


def test_chinese_runs_become_bigrams_so_words_inside_them_match():
    tokens = LexicalTokenizer()(["连云港位于江苏省"])[0]
    assert tokens == ["连云", "云港", "港位", "位于", "于江", "江苏", "苏省"]


def test_bm25_finds_chinese_and_english_reports():
    index = LexicalIndex.build(
        [
            "连云港希望在新材料方面加强合作。",
            "The Haizhou Industrial Park offered rent-free factories.",
            "临港创新中心将开放人才计划。",
        ]
    )
    rows, scores = index.search("连云港的合作", 3)
    assert rows[0] == 0 and scores[0] > 0
    rows, _ = index.search("rent free factory", 3)
    assert rows.tolist() == [1]
    rows, _ = index.search("the of and", 3)  # stop words only: no match rather than noise
    assert rows.tolist() == []


def test_allowed_rows_restrict_bm25():
    import numpy as np

    index = LexicalIndex.build(["budget approved", "budget rejected", "visit report"])
    rows, _ = index.search("budget", 3, allowed_rows=np.array([1, 2]))
    assert rows.tolist() == [1]
