"""The help for a question, as Markdown: why it is asked, where it comes from, who can answer,
what its terms mean, and for the profile what each choice opens or skips."""

from __future__ import annotations

from grilles.answers import YES_NO, display, parse_answer
from grilles.formats import source_text
from grilles.prefill import uses_text
from grilles.rules import effects_of_choice
from grilles.schema import ROLE_LABELS, AnswerType, Severity


def glossary_terms(entry, glossary: dict) -> list:
    """The glossary entries of a question: declared, or spotted in its wording."""
    found = [glossary[g] for g in entry.question.glossary if g in glossary]
    text = entry.question.text.lower()
    for term in glossary.values():
        if term not in found and any(form.lower() in text for form in [term.term, *term.aliases] if len(form) > 3):
            found.append(term)
    return found


def terms_in_text(entry, glossary: dict) -> list[str]:
    text = entry.question.text.lower()
    forms = []
    for term in glossary_terms(entry, glossary):
        forms += [f for f in [term.term, *term.aliases] if f.lower() in text]
    return forms


def help_markdown(session, entry, glossary: dict) -> str:
    q = entry.question
    lines = [f"## {q.text}", ""]
    why = q.help or entry.sections[-1].help or entry.criterion.help
    lines += ["### Pourquoi cette question ?", why or "La source ne donne pas de commentaire pour cette question.", ""]
    if q.help and entry.criterion.help:
        lines += [f"*Le critère « {entry.criterion.title} »* : {entry.criterion.help}", ""]
    lines += ["### Source", source_text(q.source, entry.grid.source.document), "",
              f"Grille : {entry.grid.title}, version {entry.grid.version} ({entry.grid.source.author}).", ""]
    if q.answered_by:
        lines += ["### Qui peut répondre", ", ".join(ROLE_LABELS[r] for r in q.answered_by) + ".", ""]
    offer = session.offer(entry.id)
    if offer is not None:
        lines += ["### Réponse proposée", f"« {display(q, offer.answer, entry.grid.scale)} » : {offer.note} "
                  "(touche p pour la confirmer, ou répondez autrement)", ""]
    serves = uses_text(session.bundle, entry.id)
    if serves:
        lines += ["### Cette réponse sert aussi à"] + [f"- {line}" for line in serves] + [""]
    terms = glossary_terms(entry, glossary)
    if terms:
        lines += ["### Termes (soulignés dans la question)"]
        lines += [f"- **{t.term}** : {t.definition} *({t.source})*" for t in terms]
        lines.append("")
    if entry.grid.kind == "profil" and q.type in (AnswerType.yes_no, AnswerType.single):
        lines += ["### Ce que chaque choix ouvre ou écarte"]
        answers = {k: v for k, v in session.view.answers_for_rules().items() if k != entry.id}
        options = list(YES_NO.items()) if q.type is AnswerType.yes_no else [(o.value, o.label) for o in q.options]
        for value, label in options:
            effect = effects_of_choice(session.bundle, answers, entry.id, parse_answer(q, value))
            flagged = [_flag_words(session.bundle, rule_id) for rule_id in effect["signale"]]
            lines.append(f"- **{label}** : ouvre {len(effect['ouvre'])} question(s), "
                         f"en écarte {len(effect['ecarte'])}"
                         + (f" ; signale {', '.join(flagged)}" if flagged else "") + ".")
        lines += ["- **Je ne sais pas** : n'écarte rien ; la question devient un point ouvert.", ""]
    lines += ["---", "« Je ne sais pas » n'écarte jamais de question : le point reste ouvert et sera listé à la fin. "
              "« Non applicable » demande une justification, enregistrée à votre nom."]
    return "\n".join(lines)


def _flag_words(bundle, rule_id: str) -> str:
    """« la ligne rouge « Recours à la biométrie » », « l'alerte « … » »: a flag by its kind and title."""
    rule = next((r for r in bundle.rules if r.id == rule_id), None)
    if rule is None:
        return "un signalement"
    kind = "la ligne rouge" if rule.rule.severity is Severity.red_line else "l'alerte"
    return f"{kind} « {rule.rule.title} »"
