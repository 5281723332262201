"""Snapshot tests: what a person sees, pinned (80×24). Update with `pytest --snapshot-update`
after a deliberate change, and look at the new SVGs before committing them."""

import re

import pytest
from textual.widgets import Input, TextArea
from ui_helpers import make_app, mini_catalog, on_screen, settle

import dialogues.store as store_module
import journal.log as log_module
from dialogues.store import Store
from grilles.schema import Role
from journal.log import Actor

ALICE = Actor("Alice Martin", "metier")
BASE = {
    "profil.type_ia": ["generative"],
    "profil.entrainement": "modele_preentraine", "profil.donnees_personnelles": "non",
    "profil.donnees_biometriques": "non", "profil.donnees_critiques": "non", "profil.utilisateurs": "agents",
    "profil.decisions_individuelles": "aide", "profil.information_personnes": "oui",
    "profil.pratiques_interdites": ["aucune"],
    "profil.domaine_haut_risque": ["aucun"], "profil.hebergement": "france", "profil.garantie_confidentialite": "oui",
    "profil.stade": "idee", "profil.fournisseur_connu": "nsp", "profil.alternative_etudiee": "oui",
    "mini.q01": "oui", "mini.q02": "Risques limités, mesures décrites.", "mini.q03": "limite",
    "mini.q04": ["agents"], "mini.q05": 40, "mini.q06": 3,
}


@pytest.fixture(autouse=True)
def steady(monkeypatch):
    """Same text every run: fixed clock and ids, no blinking cursors."""
    monkeypatch.setattr(log_module, "utc_now", lambda: "2026-11-22T09:00:00.000000Z")
    monkeypatch.setattr(store_module, "_new_id", lambda title: "2026-11-22-essai-0001")
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None, raising=False)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None, raising=False)


def prepared(tmp_path, stop_at: str | None, changes: dict | None = None):
    """A journal holding one instruction answered up to `stop_at` (None: to the end)."""
    catalog = mini_catalog()
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog)
    session = store.start("Chatbot RH", ALICE, ["mini"], service="DRH")
    values = {**BASE, **(changes or {})}
    while (turn := session.turn()).kind == "question" and turn.question.id != stop_at:
        session.answer(turn.question.id, values[turn.question.id], ALICE)
    store.close()
    return make_app(tmp_path, catalog)


# a question's id, or a role's code (« fournisseur », « direction »: French words too, left out)
INTERNAL = re.compile(r"\b(?:profil|mini|nantes|radar|girouet|tours)\.[a-z_0-9]+|\b(?:"
                      + "|".join(r.value for r in Role if r.value not in ("fournisseur", "direction")) + r")\b")


async def still(pilot):
    """Settled, and the conversation done fitting its rows (a fit measures the layout it changes,
    again on the next refresh): the screen a person sees once it stops moving. Never an internal id
    on it (a question's, a role's code): every pinned screen is checked."""
    await settle(pilot.app, pilot)
    for _ in range(20):
        if getattr(pilot.app.screen, "fits_left", 0) <= 0:
            break
        await pilot.pause(0.02)
    # a scroll bar may keep the look it had before the last fit (a race in Textual's repaint): draw
    # every scroll bar again from the state it shows
    for widget in pilot.app.screen.query("*"):
        if widget.show_vertical_scrollbar:
            widget.vertical_scrollbar.refresh()
    await pilot.pause(0.05)
    found = INTERNAL.findall(on_screen(pilot.app))
    assert not found, f"internal ids on screen: {found}"


async def open_it(pilot):
    await settle(pilot.app, pilot)
    await pilot.press("enter")
    await still(pilot)


def test_home(snap_compare, tmp_path_factory):
    # a fixed folder: the journal's location is shown on the home screen
    import shutil
    from pathlib import Path

    folder = Path("/tmp/instruire-instantane-accueil")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    app = prepared(folder, "mini.q03")
    assert snap_compare(app, run_before=still)


@pytest.mark.parametrize("question", ["profil.type_ia", "profil.entrainement", "mini.q01", "mini.q02",
                                      "mini.q05", "mini.q06"],
                         ids=["choix_multiple", "choix_unique", "oui_non", "texte", "nombre", "echelle"])
def test_question_of_each_answer_type(snap_compare, tmp_path, question):
    app = prepared(tmp_path, question)
    assert snap_compare(app, run_before=open_it)


def test_red_line_banner(snap_compare, tmp_path):
    app = prepared(tmp_path, "profil.donnees_critiques", {"profil.donnees_biometriques": "oui"})
    assert snap_compare(app, run_before=open_it)


def test_summary(snap_compare, tmp_path):
    app = prepared(tmp_path, None)
    assert snap_compare(app, run_before=open_it)


def test_summary_of_a_pre_check(snap_compare, tmp_path):
    # its actions (« Continuer en instruction complète (c) », « Exporter », « Questions ») in 80 columns
    catalog = mini_catalog()
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog)
    session = store.start("Idée de chatbot", ALICE, [], service="DRH", mode="pre_examen")
    while (turn := session.turn()).kind == "question":
        session.answer(turn.question.id, BASE[turn.question.id], ALICE)
    store.close()
    assert snap_compare(make_app(tmp_path, catalog), run_before=open_it)


def test_decision_screen(snap_compare, tmp_path):
    app = prepared(tmp_path, None, {"profil.decisions_individuelles": "automatique"})

    async def to_decision(pilot):
        await open_it(pilot)
        await pilot.press("d")
        await still(pilot)

    assert snap_compare(app, run_before=to_decision)


def test_red_line_then_the_next_question(snap_compare, tmp_path):
    # the red line raised by the answer given on screen, told in the history, then the next question
    app = prepared(tmp_path, "profil.donnees_biometriques")

    async def answer_yes(pilot):
        await open_it(pilot)
        await pilot.press("o")
        await still(pilot)

    assert snap_compare(app, run_before=answer_yes)


def test_three_banners_and_a_long_question(snap_compare, tmp_path):
    app = prepared(tmp_path, "profil.garantie_confidentialite",
                   {"profil.donnees_biometriques": "oui", "profil.decisions_individuelles": "automatique",
                    "profil.hebergement": "hors_ue"})
    assert snap_compare(app, run_before=open_it)


def test_a_change_through_f2(snap_compare, tmp_path):
    app = prepared(tmp_path, "mini.q05")

    async def change_q03(pilot):
        await open_it(pilot)
        await pilot.press("f2")  # the panel opens on the question on screen (n° 5)
        await settle(pilot.app, pilot)
        await pilot.press("up", "up", "enter")  # n° 3, answered: changed
        await still(pilot)

    assert snap_compare(app, run_before=change_q03)


def test_projector_mode(snap_compare, tmp_path):
    app = prepared(tmp_path, "profil.information_personnes")  # a long question, tall buttons

    async def project(pilot):
        await open_it(pilot)
        await pilot.press("f6")
        await settle(pilot.app, pilot)
        pilot.app.clear_notifications()  # the toast saying so goes after a few seconds: pin the screen under it
        await still(pilot)

    assert snap_compare(app, run_before=project)


def test_export_dialog(snap_compare, tmp_path):
    app = prepared(tmp_path, None)
    app.settings.raw["rapports"] = "/tmp/instruire-instantane-rapports"  # shown: the same on every machine

    async def export(pilot):
        await open_it(pilot)
        await pilot.press("e")
        await still(pilot)

    assert snap_compare(app, run_before=export)
