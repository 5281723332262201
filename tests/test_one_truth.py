"""The journal is the one truth of the dialogue; the graph's checkpoint is a cache of it.

Rebuilding the cache (lost checkpoints, the graph attached after the first answers) calls no
model and writes no event; and whatever people do, the graph's turn is the pure rules' turn.
"""

import tempfile
from pathlib import Path

from dialogue_helpers import ALICE, KARIM, new_store, play_until
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_llm_server import fake, settings_for  # noqa: F401  (the fake local model and its fixture)
from test_properties import raw_value
from ui_helpers import mini_catalog

from assistant.llm.rephraser import install
from dialogues.errors import DialogueError
from dialogues.store import Store
from dialogues.turns import TurnKind, next_turn
from grilles.schema import AnswerType


def drop_checkpoints(directory: Path) -> None:
    for name in ("reprises.sqlite", "reprises.sqlite-wal", "reprises.sqlite-shm"):
        (directory / name).unlink(missing_ok=True)


def test_reopening_after_the_checkpoints_are_lost_calls_no_model_and_adds_no_event(fake, tmp_path, catalog):  # noqa: F811
    store = new_store(tmp_path, catalog)
    rephraser = install(store, settings_for(fake.url, tmp_path))
    session = store.start("Chatbot RH", ALICE, ["nantes"], description="Un assistant pour les agents")
    turn, asked = play_until(session, stop=lambda t: t.question.id == "profil.hebergement")
    assert len(asked) > 6 and turn.rephrased  # each question was rephrased once, when first shown
    rephraser.close()
    store.close()
    calls, events = len(fake.requests), journal_count(tmp_path)
    drop_checkpoints(tmp_path)

    store = new_store(tmp_path, catalog)
    rephraser = install(store, settings_for(fake.url, tmp_path))
    again = store.resume(session.id).present()  # what a screen does on reopening
    assert again.question.id == "profil.hebergement"
    assert (again.text, again.rephrased, again.shown) == (turn.text, True, True)  # the wording people saw
    rephraser.close()
    assert len(fake.requests) == calls  # no model call
    assert store.journal.count() == events  # no event: not a rephrasing, not a « question affichée »
    store.close()


def test_attaching_the_graph_late_calls_no_model_and_adds_no_event(tmp_path, catalog):
    seen = []

    def model(request):  # a local model that says each call
        seen.append(request.question)
        return f"En clair : {request.text}", True

    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog, rephrase=model,
                       load_graph=False)
    session = store.start("Avant le graphe", ALICE, ["nantes"])
    turn, asked = play_until(session, stop=lambda t: t.question.id == "profil.utilisateurs")
    assert seen == asked + ["profil.utilisateurs"]  # once per question, when shown
    count = store.journal.count()
    store.attach_graph()  # LangGraph arrives: the checkpoint is built from the journal
    head = store.graph.get_state(session.config)
    assert head.interrupts[0].value["question"] == "profil.utilisateurs"
    again = session.present()
    assert (again.question.id, again.text, again.shown) == (turn.question.id, turn.text, True)  # nothing to record
    assert seen == asked + ["profil.utilisateurs"] and store.journal.count() == count
    store.close()


def test_a_lost_checkpoint_rebuilt_twice_is_the_same_cache(tmp_path, catalog):
    store = new_store(tmp_path, catalog)
    session = store.start("Deux fois", ALICE, ["nantes"])
    play_until(session, stop=lambda t: t.question.id == "nantes.q03", values={"profil.donnees_personnelles": "oui",
                                                                            "profil.donnees_sensibles": "non"})
    first = dict(store.graph.get_state(session.config).values)
    store.forget(session.id)
    assert store.resume(session.id).turn().question.id == "nantes.q03"
    assert dict(store.graph.get_state(session.config).values) == first
    store.close()


# --- the graph's turn is the pure function's turn ------------------------------------------

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MINI = mini_catalog()


def a_value(draw, question):
    kind = draw(st.sampled_from(["valeur"] * 5 + ["nsp", "na"]))
    if kind == "nsp":
        return "nsp", None
    if kind == "na":
        return "na", "sans objet ici"
    if question.type is AnswerType.number:
        return draw(st.integers(-10, 10_000)), None
    return raw_value(draw, question), None


def same_turns(session) -> None:
    pure = next_turn(session.view, session.evaluation())
    graph = session.level()
    if graph is not None:
        assert graph == pure
        values = session.store.graph.get_state(session.config).values
        assert (values["applied"], values["applied_hash"]) == session.flow_head()
    turn = session.turn()
    assert (turn.kind, turn.question.id if turn.question else None) == (pure.kind, pure.question)


@SETTINGS
@given(data=st.data())
def test_the_graph_waits_where_the_pure_rules_say_whatever_people_do(data):
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        late = data.draw(st.booleans(), label="graph attached late")
        store = Store.open(directory / "journal.sqlite", directory / "reprises.sqlite", MINI, load_graph=not late)
        session = store.start("Propriété", ALICE, ["mini"])
        steps = data.draw(st.integers(1, 30), label="steps")
        attach_at = data.draw(st.integers(0, steps), label="attach at") if late else -1
        for step in range(steps):
            if step == attach_at:
                store.attach_graph()
            same_turns(session)
            turn = session.present()
            action = data.draw(st.sampled_from(["answer"] * 4 + ["change", "decide", "forget"]), label="action")
            try:
                if action == "change" and session.view.answers:
                    qid = data.draw(st.sampled_from(sorted(session.view.answers)), label="changed")
                    value, why = a_value(data.draw, session.bundle.by_id[qid].question)
                    session.answer(qid, value, KARIM, why)
                elif action == "decide" and turn.kind is TurnKind.DECISION:
                    session.decide("ajourne", ALICE, "Motif")
                elif action == "forget" and store.checkpoints is not None:
                    store.forget(session.id)  # a lost checkpoint file, in the middle of the work
                elif turn.kind is TurnKind.QUESTION:
                    value, why = a_value(data.draw, turn.question.question)
                    session.answer(turn.question.id, value, ALICE, why, seen=turn.position)
            except DialogueError:
                pass  # refused, in French, and nothing written: the turns must still agree
        if attach_at == steps:
            store.attach_graph()
        same_turns(session)
        store.close()
        # and a process opening it afresh (its own view, the shared checkpoint) agrees, writing nothing
        count = journal_count(directory)
        other = Store.open(directory / "journal.sqlite", directory / "reprises.sqlite", MINI)
        same_turns(other.resume(session.id))
        other.close()
        assert journal_count(directory) == count


def journal_count(directory: Path) -> int:
    from journal.log import Journal

    with Journal(directory / "journal.sqlite") as journal:
        return journal.count()



def test_reading_where_the_dialogue_is_writes_nothing(tmp_path, catalog):
    store = new_store(tmp_path, catalog)
    session = store.start("Lecture", ALICE, ["nantes"])
    count = store.journal.count()
    for _ in range(3):
        turn = session.turn()
        assert turn.question.id == "profil.type_ia" and not turn.shown
    assert store.journal.count() == count  # asking what comes next records nothing
    shown = session.show(turn)  # the screen shows it: that is the act that records it
    assert shown.shown and store.journal.count() == count + 1
    assert session.turn().shown and session.show(session.turn()).shown and store.journal.count() == count + 1
    store.close()
