"""Dialogue benchmarks (issue: the adaptive dialogue).

Measures, against baselines taken in the same run:
- step latency from an answer to the next question on screen (the answer and its derived events
  in one journal transaction, the graph's step and checkpoint, the question recorded as shown),
  median and p95, on a journal already holding 100 000 events; baseline: the pure rules alone
  (evaluate) plus one raw SQLite insert, i.e. the least any step must do;
- checkpoint bytes stored per answer;
- a whole headless Nantes instruction; baseline: the pure rules walking the same answers.

Run: .venv/bin/python bench/bench_dialogue.py   (target: p95 step ≤ 20 ms on a 2-core machine)
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _common import fill_journal, summary_ms
from conftest import CALM_PROFILE, answers_of
from dialogue_helpers import default_value

from dialogues.store import Store
from grilles.catalog import load_catalog
from grilles.rules import evaluate
from journal.log import Actor

ALICE = Actor("Alice", "metier")
PROFILE = {**CALM_PROFILE, "profil.donnees_personnelles": "oui", "profil.donnees_sensibles": "non",
           "profil.utilisateurs": "les_deux", "profil.stade": "production", "profil.apprentissage_profond": "oui"}


def run_instruction(store: Store):
    session = store.start("Banc d'essai", ALICE, ["nantes"])
    steps, answers = [], {}
    turn = session.present()
    while turn.kind == "question":
        qid = turn.question.id
        value = PROFILE.get(qid, default_value(turn.question))
        answers[qid] = value
        t0 = time.perf_counter()
        session.answer(qid, value, ALICE)
        turn = session.present()  # the next question is on screen, recorded as shown
        steps.append(time.perf_counter() - t0)
    return session, steps, answers


def baseline_steps(store: Store, answers: dict, db: Path):
    """The floor: the rules' verdict plus one raw insert per answer, no graph, no checkpoint."""
    bundle = store.bundle_for(["profil", "nantes"])
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (k TEXT, v TEXT)")
    given, steps = {}, []
    parsed = answers_of(bundle, answers)
    for qid in answers:
        t0 = time.perf_counter()
        conn.execute("INSERT INTO t VALUES (?, ?)", (qid, str(answers[qid])))
        given[qid] = parsed[qid]
        _ = evaluate(bundle, given).next_question  # the step's work: the rules choose the next question
        steps.append(time.perf_counter() - t0)
    conn.close()
    return steps


def checkpoint_bytes(path: Path, thread: str) -> int:
    conn = sqlite3.connect(path)
    total = 0
    for table, column in (("checkpoints", "checkpoint"), ("writes", "value")):
        row = conn.execute(f"SELECT coalesce(sum(length({column})), 0) FROM {table} WHERE thread_id = ?",
                           (thread,)).fetchone()
        total += row[0]
    conn.close()
    return total


def main() -> None:
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        fill_journal(tmp / "journal.sqlite", 100_000)
        print(f"(préparation : journal de 100 000 événements en {time.perf_counter() - t0:.1f} s)")
        store = Store.open(tmp / "journal.sqlite", tmp / "reprises.sqlite", catalog)
        run_instruction(store)  # warm-up: imports, caches
        t0 = time.perf_counter()
        session, steps, answers = run_instruction(store)
        whole = time.perf_counter() - t0
        base = baseline_steps(store, answers, tmp / "base.sqlite")
        t0 = time.perf_counter()
        baseline_steps(store, answers, tmp / "base2.sqlite")
        whole_base = time.perf_counter() - t0
        size = checkpoint_bytes(tmp / "reprises.sqlite", session.id)
        store.close()
    base_p95 = sorted(base)[int(0.95 * (len(base) - 1))]
    p95 = sorted(steps)[int(0.95 * (len(steps) - 1))]
    print(f"Étape réponse → question suivante ({len(steps)} réponses, journal de 100 000 événements)")
    print(f"  instruire           : {summary_ms(steps)}")
    print(f"  référence (règles + 1 insertion SQLite) : {summary_ms(base)}")
    print(f"  rapport p95 instruire / référence : {p95 / base_p95:.1f}×   (cible : p95 ≤ 20 ms)")
    print(f"Points de reprise : {size / len(steps) / 1024:.1f} Kio par réponse ({size / 1024:.0f} Kio au total)")
    print(f"Instruction Nantes complète sans interface : {whole:.2f} s ; référence (règles seules) "
          f"{whole_base:.3f} s ; rapport {whole / whole_base:.0f}×")


if __name__ == "__main__":
    main()
