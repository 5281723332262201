"""When Python's cycle collector runs: between answers, while the team reads, not in the middle of one.

A full pass over a long instruction's objects stops every thread for 50-250 ms, and by default it
comes about every ten answers, wherever it falls: between a key and the next question painted.
So what lives as long as the app (Textual, the grids, LangGraph) is frozen out of the passes once
loaded, full passes become rare on their own, and the app runs one when the team pauses (the act
runner's idle moment) and a few answers have passed since the last one.
"""

from __future__ import annotations

import gc

FULL_EVERY = 25  # younger passes before a full one comes on its own (Python's default: 10)
IDLE_AFTER_ACTS = 8  # acts since the last full pass before an idle moment runs one


class Collector:
    def __init__(self) -> None:
        self.collected_at = 0  # the acts run when the last full pass ran

    def settle(self) -> None:
        """Everything loaded so far lives as long as the app: out of the collector's passes (after one
        last pass, so that no garbage is frozen with it)."""
        gc.collect()
        gc.freeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_EVERY)

    def when_idle(self, acts: int) -> None:
        """The team is reading: a full pass now, if a few acts (of the `acts` run so far) have left
        their garbage since the last."""
        if acts - self.collected_at >= IDLE_AFTER_ACTS:
            self.collected_at = acts
            gc.collect()
