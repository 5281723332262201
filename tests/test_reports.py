"""The committee report, built from the journal alone, in every format; the open points CSV; the
supplier questionnaire. One realistic instruction (red line, warnings, « je ne sais pas » with owner
and due date, note, changed answer, skipped and non-applicable questions, rephrased question,
equivalent question, opinion, two rounds with the girouet, two decisions)."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from helpers_play import (
    ALICE,
    REPHRASED_QUESTION,
    REPHRASED_TEXT,
    XSS_ANSWER,
    XSS_NOTE,
    XSS_TITLE,
    open_store,
    shared_realistic,
)

from journal import csv_export, report_model, supplier
from journal.log import Journal
from journal.report_model import NO_DECISION, ReportError, build_report, export
from journal.verify import Verdict, verify

GENERATED = "2026-12-01T10:00:00Z"


@pytest.fixture(scope="module")
def built(tmp_path_factory, catalog):
    path, instruction = shared_realistic(tmp_path_factory, catalog)
    journal = Journal(path)
    view, bundle = report_model.load(journal, instruction, catalog)
    report = build_report(view, bundle, verify(journal), GENERATED)
    yield journal, view, bundle, report
    journal.close()


@pytest.fixture(scope="module")
def report(built):
    return built[3]


# --- the model -----------------------------------------------------------------------------


def test_sections_come_in_the_order_a_committee_reads_them(report):
    assert list(report) == ["document", "version_format", "instruction", "avertissement", "signalements",
                            "decisions", "points_ouverts", "notes_axes", "grilles", "notes_generales",
                            "historique", "hors_grilles", "reformulations", "pied"]
    assert report["avertissement"] == NO_DECISION
    ins = report["instruction"]
    assert ins["titre"] == XSS_TITLE and ins["service"] == "DRH" and ins["tour"] == 2
    assert ins["stade_libelle"].startswith("En production")
    versions = {g["id"]: g["version_utilisee"] for g in ins["grilles"]}
    assert set(versions) == {"profil", "nantes", "radar", "girouet"}
    assert all("@" in v for v in versions.values())  # version@digest, from the journal
    assert [p["nom"] for p in ins["participants"]] == ["Alice Martin", "Karim Benali", "Sophie Durand"]


def test_red_lines_warnings_and_to_check_with_source_and_causes(report):
    f = report["signalements"]
    assert [x["regle"] for x in f["lignes_rouges"]] == ["decision_automatisee"]
    red = f["lignes_rouges"][0]
    assert "2018-765" in red["source_texte"]
    assert red["causes"][0]["question"] == "profil.decisions_individuelles"
    assert "sans intervention humaine" in red["causes"][0]["reponse"]
    assert {x["regle"] for x in f["alertes"]} == {"hors_ue", "ria_haut_risque"}
    assert [x["regle"] for x in f["a_verifier"]] == ["confidentialite"]
    assert f["a_verifier"][0]["causes"][0]["question"] == "profil.garantie_confidentialite"


def test_decisions_per_round_chronological_with_people_and_opinions(report):
    d = report["decisions"]
    assert d["ordre"] == "chronologique"
    assert [r["tour"] for r in d["tours"]] == [1, 2]
    first, second = d["tours"]
    assert [x["libelle"] for x in first["decisions"]] == ["Décision ajournée"]
    assert [p["nom"] for p in first["decisions"][0]["personnes"]] == ["Sophie Durand", "Karim Benali"]
    assert first["decisions"][0]["motif"].startswith("Ligne rouge")
    assert first["avis"][0]["critere"] == "nantes.c1" and first["avis"][0]["par"]["nom"] == "Karim Benali"
    assert [x["libelle"] for x in second["decisions"]] == ["Avis favorable sous conditions"]
    assert second["stade"] == "production" and "suivi" in second["motif"]


def test_open_points_grouped_by_who_can_answer_with_owner_and_due_date(report):
    op = report["points_ouverts"]
    groups = {g["role"]: g for g in op["groupes"]}
    assert "fournisseur" in groups and "dpo_juriste" in groups
    points = {p["sujet"]: p for p in groups["fournisseur"]["points"]}
    deep = points["profil.entrainement"]
    assert (deep["responsable"], deep["echeance"]) == ("Fournisseur (M. Leroy)", "2027-01-31")
    assert deep["aussi"] == ["l'équipe métier"]
    assert points["confidentialite"]["type"] == "a_verifier"
    assert op["total"] == sum(len(g["points"]) for g in op["groupes"])
    subjects = [p["sujet"] for g in op["groupes"] for p in g["points"]]
    assert len(subjects) == len(set(subjects))  # each point once


def test_scores_radar_per_quadrant_and_girouet_per_round(report):
    scores = {g["grille"]: g for g in report["notes_axes"]}
    radar = scores["radar"]
    assert radar["graphique"] == "radar"
    assert [g["groupe"] for g in radar["groupes"]] == ["IA utile", "IA de confiance", "IA frugale", "IA capacitante"]
    privacy = next(a for g in radar["groupes"] for a in g["axes"] if a["axe"] == "vie_privee")
    # no personal data: only the model's own conformity applies (who trained it is not known)
    assert privacy["applicables"] == 1
    assert all(g["moyenne"] is not None for g in radar["groupes"])
    girouet = scores["girouet"]
    assert [s["tour"] for s in girouet["tours"]] == [1, 2]
    round1 = {a["axe"]: a for a in girouet["tours"][0]["axes"]}
    round2 = {a["axe"]: a for a in girouet["tours"][1]["axes"]}
    assert len(round1) == 12
    assert round1["autonomie"]["insuffisant"]  # « je ne sais pas » in round 1: no number
    assert round1["savoir_faire"]["affichee"] == 2 and round2["savoir_faire"]["affichee"] == 4
    assert round2["savoir_faire"]["niveau_libelle"] == "impacts positifs prédominants"
    assert girouet["tours"][0]["stade"] == "experimentation" and girouet["tours"][1]["stade"] == "production"


def _profile_question(qid: str):
    from grilles.catalog import load_catalog

    local = qid.split(".", 1)[1]
    return next(q for _, q in load_catalog().profile.grid.walk() if q.id == local)


def bundle_text(qid: str) -> str:
    return _profile_question(qid).text


def option_label(qid: str, value: str) -> str:
    return _profile_question(qid).option(value).label


def _questions(report, grid):
    g = next(x for x in report["grilles"] if x["grille"] == grid)
    return {q["question"]: q for c in g["criteres"] for p in c["parties"] for q in p["questions"]}, g


def test_each_question_with_the_exact_text_shown_who_when_and_marks(report):
    profil, _ = _questions(report, "profil")
    rephrased = profil[REPHRASED_QUESTION]
    assert rephrased["texte_affiche"] == REPHRASED_TEXT and rephrased["reformulee"]
    assert rephrased["texte_original"] == bundle_text("profil.utilisateurs")
    assert rephrased["par"]["nom"] == "Karim Benali" and rephrased["le"]
    notes = profil["profil.donnees_critiques"]["notes"]
    assert [n["texte"] for n in notes] == [XSS_NOTE]
    nantes, grid = _questions(report, "nantes")
    assert nantes["nantes.q82"]["equivalente"]["question"] == "profil.alternative_etudiee"
    assert any(q["reponse"] == XSS_ANSWER for q in nantes.values())
    assert nantes["nantes.q02"]["numero"] == "2"
    # criteria with sub-sections as parts
    c4 = next(c for c in grid["criteres"] if c["id"] == "c4")
    assert [p["titres"] for p in c4["parties"]][0] == ["Avant l'introduction de l'intelligence artificielle"]


def test_skipped_and_not_applicable_questions_with_reasons(report):
    _, profil = _questions(report, "profil")
    skipped = {s["question"]: s for c in profil["criteres"] for s in c["ecartees"]}
    assert "profil.donnees_sensibles" in skipped
    reason = skipped["profil.donnees_sensibles"]
    assert "données personnelles" in reason["motif"] and "profil." not in reason["motif"]  # in words
    assert reason["causes"][0]["reponse"] == "Non"
    _, nantes = _questions(report, "nantes")
    na = [x for c in nantes["criteres"] for x in c["non_applicables"]]
    assert len(na) == 1 and na[0]["justification"].startswith("Le service n'a pas")


def test_history_of_changed_answers_with_previous_value(report):
    history = {h["question"]: h for h in report["historique"]}
    users = history["profil.utilisateurs"]
    assert users["avant"] == option_label("profil.utilisateurs", "les_deux")
    assert users["apres"] == option_label("profil.utilisateurs", "agents")
    assert history["profil.stade"]["tour"] == 2


def test_llm_use_and_footer_with_chain_verdict(built, report):
    journal = built[0]
    assert report["reformulations"]["appels"] == 0
    assert report["reformulations"]["questions_reformulees"] == [REPHRASED_QUESTION]
    foot = report["pied"]
    assert foot["genere_le"] == GENERATED and foot["par"] == "instruire"
    assert foot["journal"]["message"] == f"journal vérifié : chaîne intacte ({journal.count()} événements)"


def test_no_llm_and_broken_chain_are_said(built):
    _, view, bundle, _ = built
    broken = Verdict(False, 12, 7, "événement 7 (reponse_donnee, …) : contenu modifié")
    r = build_report(view, bundle, broken, GENERATED)
    assert "CHAÎNE ROMPUE" in r["pied"]["journal"]["message"]
    assert build_report(view, bundle, None, GENERATED)["pied"]["journal"]["message"] == "journal non vérifié"
    empty = report_model.llm_section(type(view)(view.instruction))
    assert empty["texte"] == "Aucune reformulation automatique."
    calls = type(view)(view.instruction)
    calls.llm = [{"model": "m", "tokens_in": 120, "tokens_out": 30, "duration_ms": 1500}]
    used = report_model.llm_section(calls)
    assert (used["appels"], used["jetons"], used["duree_s"]) == (1, 150, 1.5)


def test_answers_at_round_matches_the_view_and_rebuilds_round_one(built):
    _, view, _, _ = built
    assert view.answers_at_round(view.round) == view.answers
    first = view.answers_at_round(1)
    assert first["profil.stade"].answer.value == "experimentation"
    assert first["girouet.savoir_faire"].answer.value == 2.0
    assert first["girouet.autonomie"].answer.kind == "nsp"


# --- formats -------------------------------------------------------------------------------


HEADINGS = ["Synthèse", "Détail par grille et par critère", "Annexes"]


def test_markdown_has_the_headings_the_statement_and_escapes_user_text(report):
    md = export(report, "md").decode("utf-8")
    for h in HEADINGS:
        assert f"\n## {h}\n" in md
    assert NO_DECISION in md
    assert "<script>" not in md and r"\<script\>alert(1)\</script\>" in md
    assert "chaîne intacte" in md
    synthesis = md[md.index("## Synthèse"):md.index("## Détail")]
    for part in ("### Lignes rouges et alertes", "**⛔ Ligne rouge** : Décision individuelle entièrement automatisée",
                 "**⚠ Alerte** : ", "**? À vérifier (ligne rouge)** : ", "### Points ouverts, par interlocuteur",
                 "**⚖ Décision** : Avis favorable sous conditions"):
        assert part in synthesis, part
    assert "CHAÎNE ROMPUE" not in md


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_printable_escaped_with_svg_charts(report):
    html = export(report, "html").decode("utf-8")
    parser = _Collector()
    parser.feed(html)
    assert "script" not in parser.tags
    text = "".join(parser.text)
    for user_text in (XSS_TITLE, XSS_ANSWER, XSS_NOTE):
        assert user_text in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # self-contained: no external resource, no script, inline style
    assert not any(name in ("src", "href") for name, _ in parser.attrs)
    assert "<link" not in html and "@import" not in html and "url(http" not in html
    assert "style" in parser.tags and "@media print" in html and "break-before: page" in html
    # charts: the radar (with an axis « insuffisant ») and the girouet with one pattern per round
    assert parser.tags.count("svg") == 2
    assert "insuffisant" in text and "Protection de la vie privée" in text
    assert 'id="motif-girouet-0"' in html and 'id="motif-girouet-1"' in html
    assert "tour 1" in text and "tour 2" in text and "T1 : 2" in text and "T2 : 4" in text
    # the synthesis, charts included, comes before the detail; the red line is signed, not only coloured
    assert html.index("<svg") < html.index("Détail par grille et par critère")
    assert '<p class="danger"><span class="label">⛔ Ligne rouge :</span>' in html
    for h in HEADINGS:
        assert h in text


def test_json_is_the_model_with_stable_keys(report):
    data = json.loads(export(report, "json").decode("utf-8"))
    assert list(data) == list(report)
    assert data["instruction"]["titre"] == XSS_TITLE
    assert "\\u00e9" not in export(report, "json").decode("utf-8")  # ensure_ascii=False
    assert data == json.loads(json.dumps(report, ensure_ascii=False, default=str))


def test_docx_has_real_headings_and_tables(report):
    import docx

    doc = docx.Document(io.BytesIO(export(report, "docx")))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", f"Fiche d'instruction : {XSS_TITLE}")
    h1 = [t for s, t in headings if s == "Heading 1"]
    assert h1 == HEADINGS
    assert ("Heading 2", "Lignes rouges et alertes") in headings
    assert any(p.text == "⛔ Ligne rouge : Décision individuelle entièrement automatisée. Source : "
               "Conseil constitutionnel, décision 2018-765 DC" or p.text.startswith(
                   "⛔ Ligne rouge : Décision individuelle entièrement automatisée") for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Décision ajournée" in cells and "Avis favorable sous conditions" in cells
    assert XSS_ANSWER in cells and "Fournisseur (M. Leroy)" in cells
    assert any(NO_DECISION in p.text for p in doc.paragraphs)
    first = doc.tables[0]
    assert (first.cell(0, 0).text, first.cell(0, 1).text) == ("Service", "DRH")
    # the charts are pictures (SVG), and every page's footer carries the journal's anchor
    assert sum(1 for rel in doc.part.rels.values() if rel.target_ref.endswith(".svg")) == 2
    assert "journal : position" in doc.sections[0].footer.paragraphs[0].text


def test_odt_has_real_headings_and_tables(report):
    from odf import opendocument, table, teletype, text

    doc = opendocument.load(io.BytesIO(export(report, "odt")))
    headings = [(int(h.getAttribute("outlinelevel")), teletype.extractText(h))
                for h in doc.getElementsByType(text.H)]
    assert [t for level, t in headings if level == 1] == HEADINGS
    assert (2, "Lignes rouges et alertes") in headings
    cells = [teletype.extractText(c) for c in doc.getElementsByType(table.TableCell)]
    assert "Décision ajournée" in cells and XSS_ANSWER in cells and "31/01/2027" in cells
    assert len(doc.getElementsByType(table.Table)) > 10
    paragraphs = [teletype.extractText(p) for p in doc.getElementsByType(text.P)]
    assert NO_DECISION in paragraphs


def test_unknown_format_and_unknown_instruction_are_french_errors(built, report, catalog):
    with pytest.raises(ReportError, match="format « rtf » inconnu"):
        export(report, "rtf")
    with pytest.raises(ReportError, match="instruction inconnue"):
        report_model.load(built[0], "nulle-part", catalog)


def test_control_characters_in_user_text_do_not_break_documents(built):
    _, view, bundle, report = built
    nasty = json.loads(json.dumps(report))
    nasty["instruction"]["titre"] = "Projet\x00\x07 bizarre\x1b"
    for fmt in ("docx", "odt", "html", "md"):
        assert export(nasty, fmt)


def test_an_unfinished_pre_check_reports_too(tmp_path, catalog):
    store = open_store(tmp_path, catalog)
    s = store.start("Tri des courriers", ALICE, [], mode="pre_examen")
    s.answer("profil.type_ia", ["predictive"], ALICE)
    s.dont_know("profil.entrainement", ALICE)
    view, bundle = report_model.load(store.journal, s.id, catalog)
    r = build_report(view, bundle, verify(store.journal), GENERATED)
    assert r["instruction"]["mode_libelle"] == "pré-examen" and r["notes_axes"] == []
    assert r["decisions"]["tours"][0]["decisions"] == []
    crit = r["grilles"][0]["criteres"]
    assert sum(c["restantes"] for c in crit) > 10
    md = export(r, "md").decode("utf-8")
    assert "Aucune décision enregistrée pour ce tour." in md and "**… Décision à prendre**" in md
    for fmt in ("html", "json", "docx", "odt"):
        assert export(r, fmt)
    store.close()


# --- open points CSV and supplier questionnaire --------------------------------------------


def test_open_points_csv_is_an_action_list_with_owner_and_due_date(built):
    _, view, bundle, _ = built
    text = csv_export.open_points_csv(view, bundle)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(csv_export.OPEN_POINT_COLUMNS)
    deep = next(r for r in rows if "entraîne le modèle" in r["point"])
    # named in words, as a person reads the list: never the question's id
    assert deep["point"].startswith("La question « ") and deep["question"].startswith("la question « ")
    assert (deep["groupe"], deep["responsable"], deep["echeance"]) == ("le fournisseur", "Fournisseur (M. Leroy)",
                                                                       "2027-01-31")
    assert deep["signale_par"] == "Alice Martin" and deep["nature"] == "je ne sais pas"
    groups = [r["groupe"] for r in rows]
    assert groups == sorted(groups, key=groups.index)  # grouped: each group's rows together
    excel = csv_export.open_points_csv(view, bundle, excel=True)
    assert excel.startswith("\ufeffgroupe;point;")


def test_csv_cells_cannot_become_spreadsheet_formulas():
    text = csv_export.write_csv(("projet", "n"), [{"projet": "=HYPERLINK(\"http://x\")", "n": -3}])
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row == ["'=HYPERLINK(\"http://x\")", "-3"]


def test_supplier_questionnaire_only_has_supplier_questions_in_every_format(built):
    _, view, bundle, _ = built
    q = supplier.build_questionnaire(view, bundle, GENERATED)
    ids = [x["question"] for x in q["questions"]]
    assert "profil.entrainement" in ids and "profil.garantie_confidentialite" in ids
    assert any(i.startswith("nantes.") for i in ids)
    for i in ids:
        assert "fournisseur" in [r.value for r in bundle.by_id[i].question.answered_by]
    open_nsp = [k for k, r in view.answers.items() if r.answer.kind == "nsp"]
    assert any(k not in ids for k in open_nsp)  # a « je ne sais pas » for the DPO stays out
    assert q["echeance"] == "2027-01-31"
    md = supplier.export(q, "md").decode("utf-8")
    assert "Réponse du fournisseur" in md and "Fournisseur (M. Leroy)" not in md  # internal owner stays out
    html = supplier.export(q, "html").decode("utf-8")
    parser = _Collector()
    parser.feed(html)
    assert "script" not in parser.tags and XSS_TITLE in "".join(parser.text)
    import docx
    from odf import opendocument, table, teletype

    doc = docx.Document(io.BytesIO(supplier.export(q, "docx")))
    cells = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "entraîne le modèle" in cells
    odt = opendocument.load(io.BytesIO(supplier.export(q, "odt")))
    assert any("entraîne le modèle" in teletype.extractText(c) for c in odt.getElementsByType(table.TableCell))
    with pytest.raises(ReportError):
        supplier.export(q, "json")
