"""What the dialogue refuses, said in French."""


class DialogueError(Exception):
    """Something the participants asked that cannot be done; French, shown as is."""
