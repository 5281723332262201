"""Errors told to the user in French, without a traceback."""

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class UserError(Exception):
    """An error to tell the user, in French, with the exit code to use."""

    def __init__(self, message: str, code: int = EXIT_PROBLEMS):
        super().__init__(message)
        self.code = code
