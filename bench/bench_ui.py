"""Interface benchmarks (issue: the Textual interface), each against a baseline in the same run:
- time to the first screen vs a bare Textual app that shows one line        (target ≤ 1.3×);
- time to the first question vs the bare app + importing LangGraph          (target ≤ 1.2×);
- peak memory vs the bare app with LangGraph imported                       (target ≤ 1.25×).

Each figure is the median of several fresh processes (wall time from before the process starts).
Run: .venv/bin/python bench/bench_ui.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import json, resource, sys, time
from textual.app import App
from textual.widgets import Static
LANGGRAPH = sys.argv[1] == "1"

class Bare(App):
    def compose(self):
        yield Static("instruire")
    def on_ready(self):
        first = time.time()
        if LANGGRAPH:
            from langgraph.graph import StateGraph  # noqa: F401
            from langgraph.checkpoint.sqlite import SqliteSaver  # noqa: F401
        self.exit(json.dumps({"screen": first, "ready": time.time()}))

out = json.loads(Bare().run(headless=True, size=(80, 24)))
out["rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(out))
"""

INSTRUIRE = """
import json, resource, sys, time
from pathlib import Path
from assistant.config import Settings
from assistant.ui.app import InstruireApp

tmp = Path(sys.argv[1])
marks = {}

def load():
    from grilles.catalog import load_catalog
    return load_catalog()

class Probe(InstruireApp):
    def on_ready(self):
        marks["screen"] = time.time()
        marks["modules_at_first_screen"] = len(sys.modules)
        # (no super(): Textual calls the base class's handler too)

    def on_store_ready(self, message):
        from journal.log import Actor
        session = message.store.start("Banc d'essai", Actor("Alice", "metier"), ["nantes"])
        from assistant.ui.controller import Step
        from assistant.ui.screens.conversation import ConversationScreen
        self.push_screen(ConversationScreen(session, Step(session.turn())))
        self.call_after_refresh(self.first_question)

    def first_question(self):
        marks["question"] = time.time()
        self.exit()

Probe(Settings(tmp), load, tmp / "j.sqlite", tmp / "c.sqlite").run(headless=True, size=(80, 24))
marks["rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(marks))
"""


def run(code: str, *args: str) -> tuple[float, dict]:
    env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent"}
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=120)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return start, json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    bare_screen, bare_lg_ready, bare_lg_rss, our_screen, our_question, our_rss = [], [], [], [], [], []
    for _ in range(runs):
        start, out = run(BARE, "0")
        bare_screen.append(out["screen"] - start)
        start, out = run(BARE, "1")
        bare_lg_ready.append(out["ready"] - start)
        bare_lg_rss.append(out["rss_kib"])
        with tempfile.TemporaryDirectory() as tmp:
            start, out = run(INSTRUIRE, tmp)
        our_screen.append(out["screen"] - start)
        our_question.append(out["question"] - start)
        our_rss.append(out["rss_kib"])
    med = statistics.median
    print(f"({runs} processus par mesure, médianes, 80×24, sans terminal)")
    print(f"Premier écran : instruire {med(our_screen) * 1000:.0f} ms ; application Textual nue "
          f"{med(bare_screen) * 1000:.0f} ms ; rapport {med(our_screen) / med(bare_screen):.2f}× (cible ≤ 1,3×)")
    print(f"Première question : instruire {med(our_question) * 1000:.0f} ms ; application nue + import de LangGraph "
          f"{med(bare_lg_ready) * 1000:.0f} ms ; rapport {med(our_question) / med(bare_lg_ready):.2f}× (cible ≤ 1,2×)")
    print(f"Mémoire maximale : instruire {med(our_rss) / 1024:.0f} Mio ; application nue + LangGraph "
          f"{med(bare_lg_rss) / 1024:.0f} Mio ; rapport {med(our_rss) / med(bare_lg_rss):.2f}× (cible ≤ 1,25×)")


if __name__ == "__main__":
    main()
