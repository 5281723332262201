"""The pure rules: given a bundle and the answers, what applies, what is skipped and why,
which red lines and warnings fire, what remains open.

No I/O, no state: the dialogue, the journal, the reports and the tests all call this.

The skip rule: a question is skipped only when its condition is definitely false.
An answer "je ne sais pas" makes a condition unknown, never false, so it keeps every
branch open; it becomes an open point instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from grilles import conditions as cond
from grilles.answers import Answer, display
from grilles.bundle import Bundle, Condition, Entry, RuleEntry
from grilles.conditions import Known, State, Truth
from grilles.formats import question_ref
from grilles.schema import DONT_KNOW, NOT_APPLICABLE, Role, Severity

ANSWERED = "repondue"
UNKNOWN = "nsp"
DECLARED_NA = "non_applicable"
SKIPPED = "ecartee"
TO_ASK = "a_poser"
WAITING = "en_attente"  # depends on a question not answered yet


@dataclass(frozen=True)
class Cause:
    """An answer that made a condition false (or true)."""

    question: str
    shown: str  # the answer as read, or why it is absent
    label: str = ""  # the question the team answered, as people name it (« la question n° 3 « … » »)

    @property
    def said(self) -> str:
        """The cause in words: « vous avez répondu « Non » à la question « … » »."""
        named = self.label or "une question"
        if self.shown == SKIPPED_SHOWN:
            return f"{named} est elle-même sans objet"
        if self.shown == ABSENT_SHOWN:
            return f"{named} n'est pas posée dans cette instruction"
        if self.shown == PENDING_SHOWN:
            return f"{named} attend encore sa réponse"
        return f"vous avez répondu « {self.shown} » à {named}"


SKIPPED_SHOWN, ABSENT_SHOWN, PENDING_SHOWN = "écartée", "hors de cette instruction", "pas encore répondue"


def said(causes: tuple[Cause, ...]) -> str:
    """Causes in one French sentence, joined as people write them."""
    parts = [c.said for c in causes]
    return ", ".join(parts[:-1]) + " et " + parts[-1] if len(parts) > 1 else "".join(parts)


@dataclass(frozen=True)
class SkipReason:
    condition: str  # the condition's source, for the grid's authors (never shown to the team)
    owner: str  # the question or section whose condition failed
    causes: tuple[Cause, ...]
    label: str | None = None  # the reason in words, for a condition no author wrote

    @property
    def message(self) -> str:
        """Why, in a sentence citing the answers the team gave: never an id or a condition."""
        because = said(self.causes) or "une réponse donnée plus tôt l'exclut"
        if self.label:
            return f"sans objet : {self.label} ({because})"
        return f"sans objet parce que {because}"


@dataclass(frozen=True)
class Status:
    id: str
    status: str
    answer: Answer | None = None  # the answer in force (own, or through an equivalent question)
    via: str | None = None  # the equivalent question whose answer serves here
    reason: SkipReason | None = None  # for SKIPPED
    uncertain: tuple[str, ...] = ()  # asked because of these "je ne sais pas" (the branch stays open)

    @property
    def skip_reason(self) -> SkipReason:
        """The reason of a SKIPPED status: evaluate() gives one to every skipped question."""
        assert self.reason is not None, f"{self.id} is {self.status}, not skipped"
        return self.reason


@dataclass(frozen=True)
class Flag:
    rule: RuleEntry  # the rule (of the grids that draw this red line) whose condition decided it
    raised: bool  # True: the condition holds; False: to check (a "je ne sais pas", or a fact not established)
    causes: tuple[Cause, ...]
    not_established: bool = False  # to check because an answer says the source's fact is not established

    @property
    def to_check_reason(self) -> str:
        """Why a flag is « à vérifier », in French (empty when raised)."""
        if self.raised:
            return ""
        if self.not_established:
            return "ce que la source demande d'établir ne l'est pas encore"
        return "dépend d'un « je ne sais pas »"

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def is_red_line(self) -> bool:
        return self.rule.rule.severity is Severity.red_line


@dataclass(frozen=True)
class OpenPoint:
    """Something the team could not answer, with who could."""

    kind: str  # "nsp" (a question) or "a_verifier" (a red line or warning hanging on unknowns)
    subject: str  # question id or rule id
    questions: tuple[str, ...]
    who: tuple[Role, ...]


@dataclass
class Evaluation:
    bundle: Bundle
    statuses: dict[str, Status]
    flags: list[Flag] = field(default_factory=list)
    rule_truths: dict[str, Truth] = field(default_factory=dict)  # every rule's verdict, raised or not

    @property
    def next_question(self) -> Entry | None:
        for entry in self.bundle.entries:
            if self.statuses[entry.id].status == TO_ASK:
                return entry
        return None

    @property
    def complete(self) -> bool:
        return self.next_question is None

    def with_status(self, *names: str) -> list[Entry]:
        return [e for e in self.bundle.entries if self.statuses[e.id].status in names]

    @property
    def asked(self) -> list[Entry]:
        return self.with_status(ANSWERED, UNKNOWN, DECLARED_NA)

    @property
    def skipped(self) -> list[Entry]:
        return self.with_status(SKIPPED)

    @property
    def ahead(self) -> list[Entry]:
        """The path ahead: questions to ask, and those not yet decidable."""
        return self.with_status(TO_ASK, WAITING)

    @property
    def red_lines(self) -> list[Flag]:
        return [f for f in self.flags if f.raised and f.is_red_line]

    @property
    def warnings(self) -> list[Flag]:
        return [f for f in self.flags if f.raised and not f.is_red_line]

    @property
    def to_check(self) -> list[Flag]:
        return [f for f in self.flags if not f.raised]

    @property
    def open_points(self) -> list[OpenPoint]:
        points = []
        for entry in self.with_status(UNKNOWN):
            points.append(OpenPoint(UNKNOWN, entry.id, (entry.id,), tuple(entry.question.answered_by)))
        for flag in self.to_check:
            qs = tuple(c.question for c in flag.causes)
            who: list[Role] = []
            for q in qs:
                for role in self.bundle.by_id[q].question.answered_by if q in self.bundle.by_id else ():
                    if role not in who:
                        who.append(role)
            points.append(OpenPoint("a_verifier", flag.id, qs, tuple(who)))
        return points

    def progress(self, grid_id: str, section_id: str | None = None) -> dict[str, int]:
        """Counts per status for a grid, or one of its top-level sections (criteria)."""
        counts = {ANSWERED: 0, UNKNOWN: 0, DECLARED_NA: 0, SKIPPED: 0, TO_ASK: 0, WAITING: 0}
        for entry in self.bundle.entries:
            if entry.grid.id == grid_id and (section_id is None or entry.criterion.id == section_id):
                counts[self.statuses[entry.id].status] += 1
        return counts


def _known(status: Status | None) -> Known:
    if status is None:
        return Known(State.ABSENT)  # a question of a grid outside this instruction
    if status.status == ANSWERED and status.answer is not None:
        return Known(State.VALUE, status.answer.value)
    if status.status == UNKNOWN:
        return Known(State.UNKNOWN)
    if status.status in (SKIPPED, DECLARED_NA):
        return Known(State.ABSENT)
    return Known(State.PENDING)


def _explain(node: cond.Node, lookup, want: Truth) -> list[cond.Ref]:
    """The references that make `node` evaluate to `want` (for skip reasons and flags)."""
    if isinstance(node, cond.BoolOp):
        results = [(o, cond.evaluate(o, lookup)) for o in node.operands]
        decisive = [o for o, r in results if r is want]
        # "and" is false through one false operand; "or" is true through one true operand.
        if (node.op == "and") == (want is Truth.FALSE) and decisive:
            return _explain(decisive[0], lookup, want)
        return [r for o in (decisive or node.operands) for r in _explain(o, lookup, want)]
    if isinstance(node, cond.Not):
        flipped = {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE}.get(want, want)
        return _explain(node.operand, lookup, flipped)
    return cond.refs(node)


def _causes(condition: Condition, lookup, want: Truth, statuses: Mapping[str, Status],
            bundle: Bundle) -> tuple[Cause, ...]:
    out: dict[str, Cause] = {}
    for ref in _explain(condition.node, lookup, want):
        qid = condition.resolve(ref.name)
        if qid in out:
            continue
        st = statuses.get(qid)
        entry = bundle.by_id.get(qid)
        if st is None or entry is None:
            shown = ABSENT_SHOWN
        elif st.status == SKIPPED:
            shown = SKIPPED_SHOWN
        elif st.answer is not None:
            shown = display(entry.question, st.answer, entry.grid.scale)
        else:
            shown = PENDING_SHOWN
        out[qid] = Cause(qid, shown, cause_label(bundle, qid, st))
    return tuple(out.values())


def cause_label(bundle: Bundle, qid: str, status: Status | None = None) -> str:
    """The question the team answered, as people name it: through an equivalent question, the one
    they were asked (a profile question, not the grid's copy of it)."""
    if status is not None and status.via and status.via in bundle.by_id:
        qid = status.via
    entry = bundle.by_id.get(qid)
    return question_ref(entry) if entry is not None else "une question d'une grille absente de cette instruction"


def _answer_for(entry: Entry, answers: Mapping[str, Answer], bundle: Bundle) -> tuple[Answer | None, str | None]:
    own = answers.get(entry.id)
    if own is not None:
        return own, None
    for other in bundle.equivalents.get(entry.id, ()):
        a = answers.get(other)
        if other != entry.id and a is not None and a.kind != NOT_APPLICABLE:
            return a, other
    return None, None


def lookup_in(bundle: Bundle, statuses: Mapping[str, Status], condition: Condition):
    """What `condition` reads, from the statuses decided so far (a later question is pending)."""
    def lookup(name: str) -> Known:
        qid = condition.resolve(name)
        if qid in bundle.by_id and qid not in statuses:
            return Known(State.PENDING)  # not decided yet (a later question)
        return _known(statuses.get(qid))
    return lookup


def causes_of(bundle: Bundle, statuses: Mapping[str, Status], condition: Condition, want: Truth) -> tuple[Cause, ...]:
    """The answers that make `condition` come out `want`, as people read them."""
    return _causes(condition, lookup_in(bundle, statuses, condition), want, statuses, bundle)


def evaluate(bundle: Bundle, answers: Mapping[str, Answer]) -> Evaluation:
    """Decide every question's status in asking order, then the red lines and warnings."""
    statuses: dict[str, Status] = {}

    def lookup_for(condition: Condition):
        return lookup_in(bundle, statuses, condition)

    for entry in bundle.entries:
        verdict = Truth.TRUE
        uncertain: list[str] = []
        reason = None
        for condition in entry.conditions:
            lookup = lookup_for(condition)
            truth = cond.evaluate(condition.node, lookup)
            if truth is Truth.FALSE:
                verdict = Truth.FALSE
                reason = SkipReason(condition.text, condition.owner,
                                    _causes(condition, lookup, Truth.FALSE, statuses, bundle), condition.label)
                break
            if truth is Truth.PENDING:
                verdict = Truth.PENDING
            elif truth is Truth.UNKNOWN:
                uncertain.extend(q for q in condition.resolved
                                 if statuses.get(q) is not None and statuses[q].status == UNKNOWN)
        answer, via = _answer_for(entry, answers, bundle)
        if verdict is Truth.FALSE:
            statuses[entry.id] = Status(entry.id, SKIPPED, reason=reason)
        elif verdict is Truth.PENDING:
            statuses[entry.id] = Status(entry.id, WAITING)
        elif answer is None:
            statuses[entry.id] = Status(entry.id, TO_ASK, uncertain=tuple(uncertain))
        else:
            kind = {DONT_KNOW: UNKNOWN, NOT_APPLICABLE: DECLARED_NA}.get(answer.kind, ANSWERED)
            statuses[entry.id] = Status(entry.id, kind, answer, via, uncertain=tuple(uncertain))

    evaluation = Evaluation(bundle, statuses)
    drawn: dict[str, list[RuleEntry]] = {}  # one red line, drawn by the rules of every grid sharing its id
    for rule in bundle.rules:
        drawn.setdefault(rule.id, []).append(rule)
    for rule_id, rules in drawn.items():
        flag, truth = _decide(rules, lookup_for, statuses, bundle)
        evaluation.rule_truths[rule_id] = truth
        if flag is not None:
            evaluation.flags.append(flag)
    return evaluation


def _decide(rules: list[RuleEntry], lookup_for, statuses, bundle) -> tuple[Flag | None, Truth]:
    """Raised if any rule's condition holds; else to check if one hangs on a "je ne sais pas" or
    says a fact is not established; else false (or pending) for all."""

    def dont_know(rule: RuleEntry, condition: Condition) -> Flag:
        unknowns = tuple(Cause(q, "Je ne sais pas", cause_label(bundle, q, statuses[q])) for q in condition.resolved
                         if statuses.get(q) is not None and statuses[q].status == UNKNOWN)
        return Flag(rule, False, unknowns)

    truths = []
    for rule in rules:
        if rule.condition is None:
            continue
        lookup = lookup_for(rule.condition)
        truth = cond.evaluate(rule.condition.node, lookup)
        if truth is Truth.TRUE:
            return Flag(rule, True, _causes(rule.condition, lookup, Truth.TRUE, statuses, bundle)), Truth.TRUE
        truths.append((rule, rule.condition, truth))
    for rule in rules:  # then what leaves it to check: a fact the source asks to establish, not established
        if rule.verify is not None:
            lookup = lookup_for(rule.verify)
            truth = cond.evaluate(rule.verify.node, lookup)
            if truth is Truth.TRUE:
                causes = _causes(rule.verify, lookup, Truth.TRUE, statuses, bundle)
                return Flag(rule, False, causes, True), Truth.UNKNOWN
            truths.append((rule, rule.verify, truth))
    for rule, condition, truth in truths:
        if truth is Truth.UNKNOWN:
            return dont_know(rule, condition), Truth.UNKNOWN
    pending = any(truth is Truth.PENDING for _, _, truth in truths)
    return None, Truth.PENDING if pending else Truth.FALSE


def effects_of_choice(bundle: Bundle, answers: Mapping[str, Answer], question_id: str,
                      answer: Answer) -> dict[str, list[str]]:
    """What answering `answer` would open, skip or flag (red lines and warnings it raises, by id),
    compared with the current answers.

    Used to explain the profile's choices ("ce choix écarte …"); pure, like the rest.
    """
    before = evaluate(bundle, answers)
    after = evaluate(bundle, {**answers, question_id: answer})
    opened, skipped = [], []
    for entry in bundle.entries:
        was, now = before.statuses[entry.id].status, after.statuses[entry.id].status
        if now == SKIPPED and was != SKIPPED:
            skipped.append(entry.id)
        elif was in (SKIPPED, WAITING) and now not in (SKIPPED, WAITING):
            opened.append(entry.id)
    raised_before = {f.id for f in before.flags if f.raised}
    raised = [f.id for f in after.flags if f.raised and f.id not in raised_before]
    return {"ouvre": opened, "ecarte": skipped, "signale": raised}
