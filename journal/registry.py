"""The registry: every instruction of the journal in one list, the public list of the
organisation's AI uses that the Tours framework asks to keep « répertoriés et consultables ».

One SQL pass over the events, in seq order, folded by the journal's own view (`journal.view`,
the one fold). It reads only what the registry shows: the kinds of events that make its
columns (the displayed questions, the notes and the rephrasings, over half of all events, are
not even read), and of their payloads only the fields the fold needs for those columns, which
SQLite's JSON functions extract (so Python never parses a whole answer). The views it builds
are therefore partial (no wording shown, no flag message): enough for these columns, not for a
report. 10 000 instructions (200 000 events) take well under the 2 s budget (see
bench/bench_reports.py).

Columns (French: they are what the public reads):
id, projet, service, stade, grilles, lignes_rouges, derniere_decision, date_decision,
points_ouverts, ouverte_le, then avancement, tour, etat, derniere_activite.

`points_ouverts` counts the questions answered « je ne sais pas » still in force (the report
lists, besides, the red lines « à vérifier » that hang on them). `avancement` is the share of
the questions not skipped that have an answer (an answer given through an equivalent question
counts for both).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator

from grilles import declared
from grilles.bundle import build_or_raise
from grilles.schema import DONT_KNOW, NOT_APPLICABLE
from journal import kinds
from journal.csv_export import write_csv
from journal.log import Event
from journal.report_model import now_iso
from journal.view import View, build_all

COLUMNS = ("id", "projet", "service", "stade", "grilles", "lignes_rouges", "derniere_decision", "date_decision",
           "points_ouverts", "ouverte_le", "avancement", "tour", "etat", "derniere_activite")

# What the registry's columns are made of; the other kinds leave them unchanged.
READ_KINDS = (kinds.OPENED, kinds.ANSWERED, kinds.CHANGED, kinds.SKIPPED, kinds.RESTORED, kinds.RED_LINE,
              kinds.WARNING, kinds.FLAG_CLEARED, kinds.DECISION, kinds.ROUND)
_WHOLE = (kinds.OPENED, kinds.DECISION, kinds.ROUND)  # few per instruction: their payload is read whole
_ANSWERS = (kinds.ANSWERED, kinds.CHANGED)
_QUESTIONS = (*_ANSWERS, kinds.SKIPPED, kinds.RESTORED)
_FLAGS = (kinds.RED_LINE, kinds.WARNING, kinds.FLAG_CLEARED)


def _in(names) -> str:
    return "(" + ", ".join(f"'{k}'" for k in names) + ")"  # constants of journal.kinds, never user input


SQL = f"""
SELECT seq, at, instruction, kind, actor_name, actor_role,
       CASE WHEN kind IN {_in(_WHOLE)} THEN payload END,
       CASE WHEN kind IN {_in(_QUESTIONS[2:])} THEN json_extract(payload, '$.question') END,
       CASE WHEN kind IN {_in(_ANSWERS)} THEN json_extract(payload, '$.question', '$.answer') END,
       CASE WHEN kind IN {_in(_FLAGS)} THEN json_extract(payload, '$.rule') END,
       CASE WHEN kind IN {_in(_FLAGS[:2])} THEN json_extract(payload, '$.severity', '$.title') END
FROM events NOT INDEXED  -- in seq order already: no index on kind, no sort
WHERE kind IN {_in(READ_KINDS)}
ORDER BY seq
"""


@functools.lru_cache(maxsize=16384)
def _parsed(text: str):
    """A journal repeats few distinct answers to each question: each is parsed once. Never mutated."""
    return json.loads(text)


def events(journal) -> Iterator[Event]:
    """The registry's events, their payloads cut down to the fields the fold needs for its columns."""
    with journal.lock:
        rows = journal.conn.execute(SQL).fetchall()
    for seq, at, instruction, kind, name, role, whole, question, answer, rule, flag in rows:
        if whole is not None:
            payload = json.loads(whole)
        elif answer is not None:
            question, answer_json = _parsed(answer)
            payload = {"question": question, "answer": answer_json}
        elif rule is not None:
            # a raised flag's [severity, title] (json_extract of two paths); a cleared one has none
            flagged = dict(zip(("severity", "title"), _parsed(flag), strict=True)) if flag else {}
            payload = {"rule": rule, **flagged}
        else:
            payload = {"question": question}
        yield Event(seq, at, instruction, kind, name, role, "", "", payload, "", "")


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


def _progress(view: View, shape) -> int | None:
    if shape is None:
        return None
    total, equivalents = shape
    covered = set()
    for q, record in view.answers.items():
        covered.add(q)
        if record.answer.kind != NOT_APPLICABLE:
            covered.update(equivalents.get(q, ()))
    skipped = set(view.skipped)
    applicable = total - len(skipped)
    if applicable <= 0:
        return 100
    return min(100, round(100 * len(covered - skipped) / applicable))


def _state(view: View) -> str:
    if view.mode == "pre_examen":
        return "pré-examen"
    if view.decision is not None:
        return "décidée"
    return "en cours" if view.round == 1 else f"en cours (tour {view.round})"


def row(view: View, grids: _Grids) -> dict:
    last = view.decisions[-1] if view.decisions else None
    return {
        "id": view.instruction,
        "projet": view.title,
        "service": view.service,
        "stade": grids.stage_labels.get(view.stage, view.stage) if view.stage else "",
        "grilles": [grids.title(g) for g in view.grids if g != grids.profile_id],
        "lignes_rouges": [f.title or f.rule for f in view.flags.values() if f.severity == "ligne_rouge"],
        "derniere_decision": last.label if last else "",
        "date_decision": last.at[:10] if last else "",
        "points_ouverts": sum(1 for r in view.answers.values() if r.answer.kind == DONT_KNOW),
        "ouverte_le": view.opened_at[:10],
        "avancement": _progress(view, grids.shape(view.grids)),
        "tour": view.round,
        "etat": _state(view),
        "derniere_activite": view.last_at[:10],
    }


def rows(journal, catalog) -> list[dict]:
    """Every instruction of the journal, in the order they were opened."""
    import sqlite3

    from journal.log import unreadable

    grids = _Grids(catalog)
    try:
        views = build_all(events(journal))
    except (sqlite3.OperationalError, ValueError, TypeError) as exc:  # a payload altered into something not JSON
        raise unreadable(journal, exc) from None
    return [row(view, grids) for view in views]


def to_csv(rows_: list[dict], excel: bool = False, notice: str = "") -> str:
    return write_csv(COLUMNS, rows_, excel, notice)


def to_json(rows_: list[dict], generated_at: str | None = None, notice: str = "") -> str:
    doc = {"registre": "usages de l'intelligence artificielle instruits avec instruire", "avertissement": notice,
           "genere_le": generated_at or now_iso(), "nombre": len(rows_),
           "colonnes": list(COLUMNS), "instructions": [{c: r.get(c) for c in COLUMNS} for r in rows_]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


__all__ = ["COLUMNS", "events", "rows", "to_csv", "to_json"]
