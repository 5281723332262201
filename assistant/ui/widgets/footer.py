"""Textual's footer, recomposed only when the keys it shows change.

Textual's `Footer` rebuilds every key widget (and restyles each one) at every focus or binding
change: three or four times per answer in the conversation, for the same keys. Measured by
bench/bench_ui_flow.py, that was the largest cost on the screen's thread after the layout itself.
"""

from __future__ import annotations

from textual.widgets import Footer


class QuietFooter(Footer):
    _shown: tuple | None = None

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = tuple((binding.key, binding.description, binding.action, enabled, tooltip)
                      for _, binding, enabled, tooltip in self.screen.active_bindings.values() if binding.show)
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
