import itertools

from reportqa.chunk import chunk_document, split_sentences
from reportqa.config import ChunkSettings
from reportqa.types import Document, Page


def make_document(text: str, pages=None, source="report.txt") -> Document:
    pages = pages or (Page(None, 0, len(text)),)
    return Document("doc1", source, "Title", None, text, tuple(pages), "0" * 64)


def test_sentences_keep_titles_with_names():
    text = (
        "Ms. Chen presented the city. The city lies in the north. Ms. Chen said it wants cooperation. Dr. Ruan agreed. "
        "The delegation spent the morning in the Haizhou Industrial Park. Mr. Gao explained that the park is big. "
        "He met Dr. Ruan and Prof. Tang."
    )
    spans = split_sentences(text, 0, len(text), soft_newlines=False)
    assert [text[s.start : s.end] for s in spans] == [
        "Ms. Chen presented the city.",
        "The city lies in the north.",
        "Ms. Chen said it wants cooperation.",
        "Dr. Ruan agreed.",
        "The delegation spent the morning in the Haizhou Industrial Park.",
        "Mr. Gao explained that the park is big.",
        "He met Dr. Ruan and Prof. Tang.",
    ]


def test_a_footnote_number_glued_to_a_full_stop_ends_the_sentence():
    text = "Tax revenue rose to 11% of the budget.2 Currently, no sales tax is levied. See Section 3.2 Tariffs."
    spans = [text[s.start : s.end] for s in split_sentences(text, 0, len(text), soft_newlines=True)]
    assert spans[:2] == ["Tax revenue rose to 11% of the budget.2", "Currently, no sales tax is levied."]
    # a section number is no footnote
    assert "See Section 3.2 Tariffs." in spans


def test_line_breaks_end_sentences_in_text_but_not_inside_pdf_paragraphs():
    text = "Date: 2021-10-25\nParticipants: Mr. Wei\n\nThe two sides discussed a long list of topics in the field of\nintegrated circuits and more."
    hard = [text[s.start : s.end] for s in split_sentences(text, 0, len(text), soft_newlines=False)]
    assert hard[:2] == ["Date: 2021-10-25", "Participants: Mr. Wei"]
    soft = [text[s.start : s.end] for s in split_sentences(text, 0, len(text), soft_newlines=True)]
    assert soft[-1] == "The two sides discussed a long list of topics in the field of\nintegrated circuits and more."


def test_chunks_respect_the_token_budget_and_overlap(tokenizer):
    sentences = [
        f"Sentence number {i} talks about the cooperation between Lingang and Lianyungang in biomedicine."
        for i in range(60)
    ]
    text = " ".join(sentences)
    chunks = chunk_document(make_document(text), tokenizer, ChunkSettings(max_tokens=64, overlap_sentences=1))
    assert len(chunks) > 5
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]  # verbatim slice of the document
        assert tokenizer.count([chunk.text])[0] + tokenizer.special_tokens <= 64
    # Each chunk starts with the last sentence of the one before.
    for previous, current in itertools.pairwise(chunks):
        last_sentence = previous.text[previous.text.rfind("Sentence number") :]
        assert current.text.startswith(last_sentence)
    covered = "".join(text[c.start : c.end] for c in chunks)
    assert all(s in covered for s in sentences)


def test_an_overlong_sentence_is_cut_at_token_boundaries(tokenizer):
    text = "word " * 700 + "end."
    chunks = chunk_document(make_document(text.strip()), tokenizer, ChunkSettings(max_tokens=128, overlap_sentences=1))
    assert len(chunks) >= 5
    assert all(tokenizer.count([c.text])[0] <= 126 for c in chunks)
    assert chunks[-1].text.endswith("end.")


def test_chunks_never_cross_pages_and_carry_page_numbers(tokenizer):
    first, second = "Page one talks about budgets.", "Page two talks about visitors."
    text = first + "\n\n" + second
    pages = (Page(1, 0, len(first)), Page(2, len(first) + 2, len(text)))
    chunks = chunk_document(make_document(text, pages, source="r.pdf"), tokenizer, ChunkSettings())
    assert [(c.page, c.text) for c in chunks] == [(1, first), (2, second)]
    assert [c.chunk_id for c in chunks] == ["doc1:0", "doc1:1"]


def test_chunks_are_embedded_as_windows_of_sentences(tokenizer):
    text = "First sentence here. Second one follows. Third is short. Fourth ends it. Fifth is alone."
    (chunk,) = chunk_document(make_document(text), tokenizer, ChunkSettings(dense_window_sentences=2))
    assert chunk.window_texts() == [
        "First sentence here. Second one follows.",
        "Third is short. Fourth ends it.",
        "Fifth is alone.",
    ]
    (whole,) = chunk_document(make_document(text), tokenizer, ChunkSettings(dense_window_sentences=0))
    assert whole.window_texts() == [text]
