"""On-disk cache of the model's outputs: one small JSON file per key, owner-only.

The key is the SHA-256 of everything that decides the output: the question (id and
wording), the grid version, the model, the mode, the prompt version and the exact user
message sent (which holds the project's title and description in `projet` mode). What is
stored is the model's raw output; the guard runs again on every hit, so a stricter guard
applies to old entries too. A cache that cannot be read or written is a cache miss, never
an error: the dialogue goes on.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from journal.files import write_private

FORMAT = 1


def cache_key(question: str, text: str, grid_version: str, model: str, mode: str, prompt_version: str,
              user_content: str) -> str:
    material = json.dumps([FORMAT, question, text, grid_version, model, mode, prompt_version, user_content],
                          ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class Cache:
    """Files `<key>.json` in `directory`; `directory=None` disables the cache."""

    def __init__(self, directory: Path | None):
        self.directory = Path(directory) if directory is not None else None
        self._ready = False

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise ValueError("clé de cache invalide")
        return self.directory / f"{key}.json"

    def get(self, key: str) -> dict | None:
        if self.directory is None:
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("output"), str):
            return None
        return data

    def put(self, key: str, value: dict) -> bool:
        if self.directory is None:
            return False
        try:
            if not self._ready:
                self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                self._ready = True
            path = self._path(key)
            data = json.dumps({**value, "format": FORMAT}, ensure_ascii=False).encode("utf-8")
            write_private(path, data)  # 0600, whole or not at all
            return True
        except (OSError, ValueError, TypeError):
            return False


__all__ = ["Cache", "cache_key"]
