"""`instruire web`: the Textual app served to a browser on this computer, for its owner only.

textual-serve runs one app process per browser connection (its AppService); this server puts
the guard of access.py before every request, serves every file the page needs from this
machine (its page, textual-serve's scripts and fonts, our fonts for the signs), and speaks
French on the console.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import html
import json
import logging
import signal
import socket
import sys
from pathlib import Path
from string import Template
from urllib.parse import quote

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from assistant.errors import UserError
from assistant.web.access import LOOPBACK, TOKEN_PARAMETER, Access
from grilles.system_errors import os_error_text

FILES = Path(__file__).parent / "files"
TEXTUAL_FILES = Path(textual_serve.__file__).parent / "static"
FONT_SIZE = 16
STOP_TIMEOUT = 5.0  # seconds an app process gets to quit when the server stops

ACCESS: web.AppKey[Access] = web.AppKey("access", Access)
SERVICES: web.AppKey[set] = web.AppKey("services", set)
COMMAND: web.AppKey[str] = web.AppKey("command", str)
DOWNLOADS: web.AppKey[DownloadManager] = web.AppKey("downloads", DownloadManager)


@functools.cache
def _template(name: str) -> Template:
    return Template((FILES / name).read_text(encoding="utf-8"))


def page(status: int, title: str, reason: str) -> web.Response:
    text = _template("refus.html").substitute(title=html.escape(title, quote=False),
                                              reason=html.escape(reason, quote=False))
    return web.Response(status=status, text=text, content_type="text/html", charset="utf-8")


@web.middleware
async def guard(request: web.Request, handler) -> web.StreamResponse:
    """Every request, page, file or WebSocket, passes here first (see access.py)."""
    access = request.app[ACCESS]
    reason = access.refusal(request.headers.get("Host"), request.headers.get("Origin"),
                            request.query.get(TOKEN_PARAMETER), request.cookies.get(access.cookie))
    if reason is not None:
        asked = "".join(c if c.isprintable() else "?" for c in request.path[:80])  # no escape codes
        print(f"instruire web : demande refusée ({request.method} {asked}) : {reason}", file=sys.stderr, flush=True)
        return page(403, "accès refusé", reason)
    try:
        return await handler(request)
    except (web.HTTPNotFound, web.HTTPForbidden):  # HTTPForbidden: a folder of static files
        return page(404, "page introuvable", "cette adresse ne correspond à rien dans instruire.")
    except web.HTTPMethodNotAllowed:
        return page(405, "demande non prise en charge", "cette adresse ne s'utilise pas ainsi.")


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """What the browser itself enforces: only this server is ever reached, nothing frames the app."""
    response.headers["Content-Security-Policy"] = (  # 'self' covers the page's own ws:// too
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
        "img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"


async def index(request: web.Request) -> web.Response:
    access = request.app[ACCESS]
    text = _template("index.html").substitute(
        title="instruire", font_size=FONT_SIZE,
        websocket_url=html.escape(f"ws://{request.host}/ws"))  # the Host the guard accepted
    response = web.Response(text=text, content_type="text/html", charset="utf-8")
    if access.holds_token(request.query.get(TOKEN_PARAMETER)):
        # From now on the cookie carries the token: reloads work, and the page removes it from the URL.
        response.set_cookie(access.cookie, access.token, httponly=True, samesite="Strict", path="/")
    return response


def _size(value, default: int) -> int:
    """A terminal dimension from the page (query string or JSON), kept within sane bounds."""
    try:
        return min(max(int(value or default), 10), 1000)
    except (ValueError, TypeError):
        return default


async def websocket(request: web.Request) -> web.WebSocketResponse:
    """One browser connection: one app process, fed the keys and sizes the page sends."""
    connection = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20)
    await connection.prepare(request)
    service = AppService(request.app[COMMAND], write_bytes=connection.send_bytes,
                         write_str=connection.send_str, close=connection.close,
                         download_manager=request.app[DOWNLOADS])
    services = request.app[SERVICES]
    services.add(service)
    try:
        await service.start(_size(request.query.get("width"), 80), _size(request.query.get("height"), 24))
        await relay(connection, service)
    finally:
        services.discard(service)
        await stop_service(service)
    return connection


async def relay(connection: web.WebSocketResponse, service: AppService) -> None:
    async for message in connection:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope:
            continue  # not something textual.js sends: ignored
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await service.set_terminal_size(_size(data.get("width"), 80), _size(data.get("height"), 24))
        elif kind == "ping":
            await connection.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


async def stop_service(service: AppService) -> None:
    try:
        await asyncio.wait_for(service.stop(), STOP_TIMEOUT)
    except (TimeoutError, ConnectionError):
        process = getattr(service, "_process", None)  # textual-serve keeps it there
        if process is not None and process.returncode is None:
            process.kill()


async def download(request: web.Request) -> web.StreamResponse:
    """A file the app hands to the browser (an export)."""
    downloads = request.app[DOWNLOADS]
    key = request.match_info["key"]
    try:
        meta = await downloads.get_download_metadata(key)
    except KeyError:
        raise web.HTTPNotFound() from None
    response = web.StreamResponse()
    response.headers["Content-Type"] = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
    disposition = "inline" if meta.open_method == "browser" else "attachment"
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(meta.file_name)}"
    await response.prepare(request)
    async for chunk in downloads.download(key):
        await response.write(chunk)
    await response.write_eof()
    return response


async def stop_all(app: web.Application) -> None:
    await asyncio.gather(*(stop_service(s) for s in list(app[SERVICES])), return_exceptions=True)


def build_app(command: str, access: Access) -> web.Application:
    app = web.Application(middlewares=[guard])
    app[ACCESS] = access
    app[SERVICES] = set()
    app[COMMAND] = command
    app[DOWNLOADS] = DownloadManager()
    app.add_routes([
        web.get("/", index),
        web.get("/ws", websocket),
        web.get("/download/{key}", download),
        web.static("/static/textual", TEXTUAL_FILES),
        web.static("/static/instruire", FILES),
    ])
    app.on_response_prepare.append(security_headers)
    app.on_shutdown.append(stop_all)
    return app


def bind(name: str, port: int) -> socket.socket:
    """The listening socket, on the loopback address only, with a French word for what goes wrong."""
    if name not in LOOPBACK:
        raise UserError(f"adresse « {name} » refusée : l'application n'est servie que sur cet ordinateur "
                        f"({', '.join(LOOPBACK)})")
    if not 0 <= port <= 65535:
        raise UserError(f"port {port} impossible : choisissez un nombre entre 1024 et 65535 (0 : un port libre)")
    address = LOOPBACK[name]
    sock = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM)
    if sys.platform != "win32":  # a restart right after a stop finds the port free (not so on Windows)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((address, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UserError(f"le port {port} est déjà utilisé sur cet ordinateur : choisissez-en un autre "
                            f"(--port {port + 1 if port < 65535 else 8000})") from None
        if exc.errno == errno.EACCES:
            raise UserError(f"le port {port} est réservé : choisissez un port au-dessus de 1024 avec --port") from None
        raise UserError(f"impossible d'écouter sur {address}, port {port} : {os_error_text(exc)}") from None
    return sock


def banner(access: Access, name: str) -> str:
    return ("instruire web : l'application est servie sur cet ordinateur seulement, à qui a l'adresse "
            "ci-dessous.\n"
            f"  Ouvrez : {access.url(name)}\n"
            "  (le jeton de cette adresse change à chaque lancement ; ne la partagez pas)\n"
            "  Ctrl+C pour arrêter.")


class _FrenchConsole(logging.Handler):
    """textual-serve and aiohttp log in English: their few messages, said in French, no traceback."""

    KNOWN = (("Application failed to start", "l'application n'a pas pu démarrer (message ci-dessus)"),
             ("Download", "un fichier exporté n'a pas pu être transmis au navigateur ; il reste dans le "
                          "dossier des exports"),
             ("Missing key", "une demande de transfert de fichier incomplète a été ignorée"),
             ("Unknown meta type", "un message inconnu de l'application a été ignoré"),
             ("Error handling request", "erreur en traitant une demande"))

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        said = next((fr for en, fr in self.KNOWN if message.startswith(en)), f"message du serveur : {message}")
        if record.exc_info and record.exc_info[1] is not None:
            said += f" ({type(record.exc_info[1]).__name__} : {record.exc_info[1]})"
        print(f"instruire web : {said}", file=sys.stderr, flush=True)


def _console() -> None:
    handler = _FrenchConsole(logging.WARNING)
    for name in ("textual-serve", "aiohttp"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False


async def _run(app: web.Application, sock: socket.socket, access: Access, name: str) -> None:
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Windows: Ctrl+C arrives as KeyboardInterrupt
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    print(banner(access, name), flush=True)
    try:
        await stop.wait()
    finally:
        print("instruire web : arrêt ; les réponses déjà données sont enregistrées.", flush=True)
        await runner.cleanup()


def serve(command: str, name: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve `command` (the app, as a shell command) until Ctrl+C; `port` 0 takes a free one."""
    sock = bind(name, port)
    access = Access(port=sock.getsockname()[1])
    _console()
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how one stops the server
        asyncio.run(_run(build_app(command, access), sock, access, name))
    return 0
