"""The search space: ``SPACE.yaml`` read into Optuna distributions, checked like a run spec.

Each key is a dotted spec key and each value one distribution::

    agent.parameters.learning_rate: {float: [1.0e-3, 1.0], log: true}
    agent.parameters.discount: {categorical: [0.9, 0.99, 0.999]}
    agent.parameters.epsilon_decay_steps: {int: [1000, 100000], log: true}

Errors name the key as ``space.<key>``, e.g. ``space.agent.parameters.learning_rate: expected
float: [low, high]``.
"""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Tuple

from gym_loop.errors import SpecError
from gym_loop.rules import is_int, is_number

KINDS = ("float", "int", "categorical")
OPTIONS = {"float": ("log", "step"), "int": ("log", "step"), "categorical": ()}
EXAMPLE = "e.g. agent.parameters.learning_rate: {float: [0.001, 1.0], log: true}"
BUDGETS = ("loop.parameters.max_episodes", "loop.parameters.max_steps")
TRIAL_RUN = Path("trials", "0", "seed-0")  # where a trial's run is, for train's check of its paths
ASKED_OF_ENV = ("agent.class", "loop.parameters.reward_threshold")  # keys train checks against the env it made
# Loop parameters a trial's score needs, and why: a choice that turns one off fails every trial that draws it.
SCORED_BY = {"episodes_per_eval": "tune scores each run by its final periodic evaluation",
             "evals_csv": "tune reads each run's final periodic evaluation from this file"}


def read_space(path: Path) -> Any:
    """The YAML document of the space file at ``path``; read it once, as a pipe (``--space <(...)``) reads once."""
    from gym_loop.spec import load_spec

    return load_spec(path, empty=f"write spec keys with their distributions, {EXAMPLE}")


def load_space(path: Path, base: Dict, document: Any = None) -> Dict[str, Any]:
    """Read ``SPACE.yaml`` and check every entry against the base spec.

    Args:
        path: The space file.
        base: The parsed base run spec (not yet resolved); each distribution's bounds must be
            values the spec accepts at its key.
        document: The file as :func:`read_space` read it already, if it did.

    Returns:
        Spec key -> ``optuna.distributions.BaseDistribution``, in the file's order.

    Raises:
        SpecError: At ``space.<key>``, the first problem found; at ``space.seed`` for a seed searched, which the
            tuning seeds (``--seeds``) would silently beat.
    """
    document = read_space(path) if document is None else document
    if not isinstance(document, dict) or not document:
        raise SpecError("space", f"expected a mapping of spec keys to distributions, {EXAMPLE}")
    space = {}
    for key, entry in document.items():
        if str(key).strip() == "seed":
            raise SpecError("space.seed", "a tune runs every trial on each of its --seeds (default 0,1), which beat "
                                          "the spec's seed; leave seed out of the space and give --seeds, e.g. "
                                          "--seeds 0-4")
        if str(key).strip() == "runs_dir":
            raise SpecError("space.runs_dir", "a tune makes each trial's runs in its own folder (trials/<n>/seed-<s>), "
                                              "so runs_dir would change nothing; leave it out of the space")
        space[str(key)] = parse_distribution(str(key), entry)
    base = budgeted(base, space)
    from gym_loop.spec import paths_inside, run_spec

    paths_inside(run_spec(base), TRIAL_RUN)  # the base's own errors first, named as train names them
    for key, distribution in space.items():
        _check_in_spec(key, distribution, base)
        _check_scored(key, distribution)
    _check_pairs(space, base)
    _check_envs(space, base)
    return space


def budgeted(base: Dict, space: Dict[str, Any]) -> Dict:
    """The base spec as the trials run it, for checks: each budget (max_episodes, max_steps) the space tunes set to
    its first number. The base alone may lack one that every trial gives (max_episodes: null, a space over
    max_steps)."""
    budgets = {key: [value for value in _extremes(space[key]) if value is not None] for key in BUDGETS if key in space}
    return with_parameters(base, {key: values[0] for key, values in budgets.items() if values})


def _check_envs(space: Dict[str, Any], base: Dict) -> None:
    """Make the env of each bound or choice of an ``env.*`` key, as ``train`` will, and ask of each (and of each
    choice of ``agent.class`` and ``reward_threshold``, with the base's other values) what ``train`` asks once it
    has the env; the base spec's own env and agent only when the space changes neither (else no trial runs them)."""
    from gym_loop.spec import run_spec
    from gym_loop.sweeps.envs import check_envs

    asked = {key: distribution for key, distribution in space.items() if key.startswith("env.") or key in ASKED_OF_ENV}
    specs = [(run_spec(with_parameters(base, {key: value})), f" (space.{key}: {json.dumps(value)})")
             for key, distribution in asked.items() for value in _extremes(distribution)]
    specs += [(run_spec(with_parameters(base, {first: one, second: other})),
               f" (space.{first}: {json.dumps(one)} with space.{second}: {json.dumps(other)}, which a trial can "
               "draw together; change the choices or range of one of them so that no trial does)")
              for first, second in _pairs(list(asked), env=True) for one, other in _values_of(space, first, second)]
    check_envs(specs or [(run_spec(base), "")])


def _pairs(keys: List[str], env: bool = False) -> List[Tuple[str, str]]:
    """The pairs of ``keys`` whose values a trial draws together and the spec checks together: two keys of one
    section (``agent.class`` with an ``agent.parameters`` key, ``max_episodes`` with ``max_steps``); with ``env``,
    pairs with an ``env.`` key, for the checks on the env made."""
    def together(first: str, second: str) -> bool:
        if env:
            return first.startswith("env.") or second.startswith("env.")
        return first.partition(".")[0] == second.partition(".")[0]

    return [(first, second) for index, first in enumerate(keys) for second in keys[index + 1:]
            if together(first, second)]


def _values_of(space: Dict[str, Any], first: str, second: str) -> List[Tuple[Any, Any]]:
    """The values of two keys checked together: a range's bounds, a categorical's least and greatest number and
    each of its other choices (null, a string, a boolean), so the cost grows with neither's count of numbers."""
    def paired(distribution: Any) -> List[Any]:
        values = _extremes(distribution)
        numbers = [value for value in values if is_number(value)]
        return [value for value in values if not is_number(value) or value in (min(numbers), max(numbers))]

    return [(one, other) for one in paired(space[first]) for other in paired(space[second])]


def _check_pairs(space: Dict[str, Any], base: Dict) -> None:
    """Raise at ``space.<key>`` for a bound or choice the spec accepts alone but refuses with one of another key of
    its section (:func:`_pairs`): every trial that draws both would fail. The error's key is the one named. (Each
    value's paths were checked alone.)"""
    from gym_loop.spec import run_spec

    for first, second in _pairs(list(space)):
        for one, other in _values_of(space, first, second):
            try:
                run_spec(with_parameters(base, {first: one, second: other}))
            except SpecError as error:
                key, value, beside, given = ((first, one, second, other) if error.key != second
                                             else (second, other, first, one))
                raise SpecError(f"space.{key}", _refused_together(key, value, beside, given, error)) from error


def _refused_together(key: str, value: Any, beside: str, given: Any, error: SpecError) -> str:
    """Why the spec refuses ``value`` at ``key`` beside the value ``given`` of ``beside``, and the fix."""
    section, _, name = key.rpartition(".")
    if beside == f"{section.rpartition('.')[0]}.class" and section.endswith(".parameters") and \
            error.key == key and error.problem.startswith("unknown key"):
        return (f"the choice {json.dumps(given)} of {beside} takes no {name}, which the space tunes; tune each "
                f"class on its own (a space per class), or leave {name} out of the space")
    detail = error.problem if error.key in (key, beside) else str(error)
    return (f"{json.dumps(value)} with {json.dumps(given)} of space.{beside} is refused ({detail.split('; ')[0]}), "
            "and a trial can draw both; change the choices or range of one of them so that no trial does")


def parse_distribution(key: str, entry: Any) -> Any:
    """One entry of the space as an Optuna distribution.

    Raises:
        SpecError: At ``space.<key>`` when the entry is not ``{float: [low, high]}``,
            ``{int: [low, high]}`` or ``{categorical: [choices]}`` with valid options.
    """
    where = f"space.{key}"
    kinds = [kind for kind in KINDS if isinstance(entry, dict) and kind in entry]
    if len(kinds) != 1:
        raise SpecError(where, "expected one of {float: [low, high]}, {int: [low, high]}, "
                               "{categorical: [choice, ...]}")
    kind = kinds[0]
    for option in entry:
        if option != kind and option not in OPTIONS[kind]:
            known = ", ".join(OPTIONS[kind]) or "none"
            raise SpecError(f"{where}.{option}", f"unknown option of a {kind} distribution; known options: {known}")
    if kind == "categorical":
        return _categorical(where, entry[kind])
    return _numeric(where, kind, entry)


def _categorical(where: str, choices: Any) -> Any:
    from optuna.distributions import CategoricalDistribution

    scalar = (type(None), bool, int, float, str)
    if not isinstance(choices, list) or not choices or not all(isinstance(c, scalar) for c in choices):
        raise SpecError(where, f"expected categorical: [choice, ...] (numbers, strings, booleans or null), "
                               f"got {choices!r}")
    if len(set(map(repr, choices))) != len(choices):
        raise SpecError(where, f"categorical choices repeat: {choices!r}")
    for index, choice in enumerate(choices):  # Optuna records a choice by choices.index(value): 1 is true
        twin = next((other for other in choices[:index] if other == choice), None)
        if twin is not None:  # two None are a repeat, refused above
            raise SpecError(where, f"categorical choices {json.dumps(twin)} and {json.dumps(choice)} are one choice "
                                   "to Optuna (Python counts them equal), so a trial that ran one would be recorded "
                                   "as the other; keep one of them")
    return CategoricalDistribution(choices)


def _numeric(where: str, kind: str, entry: Dict) -> Any:
    from optuna.distributions import FloatDistribution, IntDistribution

    bounds, log, step = entry[kind], entry.get("log", False), entry.get("step")
    number = is_int if kind == "int" else is_number
    if not (isinstance(bounds, list) and len(bounds) == 2 and all(map(number, bounds)) and bounds[0] < bounds[1]):
        raise SpecError(where, f"expected {kind}: [low, high] with low < high, got {bounds!r}")
    if not isinstance(log, bool):
        raise SpecError(f"{where}.log", f"expected true or false, got {log!r}")
    if log and bounds[0] <= 0:
        raise SpecError(where, f"log: true needs low > 0, got {bounds[0]!r}")
    if step is not None and (not number(step) or step <= 0 or log):
        raise SpecError(f"{where}.step", f"expected a positive {kind} without log: true, got {step!r}")
    if step is not None:
        _check_divides(f"{where}.step", bounds[0], bounds[1], step)
    if kind == "int":
        return IntDistribution(bounds[0], bounds[1], log=log, step=step or 1)
    return FloatDistribution(float(bounds[0]), float(bounds[1]), log=log, step=step)


def _check_divides(where: str, low: Any, high: Any, step: Any) -> None:
    """Refuse a ``step`` that does not divide ``high - low`` (Optuna would lower ``high`` with a warning).

    Decimal arithmetic on the numbers as written, as Optuna's own check: 0.1 divides 0.3.
    """
    low_, high_, step_ = (Decimal(str(value)) for value in (low, high, step))
    if (high_ - low_) % step_ == 0:
        return
    top = low_ + (high_ - low_) // step_ * step_
    raise SpecError(where, f"{step!r} does not divide the range from {low!r} to {high!r}; give high "
                           f"{_plain(top)}, or a step that divides {_plain(high_ - low_)}")


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


def _check_in_spec(key: str, distribution: Any, base: Dict) -> None:
    """Raise at ``space.<key>`` unless the spec accepts each bound (or choice) at ``key``, and a fractional value
    between the bounds of a float range (whole bounds pass where the spec wants an integer; the values drawn do not)."""
    from gym_loop.spec import paths_inside, run_spec

    for value in [*_extremes(distribution), *_fractional(distribution)]:
        try:
            paths_inside(run_spec(with_parameters(base, {key: value})), TRIAL_RUN)
        except SpecError as error:
            if error.key == f"space.{key}":  # with_parameters' own
                raise
            raise SpecError(f"space.{key}", _refused(key, value, distribution, base, error)) from error


def _refused(key: str, value: Any, distribution: Any, base: Dict, error: SpecError) -> str:
    """Why the spec refuses ``value`` at ``key`` (the ``error`` it raised), and the fix where the space is at fault:
    a class choice lacking a parameter the base spec sets, a float range on an integer parameter."""
    from gym_loop.sweeps.plan import class_lacks

    detail = error.problem if error.key == key else str(error)
    if (lacks := class_lacks(error, base, {key: value}, "tune")) is not None:
        return f"the choice {lacks}"
    if value in _extremes(distribution):
        return detail
    whole = all(float(bound).is_integer() for bound in (distribution.low, distribution.high))
    log = ", log: true" if distribution.log else ""
    fix = (f"use {{int: [{int(distribution.low)}, {int(distribution.high)}]{log}}}" if whole
           else "give a range whose values the spec accepts there")
    return f"a float range draws values such as {value!r}, which the spec refuses there ({detail}); {fix}"


def _fractional(distribution: Any) -> List[float]:
    """A value a float range draws that is not a whole number, in a list; none (not a float range, or none such).
    Not None for none: None is a choice too (``null``), which the spec may refuse."""
    from optuna.distributions import FloatDistribution

    if not isinstance(distribution, FloatDistribution):
        return []
    low, high, step = distribution.low, distribution.high, distribution.step
    value = low + step if step is not None else (low + high) / 2
    if value.is_integer() and step is None:
        value = value + 0.5 if value + 0.5 < high else (low + value) / 2
    return [value] if low < value < high and not value.is_integer() else []


def _check_scored(key: str, distribution: Any) -> None:
    """Raise at ``space.<key>`` for a choice that turns off what a trial is scored by (``episodes_per_eval`` or
    ``evals_csv`` null), as the base spec's are refused."""
    section, _, name = key.rpartition(".")
    if section != "loop.parameters" or name not in SCORED_BY:
        return
    off = next((choice for choice in getattr(distribution, "choices", ()) if not choice), False)
    if off is not False:
        raise SpecError(f"space.{key}", f"the choice {json.dumps(off)}: {SCORED_BY[name]}; leave it out of the "
                                        "choices")


def _extremes(distribution: Any) -> List[Any]:
    choices = getattr(distribution, "choices", None)
    return list(choices) if choices is not None else [distribution.low, distribution.high]


def on_grid(parameters: Dict[str, Any], distributions: Dict[str, Any]) -> Dict[str, Any]:
    """A trial's parameters, each value of a float range with a ``step`` rounded to the decimals of its low and
    step: Optuna's ``low + k * step`` gives 0.6000000000000001 where the grid's number is 0.6.

    Args:
        parameters: Spec key -> value, as Optuna records them (``trial.params``).
        distributions: Spec key -> distribution (``trial.distributions``).
    """
    from optuna.distributions import FloatDistribution

    rounded = dict(parameters)
    for key, value in parameters.items():
        distribution = distributions.get(key)
        if isinstance(distribution, FloatDistribution) and distribution.step is not None:
            decimals = max(-Decimal(str(number)).as_tuple().exponent
                           for number in (distribution.low, distribution.step))
            rounded[key] = round(value, max(decimals, 0))
    return rounded


def with_parameters(document: Dict, parameters: Dict[str, Any]) -> Dict:
    """A parsed spec with each dotted key set to its value, as ``--set`` sets it
    (:func:`~gym_loop.spec.apply_overrides`: missing mappings created); the ``document`` given is left as it is.

    Raises:
        SpecError: A key runs through a value that is not a mapping.
    """
    from gym_loop.spec import apply_overrides, value_at

    for key, value in parameters.items():
        try:
            document = apply_overrides(document, [(key, value)])
        except SpecError as error:  # at the value in the way
            raise SpecError(f"space.{key}", f"{error.key} is {json.dumps(value_at(document, error.key))} in the spec, "
                                            "not a mapping, so no key can be set in it; give a key the spec has, e.g. "
                                            f"space.{error.key} to tune it") from None
    return document
