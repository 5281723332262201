"""Shared by the document tests: a private copy of the realistic journal, and the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers_play import copy_journal, shared_realistic


@pytest.fixture()
def journal_copy(tmp_path_factory, catalog, tmp_path):
    source, instruction = shared_realistic(tmp_path_factory, catalog)
    return copy_journal(source, tmp_path), instruction


def instruire(*args: str, journal: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", "--journal", str(journal), *args],
                          capture_output=True, text=True, timeout=180)
