"""Keys that do what they say: « je ne sais pas » and « non applicable » from every control, choices
by their digit, F2 into the progress panel and back, the title following the round."""

import pytest
from ui_helpers import MINI, make_app, mini_catalog, on_screen, settle, type_text

from dialogues.store import Store
from grilles.catalog import load_catalog
from journal.log import Actor

ALICE = Actor("Alice Martin", "metier")
BASE = {
    "profil.type_ia": ["generative"], "profil.entrainement": "modele_preentraine",
    "profil.donnees_personnelles": "non", "profil.donnees_biometriques": "non", "profil.donnees_critiques": "non",
    "profil.utilisateurs": "agents", "profil.decisions_individuelles": "aide", "profil.information_personnes": "oui",
    "profil.pratiques_interdites": ["aucune"], "profil.domaine_haut_risque": ["aucun"],
    "profil.hebergement": "france", "profil.garantie_confidentialite": "oui", "profil.stade": "idee",
    "profil.fournisseur_connu": "oui", "profil.alternative_etudiee": "oui",
    "mini.q01": "oui", "mini.q02": "Risques limités.", "mini.q03": "limite", "mini.q04": ["agents"],
    "mini.q05": 40, "mini.q06": 3,
}


def prepared(tmp_path, stop_at, mode="complete", grids=("mini",)):
    catalog = mini_catalog()
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog)
    session = store.start("Clavier", ALICE, list(grids) if mode == "complete" else [], mode=mode)
    while (turn := session.turn()).kind == "question" and turn.question.id != stop_at:
        session.answer(turn.question.id, BASE[turn.question.id], ALICE)
    store.close()
    return make_app(tmp_path, catalog)


async def opened(app, pilot):
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    return app.screen


def answer_of(app, qid):
    record = app.screen.session.view.answers.get(qid)
    return record.answer if record else None


@pytest.mark.parametrize("key", ["question_mark", "f7"])
async def test_dont_know_from_a_number_field(tmp_path, key):
    app = prepared(tmp_path, "mini.q05")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        assert type(app.focused).__name__ == "NumberInput"
        await pilot.press(key)
        await settle(app, pilot)
        assert answer_of(app, "mini.q05").kind == "nsp"
        assert screen.step.turn.question.id == "mini.q06"


async def test_not_applicable_from_a_number_field_opens_its_justification(tmp_path):
    app = prepared(tmp_path, "mini.q05")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        await pilot.press("a")  # never typed into the number: the justification opens
        await settle(app, pilot)
        assert type(app.screen).__name__ == "TextPrompt"
        await type_text(pilot, "Pas d'agent concerné")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert answer_of(app, "mini.q05").justification == "Pas d'agent concerné"


async def test_a_text_area_keeps_its_question_mark_and_answers_with_f7_and_f8(tmp_path):
    app = prepared(tmp_path, "mini.q02")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        labels = [str(b.label) for b in screen.query("#answer Button")]
        assert "Je ne sais pas (F7)" in labels and "Non applicable… (F8)" in labels  # the keys that work here
        await pilot.press(*"Quoi ?", "a")
        assert app.focused.text == "Quoi ?a" and answer_of(app, "mini.q02") is None  # typed, not answered
        await pilot.press("f8")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "TextPrompt"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("f7")
        await settle(app, pilot)
        assert answer_of(app, "mini.q02").kind == "nsp"


async def test_buttons_show_the_keys_that_work_on_a_choice(tmp_path):
    app = prepared(tmp_path, "mini.q03")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        labels = [str(b.label) for b in screen.query("#answer Button")]
        assert labels == ["Je ne sais pas (?)", "Non applicable… (a)"]
        options = screen.query_one("#single")
        assert [str(options.get_option_at_index(i).prompt) for i in range(2)] == ["1 Élevé", "2 Limité"]


async def test_choices_are_chosen_and_ticked_by_their_digit(tmp_path):
    app = prepared(tmp_path, "mini.q03")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        await pilot.press("2")  # « Limité »
        await settle(app, pilot)
        assert answer_of(app, "mini.q03").value == "limite"
        await pilot.press("2", "1", "ctrl+s")  # the multiple choice: tick both
        await settle(app, pilot)
        assert answer_of(app, "mini.q04").value == ("agents", "usagers")
        await pilot.press(*"40", "enter")
        await settle(app, pilot)
        await pilot.press("3")  # the scale
        await settle(app, pilot)
        assert answer_of(app, "mini.q06").value == 3


async def test_f2_enters_the_progress_panel_and_f2_or_escape_comes_back_to_the_answer(tmp_path):
    app = prepared(tmp_path, "mini.q03")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        panel = screen.query_one("#progress")
        assert panel.display and panel.has_focus and not screen.query_one("#talk").display  # the whole width
        assert "Grille d'essai" in str(panel.cursor_node.parent.parent.label)  # on the question on screen
        await pilot.press("f2")
        await settle(app, pilot)
        assert app.focused.id == "single" and screen.query_one("#talk").display
        await pilot.press("f2")
        await settle(app, pilot)
        await pilot.press("escape")  # back to the answer, not to the home screen
        await settle(app, pilot)
        assert app.screen is screen and app.focused.id == "single"


async def test_the_title_follows_the_round_and_c_asks_which_grids_to_continue_with(tmp_path):
    app = prepared(tmp_path, None, mode="pre_examen")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        assert type(app.screen).__name__ == "SummaryScreen"
        conversation = app.screen_stack[-2]
        assert conversation.sub_title == "tour 1 · pré-examen"
        await pilot.press("c")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "GridChoice"
        ticked = app.screen.query_one("#grids").selected
        assert ticked == ["nantes"]  # the same choice as a new instruction: the grids ticked by default
        # untick Nantes, tick the small grid (girouet, nantes, radar, tours, mini)
        await pilot.press("down", "space", "down", "down", "down", "space", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is conversation
        assert conversation.session.view.grids == ["profil", "mini"]
        assert conversation.sub_title == "tour 2"
        assert conversation.step.turn.question.id == "mini.q01"



async def test_a_follow_up_with_nothing_asked_again_shows_its_round_on_the_summary(tmp_path):
    app = prepared(tmp_path, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        summary, conversation = app.screen, app.screen_stack[-2]
        assert summary.sub_title == "synthèse · tour 1"
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("down", "down", "down", "enter")  # « En production »: the small grid asks nothing again
        await settle(app, pilot)
        assert app.screen is summary and summary.sub_title == "synthèse · tour 2"
        await pilot.press("escape")  # back to the questions: the conversation's title says the round too
        await settle(app, pilot)
        assert app.screen is conversation and conversation.sub_title == "tour 2"


async def test_a_follow_up_that_asks_again_shows_its_round_on_the_conversation(tmp_path):
    # the small grid, declared asked again at a follow-up (as the girouet and the radar are)
    folder = tmp_path / "grilles"
    folder.mkdir()
    text = (MINI / "mini.yaml").read_text(encoding="utf-8")
    (folder / "mini.yaml").write_text(text.replace("licence:", "reask_at_follow_up: true\nlicence:", 1),
                                      encoding="utf-8")
    catalog = load_catalog([folder])
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog)
    session = store.start("Suivi", ALICE, ["mini"])
    while (turn := session.turn()).kind == "question":
        session.answer(turn.question.id, BASE[turn.question.id], ALICE)
    store.close()
    app = make_app(tmp_path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        conversation = app.screen_stack[-2]
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("down", "down", "down", "enter")  # « En production »
        await settle(app, pilot)
        assert app.screen is conversation and conversation.sub_title == "tour 2"
        assert conversation.step.turn.question.id == "mini.q01"  # asked again, in its round
        assert "tour 2" in on_screen(app)


async def test_a_change_through_f2_starts_on_the_answer_given(tmp_path):
    app = prepared(tmp_path, "mini.q05")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await pilot.press("up", "enter")  # n° 4, the multiple choice: « agents » ticked
        await settle(app, pilot)
        assert screen.revisit == "mini.q04"
        assert screen.query_one("#multiple").selected == ["agents"]
        await pilot.press("escape", "f2")
        await settle(app, pilot)
        await pilot.press("up", "up", "enter")  # n° 3: « Limité » highlighted, Entrée keeps it
        await settle(app, pilot)
        assert screen.revisit == "mini.q03" and screen.query_one("#single").highlighted == 1
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.revisit is None and answer_of(app, "mini.q03").value == "limite"


@pytest.mark.parametrize("question", ["mini.q01", "mini.q03", "mini.q04", "mini.q06"],
                         ids=["oui_non", "choix_unique", "choix_multiple", "echelle"])
async def test_question_mark_and_a_answer_from_every_control_that_types_nothing(tmp_path, question):
    app = prepared(tmp_path, question)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        labels = [str(b.label) for b in screen.query("#answer Button")]
        assert "Je ne sais pas (?)" in labels and "Non applicable… (a)" in labels
        await pilot.press("a")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "TextPrompt"
        await pilot.press("escape")  # nothing recorded, back on the question
        await settle(app, pilot)
        assert answer_of(app, question) is None and screen.step.turn.question.id == question
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert answer_of(app, question).kind == "nsp"


async def test_a_number_and_a_text_reopened_through_f2_keep_what_was_typed(tmp_path):
    app = prepared(tmp_path, "mini.q06")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await pilot.press("up", "enter")  # n° 5: 40, the French way, ready to be corrected
        await settle(app, pilot)
        assert screen.revisit == "mini.q05" and screen.query_one("#number").value == "40"
        await pilot.press("end", "backspace", "backspace", *"3,5", "enter")
        await settle(app, pilot)
        assert answer_of(app, "mini.q05").value == 3.5
        await pilot.press("f2")
        await settle(app, pilot)
        await pilot.press("up", "up", "up", "up", "enter")  # n° 2, the text
        await settle(app, pilot)
        assert screen.revisit == "mini.q02" and screen.query_one("#text").text == "Risques limités."


async def test_reopened_the_one_who_gave_the_last_answer_still_answers(tmp_path):
    # answered as Karim, left, reopened: the next answer must not silently go to Alice
    catalog = mini_catalog()
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog)
    karim = Actor("Karim Benali", "dpo_juriste")
    session = store.start("Relais", ALICE, ["mini"], participants=[ALICE, karim])
    first = session.turn().question.id
    session.answer(first, BASE[first], karim)
    store.close()
    app = make_app(tmp_path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        assert screen.actor == karim
        assert "Répond : Karim Benali" in on_screen(app)


async def test_the_progress_panel_says_what_its_signs_mean_and_counts_the_unknown(tmp_path):
    app = prepared(tmp_path, "mini.q05")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        await pilot.press("question_mark")  # « je ne sais pas »: an open point, counted apart
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        tree = app.screen.query_one("#progress")
        labels = [str(node.label) for node in tree.root.children]
        assert labels[-1] == "Légende"
        assert any("? je ne sais pas" in str(leaf.label) for leaf in tree.root.children[-1].children)
        grid = next(label for label in labels if label.startswith("Grille d'essai"))
        assert "?1" in grid.split()
