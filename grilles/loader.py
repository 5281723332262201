"""Reading grid files: YAML with positions, validated by the pydantic models.

Every problem names the file, the line and the field, in French. The composer
(yaml_limits.compose: PyYAML's nodes, within bounds of size, depth and aliases)
gives each node its position; one walk records them by path so that pydantic's
error locations can be mapped back to the line a committee member sees.
"""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from grilles.problems import ERROR, GridFileError, Problem, close_to
from grilles.schema import Glossary, Grid
from grilles.system_errors import os_error_text
from grilles.yaml_limits import MAX_BYTES, LimitExceeded, compose

Path_ = tuple  # a path inside the document: keys and list indexes

M = TypeVar("M", bound=BaseModel)
# libyaml's loader when available: the grids are read at every start, and it is ~10× faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Position:
    line: int
    column: int
    quoted: bool = False  # the scalar was written between quotes
    block: bool = False  # the scalar is a block scalar (| or >)


@dataclass
class Positions:
    """Where each key and value of a document sits in its file."""

    keys: dict[Path_, Position] = field(default_factory=dict)
    values: dict[Path_, Position] = field(default_factory=dict)
    numbers: dict[Path_, str] = field(default_factory=dict)  # a number YAML read, as written (« 1_000 »)

    def of(self, path: Path_) -> Position:
        """The closest known position of `path` (falling back to its parents)."""
        p = tuple(path)
        while p:
            if p in self.keys:
                return self.keys[p]
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return Position(1, 1)

    def value(self, path: Path_) -> Position:
        return self.values.get(tuple(path)) or self.of(path)


@dataclass(frozen=True)
class LoadedGrid:
    grid: Grid
    path: Path
    digest: str  # sha256 of the file as read: the grid version an answer was given under
    positions: Positions = field(compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.grid.id


def field_path(path: Path_) -> str:
    """`('sections', 2, 'questions', 4, 'when')` → `sections[2].questions[4].when`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _mark(node: yaml.Node) -> Position:
    style = getattr(node, "style", None)
    return Position(
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        quoted=style in ("'", '"'),
        block=style in ("|", ">"),
    )


NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _index(node: yaml.Node, path: Path_, positions: Positions, problems: list[Problem], file: str) -> None:
    positions.values[path] = _mark(node)
    if isinstance(node, yaml.ScalarNode) and node.tag in NUMBER_TAGS:
        positions.numbers[path] = node.value  # an answer is read as typed, the French way (grilles.answers)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(Problem(
                    file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, "YAML002",
                    f"la clé « {key} » apparaît deux fois (déjà à la ligne {seen[key]}) ; "
                    "la seconde remplacerait la première sans prévenir",
                    field_path(path + (key,)),
                ))
            seen[key] = key_node.start_mark.line + 1
            positions.keys[path + (key,)] = _mark(key_node)
            _index(value_node, path + (key,), positions, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), positions, problems, file)


def read_yaml(path: Path) -> tuple[Any, Positions, bytes]:
    """Parse a YAML file; raise GridFileError (French, with line) on any syntax problem, and
    on a file that would cost too much to read (size, depth, aliases: see yaml_limits)."""
    file = str(path)
    raw = _read_bounded(Path(path), file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GridFileError([Problem(file, 1, 1, "YAML003",
                                     f"le fichier n'est pas en UTF-8 (octet {exc.start})")]) from exc
    loader, node = _Loader(text), None
    try:
        node = compose(loader)  # bounded: see yaml_limits
        data = loader.construct_document(node) if node is not None else None
    except LimitExceeded as excess:
        raise GridFileError([Problem(file, excess.line, excess.column, excess.code, excess.message)]) from None
    except yaml.YAMLError as exc:
        raise GridFileError([_syntax_problem(exc, file, text)]) from None
    except (ValueError, TypeError, AttributeError, OverflowError):  # a date or a number its type cannot hold
        raise GridFileError(_unreadable_scalars(loader, node, file)) from None
    finally:
        loader.dispose()
    positions = Positions()
    problems: list[Problem] = []
    if node is not None:
        _index(node, (), positions, problems, file)
    if problems:
        raise GridFileError(problems)
    return data, positions, raw


def _read_bounded(path: Path, file: str) -> bytes:
    """The file's bytes, never more than MAX_BYTES + 1 read (a huge file or a device is refused)."""
    limit = f"{MAX_BYTES // 1_000_000} Mo au plus pour une grille, un glossaire ou un fichier de réponses"
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise GridFileError([Problem(file, 1, 1, "FICHIER", "ce n'est pas un fichier ordinaire")])
        if info.st_size > MAX_BYTES:
            raise GridFileError([Problem(file, 1, 1, "YAML004", f"fichier trop gros ({_megabytes(info.st_size)} ; "
                                                                 f"{limit})")])
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise GridFileError([Problem(file, 1, 1, "FICHIER", f"lecture impossible : {os_error_text(exc)}")]) from exc
    if len(raw) > MAX_BYTES:  # grew while being read
        raise GridFileError([Problem(file, 1, 1, "YAML004", f"fichier trop gros (plus de {limit})")])
    return raw


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",")


def _syntax_problem(exc: yaml.YAMLError, file: str, text: str) -> Problem:
    """A PyYAML or libyaml error as a located French problem."""
    if isinstance(exc, yaml.reader.ReaderError):
        line, col, char = _reader_position(exc, text)
        return Problem(file, line, col, "YAML001", f"YAML mal formé : {_character_problem(char)}")
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Problem(file, line, col, "YAML001", f"YAML mal formé : {_yaml_problem(exc, _char_at(text, line, col))}")
    return Problem(file, 1, 1, "YAML001", "YAML mal formé : syntaxe invalide")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _reader_position(exc, text: str) -> tuple[int, int, str]:
    """Line, column and character of a reader error: PyYAML counts characters, libyaml bytes."""
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    pos = exc.position
    if not (0 <= pos < len(text) and text[pos] == char):
        pos = len(text.encode("utf-8")[:pos].decode("utf-8", "ignore"))
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1, char


def _character_problem(char: str) -> str:
    code = f"U+{ord(char):04X}" if char else "?"
    if char == "\x00":
        return f"caractère nul ({code}) : le fichier est-il bien un texte ? le retirer"
    if char in ("\ufffe", "\uffff"):
        return f"caractère non valide ({code}) : le retirer"
    return f"caractère de contrôle invisible ({code}) interdit : le retirer (collé depuis un autre logiciel ?)"


def _unreadable_scalars(loader, root: yaml.Node | None, file: str) -> list[Problem]:
    """Every scalar whose value its type cannot hold ("2027-13-45", "!!int x"), located.
    Iterative and once per node: the file is already bounded, aliases are not revisited."""
    problems: list[Problem] = []
    stack, seen = ([root] if root is not None else []), set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack += [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
        else:
            constructor = loader.yaml_constructors.get(node.tag)
            try:
                if constructor is not None:
                    constructor(loader, node)
            except Exception:
                kind = node.tag.rsplit(":", 1)[-1]
                what = {"timestamp": "date ou heure impossible", "int": "nombre entier illisible",
                        "float": "nombre illisible"}.get(kind, f"valeur illisible comme « {kind} »")
                problems.append(Problem(file, node.start_mark.line + 1, node.start_mark.column + 1, "YAML001",
                                        f"{what} : « {node.value} » (mettre la valeur entre guillemets si c'est "
                                        "un texte)"))
    return problems or [Problem(file, 1, 1, "YAML001", "YAML mal formé : une valeur est illisible")]


# PyYAML's and libyaml's wordings, by fragment, in the author's words. Longer fragments are
# tried first ("whitespace or line break" before "whitespace"); the problem before its context.
_YAML_PROBLEMS = {
    # scanner
    "mapping values are not allowed": "« : » inattendu (mettre le texte entre guillemets ?)",
    "found unexpected ':'": "« : » inattendu (mettre le texte entre guillemets ?)",
    "could not find expected ':'": "« : » attendu après la clé",
    "cannot start any token": "caractère interdit à cet endroit (tabulation ? indenter avec des espaces)",
    "block sequence entries are not allowed": "« - » (élément de liste) interdit à cet endroit (indentation ?)",
    "mapping keys are not allowed": "« ? » (clé complexe) interdit à cet endroit",
    "tab character": "tabulation dans l'indentation : indenter avec des espaces",
    "unexpected end of stream": "fin de fichier inattendue (guillemet non refermé ?)",
    "unexpected document indicator": "« --- » ou « ... » inattendu dans un texte entre guillemets (guillemet non "
                                     "refermé ?)",
    "found unknown escape character": "caractère d'échappement inconnu entre guillemets doubles (écrire « \\\\ » "
                                      "pour une barre oblique inverse)",
    "invalid Unicode character escape code": "code de caractère invalide après \\u ou \\x entre guillemets doubles",
    "expected hexdecimal number": "chiffres hexadécimaux attendus après \\x, \\u ou \\U entre guillemets doubles",
    "expected escape sequence of": "chiffres hexadécimaux attendus après \\x, \\u ou \\U entre guillemets doubles",
    "expected alphabetic or numeric character": "nom attendu après « & » ou « * » (lettres et chiffres) ; "
                                                "mettre la valeur entre guillemets si c'est un texte",
    "indentation indicator equal to 0": "indicateur d'indentation 0 interdit après « | » ou « > »",
    "expected comment or line break": "commentaire ou fin de ligne attendu (après « | », « > » ou une directive)",
    "expected whitespace or line break": "espace ou fin de ligne attendu",
    "expected whitespace": "espace attendu",
    "expected digit or '.' character": "numéro de version attendu après %YAML (1.1)",
    "extremely long version number": "numéro de version trop long après %YAML",
    "found unknown directive name": "directive « % » inconnue (seules %YAML et %TAG existent)",
    "expected directive name": "nom de directive attendu après « % »",
    "non-alphabetical character": "nom de directive attendu après « % »",
    "expected '>'": "« > » attendu pour refermer l'étiquette",
    "expected '!'": "« ! » attendu dans l'étiquette",
    "URI escaped octet": "étiquette mal formée",
    "UTF-8 octet": "étiquette mal formée",
    "tag URI": "étiquette mal formée",
    # parser
    "expected <block end>": "indentation incohérente",
    "did not find expected key": "clé attendue (indentation incohérente ?)",
    "did not find expected '-' indicator": "« - » attendu (indentation d'une liste ?)",
    "did not find expected node content": "valeur attendue",
    "expected the node content": "valeur attendue",
    "expected ',' or ']'": "« , » ou « ] » attendu (crochet non refermé ?)",
    "expected ',' or '}'": "« , » ou « } » attendu (accolade non refermée ?)",
    "expected <document start>": "« --- » attendu (du texte après la fin de document « ... » ?)",
    "incompatible YAML document": "version de YAML non prise en charge (%YAML 1.1 attendu)",
    "duplicate %YAML directive": "directive %YAML en double",
    "duplicate %TAG directive": "directive %TAG en double",
    "undefined tag handle": "préfixe d'étiquette « ! » inconnu",
    # composer
    "undefined alias": "alias inconnu (aucune ancre « &nom » ne le précède)",
    "found duplicate anchor": "ancre « &nom » définie deux fois",
    "expected a single document": "un seul document par fichier (un « --- » ou « ... » en trop ?)",
    # constructor
    "could not determine a constructor for the tag": "étiquette YAML non permise (une grille ne contient que "
                                                     "des textes, des nombres, des listes et des clés)",
    "found unhashable key": "une clé doit être un texte simple, pas une liste ni un ensemble de clés",
    "found unacceptable key": "une clé doit être un texte simple, pas une liste ni un ensemble de clés",
    "for merging": "« << » doit recevoir un ensemble de clés (ou une liste d'ensembles de clés)",
    "expected a mapping node": "cette étiquette YAML demande un ensemble de clés",
    "expected a sequence node": "cette étiquette YAML demande une liste",
    "expected a scalar node": "cette étiquette YAML demande une valeur simple",
    "expected a mapping of length 1": "cette étiquette YAML demande une liste de paires « clé: valeur »",
    "expected a sequence": "cette étiquette YAML demande une liste",
}
_FRAGMENTS = sorted(_YAML_PROBLEMS, key=len, reverse=True)


def _yaml_problem(exc: yaml.MarkedYAMLError, char: str = "") -> str:
    problem, context = (exc.problem or "").strip(), (exc.context or "").strip()
    for text in (problem, context):
        for english in _FRAGMENTS:
            if english in text:
                french = _YAML_PROBLEMS[english]
                if english == "cannot start any token" and char and char not in "\t ":
                    french = (f"« {char} » ne peut pas commencer une valeur : mettre la valeur entre guillemets"
                              if char in "@`%" else f"caractère « {char} » interdit à cet endroit")
                return french
    return "syntaxe invalide à cet endroit"


def _french_message(err: ErrorDetails, model_fields: list[str]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    name = err["loc"][-1] if err["loc"] else ""
    given = err.get("input")
    if kind == "missing":
        return f"champ obligatoire « {name} » absent"
    if kind == "extra_forbidden":
        close = close_to(str(name), model_fields)
        hint = f" ; vouliez-vous dire « {close} » ?" if close else f" ; clés permises : {', '.join(model_fields)}"
        return f"clé inconnue « {name} »{hint}"
    if kind in ("string_type",):
        if isinstance(given, bool):
            return ("doit être un texte : YAML a lu un booléen (yes/no/on/off) ; "
                    "mettre la valeur entre guillemets")
        return "doit être un texte"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "doit être un nombre entier"
    if kind in ("float_type", "float_parsing"):
        return "doit être un nombre"
    if kind in ("bool_type", "bool_parsing"):
        return "doit valoir true ou false"
    if kind == "enum":
        return f"valeur « {given} » inconnue ; valeurs permises : {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return (f"identifiant « {given} » invalide : lettres minuscules sans accent, chiffres et « _ », "
                "en commençant par une lettre")
    if kind == "string_too_short":
        return "ne doit pas être vide"
    if kind == "greater_than_equal":
        return f"doit être supérieur ou égal à {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"doit être inférieur ou égal à {ctx.get('le')}"
    if kind == "list_type":
        return "doit être une liste (éléments précédés de « - »)"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "doit être un ensemble de clés et de valeurs"
    return err.get("msg", kind)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at `loc` (for "did you mean" suggestions)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _model_in(info.annotation)
    return list(getattr(current, "model_fields", {}).keys())


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def validate(model: type[M], data: Any, positions: Positions, file: str) -> M:
    """Validate `data` against `model`; every error becomes a located French Problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            pos = positions.of(loc)
            problems.append(Problem(
                file, pos.line, pos.column, "SCHEMA",
                _french_message(err, _fields_at(model, loc)),
                field_path(loc),
            ))
        raise GridFileError(problems) from None


def load_grid(path: Path) -> LoadedGrid:
    path = Path(path)
    data, positions, raw = read_yaml(path)
    if not isinstance(data, dict):
        raise GridFileError([Problem(str(path), 1, 1, "SCHEMA",
                                     "le fichier doit décrire une grille (des clés : id, title…)")])
    grid = validate(Grid, data, positions, str(path))
    return LoadedGrid(grid, path, hashlib.sha256(raw).hexdigest(), positions)


def load_glossary(path: Path) -> tuple[Glossary, Positions]:
    path = Path(path)
    data, positions, _ = read_yaml(path)
    return validate(Glossary, data, positions, str(path)), positions


__all__ = ["ERROR", "GridFileError", "LoadedGrid", "Position", "Positions", "Problem", "field_path",
           "load_glossary", "load_grid", "read_yaml", "validate"]
