"""One chat-completions call, with the standard library only, under a hard deadline.

`http.client` rather than `urllib.request` on purpose: it never reads proxy variables
(HTTP_PROXY would send the project's data to another machine), and it never follows a
redirect (a loopback server could otherwise bounce the request elsewhere).

The deadline is a wall-clock bound on the whole call (connect, send, wait, read): the
request runs in a daemon thread and the caller waits at most `timeout` seconds, then the
socket is shut down. A server that trickles bytes cannot hold the dialogue.
Every failure is an `LLMError` with a French message.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from grilles.system_errors import os_error_text

MAX_RESPONSE_BYTES = 256 * 1024
USER_AGENT = "instruire (reformulation locale)"
_THINK = re.compile(r"^\s*<think>.*?</think>\s*", re.DOTALL)


class LLMError(Exception):
    """A call that gave no usable text; the message is French and says why."""

    kind = "erreur"


class LLMTimeout(LLMError):
    kind = "delai"


class LLMUnavailable(LLMError):
    kind = "injoignable"


class LLMHTTPError(LLMError):
    kind = "http"

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class LLMBadResponse(LLMError):
    kind = "reponse_illisible"


@dataclass(frozen=True)
class Completion:
    text: str  # choices[0].message.content, as returned (minus a leading <think> block)
    tokens_in: int | None
    tokens_out: int | None
    duration_ms: float
    model: str = ""  # as echoed by the server


def _excerpt(data: bytes, limit: int = 160) -> str:
    text = data.decode("utf-8", "replace").replace("\n", " ").strip()
    return text if len(text) <= limit else text[:limit] + "…"


class _Call:
    """The blocking HTTP exchange, run in a daemon thread so that the caller can give up on it."""

    def __init__(self, endpoint: str, body: bytes, timeout: float, api_key: str | None):
        self.parts = urlsplit(endpoint)
        self.body = body
        self.timeout = timeout
        self.api_key = api_key
        self.conn: http.client.HTTPConnection | None = None
        self.result: tuple[int, bytes] | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def run(self) -> None:
        try:
            cls = http.client.HTTPSConnection if self.parts.scheme == "https" else http.client.HTTPConnection
            self.conn = cls(self.parts.hostname, self.parts.port, timeout=self.timeout)
            headers = {"Content-Type": "application/json", "Accept": "application/json",
                       "User-Agent": USER_AGENT, "Connection": "close"}
            if self.api_key:
                headers["Authorization"] = f"Bearer {self.api_key}"
            self.conn.request("POST", self.parts.path or "/", body=self.body, headers=headers)
            response = self.conn.getresponse()
            data = response.read(MAX_RESPONSE_BYTES + 1)
            self.result = (response.status, data)
        except BaseException as exc:  # reported to the waiting caller, never raised in the thread
            self.error = exc
        finally:
            self.close()
            self.done.set()

    def abort(self) -> None:
        conn = self.conn
        sock = getattr(conn, "sock", None) if conn is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed: nothing to wake
                sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in recv
        self.close()

    def close(self) -> None:
        try:
            if self.conn is not None:
                self.conn.close()
        except Exception:
            pass


def post_json(endpoint: str, body: dict, timeout: float, api_key: str | None = None) -> tuple[int, bytes, float]:
    """(HTTP status, raw body, elapsed ms), within `timeout` seconds of wall-clock time or LLMTimeout."""
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    call = _Call(endpoint, payload, timeout, api_key)
    start = time.perf_counter()
    thread = threading.Thread(target=call.run, name="instruire-llm-http", daemon=True)
    thread.start()
    finished = call.done.wait(timeout)
    elapsed = (time.perf_counter() - start) * 1000
    if not finished:
        call.abort()
        raise LLMTimeout(f"pas de réponse du modèle en {timeout:g} s")
    exc = call.error
    if exc is not None:
        if isinstance(exc, (socket.timeout, TimeoutError)):
            raise LLMTimeout(f"pas de réponse du modèle en {timeout:g} s")
        if isinstance(exc, ConnectionRefusedError):
            raise LLMUnavailable("serveur du modèle injoignable (connexion refusée) : est-il démarré ?")
        if isinstance(exc, http.client.HTTPException):
            raise LLMBadResponse(f"réponse HTTP illisible ({type(exc).__name__})")
        if isinstance(exc, OSError):
            raise LLMUnavailable(f"serveur du modèle injoignable ({os_error_text(exc)})")
        raise LLMError(f"appel au modèle impossible ({type(exc).__name__} : {exc})")
    assert call.result is not None
    status, data = call.result
    return status, data, elapsed


def parse_completion(status: int, data: bytes, elapsed_ms: float) -> Completion:
    if status != 200:
        raise LLMHTTPError(f"le serveur du modèle a répondu par une erreur HTTP {status} : « {_excerpt(data)} »",
                           status)
    if len(data) > MAX_RESPONSE_BYTES:
        raise LLMBadResponse(f"réponse du modèle trop volumineuse (plus de {MAX_RESPONSE_BYTES // 1024} Kio)")
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise LLMBadResponse(f"réponse du modèle qui n'est pas du JSON : « {_excerpt(data)} »") from None
    try:
        content = doc["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LLMBadResponse("réponse du modèle sans choices[0].message.content") from None
    if not isinstance(content, str):
        raise LLMBadResponse("réponse du modèle dont le contenu n'est pas un texte")
    usage = doc.get("usage") if isinstance(doc, dict) else None
    usage = usage if isinstance(usage, dict) else {}

    def count(name: str) -> int | None:
        value = usage.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None

    model = doc.get("model") if isinstance(doc.get("model"), str) else ""
    return Completion(_THINK.sub("", content, count=1), count("prompt_tokens"), count("completion_tokens"),
                      elapsed_ms, model)


def complete(endpoint: str, body: dict, timeout: float, api_key: str | None = None) -> Completion:
    """POST `body` to the chat-completions endpoint; the completion, or an LLMError within `timeout`."""
    status, data, elapsed = post_json(endpoint, body, timeout, api_key)
    return parse_completion(status, data, elapsed)


__all__ = ["Completion", "LLMBadResponse", "LLMError", "LLMHTTPError", "LLMTimeout", "LLMUnavailable",
           "complete", "parse_completion", "post_json"]
