"""`instruire web` in a real browser: Debian's Chromium, headless, driven over CDP (issue 11).

The page loads with no request outside 127.0.0.1, the home screen is drawn, a key starts an
instruction, and every sign the app writes is drawn from a font the server itself serves.
`.ci/run` installs Chromium when it is missing; elsewhere the test is skipped without it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from web_helpers import ROOT, chromium, chromium_path, web_server

if chromium_path() is None:
    if os.environ.get("CI"):
        pytest.fail("Chromium manque alors que .ci/run doit l'installer (apt-get install chromium)", pytrace=False)
    pytest.skip("Chromium absent : `apt-get install chromium` pour ce test (.ci/run l'installe)",
                allow_module_level=True)

# textual.js keeps its terminal in a closure: the heap is searched for the object that holds it
# (Runtime.queryObjects), then xterm's own buffer says what it has drawn on the canvas.
FIND_TERMINAL = """function () {
  return this.find((o) => { try { return !!(o && o.terminal && o.terminal.buffer && o.websocket_url); }
                            catch (e) { return false; } }) || null; }"""
SCREEN_TEXT = """function () {
  const t = this.terminal, b = t.buffer.active, rows = [];
  for (let i = 0; i < t.rows; i++) {
    const l = b.getLine(b.viewportY + i); rows.push(l ? l.translateToString(true) : ""); }
  return rows.join("\\n"); }"""
# A sign the fonts lack is drawn as the "missing glyph" box: the one drawn for a code point no
# font has (U+10FFFD, private use). Drawn the way xterm draws, on a canvas, with its font list.
BOXES = """function (signs) {
  const family = this.terminal.options.fontFamily;
  const canvas = document.createElement("canvas"); canvas.width = 48; canvas.height = 48;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const draw = (s) => { ctx.clearRect(0, 0, 48, 48); ctx.font = "32px " + family; ctx.fillStyle = "#000";
                        ctx.fillText(s, 4, 36); return ctx.getImageData(0, 0, 48, 48).data.join(","); };
  const box = draw("\\u{10FFFD}");
  return [...signs].filter((s) => draw(s) === box); }"""
PROBE = """function (signs) {
  const probe = document.createElement("div"); probe.id = "sondes";
  probe.style.fontFamily = this.terminal.options.fontFamily;
  for (const s of signs) { const span = document.createElement("span"); span.textContent = s; probe.append(span); }
  document.body.append(probe); }"""


def signs_of_the_app() -> str:
    """Every non-ASCII character the app's screens and the grids write (⛔ ⚠ ✓ ↷ ↺ ⟳, accents…)."""
    found = {"⭘"}  # Textual's header icon
    for path in [*(ROOT / "assistant" / "ui").rglob("*.py"), *(ROOT / "grilles" / "data").glob("*.yaml")]:
        found |= {c for c in path.read_text(encoding="utf-8") if ord(c) > 127 and unicodedata.category(c)[0] != "C"
                  and not unicodedata.category(c).startswith("Z")}
    assert {"⛔", "⚠", "✓", "↷", "↺", "⟳"} <= found
    return "".join(sorted(found))


def local(url: str) -> bool:
    split = urlsplit(url)
    return split.scheme in ("data", "blob") or split.hostname == "127.0.0.1"


async def screen_of(page) -> tuple[str | None, str]:
    """The terminal object (its CDP id) once textual.js has made it, and its text."""
    prototype = await page.send("Runtime.evaluate", expression="Object.prototype")
    heap = await page.send("Runtime.queryObjects", prototypeObjectId=prototype["result"]["objectId"])
    found = await page.send("Runtime.callFunctionOn", functionDeclaration=FIND_TERMINAL,
                            objectId=heap["objects"]["objectId"])
    terminal = found["result"].get("objectId")
    return terminal, (await text_of(page, terminal) if terminal else "")


async def text_of(page, terminal: str) -> str:
    result = await page.send("Runtime.callFunctionOn", functionDeclaration=SCREEN_TEXT, objectId=terminal,
                             returnByValue=True)
    return result["result"]["value"]


async def call(page, terminal: str, function: str, *args):
    result = await page.send("Runtime.callFunctionOn", functionDeclaration=function, objectId=terminal,
                             arguments=[{"value": a} for a in args], returnByValue=True)
    return result["result"].get("value")


async def press(page, key: str) -> None:
    code = f"Key{key.upper()}"
    await page.send("Input.dispatchKeyEvent", type="keyDown", key=key, code=code, text=key,
                    windowsVirtualKeyCode=ord(key.upper()))
    await page.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=code, windowsVirtualKeyCode=ord(key.upper()))


async def shoot(page, path: Path) -> None:
    shot = await page.send("Page.captureScreenshot", format="png")
    path.write_bytes(base64.b64decode(shot["data"]))


async def drive(url: str, out: Path) -> dict:
    seen: dict = {}
    async with chromium() as page:
        for domain in ("Network", "Page", "DOM", "CSS", "Log", "Runtime"):
            await page.send(f"{domain}.enable")
        await page.send("Page.navigate", url=url)

        async def home():
            nonlocal terminal
            terminal, text = await screen_of(page) if terminal is None else (terminal, await text_of(page, terminal))
            return "Nouvelle instruction (n)" in text and "Il ne décide jamais" in text and text

        terminal = None
        seen["home"] = await page.wait_for(home, timeout=60, every=0.5)
        assert terminal, "le terminal de textual.js n'est jamais apparu"
        await shoot(page, out / "accueil.png")
        seen["address"] = await page.evaluate("window.location.href")

        signs = signs_of_the_app()
        seen["boxes"] = await call(page, terminal, BOXES, signs)
        await call(page, terminal, PROBE, signs)
        document = await page.send("DOM.getDocument")
        spans = await page.send("DOM.querySelectorAll", nodeId=document["root"]["nodeId"], selector="#sondes span")
        seen["system_fonts"] = {}
        for sign, node in zip(signs, spans["nodeIds"], strict=True):  # PROBE wrote one span per sign
            fonts = (await page.send("CSS.getPlatformFontsForNode", nodeId=node))["fonts"]
            if not all(f["isCustomFont"] for f in fonts):  # drawn from this computer's fonts, not ours
                seen["system_fonts"][sign] = [f["familyName"] for f in fonts]

        box = await page.evaluate("(() => { const r = document.querySelector('.xterm-screen').getBoundingClientRect();"
                                  " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):  # focus the terminal as a person would
            await page.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)
        await press(page, "n")

        async def new_instruction():
            text = await text_of(page, terminal)
            return "Titre du projet" in text and "Commencer" in text and text

        seen["new"] = await page.wait_for(new_instruction, timeout=30)
        await shoot(page, out / "nouvelle-instruction.png")
        seen["requests"] = [p["request"]["url"] for m, p in page.events if m == "Network.requestWillBeSent"]
        seen["sockets"] = [p["url"] for m, p in page.events if m == "Network.webSocketCreated"]
        seen["errors"] = [p["entry"]["text"] for m, p in page.events  # CSP violations, failed loads, script errors
                          if m == "Log.entryAdded" and p["entry"]["level"] == "error"]
        seen["errors"] += [str(p["exceptionDetails"]) for m, p in page.events if m == "Runtime.exceptionThrown"]
    return seen


def test_the_app_in_a_real_browser(tmp_path):
    out = Path(os.environ.get("INSTRUIRE_CAPTURES") or tmp_path)  # to look at the screenshots
    out.mkdir(parents=True, exist_ok=True)
    with web_server(tmp_path / "donnees") as (url, _, _):
        seen = asyncio.run(asyncio.wait_for(drive(url, out), 180))

    assert seen["home"], "l'écran d'accueil n'est pas apparu dans le navigateur"
    assert seen["new"], f"la touche n n'a pas ouvert une nouvelle instruction :\n{seen.get('new')}"
    assert seen["requests"] and seen["sockets"]
    outside = [u for u in seen["requests"] + seen["sockets"] if not local(u)]
    assert outside == [], f"requêtes hors de 127.0.0.1 : {outside}"
    assert seen["errors"] == [], f"erreurs dans la page : {seen['errors']}"
    assert "jeton" not in seen["address"]  # a projected screen does not show it
    assert seen["boxes"] == [], f"signes dessinés en carrés vides : {seen['boxes']}"
    assert seen["system_fonts"] == {}, f"signes pris aux polices de l'ordinateur, pas servies : " \
                                       f"{json.dumps(seen['system_fonts'], ensure_ascii=False)}"
