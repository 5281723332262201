"""PDF through LibreOffice, when it is installed: the ODT converted by `soffice --headless`.

LibreOffice runs with a profile of its own in a temporary folder, so that a conversion works
while the person has LibreOffice open, and leaves nothing behind.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

PACKAGE = "libreoffice-writer-nogui"  # Debian's; « libreoffice-writer » with its interface
TIMEOUT_S = 120


class PdfUnavailable(Exception):
    """No LibreOffice to convert with, or a conversion that failed; the message is French."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str = ".odt") -> bytes:
    """A document (ODT by default) as PDF bytes."""
    program = soffice()
    if program is None:
        raise PdfUnavailable("le format pdf demande LibreOffice, absent de cet ordinateur : installez-le (paquet "
                             f"Debian « {PACKAGE} », ou libreoffice.org), ou exportez en odt ou docx")
    with tempfile.TemporaryDirectory(prefix="instruire-pdf-") as tmp:
        work = Path(tmp)
        source = work / f"document{suffix}"
        source.write_bytes(data)
        profile = (work / "profil").as_uri()
        try:
            done = subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                                   "--convert-to", "pdf", "--outdir", str(work), str(source)],
                                  capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"LibreOffice n'a pas converti le document en {TIMEOUT_S} s") from None
        result = work / "document.pdf"
        if done.returncode != 0 or not result.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise PdfUnavailable("LibreOffice n'a pas pu convertir le document en pdf"
                                 + (f" ({detail[-1]})" if detail else ""))
        return result.read_bytes()


def pdf_text(path: Path) -> str:
    """A PDF's text (`pdftotext` from poppler-utils), to read a printed report's anchor back."""
    from journal.anchor import AnchorError

    program = shutil.which("pdftotext")
    if program is None:
        raise AnchorError(f"{path} : lire un pdf demande pdftotext, absent de cet ordinateur (paquet Debian "
                          "« poppler-utils ») ; vérifiez plutôt le fichier odt, docx, html ou json du rapport")
    done = subprocess.run([program, "-layout", str(path), "-"], capture_output=True, timeout=TIMEOUT_S, check=False)
    if done.returncode != 0:
        raise AnchorError(f"{path} : ce n'est pas un pdf lisible")
    return done.stdout.decode("utf-8", "replace")
