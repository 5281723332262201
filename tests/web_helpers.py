"""`instruire web` started as a user starts it, and a real headless Chromium driven over CDP.

The Chrome DevTools Protocol is spoken with aiohttp's WebSocket client (aiohttp is already
there for the server): no browser-automation library, no browser download.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
URL = re.compile(r"Ouvrez : (http://\S+)")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars"]


@contextmanager
def web_server(data_dir: Path, *extra: str, timeout: float = 30):
    """`instruire web --port 0`: its printed URL, its banner and its process; Ctrl+C (SIGINT) at the end."""
    env = {**os.environ, "INSTRUIRE_CONFIG": str(data_dir / "absent.toml"), "INSTRUIRE_DONNEES": str(data_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "web", "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    lines = []
    try:
        deadline = time.monotonic() + timeout
        url = None
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if m := URL.search(line):
                url = m.group(1)
        assert url, f"pas d'adresse affichée : {''.join(lines)}{proc.stderr.read() if proc.poll() is not None else ''}"
        yield url, "".join(lines), proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


class Page:
    """One tab, spoken to over CDP; every event received is kept in `events`."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse):
        self.socket = socket
        self.events: list[tuple[str, dict]] = []
        self._next = 0
        self._pending: dict[int, asyncio.Future] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data)
            elif "method" in data:
                self.events.append((data["method"], data.get("params", {})))

    async def send(self, method: str, **params) -> dict:
        self._next += 1
        future = asyncio.get_running_loop().create_future()
        self._pending[self._next] = future
        await self.socket.send_str(json.dumps({"id": self._next, "method": method, "params": params}))
        reply = await asyncio.wait_for(future, 30)
        if "error" in reply:
            raise RuntimeError(f"{method} : {reply['error']}")
        return reply.get("result", {})

    async def evaluate(self, expression: str):
        result = await self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}… : {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, probe, timeout: float = 30, every: float = 0.2):
        """The first true value of `await probe()` within `timeout` seconds, else the last one."""
        deadline = time.monotonic() + timeout
        value = await probe()
        while not value and time.monotonic() < deadline:
            await asyncio.sleep(every)
            value = await probe()
        return value

    def close(self) -> None:
        self._reader.cancel()


@asynccontextmanager
async def chromium(width: int = 1024, height: int = 768):
    """A fresh headless Chromium (its own empty profile) and the CDP connection to its first tab."""
    path = chromium_path()
    assert path, "Chromium introuvable"
    profile = tempfile.mkdtemp(prefix="instruire-chromium-")
    proc = await asyncio.create_subprocess_exec(
        path, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
        "--remote-debugging-address=127.0.0.1", f"--window-size={width},{height}", "about:blank",
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    page = None
    try:
        endpoint = None
        while endpoint is None:
            line = await asyncio.wait_for(proc.stderr.readline(), 60)
            assert line, "Chromium s'est arrêté avant d'ouvrir le protocole de débogage"
            if m := re.search(rb"DevTools listening on ws://([^/\s]+)/", line):
                endpoint = m.group(1).decode()
        asyncio.get_running_loop().create_task(_drain(proc.stderr))
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://{endpoint}/json/list") as response:
                targets = await response.json(content_type=None)
            target = next(t for t in targets if t["type"] == "page")
            async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as socket:
                page = Page(socket)
                yield page
    finally:
        if page is not None:
            page.close()
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


async def _drain(stream: asyncio.StreamReader) -> None:
    while await stream.readline():
        pass
