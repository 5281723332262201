"""The condition language of the grids: a small, closed grammar, parsed by hand.

Why hand-written: a closed grammar has nothing to escape from (no attribute access,
no subscripts, no calls on objects, no imports), and owning the tree lets the
authoring checks see every reference, value and operator with its column.

Grammar (keywords are case-insensitive; English aliases are accepted):

    condition   := ou
    ou          := et ( ("ou" | "or") et )*
    et          := non ( ("et" | "and") non )*
    non         := ("non" | "not") non | comparaison
    comparaison := terme ( OP terme | ("dans" | "in") liste )?
    OP          := "=" | "!=" | "<" | "<=" | ">" | ">="
    terme       := REF | TEXTE | NOMBRE | "vrai" | "faux" | appel | "(" condition ")"
    appel       := FONCTION "(" REF ( "," TEXTE )? ")"
    liste       := "[" TEXTE ( "," TEXTE )* "]"

A REF is a question id, optionally qualified by its grid (`profil.donnees_personnelles`);
the dot belongs to the identifier, it is not attribute access.

Evaluation is three-valued plus one: an answer may be known, "je ne sais pas"
(UNKNOWN), absent (skipped or declared not applicable: comparisons are false),
or not yet given (PENDING). `and`/`or`/`not` follow Kleene's logic, so an unknown
answer can never make a condition definitely false: it never skips a branch.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeGuard

MAX_LENGTH = 2000
MAX_DEPTH = 40

KEYWORDS = {
    "et": "and", "and": "and",
    "ou": "or", "or": "or",
    "non": "not", "not": "not",
    "dans": "in", "in": "in",
    "vrai": "true", "true": "true",
    "faux": "false", "false": "false",
}
# name -> (accepts a value argument, French name shown in messages)
FUNCTIONS = {
    "repondu": False, "answered": False,
    "choisi": True, "chosen": True,
}
CANONICAL_FUNCTION = {"repondu": "repondu", "answered": "repondu", "choisi": "choisi", "chosen": "choisi"}


class ConditionSyntaxError(ValueError):
    """A condition that does not parse; `column` is 1-based inside the expression."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message = message
        self.column = column


# --- the tree ---------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    name: str
    column: int


@dataclass(frozen=True)
class Literal:
    value: str | float | bool
    column: int


@dataclass(frozen=True)
class Compare:
    op: str  # one of = != < <= > >=
    left: Node
    right: Node
    column: int


@dataclass(frozen=True)
class In:
    ref: Node
    values: tuple[Literal, ...]
    column: int


@dataclass(frozen=True)
class Call:
    function: str  # canonical French name
    ref: Ref
    value: Literal | None
    column: int


@dataclass(frozen=True)
class Not:
    operand: Node
    column: int


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Node, ...]
    column: int


Node = Ref | Literal | Compare | In | Call | Not | BoolOp


# --- tokenizer ----------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:[.,]\d+)?)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<op><=|>=|!=|<>|==|=|<|>)
  | (?P<punct>[()\[\],])
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    column: int


def _tokenize(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            ch = text[pos]
            if ch in "'\"":
                raise ConditionSyntaxError("guillemet ouvert mais jamais refermé", pos + 1)
            raise ConditionSyntaxError(f"caractère inattendu « {ch} »", pos + 1)
        kind = m.lastgroup
        assert kind is not None  # every alternative of _TOKEN is a named group
        if kind != "space":
            tok_text = m.group()
            if kind == "name" and tok_text.lower() in KEYWORDS and "." not in tok_text:
                kind = "kw"
            tokens.append(_Tok(kind, tok_text, pos + 1))
        pos = m.end()
    tokens.append(_Tok("end", "", len(text) + 1))
    return tokens


# --- parser -------------------------------------------------------------------------

class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok:
        return self.tokens[self.i]

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def is_kw(self, *names: str) -> bool:
        tok = self.peek()
        return tok.kind == "kw" and KEYWORDS[tok.text.lower()] in names

    def expect_punct(self, ch: str, what: str) -> _Tok:
        tok = self.peek()
        if tok.kind != "punct" or tok.text != ch:
            raise ConditionSyntaxError(f"{what} attendu ici", tok.column)
        return self.take()

    def enter(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionSyntaxError("condition trop imbriquée", column)

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ConditionSyntaxError("condition vide", 1)
        node = self.parse_or()
        tok = self.peek()
        if tok.kind != "end":
            raise ConditionSyntaxError(f"« {tok.text} » inattendu : « et » ou « ou » manquant ?", tok.column)
        return node

    def parse_or(self) -> Node:
        first = self.parse_and()
        operands = [first]
        while self.is_kw("or"):
            self.take()
            operands.append(self.parse_and())
        return first if len(operands) == 1 else BoolOp("or", tuple(operands), _col(first))

    def parse_and(self) -> Node:
        first = self.parse_not()
        operands = [first]
        while self.is_kw("and"):
            self.take()
            operands.append(self.parse_not())
        return first if len(operands) == 1 else BoolOp("and", tuple(operands), _col(first))

    def parse_not(self) -> Node:
        if self.is_kw("not"):
            tok = self.take()
            self.enter(tok.column)
            operand = self.parse_not()
            self.depth -= 1
            return Not(operand, tok.column)
        return self.parse_comparison()

    def parse_comparison(self) -> Node:
        left = self.parse_term()
        tok = self.peek()
        if tok.kind == "op":
            self.take()
            op = {"==": "=", "<>": "!="}.get(tok.text, tok.text)
            right = self.parse_term()
            return Compare(op, left, right, tok.column)
        if self.is_kw("in"):
            self.take()
            return In(left, self.parse_list(), tok.column)
        return left

    def parse_list(self) -> tuple[Literal, ...]:
        self.expect_punct("[", "« [ » (début de liste)")
        values = [self.parse_literal_in_list()]
        while self.peek().kind == "punct" and self.peek().text == ",":
            self.take()
            values.append(self.parse_literal_in_list())
        self.expect_punct("]", "« ] » (fin de liste)")
        return tuple(values)

    def parse_literal_in_list(self) -> Literal:
        tok = self.peek()
        if tok.kind == "string":
            self.take()
            return Literal(tok.text[1:-1], tok.column)
        if tok.kind == "number":
            self.take()
            return Literal(float(tok.text.replace(",", ".")), tok.column)
        raise ConditionSyntaxError("une valeur entre guillemets est attendue dans la liste", tok.column)

    def parse_term(self) -> Node:
        tok = self.peek()
        if tok.kind == "string":
            self.take()
            return Literal(tok.text[1:-1], tok.column)
        if tok.kind == "number":
            self.take()
            return Literal(float(tok.text.replace(",", ".")), tok.column)
        if tok.kind == "kw" and KEYWORDS[tok.text.lower()] in ("true", "false"):
            self.take()
            return Literal(KEYWORDS[tok.text.lower()] == "true", tok.column)
        if tok.kind == "punct" and tok.text == "(":
            self.take()
            self.enter(tok.column)
            node = self.parse_or()
            self.depth -= 1
            self.expect_punct(")", "« ) » (parenthèse fermante)")
            return node
        if tok.kind == "name":
            self.take()
            nxt = self.peek()
            if nxt.kind == "punct" and nxt.text == "(":
                return self.parse_call(tok)
            return Ref(tok.text, tok.column)
        if tok.kind == "end":
            raise ConditionSyntaxError("la condition s'arrête trop tôt", tok.column)
        raise ConditionSyntaxError(f"« {tok.text} » inattendu ici", tok.column)

    def parse_call(self, name_tok: _Tok) -> Call:
        fname = name_tok.text.lower()
        if fname not in FUNCTIONS:
            known = ", ".join(sorted(set(CANONICAL_FUNCTION.values())))
            raise ConditionSyntaxError(
                f"fonction inconnue « {name_tok.text} » (fonctions connues : {known})", name_tok.column
            )
        self.take()  # "("
        ref_tok = self.peek()
        if ref_tok.kind != "name":
            raise ConditionSyntaxError("un identifiant de question est attendu", ref_tok.column)
        self.take()
        value = None
        canonical = CANONICAL_FUNCTION[fname]
        if FUNCTIONS[fname]:
            self.expect_punct(",", f"« , » puis une valeur ({canonical}(question, 'valeur'))")
            vtok = self.peek()
            if vtok.kind != "string":
                raise ConditionSyntaxError("une valeur entre guillemets est attendue", vtok.column)
            self.take()
            value = Literal(vtok.text[1:-1], vtok.column)
        self.expect_punct(")", "« ) » (fin de l'appel)")
        return Call(canonical, Ref(ref_tok.text, ref_tok.column), value, name_tok.column)


def _col(node: Node) -> int:
    return node.column


def parse(text: str) -> Node:
    """Parse a condition; raises ConditionSyntaxError with a French message and column."""
    if len(text) > MAX_LENGTH:
        raise ConditionSyntaxError(f"condition trop longue (plus de {MAX_LENGTH} caractères)", 1)
    return _Parser(text).parse()


# --- analysis -----------------------------------------------------------------------

def refs(node: Node) -> list[Ref]:
    """Every question reference in the tree, in reading order."""
    out: list[Ref] = []

    def walk(n: Node) -> None:
        if isinstance(n, Ref):
            out.append(n)
        elif isinstance(n, Compare):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, In):
            walk(n.ref)
        elif isinstance(n, Call):
            out.append(n.ref)
        elif isinstance(n, Not):
            walk(n.operand)
        elif isinstance(n, BoolOp):
            for o in n.operands:
                walk(o)

    walk(node)
    return out


# --- evaluation ---------------------------------------------------------------------

class Truth(enum.Enum):
    """Kleene truth values, plus PENDING for "cannot be decided yet"."""

    TRUE = "vrai"
    FALSE = "faux"
    UNKNOWN = "inconnu"   # depends on a "je ne sais pas"
    PENDING = "en_attente"  # depends on a question not answered yet

    @staticmethod
    def of(flag: bool) -> Truth:
        return Truth.TRUE if flag else Truth.FALSE


class State(enum.Enum):
    """What a condition can know of a referenced question."""

    VALUE = "valeur"
    UNKNOWN = "nsp"      # answered "je ne sais pas"
    ABSENT = "absente"   # skipped by a rule, or declared not applicable by a participant
    PENDING = "attente"  # applicable (or undecided) and not answered yet


@dataclass(frozen=True)
class Known:
    state: State
    value: object = None  # str | float | tuple[str, ...] when state is VALUE


Lookup = Callable[[str], Known]


def _and(values: list[Truth]) -> Truth:
    if Truth.FALSE in values:
        return Truth.FALSE
    if Truth.PENDING in values:
        return Truth.PENDING
    if Truth.UNKNOWN in values:
        return Truth.UNKNOWN
    return Truth.TRUE


def _or(values: list[Truth]) -> Truth:
    if Truth.TRUE in values:
        return Truth.TRUE
    if Truth.PENDING in values:
        return Truth.PENDING
    if Truth.UNKNOWN in values:
        return Truth.UNKNOWN
    return Truth.FALSE


def _not(value: Truth) -> Truth:
    return {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE}.get(value, value)


def _operand(node: Node, lookup: Lookup) -> Known:
    if isinstance(node, Ref):
        return lookup(node.name)
    if isinstance(node, Literal):
        return Known(State.VALUE, node.value)
    # A boolean sub-expression used as a comparison operand, e.g. `(a = 'x') = vrai`.
    truth = evaluate(node, lookup)
    if truth is Truth.TRUE or truth is Truth.FALSE:
        return Known(State.VALUE, truth is Truth.TRUE)
    return Known(State.UNKNOWN if truth is Truth.UNKNOWN else State.PENDING)


def _state_truth(*knowns: Known) -> Truth | None:
    """The result forced by a non-value operand, or None when all are values."""
    states = {k.state for k in knowns}
    if State.ABSENT in states:
        return Truth.FALSE
    if State.PENDING in states:
        return Truth.PENDING
    if State.UNKNOWN in states:
        return Truth.UNKNOWN
    return None


_ORDER = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


def _compare(op: str, a: object, b: object) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return False  # the checker forbids comparing a multiple choice; stay total anyway
    if op in ("=", "!="):
        equal = a == b if type(a) is type(b) or _is_number(a) and _is_number(b) else False
        return equal if op == "=" else not equal
    if _is_number(a) and _is_number(b):
        return _ORDER[op](float(a), float(b))
    return False


def _is_number(x: object) -> TypeGuard[int | float]:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def evaluate(node: Node, lookup: Lookup) -> Truth:
    """Evaluate a parsed condition against what is known of the answers."""
    if isinstance(node, BoolOp):
        values = [evaluate(o, lookup) for o in node.operands]
        return _and(values) if node.op == "and" else _or(values)
    if isinstance(node, Not):
        return _not(evaluate(node.operand, lookup))
    if isinstance(node, Compare):
        left, right = _operand(node.left, lookup), _operand(node.right, lookup)
        forced = _state_truth(left, right)
        return forced if forced is not None else Truth.of(_compare(node.op, left.value, right.value))
    if isinstance(node, In):
        known = _operand(node.ref, lookup)
        forced = _state_truth(known)
        if forced is not None:
            return forced
        wanted = {lit.value for lit in node.values}
        chosen = known.value if isinstance(known.value, tuple) else (known.value,)
        return Truth.of(any(v in wanted for v in chosen))
    if isinstance(node, Call):
        known = lookup(node.ref.name)
        if node.function == "repondu":
            if known.state is State.VALUE:
                return Truth.TRUE
            return {State.ABSENT: Truth.FALSE, State.UNKNOWN: Truth.UNKNOWN}.get(known.state, Truth.PENDING)
        forced = _state_truth(known)
        if forced is not None:
            return forced
        chosen = known.value if isinstance(known.value, tuple) else (known.value,)
        return Truth.of(node.value is not None and node.value.value in chosen)
    if isinstance(node, Ref):
        known = lookup(node.name)
        forced = _state_truth(known)
        if forced is not None:
            return forced
        return Truth.of(known.value is True or known.value == "oui")
    if isinstance(node, Literal):
        return Truth.of(node.value is True)
    raise TypeError(f"unknown node {node!r}")  # unreachable: the parser builds only the nodes above
