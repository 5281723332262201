"""The radar and the girouet as characters: every line of the summary's figures fits at 80 columns."""

from assistant.ui.charts import COLUMNS, score_lines
from grilles.scores import AxisScore


def axis(title, mean, scored=3, applicable=3):
    return AxisScore("radar", title.lower()[:8], title, "IA de confiance", mean, scored, applicable, 0.5)


def test_the_longest_label_keeps_its_figure_and_coverage_whole():
    scores = [axis("Transparence et souveraineté", 3.3333), axis("Utilité", 3.0),
              axis("Sobriété", None, scored=1, applicable=4)]
    lines = score_lines(scores)
    assert all(len(line) <= COLUMNS for line in lines), lines
    assert lines[1].endswith("3,33/4  (100\u00a0% couvert)")  # cut nowhere, the French way
    assert "insuffisant pour conclure (25\u00a0% couvert)" in "".join(lines[3:])


def test_a_short_label_keeps_the_full_bar():
    line = score_lines([axis("Utilité", 4.0)])[1]
    assert "█" * 20 in line


def test_a_label_too_long_for_one_line_puts_its_figures_below():
    lines = score_lines([axis("Un intitulé d'axe vraiment très long pour une seule ligne", 3.5),
                         axis("Court", None, scored=1, applicable=4)])
    assert all(len(line) <= COLUMNS for line in lines), lines
    assert lines[2].strip() == "3,5/4  (100\u00a0% couvert)"
