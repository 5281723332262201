"""Where things live: the user's data directory, the configuration file, grid directories.

Order of precedence: command-line option, then environment variable, then the
configuration file (`config.toml` in the user's configuration directory), then defaults.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP = "instruire"


class ConfigError(ValueError):
    """A configuration file that cannot be read; the message is French and names the file."""


@dataclass
class Settings:
    data_dir: Path
    grid_dirs: list[Path] = field(default_factory=list)
    config_file: Path | None = None
    raw: dict = field(default_factory=dict)

    @property
    def journal_path(self) -> Path:
        value = os.environ.get("INSTRUIRE_JOURNAL") or self.raw.get("journal")
        return Path(value).expanduser() if value else self.data_dir / "journal.sqlite"

    def checkpoints_for(self, journal: Path) -> Path:
        """The dialogue's checkpoints: beside the journal they belong to (`journal-reprises.sqlite`),
        unless set explicitly. One rule for every command, so a journal never meets another's."""
        value = os.environ.get("INSTRUIRE_POINTS_DE_REPRISE") or self.raw.get("points_de_reprise")
        if value:
            return Path(value).expanduser()
        return journal.with_name(f"{journal.stem}-reprises.sqlite")

    def organisation(self) -> tuple[str, str]:
        """The organisation's name and contact for its public register ([organisation] in config.toml)."""
        org = self.raw.get("organisation", {})
        if not isinstance(org, dict) or not all(isinstance(org.get(k, ""), str) for k in ("nom", "contact")):
            raise ConfigError(f"{self.config_file} : [organisation] attend nom = \"…\" et contact = \"…\"")
        return org.get("nom", ""), org.get("contact", "")

    def decisions(self, default: dict[str, str]) -> dict[str, str]:
        """The organisation's list of decisions ([decisions] in config.toml), checked."""
        configured = self.raw.get("decisions")
        if configured is None:
            return dict(default)
        if not isinstance(configured, dict) or not configured or \
                not all(isinstance(k, str) and isinstance(v, str) for k, v in configured.items()):
            raise ConfigError(f"{self.config_file} : [decisions] doit associer des codes à des libellés "
                              "(ex. favorable = \"Avis favorable\")")
        return dict(configured)


def config_file() -> Path:
    override = os.environ.get("INSTRUIRE_CONFIG")
    return Path(override).expanduser() if override else Path(user_config_dir(APP)) / "config.toml"


def load_settings(grid_dirs: list[str] | None = None) -> Settings:
    path = config_file()
    raw: dict = {}
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path} : configuration illisible ({exc})") from None
    data_dir = Path(os.environ.get("INSTRUIRE_DONNEES") or raw.get("donnees") or user_data_dir(APP)).expanduser()
    dirs = list(grid_dirs or [])
    env = os.environ.get("INSTRUIRE_GRILLES")
    if env:
        dirs += [d for d in env.split(os.pathsep) if d]
    configured = raw.get("grilles", [])
    if isinstance(configured, str):
        configured = [configured]
    if not isinstance(configured, list) or not all(isinstance(d, str) for d in configured):
        raise ConfigError(f"{path} : « grilles » doit être une liste de dossiers")
    dirs += configured
    return Settings(data_dir, [Path(d).expanduser() for d in dirs], path if path.is_file() else None, raw)
