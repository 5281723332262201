"""What a hostile grid file costs, against reading a bundled grid in the same run.

- each hostile file of the tests (alias bombs, 1 000 nested levels, 500 nested sections,
  recursive alias, over-size file): time and peak Python memory until its refusal;
- baseline: `load_grid` of nantes.yaml (the largest bundled grid), and the cost the bounds
  add to it (our bounded composer against libyaml's own, unbounded, on the same text);
- the whole catalog (bundled grids and glossary), with and without a hostile personal folder.

Prints figures, asserts nothing. Run: .venv/bin/python bench/bench_grid_files.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_hostile_grid_files import HOSTILE  # noqa: E402

from grilles import yaml_limits  # noqa: E402
from grilles.catalog import BUNDLED, load_catalog  # noqa: E402
from grilles.loader import _Loader, load_grid  # noqa: E402
from grilles.problems import GridFileError  # noqa: E402


def measure(fn, repeat: int = 7) -> tuple[float, float]:
    """Median seconds, and peak memory (MiB) of one run."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak


def refused(path: Path):
    def run():
        try:
            load_grid(path)
        except GridFileError as exc:
            return exc.problems[0].code
        raise AssertionError(f"{path} accepté")
    return run


def main() -> None:
    nantes = BUNDLED / "nantes.yaml"
    base_s, base_mb = measure(lambda: load_grid(nantes))
    text = nantes.read_text(encoding="utf-8")
    bounded_s, _ = measure(lambda: yaml_limits.first_excess(text, _Loader))

    def unbounded():
        loader = _Loader(text)
        loader.get_single_node()
        loader.dispose()

    unbounded_s, _ = measure(unbounded)
    print(f"Référence : load_grid(nantes.yaml, {len(text.encode()) // 1000} Ko)        {base_s * 1000:7.1f} ms   "
          f"pic {base_mb:5.1f} Mio")
    print(f"  dont la composition bornée (yaml_limits.compose)    {bounded_s * 1000:7.1f} ms")
    print(f"  au lieu de celle de libyaml, sans bornes            {unbounded_s * 1000:7.1f} ms "
          f"(les bornes coûtent {(bounded_s - unbounded_s) / base_s:+.0%} de la lecture)")
    print("\nFichiers hostiles : temps jusqu'au refus, pic de mémoire, rapport à la référence")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, (content, code, _) in HOSTILE.items():
            path = folder / name
            path.write_text(content, encoding="utf-8")
            seconds, peak = measure(refused(path))
            print(f"  {name:28} {len(content.encode()) // 1000:5} Ko  {code}  {seconds * 1000:7.1f} ms "
                  f"({seconds / base_s:4.2f}×)   pic {peak:5.1f} Mio")
        bundled_s, _ = measure(load_catalog, 3)
        hostile_s, _ = measure(lambda: load_catalog([folder]), 3)
        print(f"\nCatalogue fourni                      {bundled_s * 1000:7.1f} ms")
        print(f"Catalogue + dossier des {len(HOSTILE)} fichiers hostiles {hostile_s * 1000:7.1f} ms "
              f"({hostile_s / bundled_s:4.2f}×)")


if __name__ == "__main__":
    main()
