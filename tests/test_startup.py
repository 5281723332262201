"""The first screen comes before the dialogue machinery; the web server serves the app."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_instruire_web_serves_the_app_on_loopback(tmp_path):
    port = free_port()
    env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent", "INSTRUIRE_DONNEES": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "web", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    try:
        deadline = time.time() + 30
        page = None
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode("utf-8")
                    assert response.status == 200
                break
            except OSError:
                time.sleep(0.3)
        assert page is not None, "le serveur n'a pas répondu"
        assert "instruire" in page
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_web_refuses_a_non_local_address(tmp_path):
    env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent", "INSTRUIRE_DONNEES": str(tmp_path)}
    r = subprocess.run([sys.executable, "-m", "assistant.cli", "web", "--hote", "0.0.0.0"], capture_output=True,
                       text=True, env=env, cwd=ROOT, timeout=30)
    assert r.returncode == 1 and "refusée" in r.stderr and "Traceback" not in r.stderr
