"""The entity stage and the who's who built from it: role patterns, merging rules, events,
incremental updates, the CLI's JSON and the entity filter. Uses the real spaCy pipeline."""

import json
import subprocess
import sys

import pytest

from reportqa.ingest import ingest
from reportqa.retrieve import Filters, Retriever
from reportqa.stores import IndexStore
from reportqa.types import DocumentFacts
from reportqa.whoswho import Directory

from .conftest import facts_of

VISIT = """Visit Report: Weihai Ocean Bureau delegation at the Harbour Innovation Hub
Date: 2023-03-02

On 2 March 2023 Ms. Gu Lanfang, deputy director of the Weihai Ocean Development Bureau, and Mr. Pei Wen, head of the investment office of the Weihai Blue Valley Park, visited the Harbour Innovation Hub. They were received by Mr. Otto Brandt, director of the Harbour Innovation Hub, and Ms. Ines Koller.
Ms. Gu said that Weihai wants to cooperate on marine biomedicine, underwater robotics and offshore wind equipment.
Director Gu invited Mr. Brandt to visit Weihai in June.
The two sides agreed to exchange lists of start-ups by the end of April 2023.
"""

MINUTES = """# Minutes of the Finance Committee, Harbour Innovation Hub

**Date:** 2023-06-02
**Chair:** Ines Koller, treasurer of the Harbour Innovation Hub
**Present:** Otto Brandt (director), Rui Tavares (controller), Mette Lund (legal counsel)

## Budget

The committee approved a budget of 4.2 million euros for 2024. Ms. Koller warned that rent income fell.
"""

AGREEMENT = """Cooperation Agreement between the Harbour Innovation Hub and the Weihai Blue Valley Park
Date: 15 September 2023
Party A: Harbour Innovation Hub, represented by Mr. Otto Brandt, Director
Party B: Weihai Blue Valley Park, represented by Mr. Pei Wen, head of the investment office
The parties will open a joint incubator for marine biomedicine start-ups.
"""

LATER_VISIT = """Visit Report: Harbour Innovation Hub delegation to Weihai
Date: 2024-06-11

On 11 June 2024 a delegation of the Harbour Innovation Hub visited Weihai. The delegation was led by Mr. Otto Brandt, with Ms. Ines Koller and Mr. Rui Tavares. The hosts were Ms. Gu Lanfang, now director of the Weihai Ocean Development Bureau, and Mr. Pei Wen.
"""

ORDERS = """Meeting note: Wen Pei (Weihai Blue Valley Park) at the Hub
Date: 2024-07-01

Mr. Wen Pei, head of the investment office of the Weihai Blue Valley Park, came to the Harbour Innovation Hub. Pei Wen, as he signs his letters, asked for a second incubator floor.
"""


def roles_of(facts):
    return {(r.person, r.role, r.organisation) for r in facts.roles}


def test_roles_from_appositions_titles_and_parentheses(extractor, tmp_path):
    visit = facts_of(extractor, tmp_path, "visit.txt", VISIT)
    assert ("Gu Lanfang", "deputy director", "Weihai Ocean Development Bureau") in roles_of(visit)
    # "head of the investment office of the Weihai Blue Valley Park": a unit of a body, then the body
    assert ("Pei Wen", "head of investment office", "Weihai Blue Valley Park") in roles_of(visit)
    assert ("Otto Brandt", "director", "Harbour Innovation Hub") in roles_of(visit)
    minutes = facts_of(extractor, tmp_path, "minutes.md", MINUTES)
    assert ("Ines Koller", "treasurer", "Harbour Innovation Hub") in roles_of(minutes)
    assert {("Rui Tavares", "controller", None), ("Mette Lund", "legal counsel", None)} <= roles_of(minutes)
    # a role written without its body, in the minutes of one body, may be that body's (the
    # who's who uses it when no report names the role's organisation)
    bodies = {r.person: r.report_body for r in minutes.roles if r.organisation is None}
    assert bodies["Rui Tavares"] == bodies["Mette Lund"] == "Harbour Innovation Hub"
    assert all(r.report_body is None for r in visit.roles)  # a visit has two sides: no guess
    agreement = facts_of(extractor, tmp_path, "agreement.txt", AGREEMENT)
    assert ("Otto Brandt", "Director", "Harbour Innovation Hub") in roles_of(agreement)


def test_short_forms_resolve_to_the_full_name_written_before(extractor, tmp_path):
    visit = facts_of(extractor, tmp_path, "visit.txt", VISIT)
    people = [m for m in visit.mentions if m.kind == "person"]
    assert {m.text for m in people} == {"Gu Lanfang", "Pei Wen", "Otto Brandt", "Ines Koller"}
    short = [m for m in people if m.form in ("Gu", "Brandt")]
    assert {m.text for m in short} == {"Gu Lanfang", "Otto Brandt"} and len(short) >= 3
    for mention in people:  # offsets point at the words as written
        assert VISIT[mention.start : mention.end] in (mention.text, mention.form)


def test_a_visit_event_has_visitors_hosts_topics_and_follow_ups(extractor, tmp_path):
    (event,) = facts_of(extractor, tmp_path, "visit.txt", VISIT).events
    assert event.kind == "visit" and event.date == "2023-03-02"
    assert [p.name for p in event.visitors] == ["Gu Lanfang", "Pei Wen"]
    assert [p.name for p in event.hosts] == ["Otto Brandt", "Ines Koller"]
    assert event.visitors[0].role == "deputy director"
    assert event.place == "Harbour Innovation Hub"
    assert {"marine biomedicine", "underwater robotics", "offshore wind equipment"} <= set(event.topics)
    assert any("exchange lists of start-ups" in f for f in event.follow_ups)
    evidence = dict(event.evidence)
    visitors_sentence = VISIT[evidence["visitors"].start : evidence["visitors"].end]
    assert "visited the Harbour Innovation Hub" in visitors_sentence


def test_facts_read_back_from_the_index_equal_those_extracted(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "visit.txt", VISIT)
    assert any(m.form for m in facts.mentions) and any(m.form is None for m in facts.mentions)
    restored = DocumentFacts.from_json(facts.to_json())
    assert restored == facts
    assert restored.to_json() == facts.to_json()
    assert hash(restored.mentions[0]) == hash(facts.mentions[0])  # still frozen, still hashable
    # A record written before a field with a default existed reads back with the default.
    record = json.loads(facts.to_json())
    for mention in record["mentions"]:
        del mention["form"]
    assert all(m.form is None for m in DocumentFacts.from_json(json.dumps(record)).mentions)


def test_a_meeting_is_led_by_its_chair_and_attended_by_those_present(extractor, tmp_path):
    (event,) = facts_of(extractor, tmp_path, "minutes.md", MINUTES).events
    assert event.kind == "meeting"
    assert [p.name for p in event.led_by] == ["Ines Koller"]
    assert [p.name for p in event.hosts] == ["Ines Koller", "Otto Brandt", "Rui Tavares", "Mette Lund"]


def test_a_delegation_led_by_someone_lists_everyone_who_came(extractor, tmp_path):
    (event,) = facts_of(extractor, tmp_path, "later.md", LATER_VISIT).events
    assert [p.name for p in event.led_by] == ["Otto Brandt"]
    assert {p.name for p in event.visitors if p.kind == "person"} == {"Otto Brandt", "Ines Koller", "Rui Tavares"}
    assert [p.name for p in event.hosts] == ["Gu Lanfang", "Pei Wen"]


JUNK_PRONE = """# Minutes of the Board of Directors, Harbour Science Park

Harbour Science Park Date: 3 May 2024

## Agenda

| Name | Position | Organisation |
|---|---|---|
| Ms. Rosa Lind | Director | Harbour Science Park |

| Action | Owner |
|---|---|
| Prepare the Norwegian marine delegation program | Rosa Lind |

Steering Committee of the Harbour Sub-center, First Meeting

A start-up of the park builds AI software for reading chest CT scans. The university council
approved the joint laboratory, and Dr. Ola Berg, Group Leader, Laser Micro-machining, presented
the results to the Bergen Marine Cluster.
"""


def test_organisations_and_places_are_names_not_headings_headers_or_common_words(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "minutes.md", JUNK_PRONE)
    bodies = {m.text for m in facts.mentions if m.kind in ("org", "place")}
    for junk in ("Position", "Prepare", "AI", "CT", "First Meeting", "Laser Micro", "university council"):
        assert junk not in bodies, (junk, bodies)
    assert not any(b.endswith(" Date") for b in bodies), bodies  # cut at the name's end
    assert "Bergen Marine Cluster" in bodies  # a real body stays


def test_a_surname_alone_in_one_report_is_the_one_person_of_that_name_in_another(extractor, tmp_path):
    from reportqa.types import DocumentRecord
    from reportqa.whoswho import Directory

    texts = {
        "visit.txt": "Visit\n\nDr. Ingrid Solberg, director of the Harbour Science Park, met the delegation.\n",
        "minutes.txt": "Minutes\n\nDr. Solberg reported on the budget; Ms. Liu Fang took the minutes.\n",
        "other.txt": "Visit\n\nMr. Anders Berg and Ms. Liu Fang of the Harbour Science Park met the guests.\n",
    }
    facts = {name: facts_of(extractor, tmp_path, name, text) for name, text in texts.items()}
    records = [DocumentRecord(f.doc_id, "", n, n, "2024-05-01", "", 0, 0, None, 1, "") for n, f in facts.items()]
    directory = Directory.build(records, {f.doc_id: f for f in facts.values()})
    people = {e.name for e in directory.entities if e.type == "person"}
    assert "Solberg" not in people  # Dr. Solberg of the minutes is Ingrid Solberg of the visit
    (solberg,) = directory.find("Ingrid Solberg", "person")
    assert len(solberg.occurrences) == 2
    assert "Liu Fang" in people and "Anders Berg" in people


def test_the_current_role_is_the_newest_one_not_called_former(extractor, tmp_path):
    from reportqa.types import DocumentRecord
    from reportqa.whoswho import Directory

    text = (
        "Review of the Harbour Sub-center\n\nDr. Ingrid Solberg, formerly head of incubation at the Harbour "
        "Science Park and chief executive of the Harbour Sub-center since March 2024, reported on the first year.\n"
    )
    facts = facts_of(extractor, tmp_path, "review.txt", text)
    record = DocumentRecord(facts.doc_id, "", "review.txt", "Review", "2024-10-01", "", 0, 0, None, 1, "")
    (person,) = Directory.build([record], {facts.doc_id: facts}).find("Ingrid Solberg", "person")
    assert person.current_role is not None
    assert person.current_role.role.lower() == "chief executive" and "Harbour Sub-center" in (
        person.current_role.organisation or ""
    )
    assert any(r.role.startswith("former head") for r in person.roles)  # kept, as a former role

    # A later report calling a role former ends it, though no new role is known.
    earlier = facts_of(
        extractor,
        tmp_path,
        "visit.txt",
        "Visit\n\nMs. Kari Dahl, head of incubation at the Harbour Science Park, met us.\n",
    )
    later = facts_of(
        extractor,
        tmp_path,
        "later.txt",
        "Visit\n\nMs. Kari Dahl, formerly head of incubation at the Harbour Science Park, spoke.\n",
    )
    records = [
        DocumentRecord(earlier.doc_id, "", "visit.txt", "Visit", "2023-05-01", "", 0, 0, None, 1, ""),
        DocumentRecord(later.doc_id, "", "later.txt", "Visit", "2024-05-01", "", 0, 0, None, 1, ""),
    ]
    (kari,) = Directory.build(records, {earlier.doc_id: earlier, later.doc_id: later}).find("Kari Dahl", "person")
    assert kari.current_role is None or kari.current_role.role != "head", kari.roles


def test_an_event_date_without_its_year_takes_the_reports_year(extractor, tmp_path):
    text = (
        "Visit of the Harbour delegation\n\nOn March 3rd, Ms. Kari Dahl of the Harbour Science Park visited the "
        "Aldmoor Innovation Hub. The hub was founded in 2009.\n"
    )
    (event,) = facts_of(extractor, tmp_path, "harbour-visit-2024.txt", text).events
    assert event.date == "2024-03-03"  # the sentence's day, the year of the report (its file name), not 2009
    assert "date" in dict(event.evidence)
    undated = "Visit\n\nOn March 3rd, Ms. Kari Dahl of the Harbour Science Park visited the Aldmoor Innovation Hub.\n"
    (unknown,) = facts_of(extractor, tmp_path, "undated.txt", undated).events
    assert unknown.date is None and unknown.kind == "visit"  # unknown, never dropped


def test_a_report_in_chinese_is_skipped_with_a_reason(extractor, tmp_path):
    facts = facts_of(
        extractor,
        tmp_path,
        "zh.txt",
        "连云港市商务局来访交流纪要\n日期：2024年5月10日\n连云港市商务局局长陈美玲一行四人到访。",
    )
    assert facts.mentions == () and "Chinese" in facts.skipped


FRENCH_PAGE = (
    "La Municipalité de Val-des-Lacs a reçu le 4 mai une délégation de la Ville de Rimouski. Les deux "
    "villes ont discuté des sentiers cyclables et de la sécurité des piétons, et elles veulent créer un "
    "réseau commun pour les familles qui se rendent à l'école à vélo. Le maire a présenté les travaux."
)


def test_a_report_in_french_is_skipped_with_a_reason(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "fr.txt", f"Visite de Rimouski\n\n{FRENCH_PAGE}\n")
    assert facts.mentions == () and "French" in facts.skipped


def test_pages_in_another_language_are_not_read_the_english_ones_are(extractor, tmp_path):
    from reportqa.load import load_document

    from .conftest import write_pdf

    english = (
        "On 4 May a delegation from Rimouski led by Ms. Elise Tremblay, the mayor, visited the Val-des-Lacs Town Hall, "
        "and the two towns discussed a shared network of cycle paths."
    )
    path = write_pdf(tmp_path / "visit.pdf", [("Visit of Rimouski", [english]), ("Visite de Rimouski", [FRENCH_PAGE])])
    facts = extractor.extract(load_document(path), [])
    assert not facts.skipped
    assert "Elise Tremblay" in {m.text for m in facts.mentions if m.kind == "person"}
    assert {m.page for m in facts.mentions} == {1}  # nothing from the French page


def test_lists_of_names_and_short_pages_count_as_english():
    from reportqa.entities.language import other_language

    assert other_language(FRENCH_PAGE) == "French"
    assert (
        other_language(
            "Participants: Jean Dupont, Marie Leclerc, Luis García, Ana Souza, Pieter de Vries, "
            "Giulia Rossi, Hans Müller, Sophie Martin, Carlos Pérez, Lucas Silva, Emma Janssen, "
            "Marco Bianchi, Anna Schmidt, Paul Lefèvre, Inés Romero, Bruno Costa"
        )
        is None
    )
    assert other_language("La Municipalité") is None  # too short to tell
    assert (
        other_language(
            "The delegation of the Municipalité de Chelsea met the board of the Société de transport de "
            "l'Outaouais to discuss the new bus routes and the cycle paths of the town."
        )
        is None
    )  # English with French names


def test_headings_and_places_ner_takes_for_people_are_not_people(extractor, tmp_path):
    text = (
        "Seabird Monitoring Report 2023\n\n"
        "Survey Coordinator: Marta Kowalczyk (Wildlife Biologist)\n\n"
        "Colony Mapping Survey\n"
        "The colony mapping survey of the refuge counted 1,200 nests; a wildlife biologist and two "
        "technicians mapped every colony on the north shore, and the survey will be repeated.\n\n"
        "Gull Lagoon\n"
        "The crew camped at Gull Lagoon for six nights while Marta Kowalczyk led the count.\n"
    )
    facts = facts_of(extractor, tmp_path, "seabirds.txt", text)
    people = {m.text for m in facts.mentions if m.kind == "person"}
    assert "Marta Kowalczyk" in people
    # a heading of common words the report also writes in lower case, a lagoon
    assert not people & {"Wildlife Biologist", "Colony Mapping Survey", "Gull Lagoon"}
    assert "Gull Lagoon" not in {m.text for m in facts.mentions if m.kind == "org"}


def test_an_acronym_spelt_out_in_lower_case_is_a_thing_not_a_body(extractor, tmp_path):
    text = (
        "Trade Review 2024\n\n"
        "The Harbour Trade Authority (HTA) reported that foreign direct investment (FDI) in the port\n"
        "rose by 12% while imports of liquefied natural gas (LNG) fell. The HTA expects FDI to grow.\n"
    )
    facts = facts_of(extractor, tmp_path, "trade.txt", text)
    bodies = {m.text for m in facts.mentions if m.kind == "org"}
    assert "Harbour Trade Authority" in bodies or "HTA" in bodies
    assert not bodies & {"FDI", "LNG"}


def test_a_name_after_a_full_stop_glued_to_it_is_found(extractor, tmp_path):
    text = (
        "Mayor meets delegation\n\nThe mayor met the delegation in the city hall's reception room .Marta Kowalczyk, "
        "deputy director of the Gdansk Port Authority, attended the meeting.\n"
    )
    facts = facts_of(extractor, tmp_path, "meeting.txt", text)
    assert "Marta Kowalczyk" in {m.text for m in facts.mentions if m.kind == "person"}
    assert ("Marta Kowalczyk", "deputy director", "Gdansk Port Authority") in {
        (r.person, r.role, r.organisation) for r in facts.roles
    }


@pytest.fixture()
def hub_corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for name, text in (("visit.txt", VISIT), ("minutes.md", MINUTES), ("agreement.txt", AGREEMENT)):
        (root / name).write_text(text, encoding="utf-8")
    return root


def directory_of(settings):
    snapshot = IndexStore(settings.index_dir).open()
    try:
        return Directory.build(snapshot.documents(), snapshot.facts())
    finally:
        snapshot.close()


def test_people_merge_across_reports_and_keep_every_role_newest_first(hub_corpus, settings, embedder):
    (hub_corpus / "later.md").write_text(LATER_VISIT, encoding="utf-8")
    ingest([hub_corpus], settings, embedder=embedder)
    directory = directory_of(settings)
    (gu,) = directory.find("Gu Lanfang")
    assert [(r.role, r.date) for r in gu.roles] == [("director", "2024-06-11"), ("deputy director", "2023-03-02")]
    assert {d.source for d in gu.documents} == {"visit.txt", "later.md"}
    # "Rui Tavares (controller)" in the hub's minutes: the hub's controller
    (tavares,) = directory.find("Rui Tavares", "person")
    assert (tavares.current_role.role, tavares.current_role.organisation) == ("controller", "Harbour Innovation Hub")
    (brandt,) = directory.find("Otto Brandt", "person")
    assert len(brandt.documents) == 4 and "Brandt" in brandt.aliases
    # "the Harbour Innovation Hub" and "Harbour Innovation Hub" are one organisation ...
    hubs = [e for e in directory.entities if e.type == "org" and e.name.lower() == "harbour innovation hub"]
    assert len(hubs) == 1
    # ... while two bodies named after one city stay apart.
    weihai = {e.name for e in directory.find("Weihai", "org")}
    assert {"Weihai Ocean Development Bureau", "Weihai Blue Valley Park"} <= weihai


def test_names_in_both_orders_are_one_person_only_when_a_report_shows_both(hub_corpus, settings, embedder):
    ingest([hub_corpus], settings, embedder=embedder)
    assert [e.name for e in directory_of(settings).find("Wen Pei")] == []
    (hub_corpus / "orders.txt").write_text(ORDERS, encoding="utf-8")
    ingest([hub_corpus], settings, embedder=embedder)
    (pei,) = directory_of(settings).find("Wen Pei", "person")
    assert {d.source for d in pei.documents} == {"visit.txt", "agreement.txt", "orders.txt"}


def test_entities_follow_changed_and_deleted_reports(hub_corpus, settings, embedder):
    ingest([hub_corpus], settings, embedder=embedder)
    assert directory_of(settings).find("Mette Lund")
    (hub_corpus / "minutes.md").write_text(MINUTES.replace("Mette Lund", "Sanna Berg"), encoding="utf-8")
    ingest([hub_corpus], settings, embedder=embedder)
    directory = directory_of(settings)
    assert not directory.find("Mette Lund") and directory.find("Sanna Berg")
    (hub_corpus / "minutes.md").unlink()
    ingest([hub_corpus], settings, embedder=embedder)
    directory = directory_of(settings)
    assert not directory.find("Sanna Berg") and not directory.find("Rui Tavares")
    assert [t.source for t in directory.timeline()] == ["visit.txt", "agreement.txt"]


def test_a_new_entity_stage_re_extracts_without_re_embedding(hub_corpus, settings, embedder, monkeypatch):
    from reportqa import entities

    ingest([hub_corpus], settings, embedder=embedder)
    newer = entities.RULES_VERSION + 1
    monkeypatch.setattr(entities, "RULES_VERSION", newer)
    summary = ingest([hub_corpus], settings, embedder=embedder)
    assert summary.chunks_embedded == 0 and summary.batches == 1
    assert any("extracting entities again from 3 stored report(s)" in note for note in summary.notes)
    assert IndexStore(settings.index_dir).read_manifest().entities["rules"] == newer
    assert directory_of(settings).find("Rui Tavares")
    assert ingest([hub_corpus], settings, embedder=embedder).batches == 0  # up to date now


def test_a_new_entity_stage_with_changed_and_deleted_reports_analyses_each_report_once(
    hub_corpus, settings, embedder, monkeypatch
):
    from reportqa import entities

    ingest([hub_corpus], settings, embedder=embedder)
    monkeypatch.setattr(entities, "RULES_VERSION", entities.RULES_VERSION + 1)
    (hub_corpus / "agreement.txt").unlink()
    visit = hub_corpus / "visit.txt"
    visit.write_text(visit.read_text(encoding="utf-8") + "Lunch followed.\n", encoding="utf-8")
    summary = ingest([hub_corpus], settings, embedder=embedder)
    assert (summary.updated, summary.removed) == (["visit.txt"], ["agreement.txt"])
    # Only the minutes are analysed again from the store: the visit is loaded anyway and the
    # agreement is gone (not looked for, so no "no entities for" note).
    assert [n for n in summary.notes if "entities" in n] == [
        "extracting entities again from 1 stored report(s): the entity stage changed"
    ]
    assert directory_of(settings).find("Rui Tavares") and directory_of(settings).find("Gu Lanfang")


def test_the_stage_can_be_turned_off(hub_corpus, settings, embedder):
    ingest([hub_corpus], settings.with_(entities=False), embedder=embedder)
    assert IndexStore(settings.index_dir).read_manifest().entities is None
    assert directory_of(settings).entities == []


def test_search_and_answers_can_be_limited_to_reports_mentioning_an_entity(hub_corpus, settings, embedder):
    ingest([hub_corpus], settings, embedder=embedder)
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    hits = retriever.search("budget and incubator", k=5, filters=Filters(entities=("Rui Tavares",)))
    assert hits and {h.source for h in hits} == {"minutes.md"}
    hits = retriever.search("incubator", k=5, filters=Filters(entities=("Pei Wen",)))
    assert {h.source for h in hits} <= {"visit.txt", "agreement.txt"} and hits
    assert retriever.search("budget", k=5, filters=Filters(entities=("Nobody Known",))) == []


def run_cli(*args, index):
    result = subprocess.run(
        [sys.executable, "-m", "reportqa", *args, "--index", str(index)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_cli_json_shapes(hub_corpus, settings, embedder):
    ingest([hub_corpus], settings, embedder=embedder)
    data = json.loads(run_cli("entities", "Otto Brandt", "--json", index=settings.index_dir))
    (entity,) = data["entities"]
    assert set(entity) == {"name", "type", "aliases", "roles", "documents", "mentions"}
    assert entity["name"] == "Otto Brandt" and entity["type"] == "person" and entity["mentions"] >= 4
    role = entity["roles"][0]
    assert set(role) == {"role", "organisation", "date", "source", "title", "page", "start", "end"}
    text = (hub_corpus / role["source"]).read_text(encoding="utf-8")
    assert "Otto Brandt" in text[role["start"] : role["end"]]  # the offsets cite the sentence
    assert set(entity["documents"][0]) == {"source", "title", "date", "mentions"}

    events = json.loads(run_cli("timeline", "--entity", "Gu Lanfang", "--json", index=settings.index_dir))["events"]
    assert [e["source"] for e in events] == ["visit.txt"]
    event = events[0]
    assert {
        "date",
        "kind",
        "title",
        "source",
        "page",
        "visitors",
        "hosts",
        "led_by",
        "place",
        "topics",
        "follow_ups",
    } <= set(event)
    assert event["visitors"][0] == {
        "name": "Gu Lanfang",
        "role": "deputy director",
        "organisation": "Weihai Ocean Development Bureau",
    }
    dated = json.loads(
        run_cli("timeline", "--from", "2023-06-02", "--to", "2023-06-02", "--json", index=settings.index_dir)
    )
    assert [e["source"] for e in dated["events"]] == ["minutes.md"]
    people = run_cli("entities", "--type", "person", index=settings.index_dir)
    assert "Otto Brandt [person] — " in people


def test_cli_says_when_an_index_has_no_entities(hub_corpus, settings, embedder):
    ingest([hub_corpus], settings.with_(entities=False), embedder=embedder)
    result = subprocess.run(
        [sys.executable, "-m", "reportqa", "entities", "--index", str(settings.index_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "has no entities" in result.stderr and "reportqa ingest" in result.stderr


def test_the_query_path_does_not_import_spacy(hub_corpus, settings, embedder):
    ingest([hub_corpus], settings, embedder=embedder)
    script = (
        "import sys\n"
        "from reportqa.cli import main\n"
        f"main(['ask', 'Who chaired the finance committee?', '--entity', 'Ines Koller', '--index', {str(settings.index_dir)!r}])\n"
        f"main(['entities', '--index', {str(settings.index_dir)!r}])\n"
        "print('SPACY', 'spacy' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "SPACY False" in run.stdout, run.stderr


def test_outside_pdfs_a_name_never_runs_across_a_line_break(extractor, tmp_path):
    from .conftest import VISIT_REPORT

    facts = facts_of(extractor, tmp_path, "qingdao.txt", VISIT_REPORT)
    assert facts.mentions
    for mention in facts.mentions:
        assert "\n" not in VISIT_REPORT[mention.start : mention.end], mention
    assert not any(m.text.endswith("Date") for m in facts.mentions)
    # "represented by its director, Mr. Otto Brandt": a role before the name.
    assert ("Otto Brandt", "director", None) in roles_of(facts)


def test_a_report_longer_than_spacy_reads_at_once_is_read_in_pieces_cut_at_line_breaks(extractor, tmp_path):
    from reportqa.entities import _PIECE_CHARS, _pieces
    from reportqa.types import Page

    filler = "".join(f"The committee reviewed item {n} of the harbour plan.\n" for n in range(3000))
    assert len(filler) > _PIECE_CHARS
    text = filler + "Ms. Frauke Dahl, president of the Kiel Marine Cluster, closed the meeting.\n"
    pieces = list(_pieces(text, Page(None, 0, len(text))))
    assert len(pieces) == 2 and pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(end - start <= _PIECE_CHARS for start, end in pieces)
    assert pieces[0][1] == pieces[1][0] and text[pieces[0][1] - 1] == "\n"  # contiguous, cut after a line
    # A page with no line break is cut at a space; one with neither at the limit.
    words = "word " * 30_000
    first_end = next(iter(_pieces(words, Page(None, 0, len(words)))))[1]
    assert words[first_end - 1] == " " and first_end <= _PIECE_CHARS
    assert list(_pieces("x" * 150_000, Page(None, 0, 150_000))) == [(0, _PIECE_CHARS), (_PIECE_CHARS, 150_000)]

    facts = facts_of(extractor, tmp_path, "long-minutes.txt", text)
    dahl = [m for m in facts.mentions if m.text == "Frauke Dahl"]
    assert dahl and text[dahl[0].start : dahl[0].end] == "Frauke Dahl"  # offsets into the whole report
    assert ("Frauke Dahl", "president", "Kiel Marine Cluster") in roles_of(facts)


UNITS = """Visit Report: Harbour Innovation Hub delegation to Rongcheng
Date: 2024-08-20

On 20 August 2024 Mr. Otto Brandt, director of the Harbour Innovation Hub, and Ms. Ines Koller visited the Rongcheng Sub-center of Harbour Innovation Hub in Rongcheng, Shandong Province. They were received by Ms. Gu Lanfang.
The team saw the test pool of Harbour Innovation Hub's Marine Robotics Laboratory. The Blue Valley Incubation Office, a unit of the Weihai Blue Valley Park, joined the talks.
Ms. Koller then travelled on to Chengdu in Sichuan to meet partners.
Mr. Brandt proposed a joint roadshow with the Haizhou Industrial Park in Shanghai in 2025.
"""

SUB_CENTER_NOTE = """Note: Rongcheng Sub-center quarterly review
Date: 2024-10-01

On 1 October 2024 Mr. Rui Tavares visited the Rongcheng Sub-center to review its figures. The Sub-center hosted 12 companies at the end of September 2024, three of them from Chengdu and two from Shandong.
"""


def test_units_of_bodies_and_places_inside_places_are_read_from_what_the_report_says(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "units.txt", UNITS)
    parts = {(p.part, p.whole, p.kind) for p in facts.parts}
    assert {
        ("Rongcheng Sub-center", "Harbour Innovation Hub", "unit"),  # "X Sub-center of Y"
        ("Marine Robotics Laboratory", "Harbour Innovation Hub", "unit"),  # "Y's X Laboratory"
        ("Blue Valley Incubation Office", "Weihai Blue Valley Park", "unit"),  # "X, a unit of Y"
        ("Rongcheng", "Shandong Province", "inside"),  # "X, Y Province"
        ("Chengdu", "Sichuan", "inside"),  # "X in Y"
    } <= parts
    # a site "in" a city is where a roadshow happens, not a part of the city
    assert not any(p.part == "Haizhou Industrial Park" for p in facts.parts)
    for part in facts.parts:  # each cites the sentence that states it
        assert part.part in UNITS[part.start : part.end]
    assert DocumentFacts.from_json(facts.to_json()) == facts


def test_a_filter_by_a_body_or_a_place_includes_its_parts_and_says_so(hub_corpus, settings, embedder):
    (hub_corpus / "units.txt").write_text(UNITS, encoding="utf-8")
    (hub_corpus / "sub-center.txt").write_text(SUB_CENTER_NOTE, encoding="utf-8")
    ingest([hub_corpus], settings, embedder=embedder)
    directory = directory_of(settings)
    assert {"Rongcheng Sub-center", "Marine Robotics Laboratory"} <= {
        e.name for e in directory.parts_of("Harbour Innovation Hub")
    }
    assert [e.name for e in directory.parts_of("Sichuan")] == ["Chengdu"]
    assert directory.parts_of("Rongcheng Sub-center") == []  # a part does not contain its whole
    # "Rongcheng, Shandong Province": Rongcheng is in the Shandong of other sentences too
    assert [e.name for e in directory.parts_of("Shandong")] == ["Rongcheng"]
    # The note names only the sub-center: the hub's timeline has its review all the same ...
    hub_events = {t.source for t in directory.timeline("Harbour Innovation Hub")}
    assert "sub-center.txt" in hub_events
    assert "Rongcheng Sub-center" in directory.included_parts(["Harbour Innovation Hub"])
    assert "sub-center.txt" in {t.source for t in directory.timeline("Sichuan")}
    # ... and so do searches filtered by the hub.
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    hits = retriever.search("companies at the end of September", k=10, filters=Filters(entities=("Sichuan",)))
    assert "sub-center.txt" in {h.source for h in hits}
    # The command line says which parts it took in.
    printed = run_cli("timeline", "--entity", "Harbour Innovation Hub", index=settings.index_dir)
    assert "including" in printed and "Rongcheng Sub-center" in printed.split("\n")[0]
    shown = json.loads(run_cli("timeline", "--entity", "Sichuan", "--json", index=settings.index_dir))
    assert shown["including"] == ["Chengdu"] and "sub-center.txt" in {e["source"] for e in shown["events"]}


PUBLISHED = """Harbour Innovation Hub welcomes a delegation from Weihai
2019-08-07
On 22nd July, the Harbour Innovation Hub welcomed a delegation from Weihai led by Ms. Gu Lanfang. The delegation was warmly received by Mr. Otto Brandt, director of the Hub, and Ms. Ines Koller.
The Panel commends the University for its support. The panel met twice. Members of the Foundation met in Berlin. The foundation funds six projects.
Phaedra Chrousos of 18F joined by video; Chrousos said the visit went well.
"""


def test_a_published_reports_event_takes_the_day_its_sentence_gives(extractor, tmp_path):
    # The date under the title is the day the report was published; the visit was "on 22nd July".
    (event,) = facts_of(extractor, tmp_path, "published.txt", PUBLISHED).events
    assert event.date == "2019-07-22"
    assert "22nd July" in PUBLISHED[dict(event.evidence)["date"].start : dict(event.evidence)["date"].end]
    # "was warmly received by": an adverb between the verb and its auxiliary
    assert [p.name for p in event.hosts] == ["Otto Brandt", "Ines Koller"]
    # A report dated by a "Date:" line gives the event's own date: it stays.
    labelled = PUBLISHED.replace("\n2019-08-07\n", "\nDate: 2019-08-07\n")
    (event,) = facts_of(extractor, tmp_path, "labelled.txt", labelled).events
    assert event.date == "2019-08-07"


def test_a_common_word_or_a_persons_name_is_no_organisation(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "published.txt", PUBLISHED)
    bodies = {m.text for m in facts.mentions if m.kind in ("org", "place")}
    # the report writes "the panel" and "the foundation" too: common nouns
    assert "Panel" not in bodies and "Foundation" not in bodies
    assert "Chrousos" not in bodies  # Phaedra Chrousos's surname
    assert {"Weihai", "Berlin"} <= bodies


TOPICS = """Visit Report: Weihai Ocean Bureau at the Harbour Innovation Hub
Date: 2023-03-02

On 2 March 2023 Ms. Gu Lanfang visited the Harbour Innovation Hub. She was received by Mr. Otto Brandt.
Weihai's strongest industries are shipbuilding, food processing and tourism.
The Blue Valley Park concentrates on marine biomedicine and underwater robotics, has good transport links, ample land and complete living facilities.
The two sides discussed offshore wind equipment.
"""


def test_topics_are_what_was_discussed_not_a_places_industries_or_a_statement(extractor, tmp_path):
    (event,) = facts_of(extractor, tmp_path, "topics.txt", TOPICS).events
    assert {"marine biomedicine", "underwater robotics", "offshore wind equipment"} <= set(event.topics)
    assert not {"shipbuilding", "tourism", "ample land", "complete living facilities"} & set(event.topics)


# --- who took part: attendance lists, minutes' openings, visits written in institutions' shapes (issue 31)

LISTED_MINUTES = """Minutes of the Steering Group of the Harbour Innovation Hub
Date: 2024-02-14

Attendance

Members in attendance were:

- Anneli Strand
- Ravi Chandran (Chair)
- [TB] Tomás Bellweather: Northbay Polytechnic

Were able to join remotely:

- Odile Marchetti

Apologies
- Wendell Price

1. Budget
The group discussed the budget for 2025.
"""

PARISH_MINUTES = """Eastwick Parish Council ordinary meeting
12th June 2023

Held at Eastwick Village Hall at 19:30 on 12th June 2023
Councillors A. Fenwick, B. Harrow, J Marlow, C. Lister.
Apologies were received from councillor D. Moss and were accepted.
Clerk: Petra Longhurst
The Vice Chairman B. Harrow acted as Chairman
Item 1 To agree the minutes of the previous meeting.
"""

SENATE_MINUTES = """Minutes of the Faculty Senate, Meeting 212
3 March 2022

(1) President Harriet Olufemi reported that the library will open on Sundays.
(2) Chief Financial Officer Bruno Castellanos: (a) gave an update on the budget, (b) described the new grants.
(3) The senate thanked Yusuf Demir of Demir Consulting for his earlier study.
"""


def names(participants):
    return {p.name for p in participants}


def test_those_present_at_a_meeting_are_read_from_its_attendance_list_not_its_apologies(extractor, tmp_path):
    (event,) = facts_of(extractor, tmp_path, "steering.txt", LISTED_MINUTES).events
    # bare names under the heading, accented, after a short form, and under "joined remotely"
    assert names(event.hosts) == {"Anneli Strand", "Ravi Chandran", "Tomás Bellweather", "Odile Marchetti"}
    assert names(event.led_by) == {"Ravi Chandran"}
    parish_facts = facts_of(extractor, tmp_path, "parish.txt", PARISH_MINUTES)
    assert ("J Marlow", "councillor", None) in roles_of(parish_facts)  # an initial without its full stop
    (parish,) = parish_facts.events
    # the opening line of members by office, the clerk's labelled line; not the apologies
    assert names(parish.hosts) == {"A. Fenwick", "B. Harrow", "J Marlow", "C. Lister", "Petra Longhurst"}
    assert names(parish.led_by) == {"B. Harrow"}  # "acted as Chairman"
    (senate,) = facts_of(extractor, tmp_path, "senate.txt", SENATE_MINUTES).events
    # minutes without a list: those they show reporting took part, not a person only named
    assert names(senate.hosts) == {"Harriet Olufemi", "Bruno Castellanos"}


COURTESY_CALL = """Rector's courtesy visit to the Embassy
2023-05-10
On 8 May 2023 I led a team of rectors from Valmora to pay a courtesy call on His Excellency Tobias Wren, and his staff at the embassy.
We met with the Trade Commissioner, Ms Ilse Varga, and the Cultural Attaché, Mr Paolo Renzi.
"""

MEETING_WITH_DELEGATION = """Visit by a Delegation of the Korvath Science Bureau
7 August 2019
Chairman Dr Ines Maro and other colleagues of the Riverside Institute held a meeting with Director General Haldor Vint and his delegation of the Korvath Science Bureau at the Riverside Institute on 7 August 2019.
Dr Maro presented the institute's laboratories.
"""

GUEST_BOOK = """Delegation from Selm pays courtesy call on the Senate
2021-03-12
President of the Senate, Hon. Rosa Calder (right), observes as Mayor of Selm, Piet Aldring, signs the guest book during his courtesy call at the Parliament building.
Mayor Lorna Beck met a delegation from Selm. It was headed by Speaker Anton Brill at the VIP room; Kai Brandvold, deputy director of the city council, and Mira Toft, secretary general of the city government, attended the meeting.
"""

MEMBERS_LISTED = """Dunmore officials visit Kestrel University
The university received an official delegation from Dunmore. The members of the delegation were:

Ada Kowalczyk, Deputy Director of the Dunmore Planning Office, Bram Oster, Director of the Dunmore Port Authority.

On behalf of the university the delegation was received by Vice Rector Aleksandr R. Lindqvist and Professor Greta Holm.
Led by Professors Ada Kowalczyk and Bram Oster, the delegation toured the campus.
"""

HEAD_OF_DELEGATION = """Mayor Jun Tao Met with the Delegation from Veldhaven
The International Trade Delegation Tour was successfully concluded on 2 March 2023. Consul General Dr.Mei Lin Chu was invited by CCPIT Zhenhai as Head of Delegation in her capacity as Dean of the Zhenhai Consular Corps for a three-day trip.
During the tour, the delegation was warmly received by Mr.Guo Ren, Vice-Chairman of CCPIT Zhenhai, and Ms.Wu Anqi, Deputy Mayor of Zhenhai.
The group visited a laboratory of the Université Jean Moulin.
"""


def test_visitors_hosts_and_leaders_in_the_shapes_institutions_write_them(extractor, tmp_path):
    (call,) = facts_of(extractor, tmp_path, "call.txt", COURTESY_CALL).events
    # the one called on, and those the visiting side met (each after titles and honorifics)
    assert names(call.hosts) == {"Tobias Wren", "Ilse Varga", "Paolo Renzi"}
    (meeting,) = facts_of(extractor, tmp_path, "korvath.txt", MEETING_WITH_DELEGATION).events
    assert names(meeting.hosts) == {"Ines Maro"}  # "held a meeting with X and his delegation"
    assert names(meeting.visitors) == names(meeting.led_by) == {"Haldor Vint"}
    (book,) = facts_of(extractor, tmp_path, "selm.txt", GUEST_BOOK).events
    assert "Piet Aldring" in names(book.visitors)  # "during his courtesy call"
    assert {"Lorna Beck", "Kai Brandvold", "Mira Toft"} <= names(book.hosts)  # "attended the meeting"
    assert "Rosa Calder" not in names(book.visitors)
    # from the start of the clause: who headed the delegation did not attend as a host
    assert "Anton Brill" in names(book.visitors) and "Anton Brill" not in names(book.hosts)
    (members,) = facts_of(extractor, tmp_path, "dunmore.txt", MEMBERS_LISTED).events
    assert names(members.visitors) == {"Ada Kowalczyk", "Bram Oster"}  # listed after "members of the delegation were:"
    assert names(members.led_by) == {"Ada Kowalczyk", "Bram Oster"}  # "Led by Professors A and B"
    assert names(members.hosts) == {"Aleksandr R. Lindqvist", "Greta Holm"}  # a middle initial kept
    head = facts_of(extractor, tmp_path, "veldhaven.txt", HEAD_OF_DELEGATION)
    (tour,) = head.events
    assert names(tour.led_by) == names(tour.visitors) == {"Mei Lin Chu"}  # "as Head of Delegation"
    assert names(tour.hosts) == {"Guo Ren", "Wu Anqi"}  # "Mr.Guo Ren": an honorific without its space
    # each role the sentence gives her "as", besides the title before her name
    assert {("Mei Lin Chu", "Head of Delegation", None), ("Mei Lin Chu", "Dean", "Zhenhai Consular Corps")} <= roles_of(
        head
    )
    people = {m.text for m in head.mentions if m.kind == "person"}
    # a headline's verb, an acronym's body and a university named after a person are no people
    assert "Jun Tao" in people and not people & {"Jun Tao Met", "CCPIT Zhenhai", "Jean Moulin"}


NOT_BODIES = """Annual Review of the Marlow Trade Association
2023-04-02
The Marlow Trade Association signed the Regional Export Agreement with the Kessling Chamber of Commerce in March.
The AGM approved the Harbour Transport Strategy and the budget.
Members attended the Kessling Food Summit and DataFest Europe 2023 in Bremen.

Green Logistics and Packaging

The Council thanked the Consul General for his support. Mr. Hal Brody of the Kessling Chamber of Commerce and J. Pember presented the plan.
The members visited the Brackley Enterprise Park and the City of Tarrow Corporation.
The Board of Directors of the association met the Steering Committee of the chamber in May.
"""


def test_documents_events_titles_headings_and_kinds_of_bodies_are_no_organisations(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "review.txt", NOT_BODIES)
    orgs = {m.text for m in facts.mentions if m.kind == "org"}
    places = {m.text for m in facts.mentions if m.kind == "place"}
    assert {"Marlow Trade Association", "Kessling Chamber of Commerce"} <= orgs
    junk = {
        "Regional Export Agreement", "Harbour Transport Strategy", "AGM", "Kessling Food Summit", "DataFest Europe 2023",
        "Green Logistics", "Council", "Consul General", "J. Pember", "Board of Directors", "Steering Committee",
    }  # fmt: skip
    assert not (orgs | places) & junk
    # a name NER took for a place that ends as a body's does is an organisation
    assert {"Brackley Enterprise Park", "City of Tarrow Corporation"} <= orgs


TRUST_MINUTES = """Minutes of the Ashgrove Library Trust, ordinary meeting
4 October 2022

Trustees in attendance were:

- Nadia Okafor
- Pieter Vandamme

Councillors H. Quint, R. Sallow and M. Ebdon also attended.
Carla Menzies reported on the tourism fair attended by three directors (Hugo Lanner, Ruth Abeyta and Ian Sorrell).
Ola Brekke, Ashgrove's Vice President for Community Relations, presented the accounts.
Tessa Wolde, elected councillor (Ward Member) for the Ashgrove Borough Council, asked about opening hours.
We were hosted by Sam Ruiz, Deputy Manager of Outreach Department with Fenwick Publishing Group.
Director Ana Kell of Regional Cooperation, AFDB, described the grant.
"""


def test_roles_of_offices_in_the_plural_possessives_and_units_of_bodies(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "trust.txt", TRUST_MINUTES)
    claims = roles_of(facts)
    # an office in the plural before a list, on its line or as the list's heading: each holds it
    for person in ("Nadia Okafor", "Pieter Vandamme"):
        assert (person, "trustee", None) in claims
    for person in ("H. Quint", "R. Sallow", "M. Ebdon"):
        assert (person, "councillor", None) in claims
    for person in ("Hugo Lanner", "Ruth Abeyta", "Ian Sorrell"):
        assert (person, "director", None) in claims
    assert not any(person == "Carla Menzies" for person, _, _ in claims)
    # "X's <role> for <what>": the owner is the body, "for ..." part of the title
    assert ("Ola Brekke", "Vice President for Community Relations", "Ashgrove") in claims
    # a note in brackets between the role and its body
    assert ("Tessa Wolde", "elected councillor", "Ashgrove Borough Council") in claims
    # a unit "with" or before the body it belongs to
    assert ("Sam Ruiz", "Deputy Manager of Outreach Department", "Fenwick Publishing Group") in claims
    assert ("Ana Kell", "Director of Regional Cooperation", "AFDB") in claims
    event, fair = facts.events  # the meeting minuted, then the fair it tells of
    # minutes: those recorded present are the hosts, not whoever a sentence says hosted someone
    assert names(event.hosts) == {"Nadia Okafor", "Pieter Vandamme", "H. Quint", "R. Sallow", "M. Ebdon"}
    assert names(fair.visitors) == {"Hugo Lanner", "Ruth Abeyta", "Ian Sorrell"}


RELEASE = """Harbour Hub and Tarrow College renew their partnership
Saturday, 9 March 2024

Press release of the Harbour Innovation Hub

An agreement renewing the partnership between the Harbour Innovation Hub and Tarrow College was signed at the Tarrow campus on 7 March 2024.
"""


def test_an_event_takes_the_day_its_opening_says_it_happened_not_the_release_date(extractor, tmp_path):
    (event,) = facts_of(extractor, tmp_path, "release.txt", RELEASE).events
    assert event.kind == "agreement" and event.date == "2024-03-07"
    evidence = dict(event.evidence)["date"]
    assert "was signed at the Tarrow campus" in RELEASE[evidence.start : evidence.end]


CLUB_MINUTES = """Minutes of the Board of the Kestrel Rowing Club
2024-05-02

Attendees
- Jo Marsh (Chair)
- Ken Udo

Apologies
- Lea Finch

1. Approval of Previous Minutes
Approved.

2. Boathouse Roof Repairs (BRR)
The board compared three quotes.

Junior Regatta 2024

The board set the date.

Balance

USD $12,500.00

3. Any other business
None.
"""


def test_the_topics_of_minutes_are_their_section_headings_not_their_routine_parts(extractor, tmp_path):
    (event,) = facts_of(extractor, tmp_path, "club.txt", CLUB_MINUTES).events
    assert event.kind == "meeting"
    assert list(event.topics) == ["Boathouse Roof Repairs", "Junior Regatta 2024"]
    assert names(event.hosts) == {"Jo Marsh", "Ken Udo"} and names(event.led_by) == {"Jo Marsh"}


MEMBERS_APPROVED = """Minutes of the Fenwick Cycling Association board
2024-01-09

New members approved

- Ilka Brandt
- Tomasz Wierzba

Finances

The treasurer presented the accounts.
"""


def test_a_list_under_a_heading_naming_an_office_gives_its_people_that_office(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "cycling.txt", MEMBERS_APPROVED)
    assert {("Ilka Brandt", "member", None), ("Tomasz Wierzba", "member", None)} <= roles_of(facts)
    (event,) = facts.events
    assert not names(event.hosts)  # approved as members, not recorded present


SIGNATURE_BLOCKS = """Memorandum of Understanding between Karlsborg University and the Delta Maritime Institute
12 March 2024

The parties agree to exchange students and staff.

Signed:
Shri Arvind K. Menon
Chairman & Managing Director
Delta Maritime Institute

Smt. Lakshmi Raghavan
Chief Financial Officer
Karlsborg University of Technology

Rev. Daniel Okafor
Founder Chairman
Harlow Shipping Corporation
is the largest shipowner in the region.
"""


def test_a_signature_block_gives_the_title_line_and_the_body_line_under_a_name(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "mou.txt", SIGNATURE_BLOCKS)
    found = roles_of(facts)
    # forms of address before the name ("Shri", "Smt.") and a "Signed:" label leave it alone on its line
    assert ("Arvind K. Menon", "Chairman and Managing Director", "Delta Maritime Institute") in found
    assert ("Lakshmi Raghavan", "Chief Financial Officer", "Karlsborg University of Technology") in found
    # a line that a sentence goes on from is no body's line
    assert ("Daniel Okafor", "Founder Chairman", None) in found


CONTACT = """Proposed rule: inspection of harbour cranes
2024-05-02

For further information contact: Nora Falk, Manager, Tacoma Permits Branch, FHWA, 12 Harbor Road, Tacoma.
"""


def test_a_unit_after_a_role_is_part_of_the_role_and_the_body_after_it_the_organisation(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "rule.txt", CONTACT)
    assert ("Nora Falk", "Manager of Tacoma Permits Branch", "FHWA") in roles_of(facts)


UNTITLED_ANNUAL_REPORT = """Corporate Overview
Annual Report 2023

Harwick Mining Group raised its output by 12 per cent this year. The new quarry of Harwick Mining Group
opened in May, and Harwick Mining Group hired 200 people. The Tarn Valley Council approved the plans.
Shareholders of Harwick Mining Group received a higher dividend than in 2022.
The treasurer, Ms. Kari Holm, presented the accounts.

Ola Nordmann
Chief Executive Officer
"""


def test_a_role_without_a_body_in_a_report_whose_title_names_none_is_the_body_it_names_most(extractor, tmp_path):
    facts = facts_of(extractor, tmp_path, "overview.txt", UNTITLED_ANNUAL_REPORT)
    found = {r.person: (r.role, r.organisation, r.report_body) for r in facts.roles}
    assert found["Kari Holm"] == ("treasurer", None, "Harwick Mining Group")
    # a signature block closing the report signs for the report's body
    assert found["Ola Nordmann"] == ("Chief Executive Officer", "Harwick Mining Group", None)


def test_a_person_only_a_role_claim_names_is_a_person_of_the_report(extractor, tmp_path):
    # NER reads "President Wahid" as words between names; the role rules find him holding the title
    text = (
        "Parliamentary delegation to Tarrowland\n\nOn 12 May 2001 the delegation met with President Wahid, "
        "Vice-President Megawati Sukarnoputri and the Speaker of the House, Amien Rais.\n"
    )
    facts = facts_of(extractor, tmp_path, "visit.txt", text)
    assert any(r.person == "Wahid" and r.role == "President" for r in facts.roles)
    wahid = [m for m in facts.mentions if m.kind == "person" and m.text == "Wahid"]
    assert len(wahid) == 1 and text[wahid[0].start : wahid[0].end] == "Wahid"


def test_a_facility_named_as_a_body_is_a_body_a_building_stays_a_place():
    from reportqa.entities import _a_body_taken_for_a_facility

    assert _a_body_taken_for_a_facility("FAC", "the Weser-Ems Institute for Marine Sensors")
    assert _a_body_taken_for_a_facility("FAC", "Tarrow Polytechnic University")
    assert not _a_body_taken_for_a_facility("FAC", "Northgate Railway Station")
    assert not _a_body_taken_for_a_facility("FAC", "the Harbour Bridge")
    assert not _a_body_taken_for_a_facility("GPE", "Tarrow Polytechnic University")  # only NER's facilities


def test_a_report_in_another_language_gives_the_people_named_with_a_form_of_address(extractor, tmp_path):
    minutes = (
        "COMITÉ DE DÉMOLITION\nPROCÈS-VERBAL\nSéance publique tenue le 20 juin, à 16h00 à la salle du conseil\n"
        "Membres :\nM. Gaëtan Gagné, conseiller municipal\nM. David Huggins-Daines, conseiller municipal\n"
        "Secrétaire :\nMme Ariane Bélanger, greffière adjointe, Service du greffe\n\n"
        "1. Ouverture de la séance\nLa séance est ouverte à 16h00. L’ordre du jour de la séance est adopté par "
        "les membres du comité, qui agit à titre de comité local du patrimoine pour la ville.\n"
    )
    facts = facts_of(extractor, tmp_path, "pv.txt", minutes)
    assert "French" in facts.skipped
    assert {m.text for m in facts.mentions if m.kind == "person"} == {
        "Gaëtan Gagné",
        "David Huggins-Daines",
        "Ariane Bélanger",
    }
    roles = {(r.person, r.role, r.organisation, r.report_body) for r in facts.roles}
    assert ("Ariane Bélanger", "greffière adjointe", "Service du greffe", "Comité de démolition") in roles
    assert ("Ariane Bélanger", "secrétaire", None, "Comité de démolition") in roles  # the list's label
    assert ("Gaëtan Gagné", "membre", None, "Comité de démolition") in roles
    acta = (
        "Acta de la sesión del Consejo Rector\n\nAsistentes: la Sra. Ana López Pérez, presidenta, y el Sr. Jorge "
        "de la Fuente, secretario, con los miembros de la junta de la fundación, que se reunieron en la sede de "
        "la fundación para aprobar las cuentas del año y el plan de trabajo que se presenta.\n"
    )
    roles = {(r.person, r.role) for r in facts_of(extractor, tmp_path, "acta.txt", acta).roles}
    assert roles == {("Ana López Pérez", "presidenta"), ("Jorge de la Fuente", "secretario")}


def test_a_name_written_with_and_without_its_accents_is_one_person(extractor, tmp_path):
    from reportqa.types import DocumentRecord
    from reportqa.whoswho import Directory

    accented = facts_of(
        extractor,
        tmp_path,
        "visit.txt",
        "Visit\n\nMs. Siân Pryce, head of research at the Harbour Science Park, met us.\n",
    )
    plain = facts_of(
        extractor, tmp_path, "later.txt", "Visit\n\nMs. Sian Pryce, director of the Harbour Science Park, spoke.\n"
    )
    records = [
        DocumentRecord(accented.doc_id, "", "visit.txt", "Visit", "2023-05-01", "", 0, 0, None, 1, ""),
        DocumentRecord(plain.doc_id, "", "later.txt", "Visit", "2024-05-01", "", 0, 0, None, 1, ""),
    ]
    directory = Directory.build(records, {accented.doc_id: accented, plain.doc_id: plain})
    (person,) = directory.find("Sian Pryce", "person")  # typed without the accent, as users do
    assert {r.role for r in person.roles} >= {"head of research", "director"}, person.roles
    assert len([e for e in directory.entities if e.type == "person"]) == 1


def test_a_cabinet_secretary_in_a_bodys_minutes_is_no_office_of_that_body(extractor, tmp_path):
    text = (
        "Minutes of the Harbour Skills Board, 4 March 2024\n\n"
        "Present: Tom Reyes (treasurer), Ana Silva (secretary).\n\n"
        "The Board welcomed Ms. Kirsty Hale, Cabinet Secretary for Education, who spoke on apprenticeships.\n"
    )
    facts = facts_of(extractor, tmp_path, "minutes.txt", text)
    bodies = {r.person: r.report_body for r in facts.roles if r.organisation is None}
    assert bodies["Tom Reyes"] == "Harbour Skills Board"
    assert bodies["Kirsty Hale"] is None  # a government's office, not the board's
