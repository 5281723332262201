"""Helpers shared by the benchmarks: timing, percentiles, synthetic journals."""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from journal import kinds
from journal.log import COLUMNS, GENESIS, TABLE, Journal, canonical, chain_hash, utc_now


def percentile(values, p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary_ms(values) -> str:
    return f"médiane {statistics.median(values) * 1000:7.2f} ms   p95 {percentile(values, 95) * 1000:7.2f} ms"


@contextmanager
def timed(label: str, results: dict):
    start = time.perf_counter()
    yield
    results[label] = time.perf_counter() - start


def fill_journal(path: Path, count: int, instructions: int = 1000) -> None:
    """Append `count` synthetic but valid (chained) events in one transaction: fast set-up, not a measure."""
    Journal(path).close()
    journal = Journal(path)
    conn = journal.conn
    last = conn.execute(f"SELECT seq, hash FROM {TABLE} ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0], last[1]) if last else (0, GENESIS)
    rows = []
    at = utc_now()
    for i in range(count):
        seq += 1
        instruction = f"synthetique-{i % instructions:05d}"
        payload = canonical({"question": None, "text": f"note {i}"})
        digest = chain_hash(seq, at, instruction, kinds.NOTE, "Banc", "metier", "", "", payload, prev)
        rows.append((seq, at, instruction, kinds.NOTE, "Banc", "metier", "", "", payload, prev, digest))
        prev = digest
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.execute("COMMIT")
    journal.close()
