"""The one way a screen runs an act: off the screen's thread, one after the other, in the order
they were asked, the outcome posted back to the screen as a message with the act's context.

Screens never run the dialogue themselves and never touch it from a worker: they call
`app.acts.run(self, fn, context)`, then handle `ActDone` (the value `fn` returned) or
`ActFailed` (a French sentence), both carrying the `context` they gave, so that nothing about
an act in flight lives in screen attributes. An act asked while another runs waits its turn:
none is dropped.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from textual.message_pump import MessagePump

from assistant.ui.messages import ActDone, ActFailed

UNEXPECTED = "erreur inattendue : {error}. Les réponses déjà données sont enregistrées."


class ActRunner:
    def __init__(self, app):
        self.app = app
        self._queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()  # one act at a time, the oldest first

    def run(self, target: MessagePump, fn: Callable[[], Any], context: Any = None,
            failure: str = UNEXPECTED) -> None:
        """Queue `fn` for `target`; `failure` words an unexpected error (with `{error}`)."""
        self._queue.put((target, fn, context, failure))
        self.app.run_worker(self._next, thread=True, group="acts", exit_on_error=False)

    def _next(self) -> None:
        from dialogues.errors import DialogueError
        from journal.log import JournalError

        with self._lock:
            target, fn, context, failure = self._queue.get_nowait()
            try:
                result = fn()
            except (DialogueError, JournalError) as exc:  # said as it is: already French
                target.post_message(ActFailed(str(exc), context))
            except Exception as exc:  # never a traceback: say it (in French), keep what was recorded
                from grilles.system_errors import os_error_message

                error = os_error_message(exc) if isinstance(exc, OSError) else exc
                target.post_message(ActFailed(failure.format(error=error), context))
            else:
                target.post_message(ActDone(result, context))
