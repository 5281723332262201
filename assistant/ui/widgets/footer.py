"""The footer of keys, recomposed only when the keys it shows change.

Textual's footer rebuilds all its keys each time the focus moves (three or four times per answer,
about a seventh of the screen's time in a long instruction), although the conversation's keys
stay the same from one question to the next.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeysFooter(Footer):
    _shown: tuple | None = None  # the keys on screen: (key, description, enabled) of each

    def _keys(self) -> tuple:
        if not self._bindings_ready:
            return ()
        return tuple((binding.key, binding.description, enabled, tooltip)
                     for _, binding, enabled, tooltip in self.screen.active_bindings.values() if binding.show)

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown and self.children:
            return
        self._shown = keys
        await super().recompose()
