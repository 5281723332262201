"""Settings of the optional language model, and the rule that keeps the project's data local.

Precedence, as for the rest of the application: command-line option, then environment
variable, then the `[llm]` section of config.toml, then defaults. The LLM is on only when
both an endpoint URL and a model name are given.

The endpoint must be a loopback address (127.0.0.0/8, ::1, "localhost") unless the user
explicitly allows another host (Tours principle 5: the project's data does not leave for
a tool that does not guarantee confidentiality). The check is syntactic: no name is ever
resolved here, so any hostname other than "localhost" counts as remote.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from assistant.config import APP, ConfigError, Settings

MODES = ("falc", "projet")
DEFAULT_TIMEOUT = 2.0
MAX_TIMEOUT = 60.0
CHAT_PATH = "/chat/completions"

ENV_URL = "INSTRUIRE_LLM_URL"
ENV_MODEL = "INSTRUIRE_LLM_MODELE"
ENV_MODE = "INSTRUIRE_LLM_MODE"
ENV_TIMEOUT = "INSTRUIRE_LLM_DELAI"
ENV_REMOTE = "INSTRUIRE_LLM_DISTANT"
ENV_ACTIVE = "INSTRUIRE_LLM_ACTIF"
ENV_KEY = "INSTRUIRE_LLM_CLE"
ENV_CACHE = "INSTRUIRE_CACHE"

SECTION = "llm"
KEYS = {"url", "modele", "mode", "delai", "autoriser_distant", "actif", "cache"}

_TRUE = {"1", "oui", "vrai", "true", "yes", "on"}
_FALSE = {"0", "non", "faux", "false", "no", "off", ""}


class LLMConfigError(ConfigError):
    """A language-model setting that cannot be used; French, shown as is (exit code 1)."""


@dataclass(frozen=True)
class LLMSettings:
    endpoint: str  # the full chat-completions URL, validated
    model: str
    mode: str = "falc"
    timeout: float = DEFAULT_TIMEOUT
    allow_remote: bool = False
    cache: bool = True
    cache_dir: Path | None = None  # None: the user's cache directory
    api_key: str | None = None  # from the environment only; never logged

    @property
    def is_loopback(self) -> bool:
        return is_loopback_host(urlsplit(self.endpoint).hostname or "")

    def cache_path(self) -> Path:
        if self.cache_dir is not None:
            return self.cache_dir
        from platformdirs import user_cache_dir

        return Path(user_cache_dir(APP)) / "reformulations"


def is_loopback_host(host: str) -> bool:
    """True for a literal loopback address or "localhost"; never resolves a name."""
    host = host.strip().rstrip(".").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a hostname: it could resolve anywhere
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def check_endpoint(url: str, allow_remote: bool = False, origin: str = "") -> str:
    """The chat-completions URL for `url` (a base URL or the full path), or a French error."""
    where = f"{origin} : " if origin else ""
    raw = (url or "").strip()
    if not raw:
        raise LLMConfigError(f"{where}adresse du modèle de langue vide")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise LLMConfigError(f"{where}adresse du modèle de langue illisible « {raw} » ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise LLMConfigError(f"{where}adresse « {raw} » refusée : seules http:// et https:// sont acceptées")
    host = parts.hostname or ""
    if not host:
        raise LLMConfigError(f"{where}adresse « {raw} » sans nom d'hôte")
    if parts.username is not None or parts.password is not None:
        raise LLMConfigError(f"{where}adresse « {raw} » refusée : pas d'identifiants dans l'URL "
                             f"(utilisez la variable {ENV_KEY} pour une clé d'accès)")
    if parts.query or parts.fragment:
        raise LLMConfigError(f"{where}adresse « {raw} » refusée : ni paramètres (?…) ni fragment (#…)")
    if not allow_remote and not is_loopback_host(host):
        raise LLMConfigError(
            f"{where}adresse « {raw} » refusée : le modèle de langue doit tourner sur cet ordinateur "
            "(127.0.0.1, ::1 ou localhost). Les questions et la description du projet ne doivent pas partir "
            "vers un outil qui ne garantit pas leur confidentialité (cadre de Tours, principe 5). "
            "Pour un serveur de confiance, autorisez-le explicitement : autoriser_distant = true dans la "
            f"section [llm], {ENV_REMOTE}=1 ou l'option --llm-distant.")
    path = parts.path.rstrip("/")
    if not path.endswith(CHAT_PATH):
        path = (path or "/v1") + CHAT_PATH if not path or path.endswith("/v1") else path + CHAT_PATH
    host = host.rstrip(".")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, path, "", ""))


def _flag(value, name: str, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise LLMConfigError(f"{where}« {name} » doit valoir oui ou non (reçu « {value} »)")


def _timeout(value, where: str) -> float:
    try:
        seconds = float(str(value).replace(",", ".")) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        raise LLMConfigError(f"{where}délai « {value} » illisible : un nombre de secondes est attendu") from None
    if not 0 < seconds <= MAX_TIMEOUT:
        raise LLMConfigError(f"{where}délai de {value} s hors limites (plus de 0 et au plus {MAX_TIMEOUT:g} s)")
    return seconds


def add_options(parser: argparse.ArgumentParser) -> None:
    """The LLM options, for any parser that opens a dialogue (and for `llm tester`)."""
    group = parser.add_argument_group("modèle de langue local (facultatif, désactivé par défaut)")
    group.add_argument("--llm-url", metavar="URL",
                       help="adresse d'un serveur compatible chat-completions sur cet ordinateur "
                            "(ex. http://127.0.0.1:11434/v1 pour Ollama)")
    group.add_argument("--llm-modele", metavar="NOM", help="nom du modèle à utiliser")
    group.add_argument("--llm-mode", choices=MODES,
                       help="falc : français plus simple ; projet : question adressée au projet")
    group.add_argument("--llm-delai", metavar="SECONDES",
                       help=f"délai au-delà duquel le texte d'origine s'affiche (défaut : {DEFAULT_TIMEOUT:g} s)")
    group.add_argument("--llm-distant", action="store_true", default=None,
                       help="autoriser un serveur qui n'est pas sur cet ordinateur (les questions et la "
                            "description du projet lui seront envoyées)")
    group.add_argument("--sans-llm", action="store_true", default=False,
                       help="ne pas utiliser de modèle de langue, même s'il est configuré")


def load_llm_settings(settings: Settings | None = None, args: argparse.Namespace | None = None,
                      environ: dict | None = None) -> LLMSettings | None:
    """The LLM settings, or None when no LLM is configured (or it is turned off)."""
    env = os.environ if environ is None else environ
    raw_section = (settings.raw.get(SECTION) if settings is not None else None) or {}
    file_where = f"{settings.config_file} [llm] : " if settings is not None and settings.config_file else "[llm] : "
    if not isinstance(raw_section, dict):
        raise LLMConfigError(f"{file_where.rstrip(' :')} : la section [llm] doit être une table")
    unknown = sorted(set(raw_section) - KEYS)
    if unknown:
        raise LLMConfigError(f"{file_where}clé(s) inconnue(s) : {', '.join(unknown)} "
                             f"(clés possibles : {', '.join(sorted(KEYS))})")

    def pick(option: str, env_name: str, key: str):
        """(value, where) by precedence; `where` names the origin for error messages."""
        value = getattr(args, option, None) if args is not None else None
        if value is not None:
            return value, f"option --{option.replace('_', '-')} : "
        if env.get(env_name) not in (None, ""):
            return env[env_name], f"{env_name} : "
        if key in raw_section:
            return raw_section[key], file_where
        return None, ""

    if args is not None and getattr(args, "sans_llm", False):
        return None
    active, where = pick("llm_actif", ENV_ACTIVE, "actif")
    if active is not None and not _flag(active, "actif", where):
        return None
    url, url_where = pick("llm_url", ENV_URL, "url")
    model, model_where = pick("llm_modele", ENV_MODEL, "modele")
    if url is None and model is None:
        return None  # the default: no LLM, nothing ever connects
    if url is None or not str(url).strip():
        raise LLMConfigError(f"{model_where}un modèle est indiqué sans adresse de serveur "
                             f"(« url » dans [llm], {ENV_URL} ou --llm-url)")
    if model is None or not str(model).strip():
        raise LLMConfigError(f"{url_where}une adresse de serveur est indiquée sans nom de modèle "
                             f"(« modele » dans [llm], {ENV_MODEL} ou --llm-modele)")
    remote, where = pick("llm_distant", ENV_REMOTE, "autoriser_distant")
    allow_remote = _flag(remote, "autoriser_distant", where) if remote is not None else False
    endpoint = check_endpoint(str(url), allow_remote, url_where.rstrip(" :"))
    mode, where = pick("llm_mode", ENV_MODE, "mode")
    mode = str(mode).strip().lower() if mode is not None else "falc"
    if mode not in MODES:
        raise LLMConfigError(f"{where}mode « {mode} » inconnu ; choix : {', '.join(MODES)}")
    delay, where = pick("llm_delai", ENV_TIMEOUT, "delai")
    timeout = _timeout(delay, where) if delay is not None else DEFAULT_TIMEOUT
    cache_flag = raw_section.get("cache", True)
    cache_dir: Path | None = None
    if isinstance(cache_flag, str) and cache_flag.strip().lower() not in _TRUE | _FALSE:
        cache_dir, cache_flag = Path(cache_flag).expanduser(), True  # cache = "/a/directory"
    cache = _flag(cache_flag, "cache", file_where)
    if env.get(ENV_CACHE):
        cache_dir = Path(env[ENV_CACHE]).expanduser() / "reformulations"
    key = env.get(ENV_KEY) or None
    return LLMSettings(endpoint, str(model).strip(), mode, timeout, allow_remote, cache, cache_dir, key)


__all__ = ["DEFAULT_TIMEOUT", "LLMConfigError", "LLMSettings", "MODES", "add_options", "check_endpoint",
           "is_loopback_host", "load_llm_settings"]
