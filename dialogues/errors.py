"""What the dialogue refuses, said in French."""


class DialogueError(Exception):
    """Something the participants asked that cannot be done; French, shown as is."""


def checked_text(text: str, what: str, multiline: bool = False, required: bool = True) -> str:
    """A text people typed, as the journal keeps it (stripped), or a DialogueError that says why
    not: « le titre du projet est vide : il n'a que des caractères invisibles (U+200B) »."""
    from grilles.typed_text import text_problem

    if not required and not (text or "").strip():
        return ""
    why = text_problem(text or "", multiline=multiline)
    if why is not None:
        raise DialogueError(f"{what} {why}")
    return text.strip()
