"""Invariants of extractive answers, checked on passages written here and the real model."""

import json
import re

import pytest

from reportqa.answer import NOT_FOUND, Answerer
from reportqa.config import Settings
from reportqa.question import analyse
from reportqa.types import Hit
from reportqa.verify import plain
from reportqa.whoswho import Directory

from .conftest import answerer_over


def hit(n: int, text: str, source="r.txt") -> Hit:
    return Hit(f"d{n}:0", 1.0 - n / 10, text, f"Report {n}", source, None, "2023-01-01", f"d{n}", 0, len(text))


PASSAGES = [
    hit(
        0,
        "The hub was founded in 2011. Qingdao wants to cooperate on underwater robotics and offshore wind equipment. "
        "The delegation left on Friday.",
    ),
    hit(
        1,
        "Qingdao wants to cooperate on underwater robotics and offshore wind equipment. "
        "Ms. Lin also asked about marine biomedicine.",
    ),
    hit(2, "The finance committee approved a budget of 4.2 million euros."),
]


class FixedRetriever:
    def __init__(self, embedder, hits):
        self.embedder = embedder
        self.settings = Settings(show_progress=False)
        self._hits = hits

    def search(self, question, k=5, filters=None):
        return self._hits[:k]

    def question_vector(self, question):
        return self.embedder.encode([question])[0]

    # The rest of the retriever's interface the answerer uses: an index without entities.
    def directory(self):
        return Directory([], [], {})

    def entity_progress(self):
        return None

    def corpus_has(self, text, typos=False):
        return True

    def matches_anything(self, filters):
        return True

    def passages_of(self, doc_id):
        return []

    def documents(self):
        return []

    def report_text(self, doc_id):
        return plain(" ".join(h.title + " " + h.text for h in self._hits if h.doc_id == doc_id))


@pytest.fixture()
def answerer(embedder):
    return Answerer(FixedRetriever(embedder, PASSAGES))


def test_every_quoted_sentence_is_verbatim_from_the_passage_it_cites(answerer):
    answer = answerer.ask("Which industries does Qingdao want to cooperate on?")
    assert not answer.abstained
    numbers = {c.n: c for c in answer.citations}
    # Split the answer into "quote [n][m]" parts.
    for quote, markers in re.findall(r"(.+?) ((?:\[\d+\])+)(?: |$)", answer.text):
        cited = [int(n) for n in re.findall(r"\d+", markers)]
        assert cited and all(n in numbers for n in cited)  # every marker names a listed passage
        for n in cited:
            citation = numbers[n]
            assert quote in citation.hit.text
            assert any(citation.hit.text[s:e] == quote for s, e in citation.spans)
            assert (
                citation.hit.text[citation.start : citation.end]
                == citation.hit.text[citation.spans[0][0] : citation.spans[0][1]]
            )


def test_duplicate_sentence_in_two_passages_is_quoted_once_citing_both(answerer):
    answer = answerer.ask("Which industries does Qingdao want to cooperate on?")
    sentence = "Qingdao wants to cooperate on underwater robotics and offshore wind equipment."
    assert answer.text.count(sentence) == 1
    assert f"{sentence} [1][2]" in answer.text


def test_a_sentence_of_two_overlapping_passages_of_one_report_is_quoted_and_cited_once(embedder):
    # Chunks of one report overlap by a sentence: the same sentence reached through both is one
    # quote with one marker, and no marker is left standing alone on a line.
    first = "The hub opened in 2011. Qingdao wants to cooperate on underwater robotics and offshore wind equipment."
    second = "Qingdao wants to cooperate on underwater robotics and offshore wind equipment. The delegation left."
    overlapping = [
        Hit("d7:0", 0.9, first, "Report 7", "r.txt", None, "2023-01-01", "d7", 0, len(first)),
        Hit("d7:1", 0.8, second, "Report 7", "r.txt", None, "2023-01-01", "d7", 24, 24 + len(second)),
    ]
    answer = Answerer(FixedRetriever(embedder, overlapping)).ask("Which industries does Qingdao want to cooperate on?")
    sentence = "Qingdao wants to cooperate on underwater robotics and offshore wind equipment."
    assert answer.text.count(sentence) == 1 and f"{sentence} [1]" in answer.text
    assert [c.n for c in answer.citations] == [1]
    assert not re.search(r"^\s*(?:\[\d+\])+\s*$", answer.text, re.M)


def test_unrelated_question_abstains_and_shows_the_three_nearest_passages(embedder):
    passages = [*PASSAGES, hit(3, "The canteen opens at noon."), hit(4, "Parking is behind the hub.")]
    answer = Answerer(FixedRetriever(embedder, passages)).ask("What is the boiling point of liquid nitrogen?")
    assert answer.abstained and answer.text == NOT_FOUND
    assert answer.citations == () and answer.nearest == tuple(passages[:3])  # best first


def test_blank_question_is_refused_politely(answerer):
    answer = answerer.ask("   ")
    assert answer.abstained and "question" in answer.text.lower()


def test_adjacent_sentences_of_one_passage_merge(embedder):
    passage = hit(
        0,
        "Lianyungang wants cooperation in new medicines. Lianyungang also wants cooperation in new materials. Lunch followed.",
    )
    answer = Answerer(FixedRetriever(embedder, [passage])).ask("In which fields does Lianyungang want cooperation?")
    assert (
        answer.text
        == "Lianyungang wants cooperation in new medicines. Lianyungang also wants cooperation in new materials. [1]"
    )
    assert answer.citations[0].spans == ((0, passage.text.index(" Lunch")),)


def test_quotes_from_two_passages_follow_each_other_after_a_merged_pair(embedder):
    first = hit(
        0,
        "Lianyungang wants cooperation in new medicines. Lianyungang also wants cooperation in new materials. Lunch followed.",
    )
    second = hit(1, "The weather was mild. Lianyungang wants some cooperation on port logistics, said the mayor.")
    answerer = Answerer(FixedRetriever(embedder, [first, second]))
    question = "In which fields does Lianyungang want cooperation?"
    answer = answerer.ask(question)
    # The adjacent pair merges into one quote; the other passage's sentence still follows,
    # after one space.
    assert answer.text == (
        "Lianyungang wants cooperation in new medicines. Lianyungang also wants cooperation in new materials. [1] "
        "Lianyungang wants some cooperation on port logistics, said the mayor. [2]"
    )
    # The support is the best sentence's score, the one the abstention threshold is compared with.
    best = answerer._candidates(question, [first, second], analyse(question))[0].score
    assert answer.support == pytest.approx(best) and answer.support > answerer.settings.abstain_threshold


@pytest.mark.parametrize(
    ("source", "text"),
    [
        # A PDF page: lines wrapped inside sentences, two spaces after a full stop, a tab and
        # a non-breaking space between words.
        (
            "minutes.pdf",
            "Lianyungang wants cooperation in the field of\n"
            "new medicines.  Lianyungang\talso wants cooperation in\n"
            "new\u00a0materials.  Lunch followed at noon.",
        ),
        # Plain text: a line break between the sentences, two spaces inside one.
        (
            "minutes.txt",
            "Lianyungang wants  cooperation in the field of new medicines.\n"
            "Lianyungang\talso wants cooperation in new\u00a0materials.  Lunch followed at noon.",
        ),
    ],
)
def test_quotes_of_text_with_line_breaks_tabs_and_odd_spaces_slice_the_passage_exactly(embedder, source, text):
    passage = hit(0, text, source=source)
    answer = Answerer(FixedRetriever(embedder, [passage])).ask("In which fields does Lianyungang want cooperation?")
    end = text.index("  Lunch")
    # One span from the first sentence's first letter to the second's full stop, sliced from
    # the passage (not rebuilt from sentences joined with one space) ...
    assert answer.citations[0].spans == ((0, end),)
    assert (answer.citations[0].start, answer.citations[0].end) == (0, end)
    # ... and shown on one line: the same characters with each run of white space as one space.
    assert answer.text == " ".join(text[:end].split()) + " [1]"
    assert answer.text == (
        "Lianyungang wants cooperation in the field of new medicines. Lianyungang also wants cooperation in new materials. [1]"
    )


def test_json_shape_is_stable(answerer):
    question = "Which industries does Qingdao want to cooperate on?"
    answer = answerer.ask(question)
    data = json.loads(json.dumps(answer.as_dict()))  # what --json prints
    assert set(data) >= {"question", "answer", "abstained", "citations"}
    assert (data["question"], data["answer"], data["abstained"]) == (question, answer.text, False)
    first = data["citations"][0]
    assert set(first) >= {"n", "title", "source", "page", "date", "text", "start", "end", "score"}
    # The sentence stands in the first two passages; which copy is cited first depends on the
    # vector family's rounding (an int8 model scales each passage's batch on its own).
    sentence = "Qingdao wants to cooperate on underwater robotics and offshore wind equipment."
    cited = [next(p for p in PASSAGES if p.chunk_id == c["chunk_id"]) for c in data["citations"]]
    assert {p.chunk_id for p in cited} == {"d0:0", "d1:0"}
    passage = cited[0]
    assert first == {
        **first,
        "n": 1,
        "title": passage.title,
        "source": "r.txt",
        "page": None,
        "date": "2023-01-01",
        "text": passage.text,
        "start": passage.text.index(sentence),
        "end": passage.text.index(sentence) + len(sentence),
        "score": passage.score,
        "chunk_id": passage.chunk_id,
    }
    assert [c["n"] for c in data["citations"]] == [1, 2] and data["citations"][1]["text"] == cited[1].text


def test_punctuation_only_question_is_refused(answerer):
    answer = answerer.ask("?!... ---")
    assert answer.abstained and "not only punctuation" in answer.text


def test_overlong_question_is_cut_with_a_note(answerer):
    question = "Which industries does Qingdao want to cooperate on? " + "Please also consider this. " * 500
    answer = answerer.ask(question)
    assert len(answer.question) == 1000
    assert answer.notes == ("The question was cut to its first 1000 characters.",)


def test_list_numbers_and_headings_are_never_quoted(embedder):
    passage = hit(
        0,
        "# Budget of the hub\n\n3.\n\nThe committee approved a budget of 4.2 million euros for the hub.",
        source="m.md",
    )
    answer = Answerer(FixedRetriever(embedder, [passage])).ask("What budget did the committee approve for the hub?")
    assert answer.text == "The committee approved a budget of 4.2 million euros for the hub. [1]"


def test_a_heading_in_capitals_is_not_a_statement(embedder):
    # A plain-text report's heading line in capitals names the report's subject and so scores
    # high for any question about it; it states nothing.
    passage = hit(0, "HARBOUR SCHOOL TRUST (HST)\n\nIn 2011 the trust opened two new classrooms for older pupils.")
    answer = Answerer(FixedRetriever(embedder, [passage])).ask("What did the Harbour School Trust open in 2011?")
    assert answer.text == "In 2011 the trust opened two new classrooms for older pupils. [1]"


def test_chinese_sentences_are_candidates(embedder):
    passage = hit(0, "连云港希望在新材料方面加强合作。双方商定于九月举办对接会。")
    answer = Answerer(FixedRetriever(embedder, [passage])).compose(
        "连云港希望在哪些方面合作", [passage], abstain_threshold=float("-inf")
    )
    assert "连云港希望在新材料方面加强合作。" in answer.text


def test_a_name_of_several_words_is_found_when_its_words_stand_near_each_other():
    from reportqa.answer_records import _names_in

    def passage(text, title="Notes"):
        return Hit("c", 1.0, text, title, "r.txt", None, None, "d", 0, len(text))

    assert _names_in("Lianyungang Sub-center", passage("We toured the Lianyungang sub-center."))
    assert _names_in("Lianyungang Sub-center", passage("The sub-center, in Lianyungang, opened."))
    far = "The sub-center opened in May. " + "Visitors came by train and by road. " * 3 + "Lianyungang sent a team."
    assert not _names_in("Lianyungang Sub-center", passage(far))
    # A report about Lianyungang, a passage about its sub-center.
    assert _names_in("Lianyungang Sub-center", passage("The sub-center opened in May.", "Lianyungang visit"))
    assert not _names_in("Suzhou Sub-center", passage("The sub-center opened in May.", "Lianyungang visit"))


def test_a_sentence_starting_with_it_also_counts_the_words_of_the_sentence_before(embedder):
    question = "Where did the hub open a branch?"
    follows = hit(0, "The hub was founded in 2015. It opened a branch in Flensburg.")
    alone = hit(0, "It opened a branch in Flensburg.")
    answerer = Answerer(FixedRetriever(embedder, [follows]))

    def score(passage):
        candidates = answerer._candidates(question, [passage], analyse(question))
        return next(c.score for c in candidates if c.text.startswith("It "))

    # "It" is the hub: the question's words of both sentences count, not only those before.
    assert score(follows) > score(alone) > score(hit(0, "The hub was founded in 2015. It was sunny in Flensburg."))


def test_a_quote_marks_a_name_in_the_order_the_report_writes_it(embedder):
    from reportqa.types import Chunk

    text = "Minutes. Mr. Wen Pei signed for the park. Lunch followed."
    chunk = Chunk("d:1", "d", "m.txt", "Minutes", None, None, 100, 100 + len(text), text)
    answerer = Answerer(FixedRetriever(embedder, []))
    answerer.retriever.passages_of = lambda doc_id: [chunk]
    start = 100 + text.index("Mr.")
    quote = answerer._quote("d", start, start + len("Mr. Wen Pei signed for the park."), ["Pei Wen", "Nobody Here"])
    assert (quote.start, quote.end) == (9, 41)
    assert [text[s:e] for s, e in quote.shorts] == ["Wen Pei"]  # reversed form found; the other not at all
    assert answerer._quote("d", 100 + len(text), 100 + len(text) + 5, []) is None  # past the passage


def test_a_question_about_a_decision_is_answered_by_the_sentence_recording_it(embedder):
    passage = hit(
        0,
        "The garden committee's proposal was ready for a vote. "
        "Proposal summarised: the committee takes over the tool shed, and the board reviews purchases over 200 pounds. "
        "It was approved unanimously.",
    )
    answer = Answerer(FixedRetriever(embedder, [passage])).ask(
        "What did the board decide about the garden committee's proposal?"
    )
    assert "It was approved unanimously." in answer.text


def test_until_when_is_answered_by_the_date_something_runs_until(embedder):
    passage = hit(
        0,
        "An agreement extending the partnership between the Harbour College and the city of Tarnow was signed "
        "at the college on 7 February 2019 by the rector and the mayor. "
        "The partnership, which will now extend to 31 December 2021, funds two exchange places a year.",
    )
    answer = Answerer(FixedRetriever(embedder, [passage])).ask(
        "Until what date does the extended Harbour College partnership with Tarnow run?"
    )
    assert answer.text.startswith("The partnership, which will now extend to 31 December 2021"), answer.text


def test_a_why_question_is_answered_by_the_sentence_giving_the_cause_with_as(embedder):
    # the sentence repeating the question's words comes first, from the better passage
    first = hit(0, "The review team spent the afternoon in two groups at the harbour of Tarnow.")
    second = hit(1, "In the afternoon the team divided as the rector had accepted an invitation to the city council.")
    answer = Answerer(FixedRetriever(embedder, [first, second])).ask("Why did the review team divide in the afternoon?")
    assert answer.text.startswith("In the afternoon the team divided as the rector"), answer.text


def test_a_caption_is_not_quoted_as_a_statement(embedder):
    passage = hit(
        0,
        "Table 2: Summary of the reasons why the harbour surveys were not completed in 2021. "
        "Storms in October were the main reason why the harbour surveys were not completed.",
    )
    answer = Answerer(FixedRetriever(embedder, [passage])).ask("Why were the harbour surveys not completed in 2021?")
    assert answer.text.startswith("Storms in October"), answer.text
    assert "Table 2" not in answer.text


def test_a_date_field_labelled_with_the_questions_words_answers_at_a_lower_bar(embedder):
    form = hit(
        0,
        "Case Tracking Number: 2231-RK-44\nCounty: Dane\nDate of Inspection: 03/04/2019\n"
        "Summary: the inspector found the kitchen and the stores in order.",
    )
    answerer = Answerer(FixedRetriever(embedder, [form]))
    question = "On what date did the inspection in case 2231-RK-44 happen?"
    support = answerer.ask(question).support
    # the bar is lowered for it: answered at a bar above its own score
    answer = answerer.ask(question, abstain_threshold=support + 0.2)
    assert not answer.abstained, answer.support
    assert "03/04/2019" in answer.text.split("[1]")[0]


def test_a_why_question_is_answered_by_a_decision_said_to_be_based_on_something(embedder):
    passage = hit(
        0,
        "The cooperative left the regional dairy association in January 2019. "
        "According to its chair, the decision was based on its wish to sell its cheese under its own brand abroad.",
    )
    answerer = Answerer(FixedRetriever(embedder, [passage]))
    answer = answerer.ask("Why did the cooperative decide to leave the regional dairy association?")
    assert "the decision was based on its wish to sell its cheese" in answer.text, answer.text


def test_a_place_the_report_opens_with_need_not_be_repeated_in_the_passage_that_answers(tmp_path, embedder):
    workshop = (
        "Our first workshop for harbour pilots\n\n"
        "Last May, pilots from five harbour authorities travelled to Lisbon for two days of training on "
        "berthing large ferries in strong wind. Each authority sent two pilots and one trainer.\n\n"
        + "The first day was spent on the simulator, the second on board a ferry in the outer roads. "
        * 30
        + "\n\nSeveral authorities wanted to take part but could not send anyone: they were unable to release "
        "pilots during the busy spring season.\n"
    )
    answerer = answerer_over(tmp_path, embedder, {"pilots-workshop.txt": workshop})
    answer = answerer.ask("Why were some harbour authorities unable to come to the Lisbon workshop?")
    assert "unable to release pilots" in answer.text, answer.text
    # a place the report never names is still missing
    assert answerer.ask("Why were some harbour authorities unable to come to the Riga workshop?").abstained


def test_a_question_worded_across_reports_that_one_report_answers_is_answered_from_it(tmp_path, embedder):
    visit = (
        "Visit Report: Delegation of the Northland Ferry Board\nDate: 2021-04-02\n\n"
        "On 2 April 2021 a delegation of the Northland Ferry Board led by Ms. Ines Laar visited the Skerry Island "
        "Tourism Office. It was received by Mr. Ole Brandt, director of the office.\n"
    )
    annual = (
        "Skerry Island Tourism Office Annual Report 2023\n\n"
        "In 2023 Skerry Island welcomed 2.1 million visitors, up from 1.7 million in 2022.\n"
        "The office opened a second information desk at the ferry terminal.\n"
    )
    answerer = answerer_over(
        tmp_path, embedder, {"visits/2021-04-02-ferry-delegation.txt": visit, "annual-report-2023.txt": annual}
    )
    # read as a count of visits (no visit report of 2023), answered by the annual report's sentence
    answer = answerer.ask("How many visitors did Skerry Island welcome in 2023?")
    assert not answer.abstained, answer.text
    assert "2.1 million visitors" in answer.text
    # a year no report speaks of is still declined, saying what the visit reports cover
    assert answerer.ask("How many visitors did Skerry Island welcome in 2019?").abstained


def test_the_date_of_the_event_a_report_is_about_is_its_date_line(tmp_path, embedder):
    report = (
        "Harbour Board Study Tour to Gdansk\nMay 3, 2022 – May 6, 2022\n\n"
        "A delegation of the Harbour Board took part in a study tour to Gdansk to learn about port logistics "
        "and the port authority's new container terminal.\n"
        "The study tour helped the Harbour Board build ties with the port authority of Gdansk.\n"
    )
    answerer = answerer_over(tmp_path, embedder, {"harbour-board-study-tour.txt": report})
    answer = answerer.ask("On what date did the Harbour Board's study tour to Gdansk start?")
    assert not answer.abstained, answer.text
    assert answer.text.startswith("May 3, 2022 – May 6, 2022 [1]"), answer.text
    # a date of something else the report tells of is not its date line
    assert answerer.ask("When did the port authority of Gdansk build its container terminal?").abstained


SURVEY_RECORDS = """Refuge Survey Annual Report 2021

KANUTI REFUGE
Molting Geese Monitoring
Survey type: Coop Monitoring to Inform Management
Survey Coordinator: Delia Vargas Kretsinger (Wildlife Biologist)

KODIAK REFUGE
Invasive Plant Survey
Survey type: Monitoring to Inform Management
Survey Coordinator: Bill Pyle (Supervisory Wildlife Biologist)

TETLIN REFUGE
Stream Temperature Monitoring
Survey type: Baseline Monitoring
Survey Coordinator: Brent Jamison (Wildlife Biologist)
"""


def test_a_labelled_name_answers_for_the_record_it_stands_in(tmp_path, embedder):
    from .conftest import answerer_over

    answerer = answerer_over(tmp_path, embedder, {"surveys.txt": SURVEY_RECORDS})
    answer = answerer.ask("Who coordinates the invasive plant survey on Kodiak Refuge?")
    assert not answer.abstained
    # the coordinator line of the Kodiak record: the record's heading tells which survey it is
    first = answer.citations[0]
    assert "Bill Pyle" in first.hit.text[first.start : first.end]
