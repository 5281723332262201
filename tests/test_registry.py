"""The registry of every instruction (the public list of AI uses), in CSV and JSON, read in one pass
over the journal; and its fold agrees with the journal's view."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from helpers_play import ALICE, KARIM, XSS_TITLE, copy_journal, open_store, play, shared_realistic

from grilles.schema import DONT_KNOW
from journal import kinds, registry
from journal.log import Actor, Journal
from journal.view import build


@pytest.fixture(scope="module")
def journal_with_three(tmp_path_factory, catalog):
    """The realistic decided instruction (a red line in force), a finished pre-check, and an
    instruction in progress with a biometric red line."""
    source, decided = shared_realistic(tmp_path_factory, catalog)
    directory = tmp_path_factory.mktemp("registre")
    copy_journal(source, directory)
    store = open_store(directory, catalog)
    pre = store.start("Tri des courriers", KARIM, [], service="Courrier", mode="pre_examen")
    turn = play(pre, KARIM, {"profil.stade": "idee", "profil.donnees_personnelles": "non",
                             "profil.decisions_individuelles": "aide", "profil.pratiques_interdites": ["aucune"],
                             "profil.domaine_haut_risque": ["aucun"]})
    assert turn.kind == "pre_examen_termine"
    live = store.start("Caméras augmentées", ALICE, ["nantes"], service="Police municipale")
    for qid, value in (("profil.type_ia", ["discriminative"]),
                       ("profil.entrainement", "fournisseur_donnees_collectivite"),
                       ("profil.donnees_personnelles", "oui"), ("profil.base_juridique", "oui"),
                       ("profil.donnees_sensibles", "nsp"),
                       ("profil.donnees_biometriques", "oui")):
        live.answer(qid, value, ALICE)
    ids = (decided, pre.id, live.id)
    store.close()
    j = Journal(directory / "j.sqlite")
    yield j, ids
    j.close()


def test_one_row_per_instruction_in_opening_order(journal_with_three, catalog):
    j, (decided, pre, live) = journal_with_three
    rows = registry.rows(j, catalog)
    assert [r["id"] for r in rows] == [decided, pre, live]
    assert all(list(r) == list(registry.COLUMNS) for r in rows)
    by_id = {r["id"]: r for r in rows}
    d = by_id[decided]
    assert d["projet"] == XSS_TITLE and d["service"] == "DRH"
    assert d["stade"] == "En production (déployé)"
    assert d["grilles"] == ["La boussole de l'IA", "Radar de décision", "Girouet des impacts de l'IA sur le travail"]
    assert d["lignes_rouges"] == ["Décision individuelle entièrement automatisée"]
    assert d["derniere_decision"] == "Avis favorable sous conditions" and len(d["date_decision"]) == 10
    assert d["etat"] == "décidée" and d["tour"] == 2 and d["avancement"] == 100
    p = by_id[pre]
    assert p["etat"] == "pré-examen" and p["grilles"] == [] and p["derniere_decision"] == ""
    assert p["avancement"] == 100 and p["stade"] == "Idée (rien n'est engagé)"
    live_row = by_id[live]
    assert live_row["lignes_rouges"] == ["Recours à la biométrie"]
    assert live_row["etat"] == "en cours" and live_row["points_ouverts"] == 1
    assert 0 < live_row["avancement"] < 20


def test_registry_agrees_with_the_view_of_each_instruction(journal_with_three, catalog):
    j, ids = journal_with_three
    by_id = {r["id"]: r for r in registry.rows(j, catalog)}
    for instruction in ids:
        view = build(instruction, j.events(instruction))
        row = by_id[instruction]
        nsp = [q for q, r in view.answers.items() if r.answer.kind == DONT_KNOW and q not in view.skipped]
        assert row["points_ouverts"] == len(nsp)
        assert row["lignes_rouges"] == [f.title for f in view.flags.values() if f.severity == "ligne_rouge"]
        assert row["tour"] == view.round and row["ouverte_le"] == view.opened_at[:10]
        assert row["derniere_decision"] == (view.decisions[-1].label if view.decisions else "")


def test_csv_and_json_exports(journal_with_three, catalog):
    j, ids = journal_with_three
    rows = registry.rows(j, catalog)
    text = registry.to_csv(rows)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert list(parsed[0]) == list(registry.COLUMNS)
    assert parsed[0]["grilles"] == ("La boussole de l'IA ; Radar de décision ; "
                                    "Girouet des impacts de l'IA sur le travail")
    assert parsed[0]["projet"] == XSS_TITLE and parsed[1]["etat"] == "pré-examen"
    assert registry.to_csv(rows, excel=True).startswith("\ufeffid;projet;")
    doc = json.loads(registry.to_json(rows, generated_at="2026-12-01T10:00:00Z"))
    assert doc["nombre"] == 3 and doc["colonnes"] == list(registry.COLUMNS)
    assert [x["id"] for x in doc["instructions"]] == list(ids)
    assert doc["instructions"][0]["lignes_rouges"] == ["Décision individuelle entièrement automatisée"]
    assert "é" in registry.to_json(rows)  # not \u00e9


def _synthetic(journal: Journal, n: int) -> None:
    """Instructions written event by event, with the corner cases the fold must follow: a red line
    raised then cleared, a skipped question restored, a « je ne sais pas » changed, a round that
    re-asks the girouet, a decision in an earlier round only."""
    me = Actor("Test", "metier")
    for i in range(n):
        iid = f"synth-{i}"
        journal.append(iid, kinds.OPENED, {"title": f"Projet {i}", "service": "S", "description": "",
                                           "mode": "complete", "grids": ["profil", "girouet"], "grid_versions": {}}, me)
        journal.append(iid, kinds.ANSWERED, {"question": "profil.stade",
                                             "answer": {"kind": "valeur", "value": "idee"}}, me)
        journal.append(iid, kinds.ANSWERED, {"question": "profil.donnees_biometriques", "answer": {"kind": "nsp"}}, me)
        journal.append(iid, kinds.RED_LINE, {"rule": "biometrie", "severity": "ligne_rouge", "title": "Biométrie",
                                             "message": "m", "source": {}, "causes": []})
        journal.append(iid, kinds.SKIPPED, {"question": "profil.donnees_sensibles", "message": "sans objet"})
        journal.append(iid, kinds.ANSWERED, {"question": "girouet.autonomie", "answer": {"kind": "nsp"}}, me)
        if i % 2:
            journal.append(iid, kinds.FLAG_CLEARED, {"rule": "biometrie"})
            journal.append(iid, kinds.RESTORED, {"question": "profil.donnees_sensibles"})
            journal.append(iid, kinds.CHANGED, {"question": "profil.donnees_biometriques",
                                                "answer": {"kind": "valeur", "value": "non"}}, me)
            journal.append(iid, kinds.DECISION, {"decision": "favorable", "label": "Avis favorable", "people": []}, me)
            journal.append(iid, kinds.ROUND, {"round": 2, "reason": "suivi", "stage": "production",
                                              "reask": ["girouet"]}, me)


def test_fold_follows_the_view_on_corner_cases(tmp_path, catalog):
    j = Journal(tmp_path / "s.sqlite")
    _synthetic(j, 4)
    rows = {r["id"]: r for r in registry.rows(j, catalog)}
    for iid in ("synth-0", "synth-1"):
        view = build(iid, j.events(iid))
        row = rows[iid]
        assert row["lignes_rouges"] == [f.title for f in view.flags.values()]
        nsp = [q for q, r in view.answers.items() if r.answer.kind == DONT_KNOW and q not in view.skipped]
        assert row["points_ouverts"] == len(nsp)
        assert row["tour"] == view.round
    assert rows["synth-0"]["points_ouverts"] == 2 and rows["synth-0"]["lignes_rouges"] == ["Biométrie"]
    assert rows["synth-1"]["points_ouverts"] == 0 and rows["synth-1"]["lignes_rouges"] == []
    assert rows["synth-1"]["stade"] == "En production (déployé)" and rows["synth-1"]["tour"] == 2
    assert rows["synth-1"]["derniere_decision"] == "Avis favorable" and rows["synth-1"]["etat"] == "en cours (tour 2)"
    j.close()


def test_registry_reads_the_journal_in_one_pass_fast(tmp_path, catalog):
    """A smoke check of the scale (the real measure, 10 000 instructions, is bench/bench_reports.py)."""
    j = Journal(tmp_path / "s.sqlite")
    _synthetic(j, 300)
    started = time.perf_counter()
    rows = registry.rows(j, catalog)
    elapsed = time.perf_counter() - started
    assert len(rows) == 300
    assert elapsed < 0.5, elapsed  # ~20 ms measured; 10 000 instructions stay far under 2 s
    j.close()
