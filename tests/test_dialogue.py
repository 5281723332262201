"""Complete instructions through the LangGraph dialogue: skips, red lines, going back,
open points, decisions, rounds, pre-check."""

import pytest
from dialogue_helpers import ALICE, KARIM, new_store, play_until

from dialogues.errors import DialogueError
from grilles.rules import SKIPPED, TO_ASK
from journal import kinds
from journal.log import Actor


@pytest.fixture
def store(tmp_path, catalog):
    s = new_store(tmp_path, catalog)
    yield s
    s.close()


def kinds_of(store, session):
    return [e.kind for e in store.journal.events(session.id)]


def test_a_whole_instruction_asks_profile_then_grid_skips_with_reasons_and_ends_on_a_decision(store):
    session = store.start("Détection de fuites", ALICE, ["nantes"], service="Eau")
    turn, asked = play_until(session)
    first_grid = next(i for i, q in enumerate(asked) if not q.startswith("profil."))
    assert asked[0] == "profil.type_ia" and asked[first_grid] == "nantes.q01"
    assert all(not q.startswith("profil.") for q in asked[first_grid:])
    assert turn.kind == "decision"
    assert "nantes.q03" not in asked  # no personal data: GDPR conformity is irrelevant
    skipped = {e.payload["question"]: e.payload for e in store.journal.events(session.id, [kinds.SKIPPED])}
    assert skipped["nantes.q03"]["causes"] == [{"question": "profil.donnees_personnelles", "answer": "Non"}]
    assert "nantes.q16" in asked and "nantes.q16" not in skipped  # effects on work: asked at every stage
    # Every question asked was shown first, with its exact text.
    shown = [e.payload["question"] for e in store.journal.events(session.id, [kinds.SHOWN])]
    assert shown == asked
    session.decide("favorable", ALICE, "Projet utile et sans risque identifié.")
    assert session.turn().kind == "decidee"


def test_red_line_is_flagged_the_moment_it_appears_and_the_dialogue_goes_on(store):
    session = store.start("Caméras", ALICE, ["nantes"])
    turn, _ = play_until(session, stop=lambda t: t.question.id == "profil.donnees_critiques",
                         values={"profil.donnees_biometriques": "oui"})
    events = store.journal.events(session.id)
    red = [e for e in events if e.kind == kinds.RED_LINE]
    assert [e.payload["rule"] for e in red] == ["biometrie"]
    # raised right after the answer that triggered it, before the next question was shown
    answer_seq = next(e.seq for e in events if e.kind == kinds.ANSWERED
                      and e.payload["question"] == "profil.donnees_biometriques")
    assert answer_seq < red[0].seq < next(e.seq for e in events if e.kind == kinds.SHOWN
                                          and e.payload["question"] == "profil.donnees_critiques")
    assert red[0].payload["source"]["document"].startswith("Le guide de la boussole")
    assert turn.kind == "question"  # never stops the instruction


def test_going_back_changes_an_answer_and_recomputes_what_applies(store):
    session = store.start("Chatbot", ALICE, ["nantes"])
    turn, asked = play_until(session, stop=lambda t: t.question.id == "nantes.q05")
    assert session.evaluation().statuses["nantes.q03"].status == SKIPPED
    # Going back: personal data after all. q03 becomes relevant and is asked next.
    session.answer("profil.donnees_personnelles", "oui", KARIM)
    turn = session.turn()
    assert turn.question.id == "profil.base_juridique"  # newly relevant, earlier in order
    session.answer("profil.base_juridique", "oui", KARIM)
    assert session.turn().question.id == "profil.donnees_sensibles"
    session.answer("profil.donnees_sensibles", "non", KARIM)
    assert session.turn().question.id == "nantes.q03"
    restored = [e.payload["question"] for e in store.journal.events(session.id, [kinds.RESTORED])]
    assert "nantes.q03" in restored
    changed = store.journal.events(session.id, [kinds.CHANGED])
    assert changed[0].payload["previous"] == {"kind": "valeur", "value": "non"}
    assert changed[0].actor_name == "Karim Benali"
    # earlier answers to other questions are kept
    assert session.view.answers["nantes.q01"].answer.value == "oui"


def test_answer_to_a_question_that_became_irrelevant_stays_in_history_not_in_force(store):
    session = store.start("Chatbot", ALICE, ["nantes"])
    play_until(session, stop=lambda t: t.question.id == "nantes.q06",
               values={"profil.donnees_personnelles": "oui", "profil.donnees_sensibles": "non"})
    assert session.view.answers["nantes.q03"].answer.value
    session.answer("profil.donnees_personnelles", "non", ALICE)
    assert "nantes.q03" not in session.view.answers
    assert any(r.question == "nantes.q03" for r in session.view.history)
    assert session.evaluation().statuses["nantes.q03"].status == SKIPPED
    # and if it becomes relevant again, it is asked again (not silently reused)
    session.answer("profil.donnees_personnelles", "oui", ALICE)
    assert session.evaluation().statuses["nantes.q03"].status == TO_ASK


def test_dont_know_becomes_an_open_point_with_owner_and_is_resolved_later(store):
    session = store.start("Chatbot", ALICE, ["nantes"])
    play_until(session, stop=lambda t: t.question.id == "profil.garantie_confidentialite",
               values={"profil.donnees_personnelles": "oui", "profil.donnees_sensibles": "non"})
    session.dont_know("profil.garantie_confidentialite", ALICE, owner="Service achats", due="2027-02-01")
    ev = session.evaluation()
    assert [f.id for f in ev.to_check] == ["confidentialite"]  # a red line to verify, not raised
    assert session.view.open_points["profil.garantie_confidentialite"]["owner"] == "Service achats"
    turn, _ = play_until(session)
    assert turn.kind == "decision"
    assert {p.subject for p in turn.evaluation.open_points} >= {"profil.garantie_confidentialite"}
    # later, the answer is known: the open point is resolved, the red line now fires
    session.answer("profil.garantie_confidentialite", "non", KARIM)
    assert [e.payload["question"] for e in store.journal.events(session.id, [kinds.OPEN_POINT_RESOLVED])] == [
        "profil.garantie_confidentialite"]
    assert [f.id for f in session.evaluation().red_lines] == ["confidentialite"]
    assert session.turn().kind == "decision"


def test_not_applicable_requires_a_justification_and_is_the_participants_own(store):
    session = store.start("Chatbot", ALICE, ["nantes"])
    turn, _ = play_until(session, stop=lambda t: t.question.id == "nantes.q01")
    with pytest.raises(DialogueError, match="justification"):
        session.not_applicable("nantes.q01", "  ", ALICE)
    session.not_applicable("nantes.q01", "Aucune donnée sur les personnes", ALICE)
    e = store.journal.events(session.id, [kinds.ANSWERED])[-1]
    assert e.payload["answer"] == {"kind": "na", "justification": "Aucune donnée sur les personnes"}
    assert e.actor_name == "Alice Martin"


def test_decision_requires_a_rationale_when_a_red_line_was_flagged(store):
    session = store.start("Caméras", ALICE, ["nantes"])
    turn, _ = play_until(session, values={"profil.decisions_individuelles": "automatique"})
    assert [f.id for f in turn.evaluation.red_lines] == ["decision_automatisee"]
    with pytest.raises(DialogueError, match="motivée"):
        session.decide("favorable", ALICE, "")
    with pytest.raises(DialogueError, match="inconnue"):
        session.decide("approuve_par_l_ia", ALICE, "x")
    session.decide("defavorable", ALICE, "Décision automatisée exclue.", [ALICE, KARIM])
    d = store.journal.events(session.id, [kinds.DECISION])[0].payload
    assert d["red_lines"] == ["decision_automatisee"] and len(d["people"]) == 2


def test_decision_only_after_the_last_question_and_answers_then_locked_into_a_new_round(store):
    session = store.start("Fuites", ALICE, ["nantes"])
    with pytest.raises(DialogueError, match="après la dernière question"):
        session.decide("favorable", ALICE, "trop tôt")
    play_until(session)
    session.decide("favorable", ALICE, "")
    session.answer("nantes.q01", "non", KARIM)  # after the decision: a new round opens
    rounds = store.journal.events(session.id, [kinds.ROUND])
    assert [r.payload["round"] for r in rounds] == [2]
    assert session.view.round == 2 and session.view.decision is None
    assert session.turn().kind == "decision"  # the people decide again


def test_follow_up_at_a_later_stage_keeps_answers_and_asks_again_what_the_grids_declare(store):
    session = store.start("Fuites", ALICE, ["nantes", "girouet"])
    play_until(session, values={"profil.stade": "experimentation"})
    session.decide("favorable", ALICE)
    girouet_before = {q: r.answer.value for q, r in session.view.answers.items() if q.startswith("girouet.")}
    assert len(girouet_before) == 12
    turn = session.follow_up(ALICE, "production")
    assert turn.question.id == "nantes.q16"  # the effects on work, observed now (round 2)
    turn, asked = play_until(session, values=dict.fromkeys(girouet_before, 4))
    observed = {f"nantes.q{n}" for n in range(16, 21)}
    assert set(asked) == set(girouet_before) | observed  # nothing else is asked twice
    assert session.view.answers["profil.stade"].answer.value == "production"
    by_round = {}
    for r in session.view.history:
        if r.question.startswith("girouet."):
            by_round.setdefault(r.round, {})[r.question] = r.answer.value
    assert by_round[1] == girouet_before and set(by_round[2].values()) == {4.0}


def test_pre_check_lists_flags_and_continues_without_asking_twice(store):
    session = store.start("Courriers", ALICE, ["nantes"], mode="pre_examen")
    turn, asked = play_until(session, values={"profil.hebergement": "hors_ue"})
    assert turn.kind == "pre_examen_termine"
    assert all(q.startswith("profil.") for q in asked)
    assert [f.id for f in turn.evaluation.warnings] == ["hors_ue"]
    turn = session.continue_full(ALICE, ["nantes"])
    assert turn.question.id == "nantes.q01"
    _, asked_after = play_until(session)
    assert not any(q.startswith("profil.") for q in asked_after)


def test_participants_can_change_and_each_answer_records_who(store):
    session = store.start("Chatbot", ALICE, ["nantes"], participants=[KARIM])
    t = session.turn()
    session.answer(t.question.id, ["generative"], ALICE)
    bob = Actor("Bob Leroy", "securite")
    session.join(bob, ALICE)
    t = session.turn()
    session.answer(t.question.id, "collectivite", bob, note="Modèle de classification classique")
    answers = store.journal.events(session.id, [kinds.ANSWERED])
    assert [a.actor_name for a in answers] == ["Alice Martin", "Bob Leroy"]
    assert [p.name for p in session.view.participants] == ["Alice Martin", "Karim Benali", "Bob Leroy"]
    assert session.view.notes[0]["text"] == "Modèle de classification classique"


def test_invalid_answers_are_refused_and_nothing_is_recorded(store):
    session = store.start("Chatbot", ALICE, ["nantes"])
    before = store.journal.count()
    with pytest.raises(DialogueError, match="choix permis"):
        session.answer("profil.type_ia", ["quantique"], ALICE)
    with pytest.raises(DialogueError, match="dépend d'une réponse à venir"):
        session.answer("nantes.q03", "texte", ALICE)
    assert store.journal.count() == before


def test_changing_an_answer_is_a_resume_value_not_a_rewind(store):
    """Regression on the pinned LangGraph: going back never forks the checkpoint history."""
    session = store.start("Chatbot", ALICE, ["nantes"])
    play_until(session, stop=lambda t: t.question.id == "nantes.q02")
    history = list(store.graph.get_state_history(session.config))
    session.answer("profil.utilisateurs", "public", ALICE)
    after = list(store.graph.get_state_history(session.config))
    assert len(after) > len(history)  # only appended to
    head = store.graph.get_state(session.config)
    change = store.journal.events(session.id, [kinds.CHANGED])[-1]
    assert change.payload["answer"]["value"] == "public"
    assert session.view.answers["nantes.q01"].answer.value == "oui"  # later answers survive
    # the graph keeps no answer: only where the dialogue is, and the journal position it reflects
    assert set(head.values) == {"phase", "question", "applied", "applied_hash"}
    assert (head.values["applied"], head.values["applied_hash"]) == (change.seq, change.hash)
    assert head.interrupts[0].value["question"] == "nantes.q02"  # waiting where it was


def test_reopening_resumes_at_the_waiting_question(tmp_path, catalog):
    store = new_store(tmp_path, catalog)
    session = store.start("Chatbot", ALICE, ["nantes"])
    play_until(session, stop=lambda t: t.question.id == "profil.hebergement")
    instruction = session.id
    store.close()
    store = new_store(tmp_path, catalog)
    session = store.resume(instruction)
    turn = session.turn()
    assert turn.question.id == "profil.hebergement"
    shown = store.journal.events(instruction, [kinds.SHOWN])
    assert shown[-1].payload["question"] == "profil.hebergement"
    assert len([e for e in shown if e.payload["question"] == "profil.hebergement"]) == 1
    store.close()


def test_pre_check_says_what_the_full_instruction_will_involve(store):
    from dialogues.precheck import outlook

    session = store.start("Courriers", ALICE, [], mode="pre_examen")
    play_until(session)
    quiet = {o.grid: o for o in outlook(session)}
    session.answer("profil.donnees_personnelles", "oui", ALICE)
    play_until(session)
    personal = {o.grid: o for o in outlook(session)}
    assert set(quiet) == {"nantes", "radar", "girouet", "tours"}
    assert personal["nantes"].questions > quiet["nantes"].questions  # GDPR questions now apply
    assert quiet["nantes"].skipped > personal["nantes"].skipped
    assert quiet["nantes"].criteria[0].startswith("Absence d'identification biométrique")
    assert "dpo_juriste" in [r.value for r in personal["nantes"].experts]


def test_rephrased_wording_is_what_is_shown_and_logged_with_the_original(tmp_path, catalog):
    seen = []

    def rephrase(request):
        seen.append(request)
        return f"En clair : {request.text}", True

    store = new_store(tmp_path, catalog, rephrase=rephrase)
    session = store.start("Chatbot RH", ALICE, ["nantes"], description="Un assistant pour les agents")
    assert session.turn().text == session.turn().question.question.text and not seen  # a query calls no model
    turn = session.present()  # prepared (the model, once), then shown
    assert turn.text.startswith("En clair : ") and turn.rephrased
    shown = store.journal.events(session.id, [kinds.SHOWN])[-1].payload
    assert shown["original"] == turn.question.question.text and shown["rephrased"] is True
    # the rephraser sees the question and the project, nothing else
    assert seen[0].project_title == "Chatbot RH" and seen[0].project_description == "Un assistant pour les agents"
    assert seen[0].question == "profil.type_ia"
    store.close()


def test_two_screens_on_one_instruction_share_one_session_and_record_once(store):
    first = store.start("Chatbot", ALICE, ["nantes"])
    second = store.resume(first.id)
    assert second is first
    first.answer("profil.type_ia", ["generative"], ALICE)
    second.answer("profil.type_ia", ["predictive"], KARIM)
    kinds_seen = [e.kind for e in store.journal.events(first.id, [kinds.ANSWERED, kinds.CHANGED])]
    assert kinds_seen == [kinds.ANSWERED, kinds.CHANGED]


def test_a_session_sees_what_another_store_wrote(tmp_path, catalog):
    a = new_store(tmp_path, catalog)
    b = new_store(tmp_path, catalog)
    session_a = a.start("Partagée", ALICE, ["nantes"])
    session_b = b.resume(session_a.id)
    session_a.answer("profil.type_ia", ["generative"], ALICE)
    turn = session_b.turn()  # B catches up with A's answer before acting
    assert turn.question.id == "profil.entrainement"
    session_b.answer("profil.type_ia", ["predictive"], KARIM)
    changed = a.journal.events(session_a.id, [kinds.CHANGED])
    assert changed[0].payload["previous"]["value"] == ["generative"]
    a.close()
    b.close()


def test_a_refused_decision_records_no_opinion(store):
    session = store.start("Caméras", ALICE, ["nantes"])
    play_until(session, values={"profil.decisions_individuelles": "automatique"})
    with pytest.raises(DialogueError, match="motivée"):
        session.decide("favorable", ALICE, "", opinions=[("nantes.c1", "Avis")])
    assert store.journal.events(session.id, [kinds.OPINION]) == []
    session.decide("defavorable", ALICE, "Motif", opinions=[("nantes.c1", "Avis")])
    assert len(store.journal.events(session.id, [kinds.OPINION])) == 1


def test_a_red_line_turned_uncertain_is_said_to_check_not_cleared(store):
    session = store.start("Caméras", ALICE, ["nantes"])
    play_until(session, stop=lambda t: t.question.id == "profil.donnees_critiques",
               values={"profil.donnees_biometriques": "oui"})
    session.answer("profil.donnees_biometriques", "nsp", ALICE)
    cleared = store.journal.events(session.id, [kinds.FLAG_CLEARED])[-1].payload
    assert cleared == {"rule": "biometrie", "reason": "a_verifier"}


def test_notes_do_not_show_the_question_again(store):
    session = store.start("Chatbot", ALICE, ["nantes"])
    t = session.present()
    for i in range(3):
        session.add_note(t.question.id, f"note {i}", ALICE)
        session.present()
    shown = [e for e in store.journal.events(session.id, [kinds.SHOWN]) if e.payload["question"] == t.question.id]
    assert len(shown) == 1


def test_a_journal_restored_from_a_backup_wins_over_newer_checkpoints(tmp_path, catalog):
    import shutil

    store = new_store(tmp_path, catalog)
    session = store.start("Sauvegarde", ALICE, ["nantes"])
    play_until(session, stop=lambda t: t.question.id == "profil.donnees_personnelles")
    store.close()
    backup = tmp_path / "sauvegarde.sqlite"
    shutil.copy(tmp_path / "journal.sqlite", backup)
    store = new_store(tmp_path, catalog)
    play_until(store.resume(session.id), stop=lambda t: t.question.id == "profil.utilisateurs")
    store.close()
    shutil.copy(backup, tmp_path / "journal.sqlite")  # the checkpoints now know more than the journal
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"journal.sqlite{suffix}").unlink(missing_ok=True)
    store = new_store(tmp_path, catalog)
    turn = store.resume(session.id).turn()
    assert turn.question.id == "profil.donnees_personnelles"  # what the journal says is waiting
    store.close()


def test_checkpoints_are_private_to_their_owner(tmp_path, catalog):
    import os
    import stat

    new_store(tmp_path, catalog).close()
    assert stat.S_IMODE(os.stat(tmp_path / "reprises.sqlite").st_mode) == 0o600


def test_answers_given_before_langgraph_is_loaded_are_replayed_when_it_is(tmp_path, catalog):
    from dialogues.store import Store
    from journal.log import Journal

    store = Store(Journal(tmp_path / "journal.sqlite"), tmp_path / "reprises.sqlite", catalog, load_graph=False)
    session = store.start("Avant le graphe", ALICE, ["nantes"])
    assert store.graph is None
    play_until(session, stop=lambda t: t.question.id == "profil.utilisateurs",
               values={"profil.donnees_biometriques": "oui"})
    assert [f.id for f in session.evaluation().red_lines] == ["biometrie"]  # flagged without the graph
    store.attach_graph()
    head = store.graph.get_state(session.config)
    assert head.interrupts[0].value["question"] == "profil.utilisateurs"  # the graph waits where people are
    assert (head.values["applied"], head.values["applied_hash"]) == session.flow_head()  # level with the journal
    turn, _ = play_until(session)
    assert turn.kind == "decision"
    store.close()


def test_an_act_is_checked_again_on_the_journal_as_it_is_when_written(tmp_path, catalog):
    """Two people on one instruction: B answers a question that A's change, written between B's check
    and B's write, made irrelevant. B is told why, in French; nothing of B's is recorded."""
    from journal.verify import verify

    a, b = new_store(tmp_path, catalog), new_store(tmp_path, catalog)
    session_a = a.start("À deux", ALICE, ["nantes"])
    play_until(session_a, stop=lambda t: t.question.id == "nantes.q03",
               values={"profil.donnees_personnelles": "oui", "profil.donnees_sensibles": "non"})
    session_b = b.resume(session_a.id)
    turn = session_b.present()
    assert turn.question.id == "nantes.q03"
    write = b.journal.append_all

    def a_writes_first(instruction, drafts, after=None):
        b.journal.append_all = write  # once
        session_a.answer("profil.donnees_personnelles", "non", ALICE)  # GDPR questions no longer apply
        return write(instruction, drafts, after)

    b.journal.append_all = a_writes_first
    with pytest.raises(DialogueError, match="est sans objet .* la réponse n'est pas enregistrée"):
        session_b.answer("nantes.q03", "oui", KARIM, seen=turn.position)
    assert not [e for e in b.journal.events(session_a.id, [kinds.ANSWERED]) if e.actor_name == KARIM.name]
    # both now wait on the same question, past the ones that no longer apply
    assert session_b.turn().question.id == session_a.turn().question.id == "nantes.q04"
    # and an answer someone else gave since the turn was read is never overwritten silently
    seen = session_b.turn().position
    session_a.answer("nantes.q04", "oui", ALICE)
    with pytest.raises(DialogueError, match="a reçu entre-temps la réponse « oui » de la part d'Alice Martin"):
        session_b.answer("nantes.q04", "non", KARIM, seen=seen)
    assert verify(a.journal).ok
    a.close()
    b.close()
def test_an_offered_answer_is_recorded_only_when_confirmed_and_as_the_teams(store):
    session = store.start("Fuites", ALICE, ["nantes"])
    turn, _ = play_until(session, stop=lambda t: t.question.id == "nantes.q29",
                         values={"profil.hebergement": "collectivite"})
    offer = session.offer("nantes.q29")
    assert offer.answer.value == "oui" and "nantes.q29" not in session.view.answers
    session.confirm_offer("nantes.q29", KARIM)
    record = session.view.answers["nantes.q29"]
    assert (record.answer.value, record.actor.name) == ("oui", "Karim Benali")
    event = store.journal.events(session.id, [kinds.ANSWERED])[-1]
    assert event.payload["offer"]["from"] == ["profil.hebergement"]
    with pytest.raises(DialogueError, match="aucune réponse proposée"):
        session.confirm_offer("nantes.q29", KARIM)  # answered: nothing offered any more


def test_a_follow_up_needs_the_stage_question_the_grids_declare(tmp_path):
    from grilles.catalog import BUNDLED, load_catalog

    mine = tmp_path / "grilles"
    mine.mkdir()
    text = (BUNDLED / "profil.yaml").read_text(encoding="utf-8").replace("stage_question: stade\n", "")
    (mine / "profil.yaml").write_text(text, encoding="utf-8")
    catalog = load_catalog([mine])
    assert catalog.origin["profil"] == "utilisateur"
    store = new_store(tmp_path, catalog)
    session = store.start("Fuites", ALICE, ["girouet"])
    play_until(session)
    session.decide("favorable", ALICE)
    with pytest.raises(DialogueError, match="ne déclarent pas de question de stade"):
        session.follow_up(ALICE, "production")
    store.close()
