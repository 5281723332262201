"""The summary a committee reads at the end, drawn as text that reads at 80 columns: questions by
their numbers and words, answers under their question, never an identifier or a condition.

Pure rendering (no Textual): built and laid out in lines off the screen's thread (`drawn`), so
that the summary of a long instruction appears at once, then fills in, and the screen only
shows lines already wrapped.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from assistant.ui.charts import score_lines
from dialogues.turns import TurnKind
from grilles.answers import display
from grilles.formats import french_date, person, question_ref, shortened, source_text
from grilles.rules import DECLARED_NA
from grilles.schema import ROLE_LABELS
from grilles.scores import axis_scores
from journal.report_layout import fr_datetime

NUMBER_WIDTH = 5  # « 84 », « 4 bis », « · » for an unnumbered question: the answers' column starts here


def heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


class Hanging:
    """A hanging list: the marker right-aligned in its column, the text wrapped beside it (never
    under it). What a two-column grid table draws, at a fraction of its cost: 150 answers in a
    long instruction."""

    def __init__(self, rows: list[tuple[str, Text]]):
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        inner = max(10, options.max_width - NUMBER_WIDTH - 1)
        indent = Segment(" " * (NUMBER_WIDTH + 1))
        for marker, text in self.rows:
            head = Text(marker[:NUMBER_WIDTH].rjust(NUMBER_WIDTH) + " ", style="bold")
            for i, line in enumerate(text.wrap(console, inner, overflow="fold")):
                if i == 0:
                    yield from head.render(console)
                else:
                    yield indent
                yield from line.render(console)
                yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(options.max_width, options.max_width)


def items(rows: list[tuple[str, Text | str]]) -> Hanging:
    return Hanging([(marker, text if isinstance(text, Text) else Text(text)) for marker, text in rows])


def drawn(parts: Group, width: int, first: int = 0, on_first: Callable[[Text], object] | None = None) -> Text:
    """The summary laid out in lines at the screen's width, off the screen's thread: the screen then
    shows text already wrapped (laid out again when its width changes). Laid out part by part, so
    that once its `first` lines are (a screenful), `on_first` can show them without waiting for the
    rest of a long summary."""
    console = Console(width=width, file=io.StringIO())  # renders only: nothing is written
    options = console.options.update_width(width)
    out = Text(no_wrap=True, overflow="crop", end="")
    count = 0
    for part in parts.renderables:
        for line in console.render_lines(part, options, pad=False):
            if count:
                out.append("\n")
            for segment in line:
                if segment.text and not segment.control:
                    out.append(segment.text, segment.style)
            count += 1
        if on_first is not None and count >= first:
            on_first(out.copy())
            on_first = None
    return out


def answered(entry, shown: str) -> Text:
    """A question and, under it, its answer: the question's words are never cut."""
    text = Text(" ".join(entry.question.text.split()))
    text.append("\n→ ")
    text.append(shown, style="bold")
    return text


def marker(entry) -> str:
    return str(entry.question.number) if entry.question.number else "·"


def decided_line(decision) -> str:
    """Who decided what, when and why, as the journal holds it, in the report's words
    (journal.report_sections._decision_block)."""
    if decision is None:
        return "Décision enregistrée."
    people = ", ".join(person(p.name, p.role) for p in (decision.people or [decision.actor]))
    why = f" Motif : {decision.rationale}" if decision.rationale else ""
    return f"Décision enregistrée : {decision.label}, le {fr_datetime(decision.at)}, par {people}.{why}"


def summary(session, turn) -> RenderableType:
    ev = turn.evaluation
    view, bundle = session.view, session.bundle
    parts: list[RenderableType] = [Text(view.title, style="bold reverse")]
    state = {TurnKind.DECISION: "Toutes les questions sont posées : la décision revient aux personnes présentes.",
             TurnKind.DECIDED: decided_line(view.decision),
             TurnKind.PRECHECK_DONE: "Pré-examen terminé : voici ce que le profil révèle et ce que l'instruction "
                                     "complète demandera."}.get(turn.kind, "")
    parts += [Text(state, style="bold"), Text("L'assistant n'a rien décidé : il signale et liste ; il ne "
                                              "recommande pas.", style="italic")]
    parts.append(heading("Lignes rouges"))
    parts.append(items([("⛔", Text.assemble((f.rule.rule.title, "bold"), f" — {f.rule.rule.message} ",
                                            (f"(source : {source_text(f.rule.rule.source)})", "dim")))
                        for f in ev.red_lines]) if ev.red_lines else Text("Aucune ligne rouge signalée."))
    parts.append(heading("Alertes"))
    parts.append(items([("⚠", Text.assemble((f.rule.rule.title, "bold"), f" — {f.rule.rule.message}"))
                        for f in ev.warnings]) if ev.warnings else Text("Aucune alerte."))
    if ev.to_check:
        parts.append(heading("À vérifier"))
        parts.append(items([("?", Text.assemble((f.rule.rule.title, "bold"), f" : {f.to_check_reason} ; dépend de "
                                                + " et de ".join(c.label or "une question" for c in f.causes)))
                            for f in ev.to_check]))
    parts += open_points(session, ev)
    charts = []
    for loaded in bundle.grids:
        scores = axis_scores(ev, loaded.grid)
        if scores:
            charts += [loaded.grid.title, *score_lines(scores), ""]
    if charts:
        parts.append(heading("Notes par axe"))
        parts.append(Text("\n".join(charts).rstrip(), no_wrap=True, overflow="ellipsis"))
    if turn.kind is TurnKind.PRECHECK_DONE:
        from dialogues.precheck import outlook

        parts.append(heading("Ce que demandera l'instruction complète"))
        parts.append(items([("•", f"{o.title} : {o.questions} question(s) à poser ({o.skipped} déjà écartée(s)) ; "
                                  f"experts à réunir : {', '.join(ROLE_LABELS[r] for r in o.experts) or '—'}")
                            for o in outlook(session)]))
    parts.append(heading("Réponses par critère"))
    for loaded in bundle.grids:
        grid_rows = []
        for section in loaded.grid.sections:
            rows = []
            for e in bundle.entries:
                if e.grid.id == loaded.grid.id and e.criterion.id == section.id:
                    st = ev.statuses[e.id]
                    if st.answer is not None and st.status != "ecartee":
                        rows.append((marker(e), answered(e, display(e.question, st.answer, e.grid.scale))))
            if rows:
                grid_rows.append(Text(section.title, style="bold italic"))
                grid_rows.append(items(rows))
        if grid_rows:
            parts.append(Text(f"\n{loaded.grid.title}", style="bold"))
            parts += grid_rows
    parts.append(heading("Questions écartées (sans objet)"))
    parts.append(items([(marker(e), Text.assemble(shortened(e.question.text, 100), "\n",
                                                 (ev.statuses[e.id].reason.message, "italic")))
                        for e in ev.skipped]) if ev.skipped else Text("Aucune."))
    declared_na = [e for e in bundle.entries if ev.statuses[e.id].status == DECLARED_NA]
    if declared_na:
        parts.append(heading("Déclarées non applicables"))
        parts.append(items([(marker(e), answered(e, ev.statuses[e.id].answer.justification or ""))
                            for e in declared_na]))
    return Group(*parts)


def open_points(session, ev) -> list[RenderableType]:
    """Open points by whom to ask first (the supplier's questions together), with owners and dates."""
    parts: list[RenderableType] = [heading("Points ouverts")]
    points = ev.open_points
    if not points:
        return parts + [Text("Aucun point ouvert.")]
    bundle, view = session.bundle, session.view
    groups: dict[str, list[tuple[str, Text]]] = {}
    for p in points:
        assigned = view.open_points.get(p.subject, {})
        extra = ""
        if assigned.get("owner") or assigned.get("due"):
            due = french_date(assigned["due"]) if assigned.get("due") else "sans échéance"
            extra = f" — responsable : {assigned.get('owner') or '?'}, échéance : {due}"
        if p.kind == "nsp" and p.subject in bundle.by_id:
            entry = bundle.by_id[p.subject]
            who = ROLE_LABELS[p.who[0]] if p.who else "à déterminer"
            text = Text(shortened(entry.question.text, 140))
            if len(p.who) > 1:
                text.append(f" (aussi : {', '.join(ROLE_LABELS[r] for r in p.who[1:])})", style="dim")
            text.append(extra, style="bold")
            groups.setdefault(f"À poser d'abord à : {who}", []).append((marker(entry), text))
        else:
            from assistant.ui.controller import rule_title

            causes = [question_ref(bundle.by_id[q]) for q in p.questions if q in bundle.by_id]
            text = Text.assemble((rule_title(bundle, p.subject), "bold"),
                                 f" : à vérifier ; dépend de {' et de '.join(causes) or 'réponses à venir'}", extra)
            groups.setdefault("Lignes rouges et alertes à vérifier", []).append(("?", text))
    for title, rows in groups.items():
        parts += [Text(f"{title} ({len(rows)})", style="bold italic"), items(rows)]
    return parts
