"""What changed between two rounds of one instruction, or between two instructions."""

from __future__ import annotations

import json

import pytest
from helpers_play import KARIM, open_store, play, shared_realistic

from grilles.bundle import build_or_raise
from journal import compare, report_model
from journal.log import Journal
from journal.report_model import ReportError


@pytest.fixture(scope="module")
def realistic_view(tmp_path_factory, catalog):
    path, instruction = shared_realistic(tmp_path_factory, catalog)
    journal = Journal(path)
    view, bundle = report_model.load(journal, instruction, catalog)
    yield view, bundle
    journal.close()


@pytest.fixture(scope="module")
def precheck_view(tmp_path_factory, catalog):
    store = open_store(tmp_path_factory.mktemp("comparer"), catalog)
    s = store.start("Tri des courriers", KARIM, [], mode="pre_examen")
    assert play(s, KARIM, {"profil.hebergement": "france", "profil.domaine_haut_risque": ["aucun"]}).kind \
        == "pre_examen_termine"
    view = s.view
    bundle = build_or_raise(catalog.selection(view.grids))
    store.close()
    return view, bundle


def test_two_rounds_show_the_stage_and_girouet_changes(realistic_view):
    view, bundle = realistic_view
    d = compare.rounds(view, bundle, 1, 2)
    assert d["stade"] == {"avant": "Expérimentation (preuve de concept, test)", "apres": "En production (déployé)",
                          "change": True}
    girouet = next(g for g in d["notes_axes"] if g["grille"] == "girouet")
    axes = {a["axe"]: a for a in girouet["axes"]}
    assert girouet["change"]
    assert (axes["savoir_faire"]["avant"], axes["savoir_faire"]["apres"], axes["savoir_faire"]["ecart"]) == (2, 4, 2)
    assert axes["autonomie"]["avant"] is None and axes["autonomie"]["apres"] == 4  # « je ne sais pas » in round 1
    radar = next(g for g in d["notes_axes"] if g["grille"] == "radar")
    assert radar["change"]  # the radar is asked again at a follow-up too (cahier p. 29), here answered anew
    changed = {x["question"]: x for x in d["reponses"]["modifiees"]}
    assert changed["profil.stade"]["apres"] == "En production (déployé)"
    assert changed["girouet.savoir_faire"]["avant"].startswith("2 –")
    assert changed["girouet.savoir_faire"]["texte"].startswith("Quel impact")
    assert changed["girouet.autonomie"]["avant"] == "Je ne sais pas"  # a « je ne sais pas » is an answer
    assert d["reponses"]["ajoutees"] == [] and d["reponses"]["retirees"] == []
    assert [x["libelle"] for x in d["decisions"]["avant"]] == ["Décision ajournée"]
    assert [x["libelle"] for x in d["decisions"]["apres"]] == ["Avis favorable sous conditions"]
    kept = {x["regle"] for x in d["signalements"]["maintenus"]}
    assert "decision_automatisee" in kept and d["signalements"]["leves"] == []
    json.dumps(d, ensure_ascii=False)  # plain data


def test_markdown_in_french(realistic_view):
    view, bundle = realistic_view
    md = compare.to_markdown(compare.rounds(view, bundle, 1, 2))
    assert "## Stade du projet" in md
    assert "« Expérimentation (preuve de concept, test) » → « En production (déployé) »" in md
    assert "### Girouet des impacts de l'IA sur le travail" in md and "| Savoir-faire | 2 | 4 | +2 |" in md
    assert "| Autonomie | insuffisant | 4 |   |" in md
    assert "Décision ajournée" in md and "Avis favorable sous conditions" in md
    assert "<script>" not in md  # the title is escaped


def test_same_round_has_no_difference(realistic_view):
    view, bundle = realistic_view
    d = compare.rounds(view, bundle, 2, 2)
    assert not d["stade"]["change"]
    assert d["reponses"] == {"ajoutees": [], "modifiees": [], "retirees": []}
    assert not any(g["change"] for g in d["notes_axes"])
    assert "Aucune réponse différente." in compare.to_markdown(d)


def test_two_instructions_grids_flags_and_answers(realistic_view, precheck_view):
    (va, ba), (vb, bb) = realistic_view, precheck_view
    d = compare.compare(va, vb, ba, bb)
    assert set(d["grilles"]["retirees"]) == {"nantes", "radar", "girouet"}
    cleared = {x["regle"] for x in d["signalements"]["retires"]}
    assert {"decision_automatisee", "hors_ue"} <= cleared
    removed = {x["question"] for x in d["reponses"]["retirees"]}
    assert "nantes.q02" in removed
    assert next(x for x in d["reponses"]["retirees"] if x["question"] == "nantes.q02")["raison"] == "hors des grilles"
    changed = {x["question"]: x for x in d["reponses"]["modifiees"]}
    assert changed["profil.hebergement"]["avant"].startswith("Hors de l'Union")
    assert d["decisions"]["apres"] == []
    radar = next(g for g in d["notes_axes"] if g["grille"] == "radar")
    assert all(a["apres"] is None for a in radar["axes"])
    md = compare.to_markdown(d)
    assert "**⛔ Retirée** : Décision individuelle entièrement automatisée (ligne rouge)" in md
    assert "- **Retirées** : La boussole de l'IA, Radar de décision, Girouet des impacts de l'IA sur le travail" in md


def test_the_comparison_is_a_document_like_the_report(realistic_view):
    import io

    import docx
    from odf import opendocument, teletype, text

    from journal.compare_layout import export

    view, bundle = realistic_view
    d = compare.rounds(view, bundle, 1, 2)
    html = export(d, "html").decode("utf-8")
    assert "<script" not in html.replace("&lt;script&gt;", "") and "<h2>Notes de 1 à 4</h2>" in html
    doc = docx.Document(io.BytesIO(export(d, "docx")))
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][0] == "Stade du projet"
    assert any("Savoir-faire" in c.text for t in doc.tables for row in t.rows for c in row.cells)
    odt = opendocument.load(io.BytesIO(export(d, "odt")))
    assert "Stade du projet" in [teletype.extractText(h) for h in odt.getElementsByType(text.H)]
    assert json.loads(export(d, "json"))["document"] == "comparaison"


def test_unknown_round_is_a_french_error(realistic_view):
    view, bundle = realistic_view
    with pytest.raises(ReportError, match="tour 3 inconnu"):
        compare.rounds(view, bundle, 1, 3)
