"""Where the command line writes: a `--sortie FICHIER` or `--dossier DOSSIER` into a folder that does
not exist yet is created, and said, as a person who typed a new folder's name expects; a folder that
cannot be created is a French error before anything is played or written."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.errors import UserError


def ensure_folder(folder: Path | str) -> Path:
    folder = Path(folder)
    if folder.is_dir():
        return folder
    if folder.exists():
        raise UserError(f"impossible d'écrire dans {folder} : ce n'est pas un dossier")
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        from grilles.system_errors import os_error_text

        raise UserError(f"impossible de créer le dossier {folder} : {os_error_text(exc)}") from None
    print(f"instruire : dossier créé : {folder}", file=sys.stderr)
    return folder


def output_file(target: str | None) -> Path | None:
    """The file asked for, its folder created (and said) if it did not exist."""
    if not target or target == "-":
        return None
    path = Path(target)
    ensure_folder(path.parent if str(path.parent) else Path("."))
    return path
