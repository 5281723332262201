"""What changed between two instructions, or between two rounds of one instruction.

Both sides are read from the journal (a `View`) and evaluated with the grids: answers added,
changed and removed (with the question's text), the stage, the grids and their versions, axis
scores before and after, red lines and warnings raised or cleared, and the people's decisions.
The result is plain data (JSON-ready); `journal.compare_layout` lays it out as a document like the report.

A round's answers are those in force at its end (`View.answers_at_round`); an answer to a
question that the rules skip on that side does not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from grilles import declared
from grilles.answers import Answer, display
from grilles.bundle import Bundle
from grilles.formats import flag_json
from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, UNKNOWN, Evaluation, evaluate
from grilles.scores import axis_scores
from journal.report_model import ReportError, person, question_ref, stage_label
from journal.view import View

_IN_FORCE = (ANSWERED, UNKNOWN, DECLARED_NA)


@dataclass
class Side:
    label: str
    view: View
    bundle: Bundle
    round: int | None  # None: the instruction as it stands
    answers: dict[str, Answer]
    evaluation: Evaluation

    @property
    def stage(self) -> str | None:
        a = self.answers.get(declared.stage_question_id(self.bundle.grids) or "")
        value = a.value if a is not None and a.is_value else None
        return value if isinstance(value, str) else None  # a single choice (check STG001)


def side(view: View, bundle: Bundle, round_: int | None = None, label: str | None = None) -> Side:
    if round_ is not None and not 1 <= round_ <= view.round:
        raise ReportError(f"tour {round_} inconnu pour « {view.title} » (tours 1 à {view.round})")
    records = view.answers_at_round(round_) if round_ is not None else dict(view.answers)
    raw = {q: r.answer for q, r in records.items()}
    evaluation = evaluate(bundle, raw)
    effective = {q: st.answer for q in raw
                 if (st := evaluation.statuses.get(q)) is not None and st.status in _IN_FORCE and not st.via
                 and st.answer is not None}  # (an answer in force is never None: said for mypy)
    return Side(label or (f"tour {round_}" if round_ is not None else view.title), view, bundle, round_,
                effective, evaluation)


def _shown(s: Side, qid: str, answer: Answer) -> str:
    entry = s.bundle.by_id.get(qid)
    return display(entry.question, answer, entry.grid.scale) if entry else str(answer.value)


def _ref(qid: str, a: Side, b: Side) -> dict:
    return question_ref(qid, b.bundle if qid in b.bundle.by_id else a.bundle)


def _describe(s: Side) -> dict:
    v = s.view
    return {"libelle": s.label, "instruction": v.instruction, "titre": v.title, "tour": s.round or v.round,
            "stade": s.stage, "stade_libelle": stage_label(s.bundle, s.stage),
            "grilles": [g.grid.id for g in s.bundle.grids],
            "grilles_titres": {g.grid.id: g.grid.title for g in s.bundle.grids},
            "versions": {g: v.grid_versions.get(g, "") for g in (x.grid.id for x in s.bundle.grids)}}


def _flags(s: Side) -> dict[str, dict]:
    out = {}
    for f in s.evaluation.flags:
        plain = flag_json(f)
        out[f.id] = {"regle": plain["rule"], "titre": plain["title"], "gravite": plain["severity"],
                     "a_verifier": not f.raised}
    return out


def _decisions(s: Side) -> list[dict]:
    ds = [d for d in s.view.decisions if s.round is None or d.round == s.round]
    return [{"tour": d.round, "libelle": d.label, "motif": d.rationale, "le": d.at,
             "personnes": [person(p) for p in d.people]} for d in ds]


def _scores(a: Side, b: Side) -> list[dict]:
    out = []
    grids = {g.grid.id: g.grid for g in a.bundle.grids if g.grid.axes}
    grids.update({g.grid.id: g.grid for g in b.bundle.grids if g.grid.axes})
    for grid_id, grid in grids.items():
        before = {x.axis: x for x in axis_scores(a.evaluation, grid)} if grid_id in a.bundle.grid_ids else {}
        after = {x.axis: x for x in axis_scores(b.evaluation, grid)} if grid_id in b.bundle.grid_ids else {}
        axes = []
        for axis in grid.axes:
            x, y = before.get(axis.id), after.get(axis.id)
            av = None if x is None or x.shown is None else round(x.shown, 2)
            ap = None if y is None or y.shown is None else round(y.shown, 2)
            axes.append({"axe": axis.id, "titre": axis.title, "groupe": axis.group or "", "avant": av, "apres": ap,
                         "ecart": None if av is None or ap is None else round(ap - av, 2)})
        out.append({"grille": grid_id, "titre": grid.title, "axes": axes,
                    "change": any(x["avant"] != x["apres"] for x in axes)})
    return out


def diff(a: Side, b: Side) -> dict:
    added, changed, removed = [], [], []
    order = {e.id: e.index for e in b.bundle.entries}
    order.update({e.id: e.index for e in a.bundle.entries if e.id not in order})
    for qid in sorted(set(a.answers) | set(b.answers), key=lambda q: (order.get(q, 10**9), q)):
        x, y = a.answers.get(qid), b.answers.get(qid)
        if x == y:
            continue
        ref = _ref(qid, a, b)
        if x is None:
            assert y is not None  # both absent is x == y, passed over above
            added.append({**ref, "apres": _shown(b, qid, y)})
        elif y is None:
            reason = b.evaluation.statuses.get(qid)
            removed.append({**ref, "avant": _shown(a, qid, x),
                            "raison": "écartée" if reason is not None and reason.status == SKIPPED
                            else ("hors des grilles" if reason is None else "pas encore répondue")})
        else:
            changed.append({**ref, "avant": _shown(a, qid, x), "apres": _shown(b, qid, y)})
    fa, fb = _flags(a), _flags(b)
    raised = [fb[r] for r in fb if not fb[r]["a_verifier"] and (r not in fa or fa[r]["a_verifier"])]
    cleared = [fa[r] for r in fa if not fa[r]["a_verifier"] and (r not in fb or fb[r]["a_verifier"])]
    kept = [fb[r] for r in fb if not fb[r]["a_verifier"] and r in fa and not fa[r]["a_verifier"]]
    to_check = [fb[r] for r in fb if fb[r]["a_verifier"]]
    da, db = _describe(a), _describe(b)
    ga, gb = da["grilles"], db["grilles"]
    return {
        "document": "comparaison",
        "avant": da, "apres": db,
        "stade": {"avant": da["stade_libelle"], "apres": db["stade_libelle"], "change": da["stade"] != db["stade"]},
        "grilles": {"ajoutees": [g for g in gb if g not in ga], "retirees": [g for g in ga if g not in gb],
                    "versions_changees": [{"grille": g, "avant": da["versions"][g], "apres": db["versions"][g]}
                                          for g in gb if g in ga and da["versions"][g] != db["versions"][g]]},
        "reponses": {"ajoutees": added, "modifiees": changed, "retirees": removed},
        "notes_axes": _scores(a, b),
        "signalements": {"leves": raised, "retires": cleared, "maintenus": kept, "a_verifier": to_check},
        "decisions": {"avant": _decisions(a), "apres": _decisions(b)},
    }


def compare(view_a: View, view_b: View, bundle_a: Bundle, bundle_b: Bundle) -> dict:
    """Two instructions as they stand (A before, B after)."""
    return diff(side(view_a, bundle_a), side(view_b, bundle_b))


def rounds(view: View, bundle: Bundle, round_a: int, round_b: int) -> dict:
    """Two rounds of one instruction (the answers in force at the end of each)."""
    return diff(side(view, bundle, round_a, f"tour {round_a}"), side(view, bundle, round_b, f"tour {round_b}"))


# --- French text ---------------------------------------------------------------------------


def to_markdown(d: dict) -> str:
    """The comparison in Markdown (the other formats: `journal.compare_layout.export`)."""
    from journal.compare_layout import export

    return export(d, "md").decode("utf-8")
