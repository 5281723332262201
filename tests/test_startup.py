"""The first screen comes before the dialogue machinery (`instruire web`: see test_web.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FIRST_SCREEN = """
import sys
from pathlib import Path
from assistant.config import Settings
from grilles.catalog import load_catalog
from assistant.ui.app import InstruireApp

class Probe(InstruireApp):
    def load_store(self):  # the worker is what imports LangGraph: hold it back to see the first screen alone
        pass

    def on_ready(self):
        print("screen:", type(self.screen).__name__)
        print("langgraph loaded:", any(m.startswith("langgraph") for m in sys.modules))
        self.exit()

tmp = Path(sys.argv[1])
Probe(Settings(tmp), load_catalog(), tmp / "j.sqlite", tmp / "c.sqlite").run(headless=True)
"""


def test_langgraph_is_not_imported_before_the_first_screen(tmp_path):
    env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent"}
    out = subprocess.run([sys.executable, "-c", FIRST_SCREEN, str(tmp_path)], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=60)
    assert "screen: HomeScreen" in out.stdout, out.stderr
    assert "langgraph loaded: False" in out.stdout


def test_the_command_line_does_not_import_the_heavy_parts():
    code = ("import sys, assistant.cli as c; c.build_parser(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'langgraph', 'textual', 'docx', 'odf'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
