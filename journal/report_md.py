"""The report as Markdown: readable as plain text, and rendered as is by any Markdown viewer.

User text is escaped so that a title or an answer cannot inject markup (HTML included).
"""

from __future__ import annotations

import re

from journal.report_layout import Block, Bullets, Chart, Charts, Heading, PageFooter, Para, Table, clean
from journal.report_sections import layout_report

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def esc(text: object) -> str:
    """Escape Markdown and inline HTML in user text (one line)."""
    return _SPECIAL.sub(r"\\\1", clean(text))


def _lines(text: object) -> list[str]:
    return [esc(line) for line in clean(text).split("\n")]


def _cell(text: object) -> str:
    return "<br>".join(_lines(text)) or " "


def _para(p: Para) -> str:
    body = "  \n".join(_lines(p.text))
    if p.label:
        body = f"**{esc(p.label)}** : {body}"
    if p.style == "statement":
        return "> " + body.replace("\n", "\n> ")
    if p.style in ("small", "footer"):
        return f"*{body}*" if body.strip() else body
    return body


def render_blocks(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append("#" * (b.level + 1) + " " + esc(b.text))
        elif isinstance(b, Para):
            if b.style == "footer":
                out.append("---")
            out.append(_para(b))
        elif isinstance(b, Bullets):
            out.append("\n".join("- " + _para(i).replace("\n", "\n  ") for i in b.items))
        elif isinstance(b, Table):
            if b.style == "kv":
                out.append("\n".join(f"- **{esc(k)}** : {'  '.join(_lines(v))}" for k, v in b.rows))
                continue
            lines = ["| " + " | ".join(esc(h) for h in b.headers) + " |",
                     "|" + "|".join("---" for _ in b.headers) + "|"]
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in b.rows]
            out.append("\n".join(lines))
        elif isinstance(b, (Chart, Charts, PageFooter)):
            continue  # the charts' numbers are in the detail's tables; the footer ends the text
    return "\n\n".join(out) + "\n"


def render(report: dict) -> str:
    return render_blocks(layout_report(report))
