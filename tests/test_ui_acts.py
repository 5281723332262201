"""No act dropped while another is recorded (issue 13 #3): with a slow rephrasing model, a note
validated while an answer is being recorded waits its turn and is written; an answer or a « non
applicable » asked meanwhile is refused with a French message; what the screen shows as recorded
is in the journal, and nothing else is."""

import threading
import time

from ui_helpers import make_app, mini_catalog, on_screen, settle, type_text

from dialogues.store import Store
from journal import kinds
from journal.log import Actor, Journal

ALICE = Actor("Alice Martin", "metier")
PROFILE = {
    "profil.type_ia": ["generative"], "profil.entrainement": "modele_preentraine",
    "profil.donnees_personnelles": "non", "profil.donnees_biometriques": "non", "profil.donnees_critiques": "non",
    "profil.utilisateurs": "agents", "profil.decisions_individuelles": "aide", "profil.information_personnes": "oui",
    "profil.pratiques_interdites": ["aucune"], "profil.domaine_haut_risque": ["aucun"],
    "profil.hebergement": "france", "profil.garantie_confidentialite": "oui", "profil.stade": "idee",
    "profil.fournisseur_connu": "oui", "profil.alternative_etudiee": "oui",
}
NOTE = "AIPD signée le 3 mars"
WHY = "Aucune donnée personnelle"


class SlowModel:
    """A local model that takes its time: each rephrasing sleeps and, while `held` is set, waits
    for a pass (`let_one`) or for `held` to be cleared."""

    def __init__(self):
        self.held = threading.Event()
        self.passes = threading.Semaphore(0)
        self.waiting = 0  # calls waiting now

    def __call__(self, request):
        time.sleep(0.05)
        deadline = time.monotonic() + 20
        self.waiting += 1
        while self.held.is_set() and time.monotonic() < deadline and not self.passes.acquire(timeout=0.01):
            pass
        self.waiting -= 1
        return f"Pour ce projet : {request.text}", True

    async def wait_for_a_call(self, pilot):
        for _ in range(500):
            if self.waiting:
                return
            await pilot.pause(0.01)
        raise AssertionError("the model was never called")


def prepared(tmp_path):
    catalog = mini_catalog()
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog)
    session = store.start("Lent", ALICE, ["mini"])
    while (turn := session.turn()).question.id != "mini.q01":
        session.answer(turn.question.id, PROFILE[turn.question.id], ALICE)
    store.close()
    return make_app(tmp_path, catalog), session.id


def told(app) -> str:
    return " ".join(n.message for n in app._notifications)


async def test_a_note_validated_while_an_answer_is_recorded_is_written_after_it(tmp_path):
    app, sid = prepared(tmp_path)
    model = SlowModel()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        app.store.rephrase = model
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert screen.step.turn.question.id == "mini.q01"
        model.held.set()  # from now on the next question's rephrasing waits
        await pilot.press("o")  # Oui: recorded, then the next question is rephrased (slowly)
        await pilot.pause()
        assert screen.busy
        await pilot.press("f4")  # a note on the question on screen, while its answer is recorded
        await pilot.pause()
        await type_text(pilot, NOTE)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConversationScreen"
        assert f"Note d'Alice Martin : {NOTE}" not in on_screen(app)  # not shown as recorded before it is
        await pilot.press("a")  # « non applicable » meanwhile: refused, and said
        await pilot.press("n")  # another answer meanwhile: refused, and said
        await pilot.pause()
        assert type(app.screen).__name__ == "ConversationScreen"  # no justification asked for nothing
        assert told(app).count("La réponse précédente s'enregistre encore") == 2
        model.held.clear()
        await settle(app, pilot)
        await settle(app, pilot)
        assert screen.step.turn.question.id == "mini.q02" and not screen.busy
        app.clear_notifications()  # the refusals' toasts (gone after a few seconds) cover the history's right side
        await pilot.pause()
        shown = on_screen(app)
        assert "Alice Martin (équipe métier) : Oui" in shown and f"Note d'Alice Martin : {NOTE}" in shown
        # then « non applicable » on the next question, its justification typed while nothing waits
        await pilot.press("f8")
        await settle(app, pilot)
        await type_text(pilot, WHY)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen.step.turn.question.id == "mini.q03"
    with Journal(tmp_path / "journal.sqlite") as journal:
        events = journal.events(sid)
    answers = [(e.payload["question"], e.payload["answer"]) for e in events if e.kind == kinds.ANSWERED]
    assert [q for q, _ in answers[-2:]] == ["mini.q01", "mini.q02"]  # the refused ones never written
    assert answers[-2][1]["value"] == "oui" and answers[-1][1]["kind"] == "na"
    notes = [(e.payload["question"], e.payload["text"]) for e in events if e.kind == kinds.NOTE]
    assert notes == [("mini.q01", NOTE)]
    seqs = {e.kind: e.seq for e in events if e.kind in (kinds.ANSWERED, kinds.NOTE) and
            e.payload["question"] == "mini.q01"}
    assert seqs[kinds.ANSWERED] < seqs[kinds.NOTE]  # in the order they were asked
    assert answers[-1][1]["justification"] == WHY


async def test_a_not_applicable_typed_while_a_note_is_recorded_runs_after_it(tmp_path):
    app, sid = prepared(tmp_path)
    model = SlowModel()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        app.store.rephrase = model
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        model.held.set()
        await pilot.press("o")
        await model.wait_for_a_call(pilot)  # the answer is in; the next question's rephrasing waits
        await pilot.press("f4")
        await pilot.pause()
        await type_text(pilot, NOTE)
        await pilot.press("ctrl+s")
        await pilot.pause()
        model.passes.release()  # the answer's step ends: n° 2 on screen, the note's act starts and waits
        for _ in range(300):
            if screen.step.turn.question.id == "mini.q02" and not screen.busy:
                break
            await pilot.pause(0.01)
        assert screen.step.turn.question.id == "mini.q02" and not screen.busy
        await model.wait_for_a_call(pilot)  # the note's act, rephrasing n° 2 before it is recorded as shown
        await pilot.press("f8")  # « non applicable » on n° 2 while the note is being recorded
        await pilot.pause()
        assert type(app.screen).__name__ == "TextPrompt"
        await type_text(pilot, WHY)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "s'enregistre encore" not in told(app)  # nothing answered was waiting: it queues
        model.held.clear()
        await settle(app, pilot)
        await settle(app, pilot)
        assert screen.step.turn.question.id == "mini.q03"
        app.clear_notifications()
        await pilot.pause()
        assert f"Note d'Alice Martin : {NOTE}" in on_screen(app)
    with Journal(tmp_path / "journal.sqlite") as journal:
        events = journal.events(sid)
    recorded = [(e.kind, e.payload["question"]) for e in events if e.kind in (kinds.ANSWERED, kinds.NOTE)]
    assert recorded[-3:] == [(kinds.ANSWERED, "mini.q01"), (kinds.NOTE, "mini.q01"), (kinds.ANSWERED, "mini.q02")]
    na = [e for e in events if e.kind == kinds.ANSWERED][-1].payload["answer"]
    assert na["kind"] == "na" and na["justification"] == WHY
