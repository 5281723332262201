"""Property-based tests: random answers never crash the rules, and "je ne sais pas" never
makes a question disappear."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grilles.answers import Answer, parse_answer
from grilles.rules import UNKNOWN, evaluate
from grilles.schema import AnswerType
from grilles.scores import axis_scores

GRIDS = ("nantes", "radar", "girouet", "tours")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def raw_value(draw, question):
    t = question.type
    if t is AnswerType.yes_no:
        return draw(st.sampled_from(["oui", "non"]))
    if t is AnswerType.single:
        return draw(st.sampled_from([o.value for o in question.options]))
    if t is AnswerType.multiple:
        exclusive = [o.value for o in question.options if o.exclusive]
        others = [o.value for o in question.options if not o.exclusive]
        if exclusive and draw(st.booleans()):
            return [draw(st.sampled_from(exclusive))]
        return draw(st.lists(st.sampled_from(others), min_size=1, max_size=len(others), unique=True))
    if t is AnswerType.scale:
        return draw(st.integers(1, 4))
    if t is AnswerType.number:
        return draw(st.floats(min_value=-1e6, max_value=1e9, allow_nan=False))
    # "nsp" and "na" typed as text are the reserved answers, drawn separately in an_answer.
    return draw(st.text(min_size=1, max_size=20).filter(lambda t: t.strip() and t not in ("nsp", "na")))


def an_answer(draw, question):
    kind = draw(st.sampled_from(["valeur"] * 6 + ["nsp", "na"]))
    if kind == "nsp":
        return Answer.dont_know()
    if kind == "na":
        return Answer.not_applicable("justification")
    return parse_answer(question, raw_value(draw, question))


@st.composite
def dialogue(draw, bundle):
    """Answers given the way the dialogue gives them: always to the next question."""
    answers = {}
    for _ in range(draw(st.integers(0, len(bundle.entries)))):
        nxt = evaluate(bundle, answers).next_question
        if nxt is None:
            break
        answers[nxt.id] = an_answer(draw, nxt.question)
    return answers


@st.composite
def scattered(draw, bundle):
    """Answers to any questions in any order, consistent or not."""
    entries = draw(st.lists(st.sampled_from(bundle.entries), max_size=40))
    return {e.id: an_answer(draw, e.question) for e in entries}


@SETTINGS
@given(data=st.data())
def test_random_answers_never_crash_the_rules(bundle_for, data):
    bundle = bundle_for(*GRIDS)
    answers = data.draw(scattered(bundle))
    ev = evaluate(bundle, answers)
    for loaded in bundle.grids:
        axis_scores(ev, loaded.grid)
    _ = ev.open_points, ev.red_lines, ev.ahead, ev.next_question  # derived on demand: none may raise
    for st_ in ev.statuses.values():
        if st_.reason is not None:
            assert st_.reason.message


@SETTINGS
@given(data=st.data())
def test_dont_know_never_makes_a_question_disappear(bundle_for, data):
    bundle = bundle_for(*GRIDS)
    answers = data.draw(dialogue(bundle))
    valued = [q for q, a in answers.items() if a.is_value]
    if not valued:
        return
    chosen = data.draw(st.sampled_from(valued))
    before = evaluate(bundle, answers)
    after = evaluate(bundle, {**answers, chosen: Answer.dont_know()})
    skipped_before = {e.id for e in before.skipped}
    skipped_after = {e.id for e in after.skipped}
    assert skipped_after <= skipped_before, skipped_after - skipped_before


@SETTINGS
@given(data=st.data())
def test_no_skip_is_ever_caused_by_a_dont_know(bundle_for, data):
    bundle = bundle_for(*GRIDS)
    ev = evaluate(bundle, data.draw(dialogue(bundle)))
    for entry in ev.skipped:
        for cause in ev.statuses[entry.id].reason.causes:
            assert ev.statuses.get(cause.question) is None or ev.statuses[cause.question].status != UNKNOWN
