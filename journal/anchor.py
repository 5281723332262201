"""A report's anchor in the journal, read back from the file and checked against the journal.

The hash chain shows an event that was changed, but not the removal of an instruction's last
events: nothing outside the journal remembers its head. Every report carries that head — the
instruction's last position and hash when the report was built (« Ancre dans le journal :
instruction …, position …, empreinte … ») — so that a committee that filed a report can prove
later that the record it decided on is still the record (`instruire journal verifier --rapport`).
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from journal import kinds
from journal.log import Journal
from journal.verify import verify

_ANCHOR = re.compile(r"Ancre\s+dans\s+le\s+journal\s*:\s*instruction\s+(\S+?),\s+position\s+(\d+),\s+"
                     r"empreinte\s+([0-9a-f]{64})")
_TAGS = re.compile(r"<[^>]+>")


class AnchorError(Exception):
    """A file whose anchor cannot be read; the message is French and names the file."""


@dataclass(frozen=True)
class Anchor:
    instruction: str
    position: int
    hash: str


@dataclass
class AnchorVerdict:
    ok: bool
    messages: list[str] = field(default_factory=list)  # French, in reading order


def _text_of(path: Path) -> str:
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix in (".docx", ".odt"):
        member = "word/document.xml" if suffix == ".docx" else "content.xml"
        try:
            with zipfile.ZipFile(path) as z:
                xml = z.read(member).decode("utf-8")
        except (zipfile.BadZipFile, KeyError):
            raise AnchorError(f"{path} : ce n'est pas un document {suffix[1:]} lisible") from None
        return unescape(_TAGS.sub("", xml))
    if suffix == ".pdf":
        from journal.pdf import pdf_text

        return pdf_text(path)
    text = data.decode("utf-8", "replace")
    return unescape(_TAGS.sub(" ", text)) if suffix in (".html", ".htm") else text.replace("\\", "")


def read_anchor(path: Path | str) -> Anchor:
    """The anchor of a report in any of its formats (json, md, html, docx, odt, pdf)."""
    path = Path(path)
    if not path.is_file():
        raise AnchorError(f"{path} : fichier introuvable")
    if path.suffix.lower() == ".json":
        try:
            a = json.loads(path.read_text(encoding="utf-8"))["pied"]["ancre"]
            return Anchor(str(a["instruction"]), int(a["position"]), str(a["empreinte"]))
        except (ValueError, KeyError, TypeError):
            raise AnchorError(f"{path} : aucune ancre dans ce fichier JSON (« pied » › « ancre ») ; "
                              "est-ce une fiche d'instruction exportée par instruire ?") from None
    found = _ANCHOR.findall(_text_of(path))
    if not found:
        raise AnchorError(f"{path} : aucune ancre dans le journal trouvée (« Ancre dans le journal : instruction …, "
                          "position …, empreinte … ») ; est-ce une fiche d'instruction exportée par instruire ?")
    instruction, position, digest = found[-1]
    return Anchor(instruction, int(position), digest)


def check(journal: Journal, anchor: Anchor) -> AnchorVerdict:
    """Whether the journal still holds the report's head, with the chain intact up to it."""
    messages: list[str] = []
    ok = True
    event = journal.event(anchor.position)
    if event is None:
        last = journal.count()
        return AnchorVerdict(False, [f"l'événement {anchor.position} sur lequel s'appuie le rapport n'est plus dans le "
                                     f"journal (il en compte {last}) : les derniers événements de l'instruction ont "
                                     "été supprimés depuis le rapport"])
    if event.instruction != anchor.instruction:
        ok = False
        messages.append(f"l'événement {anchor.position} n'appartient plus à l'instruction « {anchor.instruction} » : "
                        "le journal a été réécrit depuis le rapport")
    elif event.hash != anchor.hash:
        ok = False
        messages.append(f"l'événement {anchor.position} n'a plus l'empreinte que porte le rapport "
                        f"({anchor.hash[:12]}… dans le rapport, {event.hash[:12]}… dans le journal) : il a été "
                        "modifié ou remplacé depuis le rapport")
    verdict = verify(journal)
    if not verdict.ok:
        ok = False
        where = "avant l'ancre du rapport" if verdict.first_bad is not None and verdict.first_bad <= anchor.position \
            else "après l'ancre du rapport"
        messages.append(f"chaîne d'empreintes rompue {where} : {verdict.message}")
    if ok:
        messages.append(f"le journal contient toujours l'état sur lequel le rapport a été établi : instruction "
                        f"« {anchor.instruction} », position {anchor.position}, empreinte {anchor.hash[:12]}…, "
                        "chaîne intacte jusque-là")
        later = list(journal.events(anchor.instruction, after=anchor.position))
        news = [e for e in later if e.kind != kinds.REPORT]
        if news:
            messages.append(f"depuis, {len(news)} événement(s) ont été ajoutés à l'instruction (le dernier le "
                            f"{news[-1].at[:10]}) : le rapport ne montre pas son état actuel")
        else:
            messages.append("rien n'a été ajouté à l'instruction depuis, hors l'export de documents")
    return AnchorVerdict(ok, messages)
