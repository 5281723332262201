"""Writing documents to disk: readable by their owner only, like the journal, and under names
that cannot leave the chosen folder.

A report holds what a team said about people's data and a project's weaknesses: it is created
0600 (and an existing file is brought back to 0600), written whole to a temporary file beside
it and then renamed, so that a reader never sees half a document.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

PRIVATE = 0o600
SLUG_MAX = 80


def write_private(target: Path | str, data: bytes) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:40]}.", suffix=".tmp")
    try:
        os.fchmod(fd, PRIVATE)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):  # the error that brought us here is the one to tell
            os.unlink(tmp)
        raise
    os.chmod(target, PRIVATE)
    return target


def slug(text: str) -> str:
    """« ../../Évaluation RH » → « evaluation-rh »: letters, digits and dashes only, never empty,
    never a path. File names are built from this alone (an instruction id may be crafted)."""
    ascii_ = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:SLUG_MAX].strip("-")
    return out or "instruction"
