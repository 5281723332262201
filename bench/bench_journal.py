"""Journal benchmarks (issue: the journal), against baselines measured in the same run:
- append rate: Journal.append (one transaction per event, hash chain) vs raw SQLite single-row
  inserts, each in its own transaction, same WAL settings;
- verification of 1 000 000 events vs a plain scan of the same rows (target ≤ 10 s).

Run: .venv/bin/python bench/bench_journal.py [--events N]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import fill_journal

from journal import kinds
from journal.log import Actor, Journal
from journal.verify import verify

ALICE = Actor("Alice", "metier")


def append_rate(tmp: Path, n: int) -> tuple[float, float]:
    journal = Journal(tmp / "append.sqlite")
    t0 = time.perf_counter()
    for i in range(n):
        journal.append("i", kinds.NOTE, {"question": None, "text": f"note {i}"}, ALICE)
    ours = n / (time.perf_counter() - t0)
    journal.close()
    conn = sqlite3.connect(tmp / "raw.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE t (seq INTEGER PRIMARY KEY, instruction TEXT, kind TEXT, payload TEXT)")
    t0 = time.perf_counter()
    for i in range(n):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (instruction, kind, payload) VALUES (?, ?, ?)", ("i", "note", f"note {i}"))
        conn.execute("COMMIT")
    raw = n / (time.perf_counter() - t0)
    conn.close()
    return ours, raw


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ours, raw = append_rate(tmp, args.appends)
        print(f"Ajout d'événements ({args.appends}) : instruire {ours:,.0f}/s ; SQLite brut {raw:,.0f}/s ; "
              f"rapport {raw / ours:.1f}× plus lent".replace(",", " "))
        t0 = time.perf_counter()
        fill_journal(tmp / "big.sqlite", args.events)
        print(f"(préparation : {args.events:,} événements en {time.perf_counter() - t0:.1f} s)".replace(",", " "))
        journal = Journal(tmp / "big.sqlite")
        t0 = time.perf_counter()
        scanned = sum(1 for _ in journal.raw_rows())
        scan = time.perf_counter() - t0
        t0 = time.perf_counter()
        verdict = verify(journal)
        took = time.perf_counter() - t0
        journal.close()
        assert verdict.ok and verdict.count == scanned
        print(f"Vérification de {args.events:,} événements : {took:.2f} s (cible ≤ 10 s) ; "
              f"lecture seule {scan:.2f} s ; rapport {took / scan:.1f}×".replace(",", " "))


if __name__ == "__main__":
    main()
