"""What a parameter value must be, with the words of its error message.

Apart from :mod:`gym_loop.spec` so that classes declare ``PARAMETERS`` and ``PARAMETER_RULES`` without importing YAML.
"""

import copy
import math
from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Optional


class Rule(NamedTuple):
    """What a parameter value must be, in words for the error message and as a test.

    A parameter whose rule is a path (``PATH``, ``optional(PATH)``) is taken relative to the run folder.
    """

    description: str
    test: Callable[[Any], bool]
    is_path: bool = False


def is_int(value: Any) -> bool:
    """Whether ``value`` is an integer (YAML's ``3``; not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """Whether ``value`` is an integer or a finite float (YAML's ``3`` or ``0.5``; not a bool, nan or inf)."""
    return is_int(value) or (isinstance(value, float) and math.isfinite(value))


POSITIVE_INT = Rule("a positive integer", lambda v: is_int(v) and v > 0)
NON_NEGATIVE_INT = Rule("a non-negative integer", lambda v: is_int(v) and v >= 0)
POSITIVE_NUMBER = Rule("a positive number", lambda v: is_number(v) and v > 0)
BOOLEAN = Rule("true or false", lambda v: isinstance(v, bool))
NAME = Rule("a non-empty string", lambda v: isinstance(v, str) and v.strip() != "")
PATH = Rule("a path", lambda v: NAME.test(v) and "\0" not in v, is_path=True)  # no file system takes a NUL
MAPPING = Rule("a mapping of names to values", lambda v: isinstance(v, dict) and all(isinstance(k, str) for k in v))
NUMBER = Rule("a number", is_number)
TEXT = Rule("a string", lambda v: isinstance(v, str))
LIST = Rule("a list", lambda v: isinstance(v, (list, tuple)))  # a tuple default (hidden=(64, 64)) is a list in YAML
NAMES = Rule("a list of module names", lambda v: isinstance(v, list) and all(NAME.test(x) for x in v))
SEED = Rule("a non-negative integer below 2**64 or null",  # what NumPy, PyTorch and gymnasium all accept
            lambda v: v is None or (is_int(v) and 0 <= v < 2**64))


ANY_NUMBER = Rule("a number (.inf, -.inf and .nan too)", lambda v: is_int(v) or isinstance(v, float))
ANY_MAPPING = Rule("a mapping", lambda v: isinstance(v, dict))
_KINDS = ((bool, BOOLEAN), ((int, float), NUMBER), (str, TEXT), ((list, tuple), LIST), (dict, MAPPING))  # bool first


def rule_from_default(default: Any) -> Optional[Rule]:
    """The rule a value must follow to replace ``default``: its kind (a number for a number); None accepts anything.

    Whatever a default YAML holds passes its own rule: a default of ``inf`` (or ``nan``) takes any number, those
    included; a mapping with keys other than names (``{0: 1.0, 100: 0.5}``) takes any mapping.
    """
    if isinstance(default, float) and not math.isfinite(default):
        return ANY_NUMBER
    if isinstance(default, dict) and not MAPPING.test(default):
        return ANY_MAPPING
    return next((rule for kinds, rule in _KINDS if isinstance(default, kinds)), None)


def optional(rule: Rule) -> Rule:
    """The same rule, also accepting null."""
    return Rule(f"{rule.description} or null", lambda v: v is None or rule.test(v), rule.is_path)


class Parameter(NamedTuple):
    """One parameter of a class in one place: its default, rule and documentation (reStructuredText, for the docs).

    A class lists them in ``PARAMETERS``; :func:`defaults_of` and :func:`rules_of` derive the rest (docs/spec.rst).
    """

    default: Any
    rule: Optional[Rule]
    doc: str


def defaults_of(parameters: Mapping[str, Parameter]) -> Dict[str, Any]:
    """A fresh ``{name: default}`` dict of ``parameters``, in their order."""
    return {name: copy.deepcopy(parameter.default) for name, parameter in parameters.items()}


def rules_of(parameters: Mapping[str, Parameter]) -> Dict[str, Rule]:
    """The ``PARAMETER_RULES`` of ``parameters``: each one's rule, or else the kind of its default."""
    rules = {name: parameter.rule or rule_from_default(parameter.default) for name, parameter in parameters.items()}
    return {name: rule for name, rule in rules.items() if rule is not None}


def number_in(low: float, high: float = math.inf, low_included: bool = True, high_included: bool = True) -> Rule:
    """A finite number between ``low`` and ``high``, each bound included or not, e.g. ``a number > 0 and <= 1``."""
    lower = f"{'>=' if low_included else '>'} {low:g}"
    if high == math.inf:
        description = f"a number {lower}"
    elif low_included and high_included:
        description = f"a number from {low:g} to {high:g}"
    else:
        description = f"a number {lower} and {'<=' if high_included else '<'} {high:g}"
    return Rule(description, lambda v: is_number(v) and (v >= low if low_included else v > low)
                and (v <= high if high_included else v < high))


def inherited_rules(cls: Any) -> Dict[str, Rule]:
    """The ``PARAMETER_RULES`` of ``cls`` and of its bases, merged along its MRO (a subclass's win): a class's own
    rules add to its bases' (BaseLoop's path rules stay under a loop that declares ``{"traj_dir": PATH}``)."""
    rules: Dict[str, Rule] = {}
    for kind in reversed(getattr(cls, "__mro__", ())):
        rules.update(vars(kind).get("PARAMETER_RULES") or {})
    return rules


def default_sources(cls: Any, base: Optional[type]) -> List[type]:
    """The classes whose ``get_default_parameters()`` give ``cls``'s parameters, its own first: the one
    ``cls.get_default_parameters`` is, then every base down to ``base`` (BaseLoop, BaseAgent, BasePolicy) that
    defines one. So a subclass lists only its own parameters; its bases' are added (a base outside ``base``'s
    family, as the seeds' own copied BaseAgent whose method raises, is not asked)."""
    defining = [kind for kind in getattr(cls, "__mro__", ()) if "get_default_parameters" in vars(kind)]
    return defining[:1] + [kind for kind in defining[1:] if base is not None and issubclass(kind, base)]


def inherited_defaults(owner: Any, base: Optional[type], call: Optional[Callable[[type], Dict]] = None
                       ) -> Dict[str, Any]:
    """The defaults of :func:`default_sources` of ``owner``'s class merged, the class's own first (its order, its
    values): each asked as the instance ``owner`` takes them (its own method may be an instance method), or, given
    ``call``, ``owner`` being a class, as ``call(kind)`` gives them (the spec's checked static calls)."""
    cls = owner if call is not None else type(owner)
    merged: Dict[str, Any] = {}
    for kind in default_sources(cls, base):
        given = call(kind) if call is not None else vars(kind)["get_default_parameters"].__get__(owner, cls)()
        for key, value in given.items():
            merged.setdefault(key, value)
    return merged
