"""Answer verification (verify.py) and the question reading it relies on (question.py): which
numbers are figures, money and dates, whether a sentence holds what a question asks for, bound
to the counted thing, the unit or the office, and the names a question constrains its answer by.
Rules only: every case is a sentence written here."""

import pytest

from reportqa.question import analyse
from reportqa.verify import (
    carries,
    checks,
    constraint_names,
    constraint_words,
    counts,
    figures,
    holds_answer,
    holds_date,
    holds_money,
    missing_note,
    plain,
    states_amount_of,
)

# --- figures: the numbers that could be the figure asked for ----------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "On 14 July 2023 the board met with 40 firms.",  # a date
        "On July 3-5, 2023 the fair hosted 40 firms.",  # a date range, month first
        "The fair, from 1 to 14 July, hosted 40 firms.",  # a date range, month last
        "On the 3rd of May 40 firms came.",  # an ordinal date
        "The session opened at 19:30 and 40 firms came.",  # a clock time
        "At 7.30 p.m. 40 firms came.",  # a time with a dot
        "In 1999 there were 40 firms.",  # a year
        "In 2019-20 there were 40 firms.",  # a span of years
        "The 2nd round drew 40 firms.",  # an ordinal
        "Proposal 15-04 was backed by 40 firms.",  # an identifier with a hyphen
        "Course 05 was taken by 40 firms.",  # an identifier with a leading zero
        "Items 4 and 5 were put to 40 firms.",  # a list of identifiers
        "No.2 was sent to 40 firms.",
        "A three-day fair hosted 40 firms.",  # a number inside a word
        "A 59-year-old engineer advised 40 firms.",
        "One of the founders advised 40 firms.",  # a part of a whole
    ],
)
def test_figures_leave_out_dates_times_years_ordinals_identifiers_and_parts(sentence):
    assert figures(sentence) == ["40"]


def test_figures_keep_numbers_in_words_and_a_year_like_number_of_money_or_percent():
    assert figures("The committee made eight recommendations and heard twelve residents.") == ["eight", "twelve"]
    assert figures("Sales reached 1,225 units, up 3.5 per cent.") == ["1,225", "3.5"]
    # a four-digit number followed by "million" or "%" is an amount, not a year
    assert figures("The fund holds 2020 million euros.") == ["2020", "million"]


def test_holds_money_needs_a_currency_or_an_amount_word():
    for sentence in (
        "The council accepted the quote of £8,450.",
        "The budget is 4.2 million euros.",
        "Each delegate paid USD 300.",
        "The hall cost 300 dollars to hire.",
        "Tickets were ¥5,000.",
        "The grant was Rs. 40 lakh.",
    ):
        assert holds_money(sentence), sentence
    for sentence in (
        "The committee made 8 recommendations.",
        "In 2023 the fund grew.",
        "Proposal 15-04 was approved.",  # an identifier's digits are no amount
        "The meeting closed at 9.15 pm.",
    ):
        assert not holds_money(sentence), sentence


def test_holds_date_reads_may_as_a_month_only_when_capitalised():
    assert holds_date("The plan was adopted in May.")
    assert holds_date("MAY 2021: the plan was adopted.")
    assert not holds_date("As you may be aware, the plan was adopted.")
    assert not holds_date("We may adopt the plan.")


@pytest.mark.parametrize(
    "sentence, dated",
    [
        ("The hall opened in 1987.", True),
        ("The board meets on Tuesday.", True),
        ("The meeting closed at 9.15 pm.", True),
        ("It was signed on 12/03/24.", True),  # a numeric date with a two-digit year
        ("The hall dates from the 19th century.", True),
        ("The hall was built in the 1990s.", True),
        ("Works begin in spring 2025.", True),
        ("The hall opened yesterday.", False),  # not a date a reader can use
        ("Works begin in spring.", False),
        ("The hall opened last week.", False),
    ],
)
def test_holds_date(sentence, dated):
    assert holds_date(sentence) is dated


# --- holds_answer: the sentence holds what is asked for ----------------------------------------


def holds(question, sentence, mentions=()):
    asked = analyse(question)
    assert checks(asked), question  # a question verification applies to
    return holds_answer(asked, sentence, mentions)


def test_a_cost_is_answered_by_an_amount_of_money_not_by_another_number():
    question = "How much did the trade mission cost?"
    assert holds(question, "The trade mission cost the chamber £12,500.")
    assert not holds(question, "The trade mission of 14 members visited 3 cities.")
    assert not holds(question, "The trade mission took place from 3 to 5 October 2023.")
    assert missing_note(analyse(question)) == "The closest passages give no amount of money for this."


def test_a_count_is_answered_by_a_number_written_with_the_counted_thing():
    question = "How many recommendations did the committee make?"
    assert holds(question, "The committee made eight recommendations to the council.")
    assert counts(analyse(question), "Recommendations: 13")
    # the sentence speaks of the recommendations but counts nothing
    assert not holds(question, "I present the report of the committee with its recommendations.")
    # ... or its only numbers are a date or an item number
    assert not holds(question, "On 3 May 2021 the committee adopted its recommendations.")
    assert not holds(question, "Item 4: the recommendations of the committee were adopted.")
    # ... or its number counts something else
    assert not holds(question, "The recommendations were welcomed by 12 residents.")
    assert missing_note(analyse(question)) == "The closest passages give no number of recommendations."


def test_a_count_is_found_in_brackets_in_apposition_and_as_a_single_one():
    question = "How many volunteers joined the clean-up of the harbour?"
    assert counts(analyse(question), "Many volunteers (about 140) joined the clean-up of the harbour.")
    assert counts(analyse(question), "The volunteers, an estimated 140 people, cleaned the harbour.")
    assert counts(analyse(question), "The volunteers, some 140 in all, cleaned the harbour.")
    # a list that goes on to count something else is no count of the volunteers
    assert not counts(analyse(question), "The volunteers, 3 teachers and the mayor cleaned the harbour.")
    # a number with a noun of its own counts that, not the volunteers named after it
    assert not counts(analyse(question), "The clean-up met two objectives of the harbour volunteers' plan.")
    assert counts(analyse(question), "The clean-up drew 140 local volunteers.")
    # a number before two nouns joined by "and" counts both
    assert counts(analyse(question), "The harbour drew 140 divers and volunteers to the clean-up.")
    assert counts(analyse("How many sites did the inspectors visit?"), "The inspectors visited a single site.")
    assert not counts(analyse("How many sites did the inspectors visit?"), "The single market covers the sites.")


def test_the_next_occurrence_is_answered_only_by_a_sentence_about_a_coming_one():
    question = "Which city will host the next conference of the network?"
    places = [("place", "Lyon")]
    assert not holds(question, "Delegates from twelve countries met in Lyon for the conference.", places)
    assert holds(question, "The next conference will be held in Lyon.", places)
    assert holds(question, "The network's conference is scheduled to move to Lyon.", places)
    # a question about the past is not held to it
    assert holds("Which city hosted the conference of the network?", "Delegates met in Lyon for it.", places)


def test_identifiers_are_neither_figures_nor_dates():
    # a number that is part of a name, a table's or figure's number
    assert figures("The COVID-19 pandemic kept 3 inspectors at home.") == ["3"]
    assert figures("Table 1 and Figure 2.3 list 40 sites.") == ["40"]
    # a year opening an identifier is no date; a date written the ISO way is
    assert not holds_date("The directive AD 2018-23-51 applies to all engines.")
    assert holds_date("The directive applies from 2018-12-31.")


def test_an_amount_asked_as_how_large_or_as_an_owners_measure_needs_an_amount():
    grant = "How large was the grant the foundation gave the museum in 2020?"
    assert holds(grant, "In 2020 the foundation gave the museum a grant of EUR 40,000.")
    assert not holds(grant, "In late 2020 the foundation gave the museum a grant for its archive.")
    profit = "What was Harbourline's net profit in 2022-23?"
    assert analyse(profit).expects == "number"
    assert holds(profit, "Net profit: GBP 2.3 million")
    assert not holds(profit, "Harbourline's net profit rose sharply in 2022-23.")


def test_who_is_in_charge_or_to_be_written_to_is_answered_by_a_name():
    question = "Who coordinates the seabird survey on the island?"
    assert analyse(question).relation == "responsible"
    assert holds(question, "Survey coordinator: Maria Lindqvist (wildlife biologist).")
    assert not holds(question, "The seabird survey on the island is coordinated by the refuge office.")
    contact = "Who can questions about the survey be addressed to?"
    assert holds(contact, "Questions may be addressed to Mr Tomas Berg (tel: 022 555 0100).")


def test_when_something_will_happen_needs_a_date():
    question = "When will the island introduce a visitor tax?"
    assert holds(question, "The visitor tax will be introduced on 1 January 2026.")
    assert not holds(question, "The island does not have a visitor tax at present.")
    # a date of something else done, not of what is to come
    assert not holds(question, "The island raised its harbour tax in 2019.")
    assert holds(question, "The two councils agreed to introduce the visitor tax in spring 2026.")


def test_an_amount_right_after_the_measure_asked_for_is_bound_to_it():
    asked = analyse("What was Harbourline's net profit in 2022-23?")
    assert states_amount_of(asked, "BY NET PROFIT ₹67,845 crore")
    assert states_amount_of(asked, "Net profit for the year was $2.3 million.")
    assert not states_amount_of(asked, "Net profit rose sharply in 2022-23.")
    assert not states_amount_of(asked, "Net profit rose by 12%, and the staff grew to 340.")
    # only for a question about an amount
    assert not states_amount_of(analyse("Who reported the net profit?"), "Net profit was $2.3 million.")


def test_a_year_like_number_followed_by_a_measure_is_a_figure():
    assert figures("The route is at most 2000 kilometres long.") == ["2000"]
    assert figures("The park covers 1800 hectares.") == ["1800"]
    # a year is not a figure, even before a plural noun
    assert figures("In 2000 people came to the fair.") == []
    assert holds("How many kilometres long is the route?", "The route is at most 2000 kilometres long.")


def test_a_count_of_a_thing_its_sentence_does_not_name_is_no_count_of_something_else():
    question = "How many companies does the sub-center host?"
    # the number counts staff and floors, not companies
    assert not holds(question, "The sub-center opened in 2019 with 12 staff on two floors.")
    # a bare number, or one written with another word for companies, may be the answer
    assert holds(question, "At the end of 2023 it hosted 23.")
    assert holds(question, "The sub-center now hosts 23 firms.")
    assert holds(question, "The sub-center now hosts 23 of them.")


def test_a_date_answers_when_its_sentence_speaks_of_the_act_asked_about():
    question = "When did Brackenfield University found its college of medicine?"
    # the year the university itself was established is another event's date
    assert not holds(question, "Brackenfield University was established in 1952 and has 14,000 students.")
    assert holds(question, "Its college of medicine opened in 1987.")
    assert holds(question, "The university founded a medical school in 1987.")
    # a question without an act on a thing asks only for a date
    assert holds("When was Brackenfield University established?", "It was established in 1952.")


def test_a_count_in_a_unit_needs_a_number_in_that_unit():
    question = "How many years has the partnership agreement run?"
    assert analyse(question).counted == "years"
    assert holds(question, "The partnership agreement has run for six years.")
    # "the two sides" is a number, but not of years
    assert not holds(question, "The two sides renewed the partnership agreement.")
    assert not counts(analyse(question), "The two sides renewed the partnership agreement.")
    # a unit asked for explicitly ("in hectares") must be the one written
    area = "How much land does the park cover in hectares?"
    assert holds(area, "The park covers 120 hectares of former farmland.")
    assert not holds(area, "The park covers 120 acres of former farmland.")


def test_an_office_is_answered_only_by_a_person_named_as_holding_it():
    question = "Which mayor received the delegation?"
    assert analyse(question).office == "mayor"
    tan = [("person", "Tan Chengxu")]
    assert holds(question, "The delegation was received by Mayor Tan Chengxu.", tan)
    assert holds(question, "Tan Chengxu, Mayor of Dalian, received the delegation.", tan)
    # by surname, when the report gave the full name before
    assert holds(question, "The delegation was received by Mayor Ferreira.", [("person", "Paulo Ferreira")])
    # ... also when the surname comes first ("Tan Chengxu" is Mayor Tan), but not a word inside another
    assert holds(question, "The delegation was received by Mayor Tan at the city hall.", tan)
    assert not holds(question, "The Mayor of Tanzania received the delegation.", tan)
    # the office and a name side by side, but the name is someone else's title's
    white = [("person", "Peter White")]
    assert not holds(question, "The delegation was received by the Mayor, LEDC Head Peter White.", white)
    # the office without a name
    assert not holds(question, "The Mayor received the delegation.")
    # a person and the office apart in the sentence
    assert not holds(question, "Peter White told the delegation that the mayor was away.", white)
    assert missing_note(analyse(question)) == "The closest passages name no mayor for this."


def test_who_holds_a_title_of_a_place_is_answered_only_by_a_person_named_with_that_title():
    question = "Who is the Prime Minister of Samoa?"
    assert analyse(question).role_of == ("Prime Minister", "Samoa")
    assert holds(question, "The delegation called on Prime Minister Fiame Naomi Mata'afa in Apia.")
    assert holds(question, "Fiame Naomi, Prime Minister of Samoa, opened the forum.", [("person", "Fiame Naomi")])
    # the title's office, not a holder; a holder of another title in the same sentence
    assert not holds(question, "Officials of the Prime Minister's Office and of the Samoa Ports Authority attended.")
    assert not holds(question, "The forum was chaired by Treasurer Lupe Aiono on behalf of the Prime Minister.")
    assert missing_note(analyse(question)) == "The closest passages name no Prime Minister of Samoa."
    # not a title written before a name: any name answers, as for other who-questions
    first = "Who was the first administrator of the Samoa Ports Authority?"
    assert holds(first, "In 1975 the government appointed Tavita Leota to run the new Samoa Ports Authority.")


def test_a_who_question_with_a_relation_needs_a_name_other_than_the_questions_own():
    question = "Who led the delegation to Ghent?"
    assert holds(question, "The delegation was led by Sigrid Aalto.", [("person", "Sigrid Aalto")])
    # a name of two capitalised words NER did not report still counts
    assert holds(question, "The delegation was led by King Harald of Norway.")
    # a body or an office is not a name
    assert not holds(question, "The delegation was led by the Port Authority.")
    assert not holds(question, "The delegation was led by its chair.")
    assert not holds(question, "The delegation was led by the Kiel Port Authority.")
    assert not holds(question, "The delegation was led by the Ghent Marine Cluster.", [("org", "Ghent Marine Cluster")])
    # the person the question itself names is not the answer
    named = "Who chaired the meeting with Sigrid Aalto?"
    assert not holds(named, "Sigrid Aalto attended the meeting.", [("person", "Sigrid Aalto")])
    both = [("person", "Sigrid Aalto"), ("person", "Otto Brandt")]
    assert holds(named, "The meeting was chaired by Otto Brandt; Sigrid Aalto attended.", both)
    assert missing_note(analyse(question)) == "The closest passages name nobody for this."


def test_a_where_question_needs_a_place_other_than_the_questions_own():
    question = "Where did the Kiel board meet?"
    assert holds(question, "The board met at Holtenau Lighthouse.", [("place", "Holtenau Lighthouse")])
    assert not holds(question, "The board met in the morning.")
    assert not holds(question, "The board met in Kiel.", [("place", "Kiel")])
    assert missing_note(analyse(question)) == "The closest passages name no place for this."


def test_a_when_question_about_a_past_event_needs_a_date():
    question = "When did the board approve the budget?"
    assert holds(question, "The board approved the budget on 3 March 2024.")
    assert not holds(question, "The board approved the budget after a long debate.")
    assert missing_note(analyse(question)) == "The closest passages give no date for this."


def test_only_questions_whose_answer_can_be_checked_are_checked():
    # what usually happens may be answered by a condition, not a date
    assert not checks(analyse("When do the treaties apply?"))
    # a number question that asks for no figure
    assert not checks(analyse("What method is used to quantify the amount of rain?"))
    # "Who proposed that ...?" may be answered by a law or "other members"
    assert not checks(analyse("Who proposed that inertia keeps bodies moving?"))
    assert not checks(analyse("What did the hub sign?"))
    for question in (
        "When did the board approve the budget?",
        "How many recommendations did the committee make?",
        "What was the total income of the cluster?",
        "Who seconded the motion?",
        "Which minister opened the fair?",
        "Where did the board meet?",
    ):
        assert checks(analyse(question)), question


# --- the names a question constrains its answer by ----------------------------------------------


def test_constraint_names_are_the_longest_runs_the_reports_know():
    known = {"Sierra Leone", "Ministry of Health", "Ghent", "LEDC", "Kiel Marine Cluster"}.__contains__
    assert constraint_names("Who led the Sierra Leone Ministry of Health delegation?", known) == [
        "Sierra Leone",
        "Ministry of Health",
    ]
    # the question's first word and unknown words are no constraint; possessives are dropped
    assert constraint_names("Ghent sent whom to the Kiel Marine Cluster's fair?", known) == ["Kiel Marine Cluster"]
    assert constraint_names("Who met the LEDC team in Ghent?", known) == ["LEDC", "Ghent"]
    assert constraint_names("Who led the Calvinist mission?", known) == []
    # the longest known run wins over a known part of it
    nested = {"Kiel", "Kiel Marine Cluster"}.__contains__
    assert constraint_names("Who chairs the Kiel Marine Cluster?", nested) == ["Kiel Marine Cluster"]


def test_constraint_words_leave_out_question_words_offices_and_months():
    assert constraint_words("Who led the mission from Hangzhou that Insider London hosted in May?") == [
        "Hangzhou",
        "Insider",
        "London",
    ]
    assert constraint_words("Which Minister met the Fiji team in March?") == ["Fiji"]


def test_a_report_carries_a_constraint_by_its_demonym_acronym_accents_or_hyphens():
    report = plain(
        "The Fijian delegation visited the U.S. Chamber's office in Zürich on the Agro-Processing Park tour."
    )
    assert carries(report, ["Fiji"])  # "Fijian"
    assert carries(plain("The Canadian consul spoke."), ["Canada"])  # the word's stem, not the whole word
    assert carries(report, ["US"])  # "U.S."
    assert carries(report, ["Chamber"])  # "Chamber's"
    assert carries(report, ["Zurich"])  # accents
    assert carries(report, ["Agro", "Processing"])  # hyphens
    assert carries(report, ["Fiji", "Zurich", "Chamber"])
    # every word must be there
    assert not carries(report, ["Fiji", "Tonga"])
    assert not carries(report, ["UK"])
    assert not carries(plain("The Tongan delegation visited Ghent."), ["Fiji"])
    # a people's word that is not its country's name plus an ending
    assert carries(plain("A Polish trade delegation came."), ["Poland"])
    assert carries(plain("Officials from Poland came."), ["Polish"])
    assert carries(plain("The Chinese side agreed."), ["China"])
    assert not carries(plain("A Polish trade delegation came."), ["Hungary"])


# --- reading the question ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question, office",
    [
        ("Which minister received the delegation?", "minister"),
        ("Which Deputy Mayor opened the fair?", "mayor"),
        ("Who is the Governor who hosted the mission?", "governor"),
        ("What is the name of the ambassador who spoke?", "ambassador"),
        ("Who received the delegation?", None),
        ("Who is the mayor of Weihai?", None),  # a holder of a role at a body: role_of, not an office
    ],
)
def test_the_office_a_who_question_names(question, office):
    asked = analyse(question)
    assert asked.office == office
    if office:
        assert asked.expects == "person"


@pytest.mark.parametrize(
    "question, money",
    [
        ("How much did the trade mission cost?", True),
        ("How much was paid for the hall?", True),
        ("What account balance did the treasurer report?", True),  # a measure, with a word before it
        ("What was the total budget of the project?", True),
        ("At the March meeting, what balance did the treasurer report?", True),  # after a lead-in
        ("How many grants did the fund award?", False),  # a count, not an amount
        ("How much land does the park cover in hectares?", False),  # a unit
        ("How much land did the city grant the park in hectares?", False),  # a unit, with a word of money
        ("What is the rate of change of electric charge?", False),
    ],
)
def test_a_question_about_an_amount_of_money(question, money):
    asked = analyse(question)
    assert asked.money is money
    if money:
        assert asked.expects == "number"


def test_a_measure_is_a_number_question_and_is_checked():
    for question in ("What account balance did the treasurer report?", "What was the population of the district?"):
        asked = analyse(question)
        assert asked.expects == "number" and checks(asked), question


def test_a_lead_in_before_the_question_does_not_hide_what_it_asks():
    seconded = analyse("At the extraordinary meeting, who seconded the motion?")
    assert (seconded.expects, seconded.relation) == ("person", "seconded")
    moved = analyse("According to the minutes, who proposed the budget?")
    assert (moved.expects, moved.relation) == ("person", "moved")
    assert analyse("During the visit, when did the delegation tour the port?").expects == "date"
    # the relation is the question's, not the lead-in's
    assert analyse("During the visit led by Otto Brandt, who received the delegation?").relation == "hosted"


def test_a_when_clause_before_the_question_is_not_the_question():
    assert analyse("When a T cell finds an infected cell, what does it release?").expects == "other"
    assert analyse("When the visitors arrived, who greeted them?").expects == "person"
    assert analyse("When did the visitors arrive?").expects == "date"


@pytest.mark.parametrize(
    "question, counted",
    [
        ("How many pharmaceutical companies does the park host?", "companies"),
        ("How many safety inspectors attended the briefing?", "inspectors"),
        ("How many people came?", "people"),
        ("How many recommendations did the committee make?", "recommendations"),
        ("How many start-ups have moved in?", "start-ups"),
        # neither "in total" nor a measure's adjective is the counted noun
        ("How many seats in total does the assembly have?", "seats"),
        ("How many kilometres long is the new cycle path?", "kilometres"),
    ],
)
def test_the_counted_noun_is_the_one_before_the_verb(question, counted):
    assert analyse(question).counted == counted


def test_a_title_of_a_body_is_answered_only_by_a_person_named_with_it():
    """ "Who is the X of Y?" the who's who could not answer: the passage must name someone,
    not only mention the title ("the Amir appoints the Harbour Commissioner")."""
    question = "Who is the Harbour Commissioner of Tarrow?"
    assert checks(analyse(question))
    assert not holds(question, "The Governor appoints the Harbour Commissioner, who then names the wardens.")
    named = [("person", "Eleni Doukas")]
    assert holds(question, "Eleni Doukas, Harbour Commissioner of Tarrow, opened the session.", named)
    assert "Harbour Commissioner of Tarrow" in missing_note(analyse(question))


def test_a_cited_headline_names_nobody():
    question = "Who led the Tarrow harbour delegation?"
    headline = 'The visit followed the news "Harbour Governor Launches Tarrow Quality Mark" (24 August 2020).'
    assert not holds(question, headline)
    assert holds(question, "The delegation was led by the harbour master, Eleni Doukas.")
