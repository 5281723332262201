"""`instruire web` is driven by its owner only: the token it prints, its own origin, loopback.

Each test talks to a real `instruire web --port 0` over HTTP and WebSocket, as a browser, another
local account or a page of another site would (issue 13, point 1).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest
from web_helpers import ROOT, web_server

FOREIGN = "http://ailleurs.example"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with web_server(tmp_path_factory.mktemp("web")) as (url, banner, _):
        yield url, banner


def parts(url: str) -> tuple[str, int, str]:
    split = urlsplit(url)
    return f"{split.scheme}://{split.netloc}", split.port, split.query.split("jeton=", 1)[1]


async def get(url: str, **headers) -> tuple[int, str, aiohttp.ClientResponse]:
    async with (aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session,
                session.get(url, headers=headers, allow_redirects=False) as response):
        return response.status, await response.text(errors="replace"), response


async def handshake(url: str, **headers) -> tuple[int, bytes]:
    """The WebSocket handshake's status, and the first bytes of the app once it is accepted."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        try:
            async with session.ws_connect(url, headers=headers) as ws:
                message = await ws.receive(timeout=60)
                return 101, message.data if isinstance(message.data, bytes) else b""
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status, b""


def test_the_printed_url_opens_the_app_and_a_cookie_then_carries_the_token(served):
    url, banner = served
    base, port, token = parts(url)
    assert urlsplit(url).hostname == "127.0.0.1" and len(token) >= 40
    assert "Ouvrez" in banner and "Serving" not in banner and "Press" not in banner  # the banner is French

    status, page, response = asyncio.run(get(url))
    assert status == 200 and "/static/textual/js/textual.js" in page and 'lang="fr"' in page
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"instruire_jeton_{port}={token};") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]

    # what the page's reload, its files and its WebSocket send: the cookie, from our own origin
    jar = {"Cookie": f"instruire_jeton_{port}={token}"}
    assert asyncio.run(get(f"{base}/", **jar))[0] == 200
    assert asyncio.run(get(f"{base}/static/instruire/polices/DejaVuSansMono.ttf", **jar))[0] == 200
    status, first = asyncio.run(handshake(f"ws://127.0.0.1:{port}/ws?width=80&height=24",
                                          Origin=f"http://127.0.0.1:{port}", **jar))
    assert status == 101 and first, "la poignée de main WebSocket a échoué ou l'application n'a rien envoyé"


@pytest.mark.parametrize("path", ["/", "/ws", "/static/textual/js/textual.js",
                                  "/static/instruire/polices/DejaVuSansMono.ttf", "/download/x", "/inexistant"])
def test_without_the_token_every_request_is_refused_in_french(served, path):
    base, port, token = parts(served[0])
    for query in ("", "?jeton=", f"?jeton={token[:-1]}x"):
        status, page, _ = asyncio.run(get(f"{base}{path}{query}"))
        assert status == 403, (path, query)
        assert "jeton d'accès manque" in page and 'lang="fr"' in page
    status, _ = asyncio.run(handshake(f"ws://127.0.0.1:{port}/ws", Origin=f"http://127.0.0.1:{port}"))
    assert status == 403
    status, _ = asyncio.run(handshake(f"ws://127.0.0.1:{port}/ws", Cookie=f"instruire_jeton_{port}=faux"))
    assert status == 403


def test_a_page_of_another_site_is_refused_even_with_the_token(served):
    url, _ = served
    base, port, token = parts(url)
    status, _ = asyncio.run(handshake(f"ws://127.0.0.1:{port}/ws?jeton={token}", Origin=FOREIGN))
    assert status == 403
    status, _ = asyncio.run(handshake(f"ws://127.0.0.1:{port}/ws", Origin=FOREIGN,
                                      Cookie=f"instruire_jeton_{port}={token}"))
    assert status == 403
    for origin in (FOREIGN, "null", f"http://127.0.0.1:{port + 1}", f"https://127.0.0.1:{port}"):
        status, page, _ = asyncio.run(get(url, Origin=origin))
        assert status == 403 and "autre site" in page, origin


def test_a_foreign_host_name_is_refused_against_dns_rebinding(served):
    url, _ = served
    base, port, token = parts(url)
    for host in (f"ailleurs.example:{port}", "ailleurs.example", f"127.0.0.1:{port + 1}", f"192.168.1.10:{port}"):
        status, page, _ = asyncio.run(get(url, Host=host))
        assert status == 403 and "pas celle de ce serveur" in page, host
    status, _ = asyncio.run(handshake(f"ws://127.0.0.1:{port}/ws?jeton={token}", Host=f"ailleurs.example:{port}"))
    assert status == 403
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):  # the names a browser here uses
        assert asyncio.run(get(url, Host=host))[0] == 200


def test_a_malformed_message_does_not_end_the_session(served):
    _, port, token = parts(served[0])

    async def talk():
        async with (aiohttp.ClientSession() as session,
                    session.ws_connect(f"ws://127.0.0.1:{port}/ws", origin=f"http://127.0.0.1:{port}",
                                       headers={"Cookie": f"instruire_jeton_{port}={token}"}) as ws):
            for garbage in ("pas du json", "{}", "[]", '{"stdin": 1}', '["resize", {"width": [1]}]',
                            '["stdin", 42]', '["inconnu"]'):
                await ws.send_str(garbage)
            await ws.send_str('["ping", "encore là"]')
            while True:
                message = await ws.receive(timeout=60)
                if message.type == aiohttp.WSMsgType.TEXT and message.data.startswith('["pong"'):
                    return message.json()
                assert message.type == aiohttp.WSMsgType.BINARY, message

    assert asyncio.run(talk()) == ["pong", "encore là"]


def listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP socket listens on for `port`, from /proc/net/tcp(6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.add(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="/proc/net/tcp absent (pas Linux)")
def test_it_listens_on_loopback_only(served):
    _, port, _ = parts(served[0])
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="/proc absent : processus non observables")
def test_each_start_has_its_own_token_and_ctrl_c_ends_the_apps_it_started(tmp_path, served):
    with web_server(tmp_path) as (url, _, server):
        base, port, token = parts(url)
        assert token != parts(served[0])[2]
        assert asyncio.run(get(f"{base}/?jeton={parts(served[0])[2]}"))[0] == 403  # another start's token

        async def open_the_app_then_stop():
            async with (aiohttp.ClientSession() as session,
                        session.ws_connect(f"ws://127.0.0.1:{port}/ws", origin=f"http://127.0.0.1:{port}",
                                           headers={"Cookie": f"instruire_jeton_{port}={token}"}) as ws):
                await ws.receive(timeout=60)  # the app process is running and drawing
                apps = children(server.pid)
                server.send_signal(signal.SIGINT)  # Ctrl+C
                while not ws.closed and (await ws.receive(timeout=30)).type not in CLOSING:
                    pass
                return apps

        apps = asyncio.run(open_the_app_then_stop())
        assert apps, "aucun processus d'application lancé"
        assert server.wait(timeout=30) == 0
        assert "arrêt" in server.stdout.read()
        deadline = time.monotonic() + 20
        while [a for a in apps if alive(a)] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [a for a in apps if alive(a)], "un processus d'application survit à l'arrêt du serveur"


CLOSING = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)


def children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_port_already_taken_is_said_in_french(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "INSTRUIRE_CONFIG": str(tmp_path / "absent.toml"), "INSTRUIRE_DONNEES": str(tmp_path)}
        r = subprocess.run([sys.executable, "-m", "assistant.cli", "web", "--port", str(port)], capture_output=True,
                           text=True, env=env, cwd=ROOT, timeout=30)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert re.search(rf"le port {port} est déjà utilisé", r.stderr)


def test_web_refuses_a_non_local_address(tmp_path):
    env = {**os.environ, "INSTRUIRE_CONFIG": str(tmp_path / "absent.toml"), "INSTRUIRE_DONNEES": str(tmp_path)}
    for address in ("0.0.0.0", "192.168.1.10", "::"):
        r = subprocess.run([sys.executable, "-m", "assistant.cli", "web", "--hote", address], capture_output=True,
                           text=True, env=env, cwd=ROOT, timeout=30)
        assert r.returncode == 1 and "refusée" in r.stderr and "Traceback" not in r.stderr, address
