"""The events the rules derive from an answer: skips, restorations, red lines and warnings.

They are computed by comparing what the rules say now with what the journal already says,
and written in the same transaction as the act that caused them: an answer is never in the
journal without its consequences, and writing them twice is impossible.
"""

from __future__ import annotations

from grilles.bundle import Bundle
from grilles.conditions import Truth
from grilles.formats import flag_json
from grilles.rules import SKIPPED, Evaluation
from journal import kinds
from journal.log import Actor, Draft
from journal.view import View


def derived(view: View, evaluation: Evaluation, bundle: Bundle) -> list[Draft]:
    """What the journal (folded in `view`) does not know yet of what the rules say (`evaluation`)."""
    out: list[Draft] = []

    def add(kind: str, payload: dict, grid: str = "") -> None:
        out.append(Draft(kind, payload, Actor.system(), grid, view.grid_versions.get(grid, "") if grid else ""))

    for entry in bundle.entries:
        st = evaluation.statuses[entry.id]
        if st.status == SKIPPED:
            why = st.skip_reason
            reason = {"question": entry.id, "condition": why.condition, "owner": why.owner,
                      "causes": [{"question": c.question, "answer": c.shown} for c in why.causes],
                      "message": why.message}
            known = view.skipped.get(entry.id)
            if known is None or known.get("message") != reason["message"]:
                add(kinds.SKIPPED, reason, entry.grid.id)
        elif entry.id in view.skipped:
            add(kinds.RESTORED, {"question": entry.id}, entry.grid.id)
    raised = {f.id: f for f in evaluation.flags if f.raised}
    for rule_id, flag in raised.items():
        if rule_id not in view.flags:
            add(kinds.RED_LINE if flag.is_red_line else kinds.WARNING, flag_json(flag), flag.rule.grid.id)
    for rule_id in list(view.flags):
        if rule_id not in raised:
            # Definitely false: it no longer applies. Otherwise it hangs on an unknown or a pending answer.
            definite = evaluation.rule_truths.get(rule_id) is Truth.FALSE
            add(kinds.FLAG_CLEARED, {"rule": rule_id, "reason": "ne_s_applique_plus" if definite else "a_verifier"})
    return out


__all__ = ["derived"]
