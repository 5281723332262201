"""The one way a screen runs an act: off the screen's thread, one after the other, in the order
they were asked, the outcome posted back to the screen as a message with the act's context.

Screens never run the dialogue themselves and never touch it from a worker: they call
`app.acts.run(self, fn, context)`, then handle `ActDone` (the value `fn` returned) or
`ActFailed` (a French sentence), both carrying the `context` they gave, so that nothing about
an act in flight lives in screen attributes. An act asked while another runs waits its turn:
none is dropped.

When the queue has stayed empty for a moment (the team reads the next question), the runner
runs its `when_idle` work, in the same order as the acts: the app levels the graph's
checkpoints then, so that an answer never waits for LangGraph before its next question shows.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from textual.message_pump import MessagePump

from assistant.ui.messages import ActDone, ActFailed, ActsIdle

UNEXPECTED = "erreur inattendue : {error}. Les réponses déjà données sont enregistrées."
IDLE_S = 0.4  # no act for this long: the team is reading, the idle work can run
IDLE = object()  # the context of the idle work: it does not start another wait


class ActRunner:
    def __init__(self, app, when_idle: Callable[[], Any] | None = None):
        self.app = app
        self.when_idle = when_idle  # run, in turn, once no act has come for IDLE_S
        self._queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()  # one act at a time, the oldest first
        self._idle_timer = None
        self.count = 0  # acts run so far (the idle work not counted): an idle moment follows the last one

    def run(self, target: MessagePump, fn: Callable[[], Any], context: Any = None,
            failure: str = UNEXPECTED) -> None:
        """Queue `fn` for `target`; `failure` words an unexpected error (with `{error}`)."""
        self._queue.put((target, fn, context, failure))
        self.app.run_worker(self._next, thread=True, group="acts", exit_on_error=False)

    def acts_idle(self, message: ActsIdle) -> None:
        """On the app's thread, after an act: (re)start the wait for an idle moment."""
        if self.when_idle is None:
            return
        if self._idle_timer is not None:
            self._idle_timer.stop()
        count = message.count
        self._idle_timer = self.app.set_timer(IDLE_S, lambda: self._idle(count))

    def _idle(self, count: int) -> None:
        self._idle_timer = None
        if count == self.count and self._queue.empty() and self.when_idle is not None:
            self.run(self.app, self.when_idle, IDLE, "{error}")

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
            if context is not IDLE:
                self.count += 1
                self.app.post_message(ActsIdle(self.count))
