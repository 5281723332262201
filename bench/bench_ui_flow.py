"""The conversation through a whole four-grid instruction, driven headless with Textual's pilot at
80×24 as a person would (a key per answer), against a bare Textual app redrawing the same amount
of text in the same run (issue 11, « Fast through a whole instruction »):

- key → next question painted (its card and its control on screen, the control focused), median
  and p95, over the first 20 questions and the last 20 (about 150 answers in all)
                                                                   (goal: p95 ≤ 100 ms at q150);
- the summary: its first paint (the feedback) and its content painted   (goal: ≤ 300 ms);
- peak memory (RSS) at question 1 and after the last answer          (goal: after ≤ 1.3× at q1).

The keys come as fast as the app takes them, with no pause to read: the work the app keeps for
the team's pauses (levelling the graph's checkpoints, the cycle collector's full pass) never finds
its moment, the worst case for latency and memory alike.

Each side runs in a fresh process. Run: .venv/bin/python bench/bench_ui_flow.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _common import percentile  # noqa: E402

GRIDS = ["nantes", "radar", "girouet", "tours"]

# One process: an instruction of the four grids opened from the home list, then every question
# answered with its keys; each answer's latency is from the key to the paint that shows the next
# question with its control.
INSTRUIRE = r"""
import asyncio, json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, "tests")
from grilles.catalog import load_catalog
from grilles.schema import AnswerType
from assistant.config import Settings
from assistant.ui.app import InstruireApp
from dialogues.store import Store
from journal.log import Actor

GRIDS = json.loads(sys.argv[2])
tmp = Path(sys.argv[1])
catalog = load_catalog()
store = Store.open(tmp / "journal.sqlite", tmp / "reprises.sqlite", catalog, load_graph=False)
store.start("Banc d'essai", Actor("Alice Martin", "metier"), GRIDS, service="DSI")
store.close()


class Timed(InstruireApp):
    # each paint checks the probe: the first paint that shows what it waits for is timed
    probe = None
    hit = None
    content_at = None  # the first paint of the summary's content: it may follow its frame at once

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is None:
            return
        now = time.perf_counter()
        if self.probe is not None and self.hit is None:
            try:
                shown = self.probe()
            except Exception:  # a screen between two states: not yet
                shown = False
            if shown:
                self.hit = now
        if self.content_at is None and type(self.screen).__name__ == "SummaryScreen":
            if "Préparation" not in str(self.screen.query_one("#summary-body").render()):
                self.content_at = now


def keys_for(entry):
    q = entry.question
    if q.type is AnswerType.yes_no:
        return ["n"]
    if q.type in (AnswerType.single, AnswerType.scale):
        return ["1"] if q.type is AnswerType.single else ["3"]
    if q.type is AnswerType.multiple:
        return ["1", "ctrl+s"]
    if q.type is AnswerType.number:
        return [*"3,5", "enter"]
    return [*"Oui", "ctrl+s"]


def rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main():
    app = Timed(Settings(tmp), catalog, tmp / "journal.sqlite", tmp / "reprises.sqlite")
    out = {"latencies": [], "questions": [], "focus_lost": []}
    async with app.run_test(size=(80, 24)) as pilot:
        while app.store is None or app.store.checkpoints is None:  # LangGraph attached, as in use
            await asyncio.sleep(0.05)
        await pilot.pause()
        await pilot.press("enter")

        def waiting():
            screen = app.screen
            if type(screen).__name__ != "ConversationScreen":
                return None
            card, panel = screen.query_one("#card"), screen.query_one("#answer")
            if card.entry is None or panel.entry is None or panel.entry.id != card.entry.id or not panel.children:
                return None
            focused = app.focused  # ready for the next key: its control has the focus
            if focused is None or panel not in focused.ancestors_with_self:
                return None
            return card.entry

        def expect(predicate):  # set before the key: the paint may come before we look
            app.probe, app.hit = predicate, None

        async def painted():
            waited = time.perf_counter()
            while app.hit is None:
                await asyncio.sleep(0.0005)
                if time.perf_counter() - waited > 3 and app.focused is None and app.screen.query("#answer"):
                    # the next question shown, its control without the focus: a person would have
                    # to click it; said in the figures, and given the focus to go on
                    out["focus_lost"].append(app.screen.query_one("#card").entry.id)
                    app.screen.query_one("#answer").focus_first()
                    waited = float("inf")
            app.probe = None
            return app.hit if waited != float("inf") else None

        while waiting() is None:  # the first question, painted before we look: no paint to wait for
            await asyncio.sleep(0.01)
        await pilot.pause()
        out["rss_first"] = rss_mib()
        while True:
            entry = waiting()
            keys = keys_for(entry)
            await pilot.press(*keys[:-1])
            previous = entry.id

            def moved():
                now = waiting()
                if now is not None and now.id != previous:
                    return True
                return type(app.screen).__name__ == "SummaryScreen"

            expect(moved)
            start = time.perf_counter()
            await pilot.press(keys[-1])
            end = await painted()
            if type(app.screen).__name__ == "SummaryScreen":
                out["summary_feedback"] = end - start
                while app.content_at is None:
                    await asyncio.sleep(0.0005)
                out["summary"] = app.content_at - start
                break
            if end is not None:
                out["latencies"].append(end - start)
                out["questions"].append(previous)
        out["rss_last"] = rss_mib()
    print(json.dumps(out))

asyncio.run(main())
"""

# The baseline: a bare Textual app of the same shape (a history, a card, a control) that, on each
# key, appends the question answered to the history and shows the next question's words.
BARE = r"""
import asyncio, json, resource, sys, time
from grilles.catalog import load_catalog
from grilles.bundle import build_or_raise
from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

GRIDS = json.loads(sys.argv[1])
bundle = build_or_raise(load_catalog().selection(GRIDS))
texts = [e.question.text for e in bundle.entries]


class Bare(App):
    probe = None
    hit = None
    index = 0

    def compose(self):
        yield Header()
        yield VerticalScroll(id="chat")
        yield Static(texts[0], id="card")
        yield Static("Oui (o)   Non (n)   Je ne sais pas (?)   Non applicable… (a)", id="answer")
        yield Footer()

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and self.probe is not None and self.hit is None and self.probe():
            self.hit = time.perf_counter()

    def on_key(self, event):
        chat = self.query_one("#chat")
        chat.mount(Static(texts[self.index]))
        chat.mount(Static("Alice Martin : Non"))
        chat.scroll_end(animate=False)
        self.index += 1
        self.query_one("#card", Static).update(texts[self.index])


async def main():
    app = Bare()
    out = {"latencies": []}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        out["rss_first"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for i in range(1, len(texts)):
            app.probe, app.hit = (lambda i=i: app.index == i), None
            start = time.perf_counter()
            await pilot.press("n")
            while app.hit is None:
                await asyncio.sleep(0.0005)
            out["latencies"].append(app.hit - start)
        out["rss_last"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))

asyncio.run(main())
"""


def run(code: str, *args: str) -> dict:
    import tempfile

    env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent"}
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", code, *([tmp] if code is INSTRUIRE else []), *args],
                             capture_output=True, text=True, cwd=ROOT, env=env, timeout=900)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-4000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def ms(values) -> str:
    return f"médiane {statistics.median(values) * 1000:6.1f} ms, p95 {percentile(values, 95) * 1000:6.1f} ms"


def ratio(ours, bare) -> str:
    return f"p95 {percentile(ours, 95) / percentile(bare, 95):.1f}× la nue"


def main() -> None:
    grids = json.dumps(GRIDS)
    ours, bare = run(INSTRUIRE, grids), run(BARE, grids)
    lat, base = ours["latencies"], bare["latencies"]
    n = len(lat)
    print(f"Instruction complète de quatre grilles ({', '.join(GRIDS)}), {n + 1} réponses au clavier, 80×24, "
          "sans terminal ; référence : application Textual nue redessinant le même texte (même exécution)")
    print(f"Touche → question suivante affichée, 20 premières : instruire {ms(lat[:20])} ; "
          f"nue {ms(base[:20])} ; {ratio(lat[:20], base[:20])}")
    # the instruction has about 150 answers: the 20 last ones are those "after 150 answers"
    late = slice(max(20, n - 20), n)
    print(f"Touche → question suivante affichée, réponses {late.start + 1} à {n} : instruire {ms(lat[late])} ; "
          f"nue {ms(base[late])} ; {ratio(lat[late], base[late])} (cible p95 ≤ 100 ms)")
    slowest = sorted(zip(lat, ours["questions"], strict=True), reverse=True)[:3]
    print("Les plus lentes : " + ", ".join(f"{q} {t * 1000:.0f} ms" for t, q in slowest))
    if ours["focus_lost"]:
        print(f"Sans le focus après la réponse (exclues des mesures) : {len(ours['focus_lost'])} question(s), "
              + ", ".join(ours["focus_lost"]))
    print(f"Synthèse : premier affichage {ours['summary_feedback'] * 1000:.0f} ms, contenu affiché "
          f"{ours['summary'] * 1000:.0f} ms après la dernière touche (cible ≤ 300 ms)")
    print(f"Mémoire maximale : question 1 {ours['rss_first']:.0f} Mio, après la dernière {ours['rss_last']:.0f} Mio, "
          f"rapport {ours['rss_last'] / ours['rss_first']:.2f}× (cible ≤ 1,3×) ; application nue "
          f"{bare['rss_first']:.0f} → {bare['rss_last']:.0f} Mio")


if __name__ == "__main__":
    main()
