"""Reading back a questionnaire the supplier filled in (XLSX, ODS or DOCX), and what it would do.

`read_form(path, instruction, bundle)` checks every cell first and raises `FormError` with every
problem at once (sheet, cell, what is expected), so that nothing is recorded from a file with a
wrong cell. `plan(view, bundle, returned)` then sorts the answers against the journal: those to
record (open points it answers, questions still to ask), those that contradict what the team
answered (listed for the team to settle, never overwritten), those equal to the team's, and those
that no longer apply. Recording is the dialogue's business (`assistant.cmd_fournisseur`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from grilles.answers import Answer, AnswerError, display, parse_answer
from grilles.bundle import Bundle
from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, TO_ASK, UNKNOWN, evaluate
from grilles.schema import DONT_KNOW
from grilles.schema import NOT_APPLICABLE as NA
from journal.supplier_form import (
    ANSWER_COL,
    COMMENT_COL,
    COMPANY_CELL,
    FIRST_ROW,
    FORM_VERSION,
    KEYS,
    NOT_APPLICABLE,
    PERSON_CELL,
    SHEET,
    cell_name,
)
from journal.view import View

FORMATS = (".xlsx", ".ods", ".docx")


class FormError(Exception):
    """A questionnaire that cannot be imported; `problems` are French, one per cell."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        super().__init__(f"{path} : {len(problems)} problème(s), rien n'est enregistré :\n"
                         + "\n".join(f"  – {p}" for p in problems))


@dataclass
class Returned:
    question: str
    rank: int
    answer: Answer | None  # None: a comment alone
    given: str  # as the supplier wrote it
    comment: str
    cell: str  # « feuille « Questionnaire », cellule G12 »


@dataclass
class Form:
    company: str
    person: str
    answers: list[Returned]


@dataclass
class Plan:
    record: list[Returned] = field(default_factory=list)  # open points answered, questions still to ask
    contradictions: list[tuple[Returned, str]] = field(default_factory=list)  # with the team's answer, shown
    same: list[Returned] = field(default_factory=list)
    moot: list[tuple[Returned, str]] = field(default_factory=list)  # no longer applies: why
    comments: list[Returned] = field(default_factory=list)  # a comment without an answer


# --- the file's cells -------------------------------------------------------------------------

# What each reader gives: the cells' text by (row, column), the hidden keys' rows, and how to
# name a cell to the person who filled the file in.
Cells = dict[tuple[int, int], str]
Locate = Callable[[int, int], str]


def _xlsx(path: Path) -> tuple[Cells, list[list[str]], Locate]:
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True, read_only=True)
    if SHEET not in wb.sheetnames or KEYS not in wb.sheetnames:
        raise _missing(path)
    cells: Cells = {}
    for r, row in enumerate(wb[SHEET].iter_rows(values_only=True), 1):
        for c, value in enumerate(row, 1):
            if value is not None and str(value).strip():
                cells[(r, c)] = _text(value)
    keys = [[_text(v) for v in row if v is not None] for row in wb[KEYS].iter_rows(values_only=True)]
    wb.close()
    return cells, keys, sheet_cell


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value).strip()


def _ods(path: Path) -> tuple[Cells, list[list[str]], Locate]:
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table, TableRow

    doc = load(str(path))
    tables = {t.getAttribute("name"): t for t in doc.spreadsheet.getElementsByType(Table)}
    if SHEET not in tables or KEYS not in tables:
        raise _missing(path)

    def grid(table) -> Cells:
        out: Cells = {}
        r = 0
        for row in table.getElementsByType(TableRow):
            repeat_rows = int(row.getAttribute("numberrowsrepeated") or 1)
            c, values = 0, {}
            for cell in row.childNodes:
                if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                text = teletype.extractText(cell).strip()
                if not text and cell.getAttribute("valuetype") == "float":
                    text = _text(float(cell.getAttribute("value")))
                for _ in range(min(repeat, 64)):
                    c += 1
                    if text:
                        values[c] = text
            for _ in range(min(repeat_rows, 1 if not values else repeat_rows)):
                r += 1
                for col, text in values.items():
                    out[(r, col)] = text
            if not values:
                r += repeat_rows - 1
        return out

    keys_grid = grid(tables[KEYS])
    keys = [[keys_grid.get((r, 1), ""), keys_grid.get((r, 2), "")] for r in range(1, max((r for r, _ in keys_grid),
                                                                                          default=0) + 1)]
    return grid(tables[SHEET]), keys, sheet_cell


def sheet_cell(row: int, col: int) -> str:
    return f"feuille « {SHEET} », cellule {cell_name(row, col)}"


def _missing(path: Path) -> FormError:
    return FormError(path, [f"la feuille « {SHEET} » ou la feuille cachée « {KEYS} » manque : ce fichier n'est pas "
                            "un questionnaire exporté par « instruire fournisseur exporter », ou il a été "
                            "réorganisé"])


def _cells(path: Path) -> tuple[Cells, list[list[str]], Locate]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _xlsx(path)
        if suffix == ".ods":
            return _ods(path)
        if suffix == ".docx":
            from journal.supplier_docx import read_docx

            return read_docx(path)
    except FormError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FormError(path, [f"fichier {suffix[1:]} illisible ({exc})"]) from None
    raise FormError(path, [f"format « {suffix or path.name} » inconnu : xlsx, ods ou docx attendu"])


# --- checking every cell -----------------------------------------------------------------------


def _parse(item_entry, given: str, comment: str) -> Answer:
    """The supplier's answer, as the grid reads it (a label, a level, a French number…)."""
    q = item_entry.question
    text = given.strip()
    if text.lower() in (NOT_APPLICABLE.lower(), "non applicable"):
        if not comment:
            raise AnswerError("« non applicable » demande une justification dans la colonne « Commentaire »")
        return Answer.not_applicable(comment)
    if text.lower() in ("je ne sais pas", "nsp"):
        return Answer.dont_know()
    if q.type.value in ("oui_non", "choix_unique", "choix_multiple", "echelle"):
        labels: dict[str, str | int] = {}  # what may be written → the value (a level for a scale)
        if q.type.value == "oui_non":
            labels = {"oui": "oui", "non": "non"}
        elif q.type.value == "echelle":
            from grilles.answers import scale_labels

            for k, v in scale_labels(q, item_entry.grid.scale).items():
                labels[f"{k} – {v}".lower()] = k
                labels[str(k)] = k
        else:
            for o in q.options:
                labels[o.label.lower()] = o.value
                labels[o.value.lower()] = o.value
        parts = [p.strip() for p in text.split(";")] if q.type.value == "choix_multiple" else [text]
        values = []
        for p in parts:
            key = p.lower().replace(" - ", " – ")
            if key not in labels:
                allowed = [o.label for o in q.options] if q.options else (
                    ["Oui", "Non"] if q.type.value == "oui_non" else ["1", "2", "3", "4"])
                raise AnswerError(f"« {p} » n'est pas une réponse possible ; attendu : {' ; '.join(allowed)}")
            values.append(labels[key])
        raw = values if q.type.value == "choix_multiple" else values[0]
        return parse_answer(q, raw)
    return parse_answer(q, text)


def read_form(path: Path | str, instruction: str, bundle: Bundle) -> Form:
    path = Path(path)
    if not path.is_file():
        raise FormError(path, ["fichier introuvable"])
    cells, keys, locate = _cells(path)
    problems: list[str] = []
    head = {row[0]: row[1] for row in keys if len(row) >= 2}
    if head.get("instruire") != str(FORM_VERSION) or "instruction" not in head:
        raise _missing(path)
    if head["instruction"] != instruction:
        raise FormError(path, [f"ce questionnaire a été établi pour une autre instruction (« {head['instruction']} ») "
                               f"que « {instruction} »"])
    ranks = {int(row[0]): row[1] for row in keys if len(row) >= 2 and row[0].isdigit()}
    company = cells.get(COMPANY_CELL, "").strip()
    person = cells.get(PERSON_CELL, "").strip()
    answers: list[Returned] = []
    filled = False
    for offset, (rank, qid) in enumerate(sorted(ranks.items())):
        r = FIRST_ROW + 1 + offset
        at = locate(r, ANSWER_COL)
        shown_rank = cells.get((r, 1), "")
        if shown_rank != str(rank):
            problems.append(f"{locate(r, 1)} : la question n° {rank} était sur cette ligne "
                            f"(trouvé « {shown_rank or 'vide'} ») ; "
                            "les lignes ne doivent être ni déplacées ni supprimées")
            continue
        entry = bundle.by_id.get(qid)
        given, comment = cells.get((r, ANSWER_COL), ""), cells.get((r, COMMENT_COL), "")
        if entry is None:
            if given or comment:
                problems.append(f"{at} : la question n° {rank} n'est plus dans les grilles de l'instruction")
            continue
        if not given and not comment:
            continue
        filled = True
        if not given:
            answers.append(Returned(qid, rank, None, "", comment, at))
            continue
        try:
            answer = _parse(entry, given, comment)
        except AnswerError as exc:
            problems.append(f"{at} (question n° {rank}) : {exc}")
            continue
        note = "" if answer.kind == NA else comment  # a justification is the comment itself
        answers.append(Returned(qid, rank, answer, given, note, at))
    if filled and not company:
        problems.append(f"{locate(*COMPANY_CELL)} : le nom de la société qui répond est attendu")
    if filled and not person:
        problems.append(f"{locate(*PERSON_CELL)} : le nom de la personne qui répond est attendu")
    if problems:
        raise FormError(path, problems)
    return Form(company, person, answers)


# --- what it would do --------------------------------------------------------------------------


def plan(view: View, bundle: Bundle, form: Form) -> Plan:
    """Sort the supplier's answers against the journal as it is, and against each other (an
    answer that another of the supplier's answers makes irrelevant is not recorded)."""
    out = Plan()
    current = view.answers_for_rules()
    merged = dict(current)
    for item in form.answers:
        if item.answer is not None:
            status = evaluate(bundle, current).statuses[item.question]
            if status.status in (UNKNOWN, TO_ASK) and not status.via:
                merged[item.question] = item.answer
    after = evaluate(bundle, merged)
    before = evaluate(bundle, current)
    for item in form.answers:
        if item.answer is None:
            out.comments.append(item)
            continue
        if item.answer.kind == DONT_KNOW:  # nothing learnt: the open point stays open
            out.same.append(item)
            continue
        entry = bundle.by_id[item.question]
        status = before.statuses[item.question]
        target = status.via or item.question
        team = current.get(target)
        if status.status in (ANSWERED, DECLARED_NA) or (team is not None and team.kind != DONT_KNOW):
            if team == item.answer:
                out.same.append(item)
            else:
                shown = display(entry.question, team, entry.grid.scale) if team is not None else ""
                out.contradictions.append((item, shown))
            continue
        if after.statuses[item.question].status == SKIPPED:
            out.moot.append((item, after.statuses[item.question].skip_reason.message))
            continue
        if status.status in (UNKNOWN, TO_ASK):
            out.record.append(item)
        else:
            out.moot.append((item, "la question ne se pose pas encore : elle dépend d'une réponse à venir"))
    return out
