"""Nothing internal shown to people: every document of a whole four-grid instruction, and every
screen of it at 80×24, read for question ids, rule ids, role codes, option codes and conditions.

People name a question by its number or its words, a role by its label, a reason by a sentence
(issue 11). The id patterns come from the catalog itself (tests/internal_ids.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from internal_ids import csv_text, id_patterns, json_people_text, leaks, markup_text, xlsx_text, zip_text
from whole_instruction import KARIM, MARC, answer_turn, decide, open_store, play_to_decision, start

from dialogues.play import play, read_answers_file
from dialogues.play import result as play_result
from grilles.catalog import load_catalog
from journal import (
    compare,
    compare_layout,
    csv_export,
    kinds,
    public_register,
    registry,
    report_model,
    supplier,
    supplier_form,
)
from journal.log import Actor
from journal.verify import verify

ORGANISATION = public_register.Organisation("Ville de Lenclos", "ia@ville-lenclos.fr")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def patterns(catalog):
    return id_patterns(catalog)


@pytest.fixture(scope="module")
def instruction(tmp_path_factory, catalog):
    """The whole instruction, decided, then followed up at a later stage and decided again (two
    rounds to compare), published in the register."""
    folder = tmp_path_factory.mktemp("instruction")
    store = open_store(folder, catalog)
    session = start(store)
    play_to_decision(session)
    session.assign_open_point("radar.utilite_agents", KARIM, "Patrick Lenoir", "2027-02-15")
    session.add_note(None, "Réunion du groupe le 3 décembre.", MARC)
    decide(session)
    session.follow_up(MARC, "experimentation")
    play_to_decision(session)
    decide(session)
    store.journal.append(session.id, kinds.PUBLISHED, {"attributes": {
        "description_short": "Préparer les réponses aux courriers.", "revision_date": "2027-06-30"},
        "standard_version": public_register.STANDARD_VERSION}, Actor("Sophie Durand", "direction"))
    yield store, session
    store.close()


def assert_no_ids(text: str, patterns, where: str) -> None:
    found = leaks(text, patterns)
    assert not found, f"{where} : {len(found)} identifiant(s) interne(s) :\n" + "\n".join(map(str, found[:20]))


# --- reports ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(instruction, catalog):
    store, session = instruction
    return report_model.report_for(store.journal, session.id, catalog)


@pytest.mark.parametrize("fmt", ["md", "html", "odt", "docx"])
def test_the_report_names_nothing_internal(report, patterns, fmt):
    data = report_model.export(report, fmt)
    text = {"md": lambda d: d.decode("utf-8"), "html": lambda d: markup_text(d.decode("utf-8")),
            "odt": zip_text, "docx": zip_text}[fmt](data)
    assert "Assistant courriers" in text  # the document was read, not an empty shell
    assert_no_ids(text, patterns, f"rapport {fmt}")


@pytest.mark.parametrize("document", ["rapport", "questionnaire_fournisseur"])
def test_the_printed_documents_name_nothing_internal(instruction, catalog, report, patterns, tmp_path, document):
    import shutil
    import subprocess

    from journal import pdf

    if pdf.soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice ou pdftotext absent : le pdf est l'odt converti, lu ci-dessus")
    if document == "rapport":
        data = report_model.export(report, "pdf")
    else:
        store, session = instruction
        view, bundle = report_model.load(store.journal, session.id, catalog)
        data = supplier.export(supplier.build_questionnaire(view, bundle, verdict=verify(store.journal)), "pdf")
    path = tmp_path / f"{document}.pdf"
    path.write_bytes(data)
    # the text in reading order (-raw: a table's columns are not interleaved line by line); a web
    # address that the column's width cut after a dot, a slash or a hyphen is joined again, so that it
    # is read whole (and exempted as an address) rather than as two words
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True).stdout.decode()
    text = re.sub(r"(https?://\S*[./-])\n\s*", r"\1", raw)
    assert "Assistant courriers" in text
    assert_no_ids(text, patterns, f"{document} pdf")


def test_the_summary_numbers_its_questions_as_their_grid_does(instruction):
    """The summary's « n° » column: a question's number in its grid, or « · » for an unnumbered one —
    never an id, which that narrow column would even cut beyond recognition."""
    from assistant.ui.summary_text import marker

    _, session = instruction
    markers = {e.id: marker(e) for e in session.bundle.entries}
    assert all(re.fullmatch(r"\d+|·", m) for m in markers.values()), markers
    assert markers["nantes.q05"] == "5" and markers["profil.stade"] == "·"


def test_the_json_result_names_nothing_internal_where_people_read(report, patterns):
    text = json_people_text(report_model.to_json(report))
    assert "Recours à la biométrie" in text and "Qui entraîne le modèle utilisé ?" in text  # flags and questions
    assert_no_ids(text, patterns, "rapport json (valeurs pour les personnes)")


def test_the_play_result_names_nothing_internal_where_people_read(instruction, patterns):
    """`instruire jouer`'s JSON result, decided and paused midway (the question waiting, the path ahead)."""
    store, session = instruction
    paused = start(store)
    for _ in range(40):
        answer_turn(paused, paused.present())
    for done in (play_result(session), play_result(paused)):
        text = json_people_text(done)
        assert "Recours à la biométrie" in text and "Qui entraîne le modèle utilisé ?" in text
        assert_no_ids(text, patterns, f"résultat de jouer ({done['statut']})")


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "csv_excel"])
def test_the_open_points_table_names_nothing_internal(instruction, catalog, patterns, excel):
    store, session = instruction
    view, bundle = report_model.load(store.journal, session.id, catalog)
    text = csv_text(csv_export.open_points_csv(view, bundle, excel=excel, verdict=verify(store.journal)),
                    csv_export.OPEN_POINT_COLUMNS)
    assert "Patrick Lenoir" in text
    assert_no_ids(text, patterns, "points ouverts (csv)")


# --- register, list of instructions, comparison, supplier questionnaire -----------------------------

@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_the_public_register_names_nothing_internal(instruction, catalog, patterns, fmt):
    store, _ = instruction
    register = public_register.build_register(store.journal, catalog, ORGANISATION, "2026-12-01T10:00:00Z")
    assert register["registrations"], "the instruction is published"
    write = {"json": public_register.to_json, "csv": public_register.to_csv, "html": public_register.to_html}[fmt]
    data = write(register)
    text = {"json": json_people_text, "csv": lambda d: csv_text(d, public_register.ATTRIBUTES),
            "html": markup_text}[fmt](data)
    assert "Assistant courriers" in text
    assert_no_ids(text, patterns, f"registre public {fmt}")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_list_of_instructions_names_nothing_internal(instruction, catalog, patterns, fmt):
    store, session = instruction
    rows = registry.rows(store.journal, catalog)
    data = registry.to_csv(rows) if fmt == "csv" else registry.to_json(rows)
    text = csv_text(data, registry.COLUMNS) if fmt == "csv" else json_people_text(data)
    assert "Assistant courriers" in text
    # the instruction's own id is its reference in this internal list, to reopen or compare it
    assert_no_ids(text.replace(session.id, " "), patterns, f"liste des instructions {fmt}")


@pytest.mark.parametrize("fmt", ["md", "html", "json", "odt", "docx"])
def test_the_comparison_of_two_rounds_names_nothing_internal(instruction, catalog, patterns, fmt):
    store, session = instruction
    view, bundle = report_model.load(store.journal, session.id, catalog)
    data = compare_layout.export(compare.rounds(view, bundle, 1, 2), fmt)
    text = {"md": lambda d: d.decode("utf-8"), "html": lambda d: markup_text(d.decode("utf-8")),
            "json": json_people_text, "odt": zip_text, "docx": zip_text}[fmt](data)
    assert "Assistant courriers" in text
    assert_no_ids(text, patterns, f"comparaison {fmt}")


def test_the_comparison_of_two_instructions_names_nothing_internal(instruction, catalog, patterns, tmp_path):
    """Another instruction of the same project, answered alike but for its hosting: the differences
    of two instructions, as `instruire comparer A B` writes them."""
    store, session = instruction
    other_store = open_store(tmp_path, catalog)
    other = start(other_store)
    play_to_decision(other, values={"profil.hebergement": "france", "profil.garantie_confidentialite": "oui"})
    decide(other)
    view_a, bundle_a = report_model.load(store.journal, session.id, catalog)
    view_b, bundle_b = report_model.load(other_store.journal, other.id, catalog)
    diff = compare.compare(view_a, view_b, bundle_a, bundle_b)
    for fmt in ("md", "html", "odt"):
        data = compare_layout.export(diff, fmt)
        text = {"md": lambda d: d.decode("utf-8"), "html": lambda d: markup_text(d.decode("utf-8")),
                "odt": zip_text}[fmt](data)
        assert "Hors de l'Union européenne" in text  # the hosting that differs, as people read it
        assert_no_ids(text, patterns, f"comparaison de deux instructions {fmt}")
    other_store.close()


@pytest.mark.parametrize("fmt,form", [("md", False), ("html", False), ("odt", False), ("docx", False),
                                      ("xlsx", True), ("ods", True), ("docx", True)],
                         ids=["md", "html", "odt", "docx", "formulaire_xlsx", "formulaire_ods", "formulaire_docx"])
def test_the_supplier_questionnaire_names_nothing_internal(instruction, catalog, patterns, fmt, form):
    store, session = instruction
    view, bundle = report_model.load(store.journal, session.id, catalog)
    questionnaire = supplier.build_questionnaire(view, bundle, verdict=verify(store.journal))
    data = supplier_form.export(questionnaire, fmt) if form else supplier.export(questionnaire, fmt)
    text = {"md": lambda d: d.decode("utf-8"), "html": lambda d: markup_text(d.decode("utf-8")),
            "xlsx": xlsx_text}.get(fmt, zip_text)(data)
    assert "Assistant courriers" in text
    assert_no_ids(text, patterns, f"questionnaire fournisseur {fmt}{' à remplir' if form else ''}")


def test_the_patterns_catch_what_issue_11_saw(patterns):
    """The test can fail: each leak the issue names is caught, and ordinary French is not."""
    for seen in ("profil.apprentissage_profond", "la condition « non (profil.entrainement = 'x') »",
                 "n° p05_confidentialite", "ria_interdit : ria_interdit", "Alice Martin (metier)",
                 "Karim Benali, dpo_juriste", "la question nantes.q82"):
        assert leaks(seen, patterns), seen
    for french in ("Alice Martin (équipe métier)", "la question n° 5 « Est-ce que … »", "Direction du projet",
                   "Avis défavorable", "Le radar de décision, p. 31", "Voir https://www.nantes.fr/ia.html",
                   "le fichier journal.sqlite", "ia@ville-lenclos.fr", "Oui", "Non applicable",
                   "des agents à temps partiel", "réponse « idée » impossible", "le fournisseur"):
        assert not leaks(french, patterns), french


EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "dialogues" / "exemples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_shipped_examples_name_nothing_internal(tmp_path, catalog, patterns, path):
    """The trainers' cases (a pre-check among them): their play result and their report."""
    store = open_store(tmp_path, catalog)
    plan = read_answers_file(path, store)
    session, done = play(store, plan)
    assert_no_ids(json_people_text(done), patterns, f"{path.name} : résultat de jouer")
    report = report_model.report_for(store.journal, session.id, catalog)
    assert_no_ids(report_model.export(report, "md").decode("utf-8"), patterns, f"{path.name} : fiche md")
    store.close()


def test_a_skip_cites_the_question_the_team_answered(tmp_path, catalog):
    """Nantes' n° 82 is answered through the profile's question on an alternative without AI: the
    skip of its description cites that question, the one the team saw, in words and in the report."""
    store = open_store(tmp_path, catalog)
    session = start(store)
    play_to_decision(session, values={"profil.alternative_etudiee": "non"})
    asked = catalog.grids["profil"].grid
    profile_text = next(q.text for s in asked.sections for q in s.questions if q.id == "alternative_etudiee")
    report = report_model.report_for(store.journal, session.id, catalog)
    skipped = next(e for g in report["grilles"] for c in g["criteres"] for e in c["ecartees"]
                   if e["question"] == "nantes.q82_description")
    assert [c["question"] for c in skipped["causes"]] == ["profil.alternative_etudiee"]
    assert skipped["causes"][0]["texte"] == profile_text
    assert profile_text[:30] in skipped["motif"]
    store.close()


@pytest.mark.parametrize("path", [p for p in EXAMPLES if "precheck" in p.stem], ids=lambda p: p.stem)
def test_the_summary_of_a_pre_check_names_nothing_internal(tmp_path, catalog, patterns, path):
    """The summary at the end of a pre-check (what the full instruction will ask, the experts to
    gather), as the screen draws it at 80 columns."""
    from rich.console import Console

    from assistant.ui.summary_text import summary

    store = open_store(tmp_path, catalog)
    session, _ = play(store, read_answers_file(path, store))
    console = Console(width=80, record=True, file=io.StringIO(), color_system=None)
    console.print(summary(session, session.turn()))
    text = console.export_text()
    assert "Ce que demandera l'instruction complète" in text
    assert_no_ids(text, patterns, f"{path.name} : synthèse du pré-examen")
    store.close()


def test_the_help_of_every_question_names_nothing_internal(instruction, catalog, patterns):
    """F1 on every question of the four grids (the screens test opens it on a sample): why it is
    asked, its source, who answers, its glossary, and for the profile what each choice opens or skips."""
    from assistant.ui.helptext import help_markdown

    _, session = instruction
    found = []
    for entry in session.bundle.entries:
        found += [f"{entry.id} : {leak}" for leak in leaks(help_markdown(session, entry, catalog.glossary), patterns)]
    assert not found, "\n".join(found[:25])


def test_every_news_line_of_the_conversation_names_nothing_internal(instruction, patterns):
    """Each skip, restored question, red line, warning, withdrawn flag, round and resolved point of
    the whole instruction, as the conversation tells it (the screens test sees those of a sample)."""
    from assistant.ui.controller import NEWS_KINDS, describe

    store, session = instruction
    events = store.journal.events(session.id, NEWS_KINDS)
    assert {e.kind for e in events} >= {kinds.SKIPPED, kinds.RED_LINE, kinds.WARNING, kinds.ROUND}
    found = [f"{e.kind} : {leak}" for e in events for leak in leaks(describe(e, session), patterns)]
    assert not found, "\n".join(found[:25])
