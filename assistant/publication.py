"""Publishing an instruction to the public register: the one way, for `instruire publier` and the app.

Publishing is an act recorded in the journal (who, when, what was given); what the answers do not
say is asked then and kept in that event (`journal.public_register`). Every refusal is a French
sentence (`UserError`), raised before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.errors import UserError


@dataclass
class Publication:
    """An instruction about to be published: what it is, and what the team must still give."""

    instruction: str
    view: object
    bundle: object
    org: object
    before: dict  # what was given at an earlier publication: not asked again

    @property
    def title(self) -> str:
        return self.view.title  # type: ignore[attr-defined]

    def todo(self, given: dict) -> list[str]:
        """The attributes (`public_register.ASKED`) still missing once `given` is added."""
        from journal import public_register

        return public_register.missing(self.view, self.bundle, self.org, {**self.before, **given})


def prepare(journal, instruction: str, catalog, org) -> Publication:
    """Refused here (in French) if it cannot be published at all: a pre-check, no decision, no
    organisation named in the configuration."""
    from journal import public_register, report_model

    try:
        view, bundle = report_model.load(journal, instruction, catalog)
    except report_model.ReportError as exc:
        raise UserError(str(exc)) from None
    why = public_register.refusal(view)
    if why:
        raise UserError(f"« {view.title} » : {why}")
    if not (org.name and org.contact):
        raise UserError("le registre public donne le nom de l'organisation et un contact : ajoutez-les à la "
                        "configuration (config.toml : [organisation] nom = \"…\" et contact = \"…\")")
    return Publication(instruction, view, bundle, org, public_register.given_at_publication(view))


def checked(given: dict) -> dict:
    """What the team gave, trimmed and checked: the short description's length, the review date
    (typed the French way, 15/01/2027, or 2027-01-15; kept as the standard writes it)."""
    from grilles.answers import AnswerError, parse_date
    from journal import public_register

    out = {key: str(value).strip() for key, value in given.items() if str(value or "").strip()}
    short = out.get("description_short", "")
    if len(short) > public_register.SHORT_MAX:
        raise UserError(f"description pour le public : {len(short)} caractères, {public_register.SHORT_MAX} au plus")
    if out.get("revision_date"):
        try:
            out["revision_date"] = parse_date(out["revision_date"]).isoformat()
        except AnswerError as exc:
            raise UserError(f"date de la prochaine revue : {exc}") from None
    return out


def record(journal, publication: Publication, given: dict, actor) -> None:
    """The act itself: refused if anything is still missing, else recorded in the journal."""
    from journal import kinds, public_register

    given = checked(given)
    todo = publication.todo(given)
    if todo:
        raise Missing(publication.title, todo)
    journal.append(publication.instruction, kinds.PUBLISHED,
                   {"attributes": given, "standard_version": public_register.STANDARD_VERSION}, actor)


def withdraw(journal, instruction: str, catalog, actor) -> str:
    """Taken out of the register (an act recorded too); the instruction's title."""
    from journal import kinds, report_model

    try:
        view, _ = report_model.load(journal, instruction, catalog)
    except report_model.ReportError as exc:
        raise UserError(str(exc)) from None
    journal.append(instruction, kinds.UNPUBLISHED, {}, actor)
    return view.title


class Missing(UserError):
    """Publishing refused: what the answers do not give and nobody gave yet."""

    def __init__(self, title: str, todo: list[str]):
        from journal import public_register

        self.todo = todo
        super().__init__(f"« {title} » : à donner pour publier : "
                         + " ; ".join(public_register.ASKED[a] for a in todo))
