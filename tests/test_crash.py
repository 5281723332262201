"""kill -9 at random moments: no answer already given is lost, the waiting question comes back."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from dialogue_helpers import ALICE, new_store

from grilles.rules import evaluate
from journal import kinds
from journal.verify import verify

CHILD = Path(__file__).parent / "crash_child.py"


def run_child_and_kill(directory: Path, instruction: str, rng: random.Random) -> tuple[list[str], bool]:
    proc = subprocess.Popen([sys.executable, str(CHILD), str(directory), instruction],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    acknowledged = []
    target = rng.randint(1, 12)
    done = False
    for line in proc.stdout:
        if line.startswith("ANSWERED"):
            acknowledged.append(line.split()[1])
            if len(acknowledged) >= target:
                time.sleep(rng.uniform(0, 0.03))  # land anywhere: mid-append, mid-graph-step, mid-checkpoint
                break
        elif line.startswith("DONE"):
            done = True
            break
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return acknowledged, done


def test_kill_9_at_random_points_loses_no_answer(tmp_path, catalog):
    rng = random.Random(20261122)
    store = new_store(tmp_path, catalog)
    instruction = store.start("Survivre aux pannes", ALICE, ["nantes"]).id
    store.close()
    acknowledged: list[str] = []
    for _ in range(6):
        acked, done = run_child_and_kill(tmp_path, instruction, rng)
        acknowledged += acked
        store = new_store(tmp_path, catalog)
        session = store.resume(instruction)
        # every answer the child saw recorded is there, and the graph's checkpoint is level with the journal
        given = {e.payload["question"] for e in store.journal.events(instruction, [kinds.ANSWERED])}
        assert set(acknowledged) <= given
        state = store.graph.get_state(session.config).values
        assert (state["applied"], state["applied_hash"]) == session.flow_head()
        # the waiting question is asked again: the first applicable unanswered one
        turn = session.turn()
        expected = evaluate(session.bundle, session.view.answers_for_rules()).next_question
        assert (turn.question.id if turn.question else None) == (expected.id if expected else None)
        # no answer was recorded twice, and the chain is intact
        answered = [e.payload["question"] for e in store.journal.events(instruction, [kinds.ANSWERED])]
        assert len(answered) == len(set(answered))
        assert verify(store.journal).ok
        store.close()
        if done:
            break
    assert len(acknowledged) >= 6
