"""Where things live: the user's data directory, the configuration file, grid directories.

Order of precedence: command-line option, then environment variable, then the
configuration file (`config.toml` in the user's configuration directory), then defaults.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP = "instruire"


class ConfigError(ValueError):
    """A configuration file that cannot be read; the message is French and names the file, the
    line and the field."""


# What Python's TOML reader says (in English), as a person who edits config.toml reads it.
_TOML_MESSAGES = [
    (r"Cannot declare (.+) twice", "la table {0} est déclarée deux fois"),
    (r"Cannot mutate immutable namespace (.+)", "{0} est déjà défini plus haut et ne peut plus être complété"),
    (r"Cannot overwrite a value", "cette clé a déjà une valeur plus haut"),
    (r"Cannot redefine namespace (.+)", "{0} est déjà défini plus haut"),
    (r"Duplicate inline table key (.+)", "la clé {0} est donnée deux fois"),
    (r"Escaped character is not a Unicode scalar value", "caractère échappé invalide"),
    (r"Expected '=' after a key in a key/value pair", "« = » attendu après le nom de la clé"),
    (r"Expected '\]' at the end of a table declaration", "« ] » attendu à la fin du nom de la table"),
    (r"Expected '\]\]' at the end of an array declaration", "« ]] » attendu à la fin du nom du tableau"),
    (r"Expected (.+)", "{0} attendu"),
    (r"Found invalid character (.+)", "caractère inattendu {0}"),
    (r"Illegal character '\\n'", "texte non fermé avant la fin de la ligne : guillemet de fin attendu"),
    (r"Illegal character (.+)", "caractère interdit {0}"),
    (r"Invalid date or datetime", "date ou heure invalide (attendu : AAAA-MM-JJ)"),
    (r"Invalid hex value", "code hexadécimal invalide"),
    (r"Invalid initial character for a key part", "nom de clé invalide (lettres, chiffres, _ et -, ou entre "
                                                  "guillemets)"),
    (r"Invalid statement", "ligne illisible : attendu une clé = valeur ou un [nom de table]"),
    (r"Invalid value", "valeur illisible (un texte s'écrit entre guillemets : nom = \"…\")"),
    (r"Unclosed array", "liste non fermée : « ] » attendu"),
    (r"Unclosed inline table", "table non fermée : « } » attendu"),
    (r"Unescaped '\\' in a string", "barre oblique inverse \\ non échappée dans un texte (écrivez \\\\ ou "
                                     "utilisez des apostrophes)"),
    (r"Unterminated string", "texte non fermé : guillemet de fin attendu"),
]


def _toml_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> ConfigError:
    """« config.toml:3:8: [organisation.nom] « = » attendu après le nom de la clé »."""
    message = str(exc)
    place = re.search(r" \(at (?:line (\d+), column (\d+)|end of document)\)$", message)
    if place:
        message = message[:place.start()]
    lines = text.splitlines()
    line = int(place.group(1)) if place and place.group(1) else len(lines)
    column = int(place.group(2)) if place and place.group(2) else 1
    french = next((template.format(*m.groups()) for pattern, template in _TOML_MESSAGES
                   if (m := re.fullmatch(pattern, message))), "syntaxe TOML invalide")
    where = f"{path}:{line}:{column}" if place and place.group(1) else f"{path} (fin du fichier)"
    name = _field_at(lines, line)
    return ConfigError(f"{where}: {f'[{name}] ' if name else ''}{french}")


def _field_at(lines: list[str], line: int) -> str:
    """The field a line of a TOML file sets: its table and its key (« organisation.nom »)."""
    table = ""
    for text in lines[:line - 1]:
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]+", text)
        if header:
            table = header.group(1)
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    header = re.match(r"\s*\[+\s*([^\]=]+?)\s*(?:\]|$)", current)
    if header:
        return header.group(1).strip()
    key = re.match(r"\s*([\"']?[\w\-.]+[\"']?)", current)
    name = key.group(1).strip("\"'") if key else ""
    return ".".join(p for p in (table, name) if p)


def _key_line(path: Path | None, table: str, key: str = "") -> str:
    """« fichier:ligne » where a table or a key is written, to point at a wrong value."""
    if path is None:
        return "configuration"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return str(path)
    wanted = re.compile(rf"\s*\[\s*{re.escape(table)}\s*\]") if not key else \
        re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
    inside = not table or not key
    for number, text in enumerate(lines, 1):
        if key and table and re.match(r"\s*\[", text):
            inside = re.match(rf"\s*\[\s*{re.escape(table)}\s*\]", text) is not None
        if inside and wanted.match(text):
            return f"{path}:{number}"
    return str(path)


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
        if not isinstance(org, dict):
            raise ConfigError(f"{_key_line(self.config_file, '', 'organisation')}: [organisation] doit être une "
                              "table : [organisation] puis nom = \"…\" et contact = \"…\"")
        for key in ("nom", "contact"):
            if not isinstance(org.get(key, ""), str):
                raise ConfigError(f"{_key_line(self.config_file, 'organisation', key)}: [organisation.{key}] doit "
                                  f"être un texte entre guillemets ({key} = \"…\")")
        return org.get("nom", ""), org.get("contact", "")

    def decisions(self, default: dict[str, str]) -> dict[str, str]:
        """The organisation's list of decisions ([decisions] in config.toml), checked."""
        configured = self.raw.get("decisions")
        if configured is None:
            return dict(default)
        if not isinstance(configured, dict) or not configured or \
                not all(isinstance(k, str) and isinstance(v, str) for k, v in configured.items()):
            raise ConfigError(f"{_key_line(self.config_file, 'decisions')}: [decisions] doit associer des codes à "
                              "des libellés (ex. favorable = \"Avis favorable\")")
        return dict(configured)


def config_file() -> Path:
    override = os.environ.get("INSTRUIRE_CONFIG")
    return Path(override).expanduser() if override else Path(user_config_dir(APP)) / "config.toml"


def load_settings(grid_dirs: list[str] | None = None) -> Settings:
    path = config_file()
    raw: dict = {}
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{path}: le fichier n'est pas en UTF-8 (octet {exc.start + 1} illisible) ; "
                              "enregistrez-le en UTF-8") from None
        except OSError as exc:
            from grilles.system_errors import os_error_message

            raise ConfigError(f"{path}: configuration illisible ({os_error_message(exc)})") from None
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise _toml_error(path, text, exc) from None
    for key in ("donnees", "journal", "points_de_reprise", "rapports"):
        if key in raw and not isinstance(raw[key], str):
            raise ConfigError(f"{_key_line(path, '', key)}: [{key}] doit être un chemin entre guillemets "
                              f"({key} = \"…\")")
    data_dir = Path(os.environ.get("INSTRUIRE_DONNEES") or raw.get("donnees") or user_data_dir(APP)).expanduser()
    dirs = list(grid_dirs or [])
    env = os.environ.get("INSTRUIRE_GRILLES")
    if env:
        dirs += [d for d in env.split(os.pathsep) if d]
    configured = raw.get("grilles", [])
    if isinstance(configured, str):
        configured = [configured]
    if not isinstance(configured, list) or not all(isinstance(d, str) for d in configured):
        raise ConfigError(f"{_key_line(path, '', 'grilles')}: [grilles] doit être une liste de dossiers "
                          "(grilles = [\"…\"])")
    dirs += configured
    return Settings(data_dir, [Path(d).expanduser() for d in dirs], path if path.is_file() else None, raw)
