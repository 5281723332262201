"""One instruction's dialogue: what it waits for (queries) and what people do (acts), headless.

The UI, the `jouer` command and the tests drive instructions through this class; it never
imports a screen.

Reading never writes: `turn()` says what the dialogue waits for, `prepare()` gives the wording
to show (rephrased by the optional model the first time only), and recording what people see
is an act of its own, `show()`, that the screen (or headless play) performs when it shows it.

Every act follows one rule, **the journal first, then the graph**: it is checked against the
journal as it is, drafted (`dialogues.act`), written in one transaction with what the rules
derive from it, and only then does the graph's checkpoint, a cache of the journal, catch up:
at once (headless play, the tests), or when the team pauses (the app: `Store.level_each_turn`).
If the process dies in between, the next use rebuilds the checkpoint from the journal.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from dialogues.act import Act, retried
from dialogues.errors import DialogueError, checked_text
from dialogues.rephrasing import RephraseRequest
from dialogues.turns import Next, Turn, TurnKind, next_turn
from grilles import declared
from grilles.answers import AnswerError, display, parse_answer, parse_date
from grilles.bundle import Bundle, Entry
from grilles.formats import of_name, question_ref
from grilles.prefill import DEFERRED, Offer, offer_for, offers
from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, TO_ASK, UNKNOWN, Evaluation, evaluate
from grilles.schema import DONT_KNOW, NOT_APPLICABLE, AnswerType, Role
from journal import kinds
from journal import view as views
from journal.log import Actor, Event

if TYPE_CHECKING:
    from dialogues.store import Store

FLOW_KINDS = (kinds.ANSWERED, kinds.CHANGED, kinds.DECISION, kinds.ROUND)  # what can change the next turn


class Session:
    def __init__(self, store: Store, instruction: str, view: views.View, events: Sequence[Event] = ()):
        self.store = store
        self.id = instruction
        self.view = view
        self.config = {"configurable": {"thread_id": instruction}}
        self._flow: tuple[int, str | None] = (0, None)
        for e in events:
            if e.kind in FLOW_KINDS:
                self._flow = (e.seq, e.hash)
        self._evaluations: OrderedDict = OrderedDict()

    # --- the journal --------------------------------------------------------------------

    @property
    def bundle(self) -> Bundle:
        return self.store.bundle_for(self.view.grids)

    def refresh(self) -> None:
        """Fold in what others wrote to the journal since (another process, another Store)."""
        with self.store.lock:
            for event in self.store.journal.events(self.id, after=self.view.last_seq):
                self._fold(event)

    def _fold(self, event: Event) -> None:
        views.apply(self.view, event)
        if event.kind in FLOW_KINDS:
            self._flow = (event.seq, event.hash)

    def flow_head(self) -> tuple[int, str | None]:
        """The seq and hash of the last event that can change the next turn (what the graph applied)."""
        return self._flow

    def evaluation(self) -> Evaluation:
        return self.evaluation_of(self.view)

    def evaluation_of(self, view: views.View) -> Evaluation:
        """The rules' verdict on a view's answers; the same answers are evaluated once."""
        answers = view.answers_for_rules()
        key = (tuple(view.grids), frozenset(answers.items()))
        found = self._evaluations.get(key)
        if found is None:
            found = self._evaluations[key] = evaluate(self.store.bundle_for(view.grids), answers)
            while len(self._evaluations) > 8:
                self._evaluations.popitem(last=False)
        else:
            self._evaluations.move_to_end(key)
        return found

    # --- the graph ----------------------------------------------------------------------

    def level(self) -> Next | None:
        """Bring the graph's checkpoint level with the journal (nothing to do before LangGraph loads)."""
        if self.store.checkpoints is None:
            return None
        with self.store.lock:
            return self.store.checkpoints.level(self)

    def next_turn_at(self, applied: int) -> Next:
        """The pure next turn, on a view that has folded at least the journal up to `applied` (the
        graph's `select` node calls this)."""
        if applied > self._flow[0]:
            self.refresh()
        return next_turn(self.view, self.evaluation())

    # --- reading ------------------------------------------------------------------------

    def turn(self) -> Turn:
        """The question (or the decision) waiting now. A query: it writes nothing to the journal."""
        with self.store.lock:
            self.refresh()
            return self._turn()

    def _turn(self) -> Turn:
        evaluation = self.evaluation()
        nxt = (self.level() if self.store.level_each_turn else None) or next_turn(self.view, evaluation)
        position = self.view.last_seq
        if nxt.kind is not TurnKind.QUESTION:
            return Turn(nxt.kind, evaluation, position=position)
        assert nxt.question is not None  # a question turn names its question (next_turn, turn_of)
        entry = self.bundle.by_id[nxt.question]
        shown = self.view.wording_waiting(entry.id)
        if shown is not None:
            return Turn(nxt.kind, evaluation, entry, shown["text"], shown["rephrased"], True, position)
        return Turn(nxt.kind, evaluation, entry, entry.question.text, False, False, position)

    def prepare(self, turn: Turn | None = None) -> Turn:
        """The wording to show for the waiting question: the one people already saw since it was last
        answered, or, the first time, the optional model's rephrasing (checked by its guard; the
        original otherwise). So the model is asked once per showing, never on a reopening. Writes
        nothing itself; the rephraser logs its own call. Not under the Store's lock: it may wait for
        the model."""
        turn = turn or self.turn()
        if not turn.is_question or turn.shown or self.store.rephrase is None:
            return turn
        assert turn.question is not None  # a question turn carries its entry (_turn)
        text, rephrased = self.store.rephrase(self.rephrase_request(turn.question))
        return replace(turn, text=text, rephrased=rephrased)

    def present(self) -> Turn:
        """What headless play does: the waiting turn, its question prepared and recorded as shown."""
        turn = self.prepare(self.turn())
        return self.show(turn) if turn.is_question and not turn.shown else turn

    def rephrase_request(self, entry: Entry) -> RephraseRequest:
        view = self.view
        return RephraseRequest(self.id, entry.id, entry.question.text,
                               view.grid_versions.get(entry.grid.id, entry.grid.version), view.title,
                               view.description, tuple(entry.question.glossary))

    def _entry(self, question_id: str) -> Entry:
        entry = self.bundle.by_id.get(question_id)
        if entry is None:
            raise DialogueError(f"question inconnue dans cette instruction : « {question_id} »")
        return entry

    def _commit(self, act: Act) -> list[Event]:
        if not act.drafts:
            return []
        events = self.store.journal.append_all(self.id, act.drafts, after=act.base)  # Moved: checked again
        for event in events:
            self._fold(event)
        return events

    # --- what people see ----------------------------------------------------------------

    @retried
    def show(self, turn: Turn) -> Turn:
        """The screen shows this turn's question now, in this wording: record it (once)."""
        assert turn.question is not None, "only a question turn is shown"
        entry = self._entry(turn.question.id)
        act = Act(self)
        _shown(act, entry, turn.text or entry.question.text, turn.rephrased)
        self._commit(act)
        return replace(turn, shown=True, position=self.view.last_seq)

    @retried
    def show_original(self, question_id: str) -> str:
        """The team asked for the original wording (or reopened an answer): record that they see it."""
        entry = self._entry(question_id)
        act = Act(self)
        _shown(act, entry, entry.question.text, False)
        self._commit(act)
        return entry.question.text

    # --- acts ---------------------------------------------------------------------------

    def offer(self, question_id: str) -> Offer | None:
        """The answer the grids offer for this question, to confirm or change (None: nothing offered)."""
        return offer_for(self.bundle, self.evaluation(), question_id)

    @retried
    def confirm_offer(self, question_id: str, actor: Actor, note: str | None = None,
                      seen: int | None = None) -> Turn:
        """The team confirms the offered answer: recorded as its own answer, with the offer beside it."""
        act = Act(self)
        offer = offer_for(self.bundle, act.evaluation(), question_id)
        if offer is None:
            raise DialogueError(f"{label(self._entry(question_id))} : aucune réponse proposée à confirmer")
        self._answer(act, question_id, offer.raw, actor, note=note, seen=seen, offered=offer)
        self._commit(act)
        return self._turn()

    def deferred(self, role: Role | None = None) -> list[str]:
        """The questions the grids offer in « je ne sais pas », deferred to the role that answers them
        first (no supplier chosen yet: its technical questions), in asking order; `role`: that role only."""
        return [qid for qid, offer in offers(self.bundle, self.evaluation()).items()
                if offer.kind == DEFERRED and (role is None or _first_role(self.bundle.by_id[qid]) is role)]

    @retried
    def confirm_deferred(self, actor: Actor, role: Role | None = None, seen: int | None = None) -> Turn:
        """The team defers, in one act, every question the grids offer to put to a role (by default all
        of them): each is recorded as the team's « je ne sais pas », with the offer beside it, an open
        point for that role. One transaction: all of them, or none."""
        act = Act(self)
        done: set[str] = set()
        while True:  # a deferral can keep a branch open whose questions are deferred too
            waiting = [qid for qid, offer in offers(self.bundle, act.evaluation()).items()
                       if offer.kind == DEFERRED and qid not in done
                       and (role is None or _first_role(self.bundle.by_id[qid]) is role)]
            if not waiting:
                break
            for qid in waiting:
                offer = offer_for(self.bundle, act.evaluation(), qid)
                if offer is not None and offer.kind == DEFERRED:
                    self._answer(act, qid, offer.raw, actor, seen=seen, offered=offer)
                done.add(qid)
        if not act.drafts:
            raise DialogueError("aucune question n'est proposée en « je ne sais pas » à reporter")
        self._commit(act)
        return self._turn()

    @retried
    def answer(self, question_id: str, value: object, actor: Actor, justification: str | None = None,
               note: str | None = None, seen: int | None = None, offered: Offer | None = None) -> Turn:
        """Answer the waiting question, or change an earlier answer (same call).

        `seen`: the journal position of the turn the person answered (`Turn.position`). An answer
        someone else gave to the same question since is then never overwritten silently."""
        act = Act(self)
        self._answer(act, question_id, value, actor, justification, note, seen, offered)
        self._commit(act)
        return self._turn()

    def _answer(self, act: Act, question_id: str, value: object, actor: Actor, justification: str | None = None,
                note: str | None = None, seen: int | None = None, offered: Offer | None = None) -> None:
        entry = self._entry(question_id)
        status = act.evaluation().statuses[question_id]
        if status.via:  # answered through an equivalent question: the one answer serves both
            return self._answer(act, status.via, value, actor, justification, note, seen, offered)
        if status.status == SKIPPED:
            raise DialogueError(f"{label(entry)} est sans objet ({status.skip_reason.message}) : la réponse n'est pas "
                                "enregistrée")
        if status.status not in (TO_ASK, ANSWERED, UNKNOWN, DECLARED_NA):
            raise DialogueError(f"{label(entry)} ne peut pas encore être posée : elle dépend d'une réponse à venir")
        if isinstance(value, str) and entry.question.type is AnswerType.text and value not in (DONT_KNOW,
                                                                                           NOT_APPLICABLE):
            checked_text(value, f"la réponse à {label(entry)}", multiline=True)
        if justification:
            checked_text(justification, "la justification", multiline=True)
        try:
            answer = parse_answer(entry.question, value, justification)
        except AnswerError as exc:
            raise DialogueError(f"{label(entry)} : {exc}") from None
        previous = act.view.answers.get(question_id)
        if previous is not None and previous.answer == answer:
            return  # nothing changed
        if seen is not None and previous is not None and previous.seq > seen:
            raise DialogueError(f"{label(entry)} a reçu entre-temps la réponse « "
                                f"{display(entry.question, previous.answer, entry.grid.scale)} » de la part "
                                f"{of_name(previous.actor.name)} : la vôtre n'est pas enregistrée ; rouvrez la "
                                "question pour la changer")
        if act.view.decision is not None and act.view.mode == "complete":
            _round(act, actor, "réponse modifiée après la décision")
        payload = {"question": question_id, "answer": answer.to_json()}
        if offered is not None:
            payload["offer"] = offered.to_json()
        if previous is not None:
            payload["previous"] = previous.answer.to_json()
        act.flow(kinds.CHANGED if previous is not None else kinds.ANSWERED, payload, actor, entry)
        if previous is not None and previous.answer.kind == DONT_KNOW and answer.kind != DONT_KNOW:
            act.add(kinds.OPEN_POINT_RESOLVED, {"question": question_id, "answer": answer.to_json()}, actor, entry)
        if note:
            _note(act, entry, note, actor)

    @retried
    def dont_know(self, question_id: str, actor: Actor, owner: str | None = None, due: str | None = None,
                  seen: int | None = None) -> Turn:
        act = Act(self)
        self._answer(act, question_id, DONT_KNOW, actor, seen=seen)
        if owner or due:
            self._open_point(act, question_id, actor, owner, due)
        self._commit(act)
        return self._turn()

    def not_applicable(self, question_id: str, justification: str, actor: Actor, seen: int | None = None) -> Turn:
        return self.answer(question_id, NOT_APPLICABLE, actor, justification, seen=seen)

    @retried
    def assign_open_point(self, question_id: str, actor: Actor, owner: str | None, due: str | None) -> None:
        act = Act(self)
        self._open_point(act, question_id, actor, owner, due)
        self._commit(act)

    def _open_point(self, act: Act, question_id: str, actor: Actor, owner: str | None, due: str | None) -> None:
        entry = self._entry(question_id)
        current = act.view.answers.get(question_id)
        if current is None or current.answer.kind != DONT_KNOW:
            raise DialogueError(f"{label(entry)} n'est pas un point ouvert (réponse « je ne sais pas » attendue)")
        if due:
            try:
                due = parse_date(due).isoformat()  # « 15/01/2027 » as well as « 2027-01-15 »
            except AnswerError as exc:
                raise DialogueError(f"échéance : {exc}") from None
        act.add(kinds.OPEN_POINT, {"question": question_id, "owner": owner or "", "due": due or ""}, actor, entry)

    @retried
    def add_note(self, question_id: str | None, text: str, actor: Actor) -> None:
        act = Act(self)
        _note(act, self._entry(question_id) if question_id else None, text, actor)
        self._commit(act)

    @retried
    def join(self, person: Actor, actor: Actor | None = None) -> None:
        if not person.name.strip():
            raise DialogueError("un participant doit avoir un nom")
        checked_text(person.name, "le nom d'un participant")
        checked_text(person.role, "le rôle d'un participant", required=False)
        if person not in self.view.participants:
            act = Act(self)
            act.add(kinds.PARTICIPANT, {"name": person.name.strip(), "role": person.role.strip()}, actor or person)
            self._commit(act)

    @retried
    def record_opinion(self, criterion: str, text: str, actor: Actor) -> None:
        act = Act(self)
        self._opinion(act, criterion, text, actor)
        self._commit(act)

    def _opinion(self, act: Act, criterion: str, text: str, actor: Actor) -> None:
        if next_turn(act.view, act.evaluation()).kind is not TurnKind.DECISION:
            raise DialogueError("les avis se recueillent une fois toutes les questions posées")
        if not text.strip():
            raise DialogueError("un avis ne peut pas être vide")
        text = checked_text(text, "l'avis", multiline=True)
        act.add(kinds.OPINION, {"criterion": criterion, "text": text}, actor, grid=criterion.split(".")[0])

    @retried
    def decide(self, decision: str, actor: Actor, rationale: str = "", people: Sequence[Actor] = (),
               opinions: Sequence[tuple[str, str]] = ()) -> Turn:
        """Record the people's opinions per criterion and their decision, once both are valid.

        The assistant offers none; a red line requires a rationale."""
        evaluation = self.evaluation()
        if next_turn(self.view, evaluation).kind is not TurnKind.DECISION:
            remaining = len(evaluation.with_status(TO_ASK))
            raise DialogueError("la décision se prend après la dernière question"
                                + (f" ({remaining} question(s) restante(s))" if remaining else ""))
        if decision not in self.store.decisions:
            raise DialogueError(f"décision « {decision} » inconnue ; choix : {', '.join(self.store.decisions)}")
        red_lines = [f.id for f in evaluation.red_lines]
        if red_lines and not rationale.strip():
            raise DialogueError("une ligne rouge a été signalée (« "
                                + " », « ".join(f.rule.rule.title for f in evaluation.red_lines)
                                + " ») : la décision doit être motivée")
        if not actor.name.strip():
            raise DialogueError("la décision doit porter le nom de qui l'enregistre")
        rationale = checked_text(rationale, "le motif", multiline=True, required=False)
        for person in [actor, *people]:
            checked_text(person.name, "le nom de qui décide")
        act = Act(self)
        for criterion, text in opinions:
            self._opinion(act, criterion, text, actor)
        act.add(kinds.DECISION, {
            "decision": decision, "label": self.store.decisions[decision], "rationale": rationale.strip(),
            "people": [{"name": p.name, "role": p.role} for p in (list(people) or [actor])], "red_lines": red_lines,
            "warnings": [f.id for f in evaluation.warnings],
            "open_points": [p.subject for p in evaluation.open_points],
        }, actor)
        self._commit(act)
        return self._turn()

    @retried
    def follow_up(self, actor: Actor, stage: str, reask: Sequence[str] | None = None) -> Turn:
        """Reopen at a later stage (experiment → production → review): a new round, answers kept,
        the stage updated, and asked again what the grids declare (`reask`: grid or question ids;
        by default the girouet and the radar, Nantes' effects observed after the AI)."""
        stage_entry = declared.stage_entry(self.bundle)
        if stage_entry is None:
            raise DialogueError("les grilles de cette instruction ne déclarent pas de question de stade : "
                                "le suivi à un stade ultérieur n'est pas possible")
        try:
            parse_answer(stage_entry.question, stage)
        except AnswerError as exc:
            raise DialogueError(f"stade : {exc}") from None
        if reask is None:
            reask = declared.follow_up_questions(self.bundle)
        reask = [g for g in reask if g.split(".", 1)[0] in self.view.grids]
        act = Act(self)
        option = stage_entry.question.option(stage)  # the reason reads the stage's words, not its code
        _round(act, actor, f"suivi au stade « {option.label if option else stage} »", stage=stage, reask=reask)
        self._answer(act, stage_entry.id, stage, actor)
        self._commit(act)
        return self._turn()

    @retried
    def continue_full(self, actor: Actor, grids: Sequence[str]) -> Turn:
        """Turn a pre-check into the full instruction: nothing already answered is asked again."""
        if self.view.mode != "pre_examen":
            raise DialogueError("cette instruction est déjà complète")
        chosen, versions = self.store.grid_choice(grids)
        act = Act(self)
        _round(act, actor, "suite du pré-examen : instruction complète", grids=(chosen, versions), mode="complete")
        self._commit(act)
        return self._turn()


# --- drafting, shared by the acts --------------------------------------------------------


def _shown(act: Act, entry: Entry, text: str, rephrased: bool) -> None:
    current = act.view.wording_waiting(entry.id)
    if current is not None and current.get("text") == text:
        return  # already on screen since its last answer (a redraw, a note, a reopening)
    payload = {"question": entry.id, "text": text, "rephrased": rephrased}
    if rephrased:
        payload["original"] = entry.question.text
    act.add(kinds.SHOWN, payload, Actor.system(), entry)


def _first_role(entry: Entry) -> Role | None:
    roles = entry.question.answered_by
    return roles[0] if roles else None


def _note(act: Act, entry: Entry | None, text: str, actor: Actor) -> None:
    if not text or not text.strip():
        raise DialogueError("une note ne peut pas être vide")
    text = checked_text(text, "la note", multiline=True)
    act.add(kinds.NOTE, {"question": entry.id if entry else None, "text": text}, actor, entry)


def _round(act: Act, actor: Actor, reason: str, stage: str | None = None, reask: Sequence[str] = (),
           grids: tuple[list[str], dict[str, str]] | None = None, mode: str | None = None) -> None:
    payload: dict = {"round": act.view.round + 1, "reason": reason}
    if stage:
        payload["stage"] = stage
    if reask:
        payload["reask"] = list(reask)
    if grids is not None:
        payload["grids"], payload["grid_versions"] = grids
        payload["mode"] = mode or "complete"
    act.flow(kinds.ROUND, payload, actor)


def label(entry: Entry) -> str:
    """A question as people name it: its number and its first words, never its internal id."""
    return question_ref(entry)


__all__ = ["FLOW_KINDS", "Session", "label"]
