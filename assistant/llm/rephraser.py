"""The `Rephraser` the dialogue calls: cache → model (hard timeout) → guard → journal event.

    rephraser = install(store, load_llm_settings(settings))   # None when no LLM is configured
    turn = session.prepare(session.turn())                     # shown text: turn.text
    rephraser.prefetch(upcoming_requests(session, turn.question.id))  # the next one, in the background

It only ever returns the question's own wording or a rephrasing the guard accepted, and it
never raises into the dialogue: any failure (server down, slow, erroring, garbage, guard
refusal, even a bug here) shows the original.

Each use is a `reformulation` journal event (model, endpoint, prompt version, input sent,
output, guard verdict, fallback, duration, tokens, cache). Events are written only from
the caller's thread, in `__call__`: prefetching runs the model in a background thread and
keeps the result until the dialogue asks for it (then it is logged with that question),
or until a later call finds it unused (then it is logged as an unused prefetch). So every
request that reached the model is logged exactly once, and the journal is never written
from two threads.

After `max_failures` calls in a row that gave no text (down, slow, erroring), the model is
left alone for `cooldown` seconds: the dialogue shows the originals without waiting (the
cache still answers).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from assistant.llm import guard
from assistant.llm import prompt as prompts
from assistant.llm.cache import Cache, cache_key
from assistant.llm.client import LLMError, complete
from assistant.llm.config import LLMSettings
from dialogues.rephrasing import RephraseRequest
from journal import kinds
from journal.log import Actor

WAIT_MARGIN = 0.05  # seconds granted beyond the timeout to a prefetch already running


@dataclass
class Outcome:
    """What one attempt to get a rephrasing gave, before the guard."""

    output: str | None = None
    error: str | None = None
    error_kind: str | None = None
    duration_ms: float = 0.0  # the model's time (0 for a cache hit)
    tokens_in: int | None = None
    tokens_out: int | None = None
    cache: bool = False
    prefetch: bool = False


@dataclass
class _Prepared:
    request: RephraseRequest
    key: str
    user: str


@dataclass
class _Job:
    prepared: _Prepared
    started: float
    done: threading.Event = field(default_factory=threading.Event)
    outcome: Outcome | None = None


class LocalRephraser:
    """A `dialogues.rephrasing.Rephraser` backed by a local chat-completions server."""

    def __init__(self, settings: LLMSettings, journal=None, glossary: Mapping | Iterable = (),
                 cache: Cache | None = None, max_failures: int = 3, cooldown: float = 60.0):
        self.settings = settings
        self.journal = journal  # journal.log.Journal, or None (no events: `llm tester`)
        self.enabled = True  # False: originals only, no call, no event (the "original wording" toggle)
        entries = glossary.values() if isinstance(glossary, Mapping) else glossary
        self._lex = guard.lexicon(guard.glossary_groups(entries))
        self.cache = cache if cache is not None else Cache(settings.cache_path() if settings.cache else None)
        self.max_failures = max_failures
        self.cooldown = cooldown
        self.stats: Counter = Counter()  # calls, tokens_in, tokens_out, model_ms, cache_hits, accepted, fallbacks
        self._lock = threading.Lock()
        self._pending: dict[str, _Job] = {}
        self._memo: dict[str, dict] = {}
        self._failures = 0
        self._paused_until = 0.0
        self._executor: ThreadPoolExecutor | None = None

    def bind(self, journal) -> LocalRephraser:
        """Write the events to this journal (the Store's, once it is open); returns self."""
        self.journal = journal
        return self

    # --- the Rephraser contract ---------------------------------------------------------

    def __call__(self, request: RephraseRequest) -> tuple[str, bool]:
        try:
            return self._rephrase(request)
        except Exception:  # never into the dialogue: the original is always a valid answer
            self.stats["internal_errors"] += 1
            return request.text, False
        finally:
            try:
                self._flush_unused()
            except Exception:
                self.stats["internal_errors"] += 1

    def prefetch(self, requests: Iterable[RephraseRequest]) -> int:
        """Start preparing these rephrasings in the background; how many were started. Never raises."""
        started = 0
        try:
            for request in requests:
                if not self.enabled or self._paused():
                    break
                prepared = self._prepare(request)
                with self._lock:
                    if prepared.key in self._pending or prepared.key in self._memo:
                        continue
                    job = _Job(prepared, time.monotonic())
                    self._pending[prepared.key] = job
                if self._executor is None:
                    self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="instruire-llm")
                self._executor.submit(self._run_job, job)
                started += 1
        except Exception:
            self.stats["internal_errors"] += 1
        return started

    def close(self) -> None:
        """Log the prefetches that were never used, and stop the background worker."""
        try:
            self._flush_unused(wait=True)
        except Exception:
            self.stats["internal_errors"] += 1
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def judge(self, request: RephraseRequest, output: str) -> tuple[str, guard.Verdict]:
        """The text a model's output would show, and the guard's verdict on it."""
        candidate = guard.clean(output)
        context = request.project_title if self.settings.mode == "projet" else ""
        return candidate, guard.check(request.text, candidate, context=context, lex=self._lex)

    # --- building the request -----------------------------------------------------------

    def _prepare(self, request: RephraseRequest) -> _Prepared:
        keep = guard.keep_terms(request.text, self._lex)
        user = prompts.user_content(request.text, self.settings.mode, keep, request.project_title,
                                    request.project_description)
        key = cache_key(request.question, request.text, request.grid_version, self.settings.model,
                        self.settings.mode, prompts.PROMPT_VERSION, user)
        return _Prepared(request, key, user)

    def body(self, request: RephraseRequest) -> dict:
        """The exact JSON body that would be sent for this request."""
        return prompts.request_body(self.settings.model, self._prepare(request).user)

    # --- getting an output --------------------------------------------------------------

    def _paused(self) -> bool:
        return time.monotonic() < self._paused_until

    def _cached(self, key: str) -> dict | None:
        hit = self._memo.get(key)
        if hit is None:
            hit = self.cache.get(key)
            if hit is not None:
                self._memo[key] = hit
        return hit

    def _call_model(self, prepared: _Prepared) -> Outcome:
        s = self.settings
        start = time.perf_counter()
        try:
            completion = complete(s.endpoint, prompts.request_body(s.model, prepared.user), s.timeout, s.api_key)
        except LLMError as exc:
            return Outcome(error=str(exc), error_kind=exc.kind, duration_ms=(time.perf_counter() - start) * 1000)
        outcome = Outcome(output=completion.text, duration_ms=completion.duration_ms,
                          tokens_in=completion.tokens_in, tokens_out=completion.tokens_out)
        value = {"output": completion.text, "model": s.model, "tokens_in": completion.tokens_in,
                 "tokens_out": completion.tokens_out, "duration_ms": round(completion.duration_ms, 1)}
        self._memo[prepared.key] = value
        self.cache.put(prepared.key, value)
        return outcome

    def _run_job(self, job: _Job) -> None:
        try:
            hit = self._cached(job.prepared.key)
            job.outcome = Outcome(output=hit["output"], cache=True) if hit is not None \
                else self._call_model(job.prepared)
        except Exception as exc:  # pragma: no cover - _call_model catches what it expects
            job.outcome = Outcome(error=f"erreur interne ({type(exc).__name__})", error_kind="interne")
        finally:
            job.outcome = job.outcome or Outcome(error="erreur interne", error_kind="interne")
            job.outcome.prefetch = True
            job.done.set()

    def _obtain(self, prepared: _Prepared) -> Outcome | None:
        """The output for this request: a prefetch, the cache, or a call (None: paused, nothing cached)."""
        with self._lock:
            job = self._pending.pop(prepared.key, None)
        if job is not None:
            # The job's own call has a hard deadline, so this wait is bounded by the timeout too.
            if job.done.wait(self.settings.timeout + WAIT_MARGIN) and job.outcome is not None:
                return job.outcome
            with self._lock:  # still running: its call will be logged by a later flush
                self._pending.setdefault(prepared.key, job)
            return Outcome(error=f"pas de réponse du modèle en {self.settings.timeout:g} s", error_kind="attente",
                           prefetch=True)
        hit = self._cached(prepared.key)
        if hit is not None:
            return Outcome(output=hit["output"], cache=True)
        if self._paused():
            return None
        return self._call_model(prepared)

    # --- the rephrasing -----------------------------------------------------------------

    def _rephrase(self, request: RephraseRequest) -> tuple[str, bool]:
        if not self.enabled or not request.text.strip():
            return request.text, False
        prepared = self._prepare(request)
        start = time.perf_counter()
        outcome = self._obtain(prepared)
        if outcome is None:  # the model is paused after repeated failures: no call, no wait, no event
            self.stats["paused"] += 1
            return request.text, False
        waited_ms = (time.perf_counter() - start) * 1000
        shown, rephrased = self._record(prepared, outcome, waited_ms, used=True)
        return shown, rephrased

    def _record(self, prepared: _Prepared, outcome: Outcome, waited_ms: float, used: bool) -> tuple[str, bool]:
        """Guard the output, update the counters, write the journal event; (shown, rephrased)."""
        request = prepared.request
        original = request.text
        verdict: guard.Verdict | None = None
        candidate = None
        if outcome.output is not None:
            candidate, verdict = self.judge(request, outcome.output)
        accepted = bool(verdict and verdict.ok and candidate and candidate.strip() != original.strip())
        shown = candidate if accepted and candidate else original

        # "attente": the call is a prefetch still running, accounted for when it is flushed
        called = not outcome.cache and (outcome.output is not None
                                         or outcome.error_kind not in (None, "interne", "attente"))
        if called:
            self.stats["calls"] += 1
            self.stats["tokens_in"] += outcome.tokens_in or 0
            self.stats["tokens_out"] += outcome.tokens_out or 0
            self.stats["model_ms"] += outcome.duration_ms
        if outcome.cache:
            self.stats["cache_hits"] += 1
        breaker = False
        if outcome.output is None and called:
            self._failures += 1
            if self._failures >= self.max_failures:
                self._paused_until = time.monotonic() + self.cooldown
                self._failures = 0
                breaker = True
        elif outcome.output is not None:
            self._failures = 0
        if used:
            self.stats["accepted" if accepted else "fallbacks"] += 1

        if self.journal is not None:
            tokens_in = 0 if outcome.cache else outcome.tokens_in
            tokens_out = 0 if outcome.cache else outcome.tokens_out
            payload = {
                "question": request.question,
                "model": self.settings.model,
                "endpoint": self.settings.endpoint,
                "prompt_version": prompts.PROMPT_VERSION,
                "guard_version": guard.GUARD_VERSION,
                "mode": self.settings.mode,
                "input": prepared.user,
                "output": outcome.output,
                "shown": shown if used else None,
                "verdict": "accepte" if verdict and verdict.ok else ("refuse" if verdict else "aucun"),
                "reasons": list(verdict.reasons) if verdict else [],
                "codes": list(verdict.codes) if verdict else [],
                "fell_back": used and not accepted,
                "error": outcome.error,
                "duration_ms": round(0.0 if outcome.cache else outcome.duration_ms, 1),
                "waited_ms": round(waited_ms, 1),
                "timeout_s": self.settings.timeout,
                "tokens_in": tokens_in,
                "tokens_out": tokens_out,
                "tokens": (tokens_in or 0) + (tokens_out or 0),
                "cache": outcome.cache,
                "prefetch": outcome.prefetch,
                "used": used,
            }
            if breaker:
                payload["paused_s"] = self.cooldown
            grid = request.question.split(".", 1)[0] if "." in request.question else ""
            self.journal.append(request.instruction, kinds.LLM, payload, Actor.system(), grid, request.grid_version)
        return shown, accepted

    def _flush_unused(self, wait: bool = False) -> None:
        """Log finished prefetches that no question used (a changed answer took another path)."""
        with self._lock:
            jobs = list(self._pending.items())
        for key, job in jobs:
            if wait and not job.done.is_set():
                job.done.wait(max(0.0, job.started + self.settings.timeout + WAIT_MARGIN - time.monotonic()))
            if not job.done.is_set() or job.outcome is None:
                continue
            with self._lock:
                if self._pending.get(key) is not job:
                    continue
                del self._pending[key]
            if job.outcome.cache:
                continue  # nothing reached the model: nothing to account for
            self._record(job.prepared, job.outcome, 0.0, used=False)


def upcoming_requests(session, current: str | None, count: int = 1) -> list[RephraseRequest]:
    """The rephrasing requests of the next `count` questions after `current`, as the rules see them
    now (the path may change with the answer: an unused prefetch is logged, never shown)."""
    from grilles.rules import TO_ASK

    out: list[RephraseRequest] = []
    for entry in session.evaluation().with_status(TO_ASK):
        if entry.id == current:
            continue
        out.append(session.rephrase_request(entry))
        if len(out) >= count:
            break
    return out


def install(store, settings: LLMSettings | None, glossary: Mapping | Iterable | None = None,
            **kwargs) -> LocalRephraser | None:
    """Plug a LocalRephraser into a dialogue Store (None, and nothing changed, when no LLM is set)."""
    if settings is None:
        return None
    rephraser = LocalRephraser(settings, None, store.catalog.glossary if glossary is None else glossary, **kwargs)
    store.rephrase = rephraser.bind(store.journal)
    return rephraser


__all__ = ["LocalRephraser", "Outcome", "install", "upcoming_requests"]
