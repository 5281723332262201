"""What an internal identifier looks like, taken from the catalog itself, and the text of every
kind of document, so that a test can say « no id here » of a screen, a report or a form.

The patterns are built from the grids (question ids, grid-local ids, option codes, rule ids,
criteria, axes), the glossary, the roles and the decisions, plus two generic shapes no French
text has: « grille.question » and snake_case words."""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from dialogues.store import DEFAULT_DECISIONS
from grilles.schema import ROLE_LABELS, Role

GENERIC = {
    "grille.question": re.compile(r"\b[a-z][a-z0-9]*\.[a-z][a-z0-9_]*\b"),
    "snake_case": re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b"),
}
WORD = re.compile(r"[^\W_]+", re.UNICODE)

# What a person legitimately reads although it has a code's shape, each stripped before the check:
EXEMPT = [
    # a source's web address: people follow it (« https://www.nantes.fr/… »)
    re.compile(r"https?://\S+|www\.\S+"),
    # an e-mail address the organisation gave (« contact@ville.fr »)
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # a file name people choose or are shown to find their file (the journal's place, an export's
    # proposed name): « journal.sqlite », « …-rapport.odt »
    re.compile(r"[\w./~-]*\.(?:sqlite|md|html|json|csv|docx|odt|ods|pdf|xlsx|toml|yaml|yml)\b"),
]


@dataclass(frozen=True)
class Leak:
    pattern: str
    found: str
    context: str

    def __str__(self) -> str:
        return f"{self.pattern} « {self.found} » dans « {self.context} »"


def _grid_codes(catalog) -> tuple[set[str], list[str]]:
    """Every code the grids declare, and every text of theirs a person reads."""
    codes: set[str] = set()
    texts: list[str] = []
    for loaded in catalog.grids.values():
        grid = loaded.grid
        codes.add(grid.id)
        texts += [grid.title, grid.description or "", grid.attribution, grid.source.document]
        if grid.scale:
            texts += grid.scale.labels.values()
        for axis in grid.axes:
            codes.add(axis.id)
            texts += [axis.title, axis.group or ""]
        for rule in grid.rules:
            codes.update((rule.id, f"{grid.id}.{rule.id}"))
            texts += [rule.title, rule.message]
        stack = list(grid.sections)
        while stack:
            section = stack.pop()
            stack += section.sections
            codes.update((section.id, f"{grid.id}.{section.id}"))
            texts += [section.title, section.help or ""]
            for q in section.questions:
                codes.update((q.id, f"{grid.id}.{q.id}"))
                texts += [q.text, q.help or "", q.unit or ""]
                for option in q.options:
                    codes.add(option.value)
                    texts += [option.label, option.help or ""]
                if q.scale:
                    texts += q.scale.labels.values()
    for entry in catalog.glossary.values():
        codes.add(entry.id)
        texts += [entry.term, entry.definition, *entry.aliases]
    return codes, texts


EXAMPLES = Path(__file__).resolve().parents[1] / "dialogues" / "exemples"


def example_prose() -> list[str]:
    """The sentences teams wrote in the shipped examples (their answers, notes, rationales): French
    as people write it (« temps partiel »), so that a code spelled like a French word (« partiel »)
    is not taken for a leak. Only values with a space: a lone token may be a code."""
    out: list[str] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and " " in value.strip():
            out.append(value)

    for path in sorted(EXAMPLES.glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def id_patterns(catalog, extra: tuple[str, ...] = ()) -> dict[str, re.Pattern]:
    """The catalog's codes as patterns. A code with an underscore, a digit or a dot (« hors_ue »,
    « q05 », « nantes.c2 ») is a code wherever it appears. A one-word code is one only when it is a
    French word with its accents taken off (« metier », « securite », « elus »): written so, it can
    only be the code. One spelled as an ordinary French word (« direction », « fournisseur »,
    « partiel », « oui ») is what people read and write: left out."""
    codes, texts = _grid_codes(catalog)
    codes |= {r.value for r in Role} | set(DEFAULT_DECISIONS) | set(extra)
    texts += ROLE_LABELS.values()
    texts += DEFAULT_DECISIONS.values()
    texts += example_prose()
    words = {w.lower() for t in texts for w in WORD.findall(str(t))}
    unaccented = {_plain(w) for w in words if _plain(w) != w}
    kept = sorted(c for c in codes if re.search(r"[_0-9.]", c) or (c in unaccented and c not in words))
    patterns = dict(GENERIC)
    # longest first: « nantes.q03_niveau » is named whole, not as « nantes.q03 »
    alternatives = "|".join(re.escape(c) for c in sorted(kept, key=len, reverse=True))
    patterns["code du catalogue"] = re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w-])")
    return patterns


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def leaks(text: str, patterns: dict[str, re.Pattern]) -> list[Leak]:
    for exempt in EXEMPT:
        text = exempt.sub(" ", text)
    found = []
    for name, pattern in patterns.items():
        for match in pattern.finditer(text):
            start, end = max(0, match.start() - 50), min(len(text), match.end() + 50)
            found.append(Leak(name, match.group(0), " ".join(text[start:end].split())))
    return found


# --- the text of each kind of document ----------------------------------------------------------

TAG = re.compile(r"<[^>]+>")


def markup_text(markup: str) -> str:
    """What a reader sees of HTML or XML: the text between the tags (a tag's attributes, such as a
    style or a hidden sheet's name, are not read)."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    return html.unescape(TAG.sub(" ", markup))


# An ODS table hidden by its style (the form's sheet that ties each row to its question, read by the
# import, and its lists of choices): a program reads it, a person does not see it.
HIDDEN_ODS_TABLE = r'<table:table [^>]*table:style-name="(?:{styles})"[^>]*>.*?</table:table>'


def zip_text(data: bytes) -> str:
    """ODT, DOCX and ODS are zips of XML: the text of every part (an ODS's hidden tables left out)."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            xml = archive.read(name).decode("utf-8")
            hidden = re.findall(r'<style:style style:name="([^"]+)" style:family="table">'
                                r'<style:table-properties table:display="false"', xml)
            if hidden:
                xml = re.sub(HIDDEN_ODS_TABLE.format(styles="|".join(map(re.escape, hidden))), " ", xml,
                             flags=re.S)
            parts.append(markup_text(xml))
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    """The cells of an XLSX's visible sheets (a hidden sheet is for the import, not for people)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    cells = [str(c.value) for ws in workbook.worksheets if ws.sheet_state == "visible"
             for row in ws.iter_rows() for c in row if c.value is not None]
    return "\n".join(cells)


# JSON keys that hold a machine value documented as such (README, « Le JSON ») : codes and ids kept
# so that a program can follow a question, a rule or a choice; each has a text beside it for people
# (« texte », « titre », « reponse », « libelle », « *_libelle », « motif », « message »).
MACHINE_KEYS = {
    "id", "question", "questions", "sujet", "regle", "grille", "critere", "axe", "role", "mode", "stade",
    "decision", "gravite", "type", "statut", "valeur_brute", "avant_brute", "apres_brute", "equivalente",
    "condition", "depend_de", "ancre", "empreinte", "version_utilisee", "version_actuelle", "kind", "value",
    "lang", "standard", "standard_version",
    "document",  # the kind of document (« fiche_instruction »), for a program that reads several
    "colonnes",  # the instructions list's column names: its schema, as the CSV's header row
    # `instruire jouer`'s result (README: « ce qu'un test, un formateur ou un autre outil lit »): the
    # roles that can answer, a question's state on the path ahead, the answer it was given through,
    # the answers file's keys it did not use
    "qui_peut_repondre", "etat", "via", "reponses_inutilisees",
}


def json_people_text(data) -> str:
    """The strings of a JSON document that are meant for people (see MACHINE_KEYS)."""
    out: list[str] = []

    def walk(value, key: str | None = None) -> None:
        if key in MACHINE_KEYS:
            return
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            out.append(value)

    walk(json.loads(data) if isinstance(data, (str, bytes)) else data)
    return "\n".join(out)


def csv_text(data: str, columns) -> str:
    """The cells of a CSV (comma or, for Excel, semicolon) but its header row: the column names are
    the file's schema, snake_case as schema.data.gouv.fr names columns, read by programs as JSON keys
    are (the public register's are the transparency standard's own attribute names)."""
    import csv

    data = data.lstrip("\ufeff")
    delimiter = ";" if data.splitlines()[0].count(";") > data.splitlines()[0].count(",") else ","
    rows = [r for r in csv.reader(io.StringIO(data), delimiter=delimiter) if r != list(columns)]
    return "\n".join(" ; ".join(r) for r in rows)
