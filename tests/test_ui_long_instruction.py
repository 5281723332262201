"""What a long instruction relies on in the app: each question's controls start empty even when they
serve again, removed controls are let go, the graph's checkpoints catch up when the team pauses
and when the app closes, and the summary is laid out again at a new width."""

from __future__ import annotations

import gc

from dialogue_helpers import CALM_PROFILE, default_value
from ui_helpers import make_app, mini_catalog, settle

from dialogues.store import Store
from grilles.catalog import load_catalog
from grilles.schema import AnswerType
from journal.log import Actor

ALICE = Actor("Alice Martin", "metier")


def keys_for(entry) -> list[str]:
    q = entry.question
    if q.type is AnswerType.yes_no:
        return ["n"]
    if q.type is AnswerType.single:
        return ["1"]
    if q.type is AnswerType.scale:
        return ["3"]
    if q.type is AnswerType.multiple:
        return ["1", "ctrl+s"]
    if q.type is AnswerType.number:
        return [*"3,5", "enter"]
    return [*"Oui", "ctrl+s"]


async def wait_for_graph(app, pilot):
    await settle(app, pilot)
    while app.store is None or app.store.checkpoints is None:
        await pilot.pause(0.05)


async def test_controls_that_serve_again_start_empty_and_removed_ones_are_let_go(tmp_path):
    """Thirty Nantes questions at the keyboard (texts, numbers, yes or no in turn): each control
    starts as a new one would (nothing typed, the first choice highlighted), the answers are
    recorded as typed, and the text and number fields of earlier questions do not stay alive."""
    from textual.widgets import Input, OptionList, TextArea

    catalog = load_catalog()
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog)
    session = store.start("Long", ALICE, ["nantes"])
    while (turn := session.turn()).question.grid.id == "profil":
        entry = turn.question
        session.answer(entry.id, CALM_PROFILE.get(entry.id, default_value(entry)), ALICE)
    instruction = session.id
    store.close()
    app = make_app(tmp_path, catalog)
    kinds_seen = set()
    fields = 0  # text and number fields shown, then removed
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_graph(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        for _ in range(30):
            screen = app.screen
            entry = screen.step.turn.question
            panel = screen.query_one("#answer")
            assert panel.entry is entry
            for area in panel.query(TextArea):
                assert area.text == "", entry.id
            for field in panel.query(Input):
                assert field.value == "", entry.id
            for options in panel.query(OptionList):
                assert options.highlighted == 0, entry.id
            kinds_seen.add(entry.question.type)
            fields += entry.question.type in (AnswerType.text, AnswerType.number)
            await pilot.press(*keys_for(entry))
            await settle(app, pilot)
        await pilot.pause(0.1)  # the callbacks already queued run (they may hold the last control removed)
        await settle(app, pilot)
        gc.collect()
        alive = [w for w in gc.get_objects() if isinstance(w, (TextArea, Input)) and not w.is_attached]
        # the last field removed of each kind may wait for its cursor's timer to wind down; none of the
        # earlier ones stays (each of them used to, for the screen's life)
        assert len(alive) <= 2 < fields, alive
        view = app.screen.session.view
    assert {AnswerType.text, AnswerType.number, AnswerType.yes_no} <= kinds_seen
    numbers = [r.answer.value for qid, r in view.answers.items()
               if qid.startswith("nantes.") and r.answer.kind == "valeur" and isinstance(r.answer.value, float)]
    assert numbers and all(n == 3.5 for n in numbers)
    texts = [r.answer.value for qid, r in view.answers.items() if isinstance(r.answer.value, str)
             and qid in {e.id for e in session.bundle.entries if e.question.type is AnswerType.text}]
    assert texts and all(t == "Oui" for t in texts)  # never « OuiOui »: the area started empty
    assert instruction == view.instruction


async def test_the_checkpoints_catch_up_when_the_team_pauses_and_when_the_app_closes(tmp_path):
    catalog = mini_catalog()
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog)
    session = store.start("Pause", ALICE, ["mini"])
    store.close()
    app = make_app(tmp_path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_graph(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        for _ in range(2):
            await pilot.press(*keys_for(screen.step.turn.question))
            await settle(app, pilot)
        live = screen.session
        await pilot.pause(0.8)  # the team reads the next question
        await settle(app, pilot)
        state = app.store.checkpoints.state(live.id)
        assert state.values["applied"] == live.flow_head()[0]
        assert state.interrupts[0].value["question"] == screen.step.turn.question.id
        await pilot.press(*keys_for(screen.step.turn.question))  # answered, then the app closes at once
        await settle(app, pilot)
        head = live.flow_head()[0]
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog, load_graph=False)
    try:
        from dialogues.checkpoints import Checkpoints

        checkpoints = Checkpoints(tmp_path / "reprises.sqlite")  # read as stored, not levelled by opening
        assert checkpoints.state(session.id).values["applied"] == head
        checkpoints.close()
    finally:
        store.close()


async def test_the_summary_is_laid_out_again_at_a_new_width(tmp_path):
    catalog = mini_catalog()
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog)
    session = store.start("Largeur", ALICE, ["mini"])
    while (turn := session.turn()).is_question:
        entry = turn.question
        session.answer(entry.id, CALM_PROFILE.get(entry.id, default_value(entry)), ALICE)
    store.close()

    def widest(app) -> int:
        body = app.screen.query_one("#summary-body")
        return max(len(line) for line in str(body.render()).splitlines())

    app = make_app(tmp_path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SummaryScreen"
        await pilot.pause(0.1)
        narrow = widest(app)
        assert 60 <= narrow <= 76  # the screen's width, less the padding and the scroll bar
        await pilot.resize_terminal(120, 30)
        await settle(app, pilot)
        await pilot.pause(0.1)
        await settle(app, pilot)
        assert narrow < widest(app) <= 116
