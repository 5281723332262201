"""Axis scores: only what applies and was scored counts, with its coverage."""

from conftest import CALM_PROFILE, answers_of

from grilles.rules import evaluate
from grilles.scores import axis_scores


def girouet(bundle_for):
    return bundle_for("girouet")


def by_axis(scores):
    return {s.axis: s for s in scores}


def test_girouet_item_score_is_the_teams_level(bundle_for):
    bundle = girouet(bundle_for)
    answers = answers_of(bundle, {**CALM_PROFILE, "girouet.autonomie": 3})
    grid = bundle.grid("girouet").grid
    s = by_axis(axis_scores(evaluate(bundle, answers), grid))["autonomie"]
    assert (s.mean, s.scored, s.applicable, s.shown) == (3, 1, 1, 3)


def test_dont_know_is_not_a_zero_and_lowers_coverage(bundle_for):
    bundle = bundle_for("radar")
    grid = bundle.grid("radar").grid
    axis_questions = [e for e in bundle.entries if e.question.axis == "utilite"]
    assert len(axis_questions) >= 2
    first, second = axis_questions[0], axis_questions[1]
    best = max(first.question.options, key=lambda o: o.score or 0)
    answers = answers_of(bundle, {**CALM_PROFILE, first.id: best.value, second.id: "nsp"})
    s = by_axis(axis_scores(evaluate(bundle, answers), grid))["utilite"]
    assert s.mean == best.score  # the unknown did not pull the mean down
    assert s.scored == 1 and s.applicable == len(axis_questions)
    assert s.coverage < grid.min_coverage and s.shown is None  # too thin to show a number


def test_skipped_questions_leave_the_axis(bundle_for):
    bundle = bundle_for("radar")
    grid = bundle.grid("radar").grid
    ev = evaluate(bundle, answers_of(bundle, CALM_PROFILE))  # no personal data
    s = by_axis(axis_scores(ev, grid))["vie_privee"]
    assert s.applicable == 0 and s.mean is None and s.shown is None


def test_unscored_option_counts_as_applicable_but_not_scored(bundle_for):
    bundle = bundle_for("radar")
    grid = bundle.grid("radar").grid
    entry = next(e for e in bundle.entries if any(o.unscored for o in e.question.options))
    unscored = next(o for o in entry.question.options if o.unscored)
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, entry.id: unscored.value}))
    s = by_axis(axis_scores(ev, grid))[entry.question.axis]
    assert s.scored == 0 and s.mean is None


def test_full_coverage_shows_the_mean(bundle_for):
    bundle = bundle_for("radar")
    grid = bundle.grid("radar").grid
    raw = dict(CALM_PROFILE)
    expected = []
    for e in bundle.entries:
        if e.question.axis == "ia_frugale":
            scored = [o for o in e.question.options if o.score]
            raw[e.id] = scored[0].value
            expected.append(scored[0].score)
    s = by_axis(axis_scores(evaluate(bundle, answers_of(bundle, raw)), grid))["ia_frugale"]
    assert s.coverage == 1 and s.shown == sum(expected) / len(expected)
