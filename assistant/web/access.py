"""Who may drive `instruire web`: the person who started it, from a page of the server itself.

Binding to 127.0.0.1 keeps other machines out, not other local accounts nor the pages of other
sites open in the owner's browser. So every request must also carry the token printed at start
(in the URL, then in a cookie), name the server by a loopback name (against DNS rebinding), and,
when the browser says where it comes from, come from the server's own origin.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

# The names a browser on this computer may use for the server, and the address each one binds.
LOOPBACK = {"127.0.0.1": "127.0.0.1", "localhost": "127.0.0.1", "::1": "::1"}
TOKEN_PARAMETER = "jeton"


def url_host(name: str) -> str:
    """How a loopback name is written in a URL or a Host header."""
    return f"[{name}]" if ":" in name else name


@dataclass(frozen=True)
class Access:
    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    @property
    def cookie(self) -> str:
        # Cookies are shared by every port of 127.0.0.1: one name per server, so two never clash.
        return f"instruire_jeton_{self.port}"

    def url(self, name: str) -> str:
        """The address to open, printed at start (the only place the token is shown)."""
        return f"http://{url_host(name)}:{self.port}/?{TOKEN_PARAMETER}={self.token}"

    def hosts(self) -> set[str]:
        names = {url_host(n) for n in LOOPBACK}
        hosts = {f"{n}:{self.port}" for n in names}
        return hosts | names if self.port == 80 else hosts

    def origins(self) -> set[str]:
        return {f"http://{h}" for h in self.hosts()}

    def holds_token(self, offered: str | None) -> bool:
        return offered is not None and hmac.compare_digest(offered.encode(), self.token.encode())

    def refusal(self, host: str | None, origin: str | None, query_token: str | None,
                cookie_token: str | None) -> str | None:
        """Why a request is refused (a French sentence), or None when it may go on."""
        if host is None or host.lower() not in self.hosts():
            return ("l'adresse demandée n'est pas celle de ce serveur (127.0.0.1 ou localhost) : "
                    "une page d'un autre site tente peut-être de le joindre.")
        if origin is not None and origin.lower() not in self.origins():
            return "la demande vient d'une page d'un autre site, qui n'a pas le droit de piloter instruire."
        if not (self.holds_token(query_token) or self.holds_token(cookie_token)):
            return ("le jeton d'accès manque ou ne correspond pas. Ouvrez l'adresse complète affichée dans "
                    "le terminal au lancement de « instruire web » (elle se termine par ?jeton=…) ; "
                    "le jeton change à chaque lancement.")
        return None
