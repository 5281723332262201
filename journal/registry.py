"""The registry: every instruction of the journal in one list, the public list of the
organisation's AI uses that the Tours framework asks to keep « répertoriés et consultables ».

One SQL pass over the events, in seq order, with SQLite's JSON functions extracting the few
payload fields needed (so Python never parses a whole payload, and the displayed questions,
about half of all events, are not even read), folded per instruction into a small record.
10 000 instructions (200 000 events) take well under the 2 s budget (see bench/bench_reports.py).

Columns (French: they are what the public reads):
id, projet, service, stade, grilles, lignes_rouges, derniere_decision, date_decision,
points_ouverts, ouverte_le, then avancement, tour, etat, derniere_activite.

`points_ouverts` counts the questions answered « je ne sais pas » still in force (the report
lists, besides, the red lines « à vérifier » that hang on them). `avancement` is the share of
the questions not skipped that have an answer (an answer given through an equivalent question
counts for both).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from grilles import declared
from grilles.bundle import build_or_raise
from grilles.schema import DONT_KNOW, NOT_APPLICABLE
from journal import kinds
from journal.csv_export import write_csv
from journal.report_model import now_iso
from journal.view import LEGACY_STAGE_QUESTION, asked_again

COLUMNS = ("id", "projet", "service", "stade", "grilles", "lignes_rouges", "derniere_decision", "date_decision",
           "points_ouverts", "ouverte_le", "avancement", "tour", "etat", "derniere_activite")

_ANSWER_KINDS = (kinds.ANSWERED, kinds.CHANGED)
_KINDS = (kinds.OPENED, kinds.ANSWERED, kinds.CHANGED, kinds.SKIPPED, kinds.RESTORED, kinds.RED_LINE,
          kinds.WARNING, kinds.FLAG_CLEARED, kinds.DECISION, kinds.ROUND)


def _in(names) -> str:
    return "(" + ", ".join(f"'{k}'" for k in names) + ")"  # constants of journal.kinds, never user input


# One row per relevant event; only what the fold needs, extracted by SQLite.
SQL = f"""
SELECT instruction, kind, at,
       CASE WHEN kind IN {_in((kinds.ANSWERED, kinds.CHANGED, kinds.SKIPPED, kinds.RESTORED))}
            THEN json_extract(payload, '$.question') END,
       CASE WHEN kind IN {_in(_ANSWER_KINDS)} THEN json_extract(payload, '$.answer.kind') END,
       CASE WHEN kind IN {_in((kinds.RED_LINE, kinds.WARNING, kinds.FLAG_CLEARED))}
            THEN json_extract(payload, '$.rule') END,
       CASE WHEN kind = '{kinds.RED_LINE}' THEN json_extract(payload, '$.title')
            WHEN kind IN {_in(_ANSWER_KINDS)} THEN json_extract(payload, '$.answer.value') END,  -- the stage, if it is
       CASE WHEN kind IN {_in((kinds.OPENED, kinds.DECISION, kinds.ROUND))} THEN payload END
FROM events
WHERE kind IN {_in(_KINDS)}
ORDER BY seq
"""


@dataclass(slots=True)
class _Record:
    id: str
    title: str = ""
    service: str = ""
    mode: str = "complete"
    grids: list = field(default_factory=list)
    opened_at: str = ""
    last_at: str = ""
    round: int = 1
    stage: str | None = None
    stage_question: str | None = None  # as declared by the grids when it was opened
    answers: dict = field(default_factory=dict)  # question -> answer kind ("valeur", "nsp", "na")
    skipped: set = field(default_factory=set)
    red_lines: dict = field(default_factory=dict)  # rule -> title, in force
    decision: dict | None = None  # the last one: label, at, round


def fold(rows) -> dict[str, _Record]:
    """Fold the query's rows, in seq order, into one record per instruction (same rules as
    `journal.view.apply`, restricted to what the registry shows)."""
    out: dict[str, _Record] = {}
    for instruction, kind, at, question, answer_kind, rule, text, payload in rows:
        if kind == kinds.OPENED:
            p = json.loads(payload)
            rec = out[instruction] = _Record(instruction, p["title"], p.get("service", ""), p.get("mode", "complete"),
                                             list(p["grids"]), at)
            rec.stage_question = p.get("stage_question", LEGACY_STAGE_QUESTION)
            rec.last_at = at
            continue
        rec = out.get(instruction)
        if rec is None:
            continue  # events before the opening: not an instruction the registry can show
        rec.last_at = at
        if kind in _ANSWER_KINDS:
            rec.answers[question] = answer_kind
            rec.skipped.discard(question)
            if question == rec.stage_question:
                rec.stage = text
        elif kind == kinds.SKIPPED:
            rec.skipped.add(question)
            rec.answers.pop(question, None)
        elif kind == kinds.RESTORED:
            rec.skipped.discard(question)
        elif kind == kinds.RED_LINE:
            rec.red_lines[rule] = text or rule
        elif kind == kinds.FLAG_CLEARED:
            rec.red_lines.pop(rule, None)
        elif kind == kinds.DECISION:
            p = json.loads(payload)
            rec.decision = {"label": p.get("label", p.get("decision", "")), "at": at, "round": rec.round}
        elif kind == kinds.ROUND:
            p = json.loads(payload)
            rec.round = p["round"]
            if p.get("stage"):
                rec.stage = p["stage"]
            if p.get("grids"):
                rec.grids = list(p["grids"])
                rec.mode = p.get("mode", rec.mode)
            for q in [q for q in rec.answers if asked_again(q, p.get("reask", []))]:
                del rec.answers[q]
    return out


class _Grids:
    """What the registry needs from the grids, per grid selection: titles, sizes, equivalences."""

    def __init__(self, catalog):
        self.catalog = catalog
        self._shapes: dict[tuple, tuple | None] = {}
        profile = catalog.profile
        stage = declared.stage_question(profile.grid)
        self.stage_labels = {o.value: o.label for o in stage.options} if stage else {}
        self.profile_id = profile.grid.id

    def title(self, grid_id: str) -> str:
        g = self.catalog.grids.get(grid_id)
        return g.grid.title if g else grid_id

    def shape(self, grids: list[str]):
        key = tuple(grids)
        if key not in self._shapes:
            try:
                bundle = build_or_raise(self.catalog.selection(list(grids)))
                self._shapes[key] = (len(bundle.entries), dict(bundle.equivalents))
            except Exception:  # a grid removed since: the progress is unknown, the rest is shown
                self._shapes[key] = None
        return self._shapes[key]


def _progress(rec: _Record, shape) -> int | None:
    if shape is None:
        return None
    total, equivalents = shape
    covered = set()
    for q, kind in rec.answers.items():
        covered.add(q)
        if kind != NOT_APPLICABLE:
            covered.update(equivalents.get(q, ()))
    applicable = total - len(rec.skipped)
    if applicable <= 0:
        return 100
    return min(100, round(100 * len(covered - rec.skipped) / applicable))


def _state(rec: _Record) -> str:
    decided_now = rec.decision is not None and rec.decision["round"] == rec.round
    if rec.mode == "pre_examen":
        return "pré-examen"
    if decided_now:
        return "décidée"
    return "en cours" if rec.round == 1 else f"en cours (tour {rec.round})"


def row(rec: _Record, grids: _Grids) -> dict:
    return {
        "id": rec.id,
        "projet": rec.title,
        "service": rec.service,
        "stade": grids.stage_labels.get(rec.stage, rec.stage or "") if rec.stage else "",
        "grilles": [grids.title(g) for g in rec.grids if g != grids.profile_id],
        "lignes_rouges": list(rec.red_lines.values()),
        "derniere_decision": rec.decision["label"] if rec.decision else "",
        "date_decision": rec.decision["at"][:10] if rec.decision else "",
        "points_ouverts": sum(1 for q, k in rec.answers.items() if k == DONT_KNOW and q not in rec.skipped),
        "ouverte_le": rec.opened_at[:10],
        "avancement": _progress(rec, grids.shape(rec.grids)),
        "tour": rec.round,
        "etat": _state(rec),
        "derniere_activite": rec.last_at[:10],
    }


def rows(journal, catalog) -> list[dict]:
    """Every instruction of the journal, in the order they were opened."""
    import sqlite3

    from journal.log import unreadable

    grids = _Grids(catalog)
    try:
        records = fold(journal.conn.execute(SQL))
    except (sqlite3.OperationalError, ValueError) as exc:  # a payload altered into something not JSON
        raise unreadable(journal, exc) from None
    return [row(rec, grids) for rec in records.values()]


def to_csv(rows_: list[dict], excel: bool = False, notice: str = "") -> str:
    return write_csv(COLUMNS, rows_, excel, notice)


def to_json(rows_: list[dict], generated_at: str | None = None, notice: str = "") -> str:
    doc = {"registre": "usages de l'intelligence artificielle instruits avec instruire", "avertissement": notice,
           "genere_le": generated_at or now_iso(), "nombre": len(rows_),
           "colonnes": list(COLUMNS), "instructions": [{c: r.get(c) for c in COLUMNS} for r in rows_]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


__all__ = ["COLUMNS", "fold", "rows", "to_csv", "to_json"]
