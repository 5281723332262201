"""The dialogue's Python API: open, resume and play an instruction, headless.

The UI, the `jouer` command and the tests all drive instructions through this class;
it never imports a screen.

Durability, in one rule: **the journal first, then the graph.** A participant's act is
validated, appended to the journal (one transaction: once it returns, the answer is
safe), and only then fed to the graph as a resume value. If the process dies in
between, opening the instruction again replays the journal events that the checkpoint
has not seen yet, so no answer already given is ever lost and the waiting question is
asked again.

Derived events (skips, red lines…) are written by comparing what the rules say now
with what the journal already says, so writing them twice is impossible.
"""

from __future__ import annotations

import functools
import re
import secrets
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Sequence

from grilles import declared
from grilles.answers import AnswerError, parse_answer
from grilles.bundle import Bundle, Entry, build_or_raise
from grilles.prefill import Offer, offer_for
from grilles.catalog import Catalog
from grilles.rules import (ANSWERED, DECLARED_NA, SKIPPED, TO_ASK, UNKNOWN, Evaluation, Flag, evaluate)
from grilles.conditions import Truth
from grilles.schema import DONT_KNOW, NOT_APPLICABLE
from dialogues.rephrasing import Rephraser
from journal import kinds
from journal import view as views
from journal.log import Actor, Event, Journal, create_private

DEFAULT_DECISIONS = {
    "favorable": "Avis favorable",
    "favorable_sous_conditions": "Avis favorable sous conditions",
    "defavorable": "Avis défavorable",
    "ajourne": "Décision ajournée",
}
FLOW_KINDS = (kinds.ANSWERED, kinds.CHANGED, kinds.DECISION, kinds.ROUND)


class DialogueError(Exception):
    """Something the participants asked that cannot be done; French, shown as is."""


@dataclass(frozen=True)
class Turn:
    """What the dialogue waits for now."""

    kind: str  # "question", "decision", "pre_examen_termine" or "decidee"
    evaluation: Evaluation
    question: Entry | None = None
    text: str | None = None  # exactly what is shown
    rephrased: bool = False


@dataclass
class Store:
    """The two embedded databases: the journal and the graph's checkpoints."""

    journal: Journal
    checkpoints_path: Path
    catalog: Catalog
    decisions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_DECISIONS))
    rephrase: Rephraser | None = None  # optional; the assistant's local LLM, off by default
    load_graph: bool = True  # False: open on the journal alone, call attach_graph() later (the app does)

    def __post_init__(self) -> None:
        self._bundles: dict[tuple[str, ...], Bundle] = {}
        self._sessions: dict[str, Session] = {}
        # Sessions of one Store may be driven from several threads (the app's workers): one at a time.
        self.lock = threading.RLock()
        self.graph = None
        self._conn = None
        if self.load_graph:
            self.attach_graph()

    def attach_graph(self) -> None:
        """Load LangGraph (about a second) and bring every open session's checkpoint level with the
        journal. Until then sessions run on the journal and the pure rules alone: answers given in
        the meantime are already in the journal, which the graph replays here."""
        from langgraph.checkpoint.sqlite import SqliteSaver  # the heavy import, outside the lock

        from dialogues.graph import build

        create_private(self.checkpoints_path)  # it holds every answer, like the journal: owner only
        conn = sqlite3.connect(str(self.checkpoints_path), check_same_thread=False, timeout=30)
        conn.execute("PRAGMA busy_timeout = 30000")
        saver = SqliteSaver(conn)
        saver.setup()
        graph = build().compile(checkpointer=saver)
        with self.lock:
            self._conn, self._saver, self.graph = conn, saver, graph
            for session in self._sessions.values():
                session._catch_up()

    @classmethod
    def open(cls, journal_path: Path, checkpoints_path: Path, catalog: Catalog, **kwargs) -> "Store":
        return cls(Journal(journal_path), Path(checkpoints_path), catalog, **kwargs)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self.journal.close()

    def forget(self, instruction: str) -> None:
        """Drop an instruction's checkpoints (never its journal): the next opening replays the journal."""
        self._saver.delete_thread(instruction)

    def bundle_for(self, grids: Sequence[str]) -> Bundle:
        key = tuple(grids)
        if key not in self._bundles:
            self._bundles[key] = build_or_raise(self.catalog.selection(list(grids)))
        return self._bundles[key]

    def context(self, view: views.View):
        from dialogues.graph import Context

        project = {"title": view.title, "description": view.description, "grid_versions": view.grid_versions}
        return Context(bundle_for=self.bundle_for, rephrase=self.rephrase, project=project)

    # --- instructions -------------------------------------------------------------------

    def start(self, title: str, actor: Actor, grids: Sequence[str], service: str = "", description: str = "",
              participants: Sequence[Actor] = (), mode: str = "complete") -> "Session":
        if not title.strip():
            raise DialogueError("le projet doit avoir un titre")
        profile = self.catalog.profile.grid.id
        try:
            chosen = [profile] + [g for g in dict.fromkeys(grids) if g != profile] if mode == "complete" else [profile]
            selection = self.catalog.selection(chosen)
        except KeyError as exc:
            raise DialogueError(str(exc.args[0])) from None
        instruction = _new_id(title)
        self.journal.append(instruction, kinds.OPENED, {
            "title": title.strip(), "service": service.strip(), "description": description.strip(), "mode": mode,
            "grids": chosen, "grid_versions": {g.grid.id: f"{g.grid.version}@{g.digest[:12]}" for g in selection},
            "stage_question": declared.stage_question_id(selection),
        }, actor)
        for person in [actor, *participants]:
            self.journal.append(instruction, kinds.PARTICIPANT, {"name": person.name, "role": person.role}, actor)
        return self.resume(instruction)

    def resume(self, instruction: str) -> "Session":
        """The instruction's session (one per Store: two screens on one instruction share it)."""
        with self.lock:
            if instruction in self._sessions:
                session = self._sessions[instruction]
                session.refresh()
                return session
            events = self.journal.events(instruction)
            if not events or events[0].kind != kinds.OPENED:
                raise DialogueError(f"instruction inconnue : « {instruction} »")
            view = views.build(instruction, events)
            missing = [g for g in view.grids if g not in self.catalog.grids]
            if missing:
                raise DialogueError(f"instruction « {view.title} » : grille(s) introuvable(s) : {', '.join(missing)} "
                                    "(ajoutez le dossier de grilles qui les contient)")
            session = Session(self, instruction, view)
            session._catch_up()
            self._sessions[instruction] = session
            return session


def _locked(method):
    """Run a Session act under the Store's lock, on a view brought up to date with the journal."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.store.lock:
            self.refresh()
            return method(self, *args, **kwargs)

    return wrapper


class Session:
    def __init__(self, store: Store, instruction: str, view: views.View):
        self.store = store
        self.id = instruction
        self.view = view
        self.config = {"configurable": {"thread_id": instruction}}
        self._evaluation: tuple | None = None

    # --- the graph ----------------------------------------------------------------------

    @property
    def bundle(self) -> Bundle:
        return self.store.bundle_for(self.view.grids)

    def _state(self):
        return self.store.graph.get_state(self.config)

    def _invoke(self, value) -> None:
        # "sync": each step's checkpoint is on disk before the next step starts, so a kill -9
        # leaves the graph at a step boundary that the journal can replay from.
        self.store.graph.invoke(value, self.config, context=self.store.context(self.view), durability="sync")

    @property
    def _graph(self) -> bool:
        return self.store.graph is not None

    def _feed(self, event: Event) -> None:
        """Give one flow event to the graph: resume the waiting interrupt, or restart the run.

        Without the graph yet, nothing to do: the event is in the journal, attach_graph replays it."""
        if not self._graph:
            return
        from langgraph.types import Command

        from dialogues.graph import apply_event

        payload = {"seq": event.seq, "hash": event.hash, "kind": event.kind, "payload": event.payload}
        snap = self._state()
        if snap.values and not snap.interrupts:  # a run cut short (crash mid-step): finish it first
            self._invoke(None)
            snap = self._state()
        if snap.interrupts:
            self._invoke(Command(resume=payload))
        else:  # finished (decided) or never started: a new run from START with the update
            values = dict(snap.values) if snap.values else {}
            self._invoke({**self._initial(values), **apply_event(values, payload)})

    def _initial(self, values: dict) -> dict:
        if values:
            return {}
        return {"instruction": self.id, "grids": self.view.grids, "mode": self.view.mode, "answers": {},
                "phase": "questions", "round": 1, "applied": 0, "cursor": None}

    def _checkpoint_matches_journal(self, values: dict) -> bool:
        applied = values.get("applied", 0)
        if not applied:
            return True
        event = self.store.journal.event(applied)
        if event is None or event.instruction != self.id:
            return False
        expected = values.get("applied_hash")
        return expected is None or expected == event.hash

    def _catch_up(self) -> None:
        """Bring the checkpoint level with the journal (after a crash, or a first opening)."""
        if not self._graph:
            if self.view.decision is None:
                self._sync_derived()
            return
        snap = self._state()
        if snap.values and not self._checkpoint_matches_journal(snap.values):
            # A checkpoint ahead of, or foreign to, the journal (a journal restored from a backup, a file
            # from elsewhere): the journal is what was said. Start the graph again from it.
            self.store.forget(self.id)
            snap = self._state()
        if not snap.values:  # first opening, or checkpoints lost: the journal alone rebuilds the state
            self._invoke(self._initial({}))
        elif not snap.interrupts:
            # Killed mid-run: invoke(None) applies the writes the last step saved and walks on to
            # the next interrupt. (A fresh input here would drop those writes.)
            self._invoke(None)
            if not self._state().interrupts and self._state().values.get("phase") != "decidee":
                self._invoke({"applied": self._state().values.get("applied", 0)})
        pending = self.store.journal.events(self.id, FLOW_KINDS, after=self._state().values.get("applied", 0))
        for event in pending:
            self._feed(event)
        if self.view.decision is None:
            # Once decided, nothing is added behind the people's back (e.g. a grid updated since):
            # derived events resume with the next round.
            self._sync_derived()

    def refresh(self) -> None:
        """Fold in what others wrote to the journal since (another process, another Store)."""
        news = self.store.journal.events(self.id, after=self.view.last_seq)
        if not news:
            return
        for event in news:
            views.apply(self.view, event)
        if any(e.kind in FLOW_KINDS for e in news) and self._graph:
            snap = self._state()
            for event in self.store.journal.events(self.id, FLOW_KINDS, after=snap.values.get("applied", 0)):
                self._feed(event)

    # --- reading ------------------------------------------------------------------------

    def evaluation(self) -> Evaluation:
        # The answers change only through events: one evaluation per journal position.
        key = (self.view.last_seq, tuple(self.view.grids))
        if self._evaluation is None or self._evaluation[0] != key:
            self._evaluation = (key, evaluate(self.bundle, self.view.answers_for_rules()))
        return self._evaluation[1]

    @_locked
    def turn(self) -> Turn:
        """The question (or the decision) waiting now; records what is shown."""
        evaluation = self.evaluation()
        if not self._graph:
            interrupt = self._turn_from_rules(evaluation)
        else:
            snap = self._state()
            values = snap.values or {}
            interrupt = snap.interrupts[0].value if snap.interrupts else {"type": values.get("phase", "decidee")}
        if interrupt.get("type") == "question":
            entry = self.bundle.by_id[interrupt["question"]]
            text = interrupt.get("text") or entry.question.text
            self._log_shown(entry, text, interrupt.get("rephrased", False))
            return Turn("question", evaluation, entry, text, interrupt.get("rephrased", False))
        return Turn(interrupt.get("type", "decidee"), evaluation)

    def _turn_from_rules(self, evaluation: Evaluation) -> dict:
        """What the graph's next interrupt will be, from the same pure rules (before it is loaded)."""
        nxt = evaluation.next_question
        if nxt is not None:
            return {"type": "question", "question": nxt.id, "text": nxt.question.text, "rephrased": False}
        if self.view.decision is not None:
            return {"type": "decidee"}
        return {"type": "pre_examen_termine" if self.view.mode == "pre_examen" else "decision"}

    @_locked
    def show_original(self, question_id: str) -> str:
        """The team asked for the original wording: record that it is what they now see."""
        entry = self._entry(question_id)
        self._log_shown(entry, entry.question.text, False)
        return entry.question.text

    def _log_shown(self, entry: Entry, text: str, rephrased: bool) -> None:
        shown = self.view.shown.get(entry.id)
        answered = self.view.answers.get(entry.id)
        if shown is not None and shown.get("text") == text and shown.get("seq", 0) > (answered.seq if answered else 0):
            return  # already on screen since its last answer (a redraw, a note, a reopening)
        payload = {"question": entry.id, "text": text, "rephrased": rephrased}
        if rephrased:
            payload["original"] = entry.question.text
        self._append(kinds.SHOWN, payload, Actor.system(), entry)

    # --- writing ------------------------------------------------------------------------

    def _append(self, kind: str, payload: dict, actor: Actor, entry: Entry | None = None, grid: str = "") -> Event:
        grid_id = entry.grid.id if entry else grid
        version = self.view.grid_versions.get(grid_id, "") if grid_id else ""
        event = self.store.journal.append(self.id, kind, payload, actor, grid_id, version)
        views.apply(self.view, event)
        return event

    def _flow(self, kind: str, payload: dict, actor: Actor, entry: Entry | None = None) -> Event:
        event = self._append(kind, payload, actor, entry)
        self._feed(event)
        self._sync_derived()
        return event

    def _sync_derived(self) -> None:
        """Write the skips, restorations and flags the journal does not know yet."""
        ev = self.evaluation()
        for entry in self.bundle.entries:
            st = ev.statuses[entry.id]
            if st.status == SKIPPED:
                reason = {"question": entry.id, "condition": st.reason.condition, "owner": st.reason.owner,
                          "causes": [{"question": c.question, "answer": c.shown} for c in st.reason.causes],
                          "message": st.reason.message}
                known = self.view.skipped.get(entry.id)
                if known is None or known.get("message") != reason["message"]:
                    self._append(kinds.SKIPPED, reason, Actor.system(), entry)
            elif entry.id in self.view.skipped:
                self._append(kinds.RESTORED, {"question": entry.id}, Actor.system(), entry)
        raised = {f.id: f for f in ev.flags if f.raised}
        for rule_id, flag in raised.items():
            if rule_id not in self.view.flags:
                self._append(kinds.RED_LINE if flag.is_red_line else kinds.WARNING, _flag_payload(flag),
                             Actor.system(), grid=flag.rule.grid.id)
        for rule_id in list(self.view.flags):
            if rule_id not in raised:
                # Definitely false: it no longer applies. Otherwise it hangs on an unknown or a pending answer.
                definite = ev.rule_truths.get(rule_id) is Truth.FALSE
                reason = "ne_s_applique_plus" if definite else "a_verifier"
                self._append(kinds.FLAG_CLEARED, {"rule": rule_id, "reason": reason}, Actor.system())

    def _entry(self, question_id: str) -> Entry:
        entry = self.bundle.by_id.get(question_id)
        if entry is None:
            raise DialogueError(f"question inconnue dans cette instruction : « {question_id} »")
        return entry

    def offer(self, question_id: str) -> Offer | None:
        """The answer the grids offer for this question, to confirm or change (None: nothing offered)."""
        return offer_for(self.bundle, self.evaluation(), question_id)

    @_locked
    def confirm_offer(self, question_id: str, actor: Actor, note: str | None = None) -> Turn:
        """The team confirms the offered answer: recorded as its own answer, with the offer beside it."""
        offer = self.offer(question_id)
        if offer is None:
            raise DialogueError(f"« {question_id} » : aucune réponse proposée à confirmer")
        return self.answer(question_id, offer.raw, actor, note=note, offered=offer)

    @_locked
    def answer(self, question_id: str, value: object, actor: Actor, justification: str | None = None,
               note: str | None = None, offered: Offer | None = None) -> Turn:
        """Answer the waiting question, or change an earlier answer (same call)."""
        entry = self._entry(question_id)
        ev = self.evaluation()
        status = ev.statuses[question_id]
        if status.via:  # answered through an equivalent question: the one answer serves both
            return self.answer(status.via, value, actor, justification, note)
        if status.status == SKIPPED:
            raise DialogueError(f"« {question_id} » est sans objet : {status.reason.message}")
        if status.status not in (TO_ASK, ANSWERED, UNKNOWN, DECLARED_NA):
            raise DialogueError(f"« {question_id} » ne peut pas encore être posée : elle dépend d'une réponse à venir")
        try:
            answer = parse_answer(entry.question, value, justification)
        except AnswerError as exc:
            raise DialogueError(f"{question_id} : {exc}") from None
        previous = self.view.answers.get(question_id)
        if previous is not None and previous.answer == answer:
            return self.turn()  # nothing changed
        if self.view.decision is not None and self.view.mode == "complete":
            self._open_round(actor, "réponse modifiée après la décision")
        kind = kinds.CHANGED if previous is not None else kinds.ANSWERED
        payload = {"question": question_id, "answer": answer.to_json()}
        if offered is not None:
            payload["offer"] = offered.to_json()
        if previous is not None:
            payload["previous"] = previous.answer.to_json()
        self._flow(kind, payload, actor, entry)
        if previous is not None and previous.answer.kind == DONT_KNOW and answer.kind != DONT_KNOW:
            self._append(kinds.OPEN_POINT_RESOLVED, {"question": question_id, "answer": answer.to_json()}, actor, entry)
        if note:
            self.add_note(question_id, note, actor)
        return self.turn()

    def dont_know(self, question_id: str, actor: Actor, owner: str | None = None, due: str | None = None) -> Turn:
        turn = self.answer(question_id, DONT_KNOW, actor)
        if owner or due:
            self.assign_open_point(question_id, actor, owner, due)
        return turn

    def not_applicable(self, question_id: str, justification: str, actor: Actor) -> Turn:
        return self.answer(question_id, NOT_APPLICABLE, actor, justification)

    @_locked
    def assign_open_point(self, question_id: str, actor: Actor, owner: str | None, due: str | None) -> None:
        entry = self._entry(question_id)
        current = self.view.answers.get(question_id)
        if current is None or current.answer.kind != DONT_KNOW:
            raise DialogueError(f"« {question_id} » n'est pas un point ouvert (réponse « je ne sais pas » attendue)")
        if due:
            try:
                date.fromisoformat(due)
            except ValueError:
                raise DialogueError(f"échéance « {due} » invalide : format attendu AAAA-MM-JJ") from None
        self._append(kinds.OPEN_POINT, {"question": question_id, "owner": owner or "", "due": due or ""}, actor, entry)

    @_locked
    def add_note(self, question_id: str | None, text: str, actor: Actor) -> None:
        if not text or not text.strip():
            raise DialogueError("une note ne peut pas être vide")
        entry = self._entry(question_id) if question_id else None
        self._append(kinds.NOTE, {"question": question_id, "text": text.strip()}, actor, entry)

    @_locked
    def join(self, person: Actor, actor: Actor | None = None) -> None:
        if not person.name.strip():
            raise DialogueError("un participant doit avoir un nom")
        if person not in self.view.participants:
            self._append(kinds.PARTICIPANT, {"name": person.name.strip(), "role": person.role.strip()}, actor or person)

    @_locked
    def record_opinion(self, criterion: str, text: str, actor: Actor) -> None:
        if self.turn().kind != "decision":
            raise DialogueError("les avis se recueillent une fois toutes les questions posées")
        if not text.strip():
            raise DialogueError("un avis ne peut pas être vide")
        grid_id = criterion.split(".")[0]
        self._append(kinds.OPINION, {"criterion": criterion, "text": text.strip()}, actor, grid=grid_id)

    @_locked
    def decide(self, decision: str, actor: Actor, rationale: str = "", people: Sequence[Actor] = (),
               opinions: Sequence[tuple[str, str]] = ()) -> Turn:
        """Record the people's opinions per criterion and their decision, once both are valid.

        The assistant offers none; a red line requires a rationale."""
        turn = self.turn()
        if turn.kind != "decision":
            remaining = len(turn.evaluation.with_status(TO_ASK))
            raise DialogueError("la décision se prend après la dernière question"
                                + (f" ({remaining} question(s) restante(s))" if remaining else ""))
        if decision not in self.store.decisions:
            raise DialogueError(f"décision « {decision} » inconnue ; choix : {', '.join(self.store.decisions)}")
        red_lines = [f.id for f in turn.evaluation.red_lines]
        if red_lines and not rationale.strip():
            raise DialogueError("une ligne rouge a été signalée ("
                                + ", ".join(red_lines) + ") : la décision doit être motivée")
        if not actor.name.strip():
            raise DialogueError("la décision doit porter le nom de qui l'enregistre")
        people = list(people) or [actor]
        for criterion, text in opinions:
            self.record_opinion(criterion, text, actor)
        self._flow(kinds.DECISION, {
            "decision": decision, "label": self.store.decisions[decision], "rationale": rationale.strip(),
            "people": [{"name": p.name, "role": p.role} for p in people], "red_lines": red_lines,
            "warnings": [f.id for f in turn.evaluation.warnings],
            "open_points": [p.subject for p in turn.evaluation.open_points],
        }, actor)
        return self.turn()

    def _open_round(self, actor: Actor, reason: str, stage: str | None = None, reask: Sequence[str] = (),
                    grids: Sequence[str] | None = None, mode: str | None = None) -> Event:
        payload: dict = {"round": self.view.round + 1, "reason": reason}
        if stage:
            payload["stage"] = stage
        if reask:
            payload["reask"] = list(reask)
        if grids is not None:
            selection = self.store.catalog.selection(list(grids))
            payload["grids"] = list(grids)
            payload["mode"] = mode or "complete"
            payload["grid_versions"] = {g.grid.id: f"{g.grid.version}@{g.digest[:12]}" for g in selection}
        return self._flow(kinds.ROUND, payload, actor)

    @_locked
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
        self._open_round(actor, f"suivi au stade « {stage} »", stage=stage, reask=reask)
        return self.answer(stage_entry.id, stage, actor)

    @_locked
    def continue_full(self, actor: Actor, grids: Sequence[str]) -> Turn:
        """Turn a pre-check into the full instruction: nothing already answered is asked again."""
        if self.view.mode != "pre_examen":
            raise DialogueError("cette instruction est déjà complète")
        profile = self.store.catalog.profile.grid.id
        try:
            chosen = [profile] + [g for g in dict.fromkeys(grids) if g != profile]
            self.store.catalog.selection(chosen)
        except KeyError as exc:
            raise DialogueError(str(exc.args[0])) from None
        self._open_round(actor, "suite du pré-examen : instruction complète", grids=chosen, mode="complete")
        return self.turn()


def _flag_payload(flag: Flag) -> dict:
    rule = flag.rule.rule
    return {"rule": flag.id, "severity": rule.severity.value, "title": rule.title, "message": rule.message,
            "source": rule.source.model_dump(exclude_none=True),
            "causes": [{"question": c.question, "answer": c.shown} for c in flag.causes]}


def _new_id(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:32].strip("-") or "projet"
    return f"{date.today().isoformat()}-{slug}-{secrets.token_hex(2)}"


__all__ = ["DEFAULT_DECISIONS", "DialogueError", "Session", "Store", "Turn"]
