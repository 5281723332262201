"""Reading grid files: YAML with positions, validated by the pydantic models.

Every problem names the file, the line and the field, in French. PyYAML's composer
gives each node its position; one walk records them by path so that pydantic's
error locations can be mapped back to the line a committee member sees.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Type, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from grilles.problems import ERROR, GridFileError, Problem
from grilles.schema import Glossary, Grid

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


def _index(node: yaml.Node, path: Path_, positions: Positions, problems: list[Problem], file: str) -> None:
    positions.values[path] = _mark(node)
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
    """Parse a YAML file; raise GridFileError (French, with line) on any syntax problem."""
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GridFileError([Problem(file, 1, 1, "FICHIER", f"lecture impossible : {exc.strerror or exc}")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GridFileError([Problem(file, 1, 1, "YAML003", f"le fichier n'est pas en UTF-8 (octet {exc.start})")])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise GridFileError([Problem(file, line, col, "YAML001", f"YAML mal formé : {_yaml_problem(exc)}")])
    except yaml.YAMLError as exc:
        raise GridFileError([Problem(file, 1, 1, "YAML001", f"YAML mal formé : {exc}")])
    finally:
        loader.dispose()
    positions = Positions()
    problems: list[Problem] = []
    if node is not None:
        _index(node, (), positions, problems, file)
    if problems:
        raise GridFileError(problems)
    return data, positions, raw


# PyYAML's and libyaml's wordings, by fragment, in the author's words.
_YAML_PROBLEMS = {
    "mapping values are not allowed": "« : » inattendu (mettre le texte entre guillemets ?)",
    "could not find expected ':'": "« : » attendu après la clé",
    "cannot start any token": "caractère interdit à cet endroit (tabulation ? indenter avec des espaces)",
    "undefined alias": "alias inconnu",
    "expected <block end>": "indentation incohérente",
    "did not find expected key": "clé attendue (indentation incohérente ?)",
    "unexpected end of stream": "fin de fichier inattendue (guillemet non refermé ?)",
    "did not find expected '-' indicator": "« - » attendu (indentation d'une liste ?)",
    "did not find expected node content": "valeur attendue",
    "found unknown escape character": "caractère d'échappement inconnu entre guillemets doubles",
}


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    for english, french in _YAML_PROBLEMS.items():
        if english in problem:
            return french
    return problem or str(exc)


def _french_message(err: dict, model_fields: list[str]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    name = err["loc"][-1] if err["loc"] else ""
    given = err.get("input")
    if kind == "missing":
        return f"champ obligatoire « {name} » absent"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(name), model_fields, n=1)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else f" ; clés permises : {', '.join(model_fields)}"
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


def _fields_at(model: Type[BaseModel], loc: tuple) -> list[str]:
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


def validate(model: Type[M], data: Any, positions: Positions, file: str) -> M:
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
        raise GridFileError([Problem(str(path), 1, 1, "SCHEMA", "le fichier doit décrire une grille (des clés : id, title…)")])
    grid = validate(Grid, data, positions, str(path))
    return LoadedGrid(grid, path, hashlib.sha256(raw).hexdigest(), positions)


def load_glossary(path: Path) -> tuple[Glossary, Positions]:
    path = Path(path)
    data, positions, _ = read_yaml(path)
    return validate(Glossary, data, positions, str(path)), positions


__all__ = ["ERROR", "GridFileError", "LoadedGrid", "Position", "Positions", "Problem", "field_path",
           "load_glossary", "load_grid", "read_yaml", "validate"]
