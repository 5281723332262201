"""Shared by the document tests: the command line (their `journal_copy` fixture is in conftest)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def instruire(*args: str, journal: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", "--journal", str(journal), *args],
                          capture_output=True, text=True, timeout=180)
