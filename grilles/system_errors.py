"""What the operating system refused, in French.

Python words an `OSError` with the C library's English ("No such file or directory"); the
people who read instruire's messages read French. The sentence depends on the error number
alone, so a file that cannot be read (a grid), written (a report, a result) or extended (the
journal on a full disk) is said the same way everywhere. Pure: no I/O.
"""

from __future__ import annotations

import errno

# One sentence per error number, short enough to follow "écriture impossible : ". By name: not every
# system has every number (Windows lacks some).
_WORDS = (
    ("ENOENT", "fichier ou dossier introuvable"),
    ("EACCES", "permission refusée"),
    ("EPERM", "opération non permise"),
    ("ENOSPC", "disque plein"),
    ("EROFS", "disque ou dossier en lecture seule"),
    ("EISDIR", "c'est un dossier, pas un fichier"),
    ("ENOTDIR", "un élément du chemin n'est pas un dossier"),
    ("EEXIST", "le fichier existe déjà"),
    ("EIO", "erreur de lecture ou d'écriture du disque"),
    ("ENAMETOOLONG", "nom de fichier trop long"),
    ("EMFILE", "trop de fichiers ouverts"),
    ("ENFILE", "trop de fichiers ouverts sur cet ordinateur"),
    ("EBUSY", "fichier ou périphérique occupé"),
    ("ETXTBSY", "fichier occupé"),
    ("ELOOP", "trop de liens symboliques (une boucle ?)"),
    ("ENOTEMPTY", "dossier non vide"),
    ("EXDEV", "déplacement impossible d'un disque à un autre"),
    ("EFBIG", "fichier trop volumineux"),
    ("EINVAL", "nom ou opération invalide"),
    ("ENOMEM", "mémoire insuffisante"),
    ("EAGAIN", "ressource momentanément indisponible, réessayez"),
    ("EINTR", "opération interrompue"),
    ("ENXIO", "périphérique introuvable"),
    ("ENODEV", "périphérique introuvable"),
    ("ECONNREFUSED", "connexion refusée"),
    ("ECONNRESET", "connexion interrompue par l'autre côté"),
    ("ETIMEDOUT", "délai dépassé"),
    ("EHOSTUNREACH", "ordinateur injoignable"),
    ("ENETUNREACH", "réseau injoignable"),
    ("EADDRINUSE", "adresse déjà utilisée"),
    ("EADDRNOTAVAIL", "adresse indisponible sur cet ordinateur"),
    ("EPIPE", "la sortie a été fermée"),
    ("EDQUOT", "quota de disque dépassé"),
    ("ESTALE", "fichier réseau devenu inaccessible"),
)
_BY_ERRNO = {getattr(errno, name): text for name, text in reversed(_WORDS) if hasattr(errno, name)}

def errno_text(number: int | None) -> str:
    """The French sentence for an error number; the symbolic name for one we do not word."""
    if number is None:
        return "erreur du système"
    text = _BY_ERRNO.get(number)
    if text is not None:
        return text
    name = errno.errorcode.get(number)
    return f"erreur du système {name}" if name else f"erreur du système n° {number}"


def os_error_text(exc: BaseException) -> str:
    """Why an OSError happened, in French, without the file name (the caller places it)."""
    number = getattr(exc, "errno", None)
    if isinstance(exc, OSError) and number is not None:
        return errno_text(number)
    # An OSError raised by our own code (or a library) with a message and no number: its words.
    text = str(exc).strip()
    return text or "erreur du système"


def os_error_message(exc: BaseException) -> str:
    """« fichier ou dossier introuvable (/chemin/du/fichier) »: the reason, then the file if known."""
    where = getattr(exc, "filename", None)
    other = getattr(exc, "filename2", None)
    files = " → ".join(str(f) for f in (where, other) if f)
    reason = os_error_text(exc)
    return f"{reason} ({files})" if files else reason


__all__ = ["errno_text", "os_error_message", "os_error_text"]
