"""`instruire web` started as a user starts it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
URL = re.compile(r"Ouvrez : (http://\S+)")


@contextmanager
def web_server(data_dir: Path, *extra: str, timeout: float = 30):
    """`instruire web --port 0`: its printed URL, its banner and its process; Ctrl+C (SIGINT) at the end."""
    env = {**os.environ, "INSTRUIRE_CONFIG": str(data_dir / "absent.toml"), "INSTRUIRE_DONNEES": str(data_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "web", "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    lines = []
    try:
        deadline = time.monotonic() + timeout
        url = None
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if m := URL.search(line):
                url = m.group(1)
        assert url, f"pas d'adresse affichée : {''.join(lines)}{proc.stderr.read() if proc.poll() is not None else ''}"
        yield url, "".join(lines), proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        proc.stdout.close()
        proc.stderr.close()
