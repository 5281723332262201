"""Finding grids: the bundled ones, plus those in the user's own directories.

A user grid with the id of a bundled one replaces it (an organisation's edited
version); a user grid that fails the checks is left out, with its problems, and
the others stay usable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grilles.bundle import PROFILE_KIND
from grilles.checks import check_bundle, check_files, check_replacements
from grilles.loader import LoadedGrid, load_glossary, load_grid
from grilles.problems import ERROR, GridFileError, Problem
from grilles.schema import Glossary, GlossaryEntry

BUNDLED = Path(__file__).parent / "data"
GLOSSARY_PREFIX = "glossaire"


def grid_files(directory: Path) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.y*ml")
                  if p.suffix in (".yaml", ".yml") and not p.name.startswith(GLOSSARY_PREFIX))


def glossary_files(directory: Path) -> list[Path]:
    return sorted(p for p in Path(directory).glob(f"{GLOSSARY_PREFIX}*.y*ml"))


@dataclass
class Catalog:
    grids: dict[str, LoadedGrid] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # grids left out, and why
    warnings: list[Problem] = field(default_factory=list)  # what user grids lose, though usable
    origin: dict[str, str] = field(default_factory=dict)  # grid id -> "fournie" | "utilisateur"

    @property
    def profile(self) -> LoadedGrid:
        return next(g for g in self.grids.values() if g.grid.kind == PROFILE_KIND)

    def get(self, grid_id: str) -> LoadedGrid:
        try:
            return self.grids[grid_id]
        except KeyError:
            known = ", ".join(sorted(self.grids))
            raise KeyError(f"grille inconnue « {grid_id} » ; grilles disponibles : {known}") from None

    def selection(self, grid_ids: Iterable[str]) -> list[LoadedGrid]:
        """The profile plus the grids asked for, profile first."""
        ids = list(dict.fromkeys([self.profile.grid.id, *grid_ids]))
        return [self.get(g) for g in ids]


def load_catalog(user_dirs: Sequence[Path] = ()) -> Catalog:
    catalog = Catalog()
    glossary_paths = glossary_files(BUNDLED)
    for d in user_dirs:
        glossary_paths += glossary_files(Path(d))
    for gp in glossary_paths:
        try:
            glossary, _ = load_glossary(gp)
        except GridFileError as exc:
            catalog.problems.extend(exc.problems)
            continue
        for entry in glossary.entries:
            catalog.glossary[entry.id] = entry
    merged_glossary = Glossary(entries=list(catalog.glossary.values()))

    sources: dict[str, tuple[Path, str]] = {}
    for path in grid_files(BUNDLED):
        sources[path.stem] = (path, "fournie")
    user_paths: list[Path] = []
    for d in user_dirs:
        d = Path(d)
        if not d.is_dir():
            catalog.problems.append(Problem(str(d), 1, 1, "DOSSIER", "dossier de grilles introuvable"))
            continue
        user_paths += grid_files(d)

    loaded: dict[str, LoadedGrid] = {}
    for path, origin in list(sources.values()):
        g = load_grid(path)  # bundled grids are tested: a failure here is a bug, let it surface
        loaded[g.grid.id] = g
        catalog.origin[g.grid.id] = origin
    bundled = dict(loaded)  # what a broken override falls back to
    for path in user_paths:
        try:
            g = load_grid(path)
        except GridFileError as exc:
            catalog.problems.extend(exc.problems)
            continue
        loaded[g.grid.id] = g
        catalog.origin[g.grid.id] = "utilisateur"

    # Check each user grid with everything it may reference; leave out those with errors.
    for grid_id, g in list(loaded.items()):
        if catalog.origin[grid_id] != "utilisateur":
            continue
        report = _check_with(g, loaded, merged_glossary)
        if grid_id in bundled:  # a replacement: what it breaks in the grids that depend on it counts too
            report += check_replacements(list(loaded.values()), {grid_id: bundled[grid_id]}, merged_glossary)
        errors = [p for p in report if p.severity == ERROR]
        catalog.warnings.extend(p for p in report if p.severity != ERROR)
        if errors:
            catalog.problems.extend(errors)
            if grid_id in bundled:  # a broken edit of a bundled grid: the bundled one stays usable
                loaded[grid_id] = bundled[grid_id]
                catalog.origin[grid_id] = "fournie"
            else:
                del loaded[grid_id]
    catalog.grids = loaded
    return catalog


def _check_with(g: LoadedGrid, loaded: dict[str, LoadedGrid], glossary: Glossary) -> list[Problem]:
    companions = [x for x in loaded.values() if x is not g]
    report = check_bundle([g] + companions, glossary)
    return [p for p in report.problems if Path(p.file) == g.path]


__all__ = ["BUNDLED", "Catalog", "check_files", "glossary_files", "grid_files", "load_catalog"]
