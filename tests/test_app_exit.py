"""`instruire` (the app) exits non-zero, with one French sentence, when it ended on an unhandled error."""

from __future__ import annotations

import pytest

from assistant import cli
from assistant.ui import app as ui_app


class CrashingApp(ui_app.InstruireApp):
    """The real app, headless, with a failure injected once its first screen is up."""

    crash = True

    def on_ready(self) -> None:
        if self.crash:
            raise RuntimeError("panne simulée")
        self.exit()

    def run(self, **kwargs):  # headless: no terminal in the tests
        return super().run(headless=True, size=(80, 24))


class QuittingApp(CrashingApp):
    crash = False


def run_instruire(monkeypatch, capsys, tmp_path, app_class):
    monkeypatch.setenv("INSTRUIRE_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("INSTRUIRE_DONNEES", str(tmp_path / "donnees"))
    monkeypatch.setattr(ui_app, "build_app", lambda *args, **kwargs: app_class(*args, **kwargs))
    with pytest.raises(SystemExit) as info:
        cli.main(["--journal", str(tmp_path / "j.sqlite")])
    out = capsys.readouterr()
    return info.value.code, out.out + out.err, out.err


def test_a_crash_exits_non_zero_with_a_french_sentence_and_a_report(monkeypatch, capsys, tmp_path):
    code, everything, err = run_instruire(monkeypatch, capsys, tmp_path, CrashingApp)
    assert code == 1
    assert "Traceback" not in everything and "panne simulée" in err
    assert err.startswith("instruire : l'application s'est arrêtée sur une erreur inattendue (RuntimeError")
    assert "Les réponses déjà données sont enregistrées dans le journal" in err
    reports = list((tmp_path / "donnees").glob("plantage-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in err
    assert "Traceback" in reports[0].read_text(encoding="utf-8")  # the detail, for whoever fixes it
    assert reports[0].stat().st_mode & 0o077 == 0  # it may quote answers: the owner's only


def test_a_normal_exit_is_zero_and_silent(monkeypatch, capsys, tmp_path):
    code, everything, _ = run_instruire(monkeypatch, capsys, tmp_path, QuittingApp)
    assert code == 0 and everything.strip() == ""
    assert not list((tmp_path / "donnees").glob("plantage-*.txt"))
