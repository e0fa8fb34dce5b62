"""Agent and policy state as plain data: the default ``save``/``load`` of agents and policies.

docs/agents.rst ("The default save") describes the ``.npz`` format and the trust model (:data:`TRUST_VARIABLE`)."""

import collections
import functools
import gc
import inspect
import logging
import math
import os
import sys
from types import ModuleType
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from gym_loop.errors import GymLoopError, install_extra
from gym_loop.files import shown

TRUST_VARIABLE = "GYM_LOOP_TRUST_CHECKPOINTS"
EXCLUDED = ("parameters", "observation_space", "action_space")  # built from the spec and the env, not learned
GIVEN = "_given_parameters"  # an agent's copy of its parameters as given (see remember_given); never saved
UNSEEDED = "_unseeded_rng"  # the generator an agent built without rng got, which a loop's seed replaces; never saved
PASSED = {"policy": "its policy", "observation_space": "the env's observation space",
          "action_space": "the env's action space", "rng": "the run's seeded random generator"}
"""What gym-loop passes to an agent's constructor under these names, when it accepts them (in its parameters, never
saved; :mod:`gym_loop.agents.reserved` refuses them as parameters)."""
POLICY = "policy"  # the agent's attribute holding the policy gym-loop passed it: saved by its attributes
STRUCTURE = "__state__"
BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")
_ZIP, _PICKLE = b"PK\x03\x04", b"\x80"
_SCALARS = (type(None), bool, int, float, str)
MIN_ROWS = 16  # a list, tuple or deque this long is stored as stacked columns when its items are alike
_VIEWS_WARNED: set = set()  # the attributes a view warning was given for, once per process (checkpoints repeat it)

logger = logging.getLogger(__name__)


class CheckpointError(GymLoopError):
    """A state file cannot be written or read as plain data."""


class DamagedFile(CheckpointError):
    """A state file that is not whole: cut short, emptied, or not written by gym-loop."""


class PolicyFailed(CheckpointError):
    """A policy's own ``save(path)`` or ``load(path)`` failed, or its save wrote nothing: named as the policy's
    (``policy.save (MyPolicy.save)``), not the agent's, with what happened (``failed``) and its detail."""

    def __init__(self, what: str, happened: str, detail: str):
        super().__init__(f"{what} {happened}{detail}")
        self.what, self.happened, self.detail = what, happened, detail


class PlainState:
    """The default ``save``, ``load`` and ``_excluded_save_params`` of :class:`~gym_loop.agents.BaseAgent` and
    :class:`~gym_loop.policies.base_policy.BasePolicy`: their state as plain data."""

    def save(self, path: str) -> None:
        """Write every attribute but :meth:`_excluded_save_params` and unchanged parameters, and the entries of
        ``self.parameters`` it changed, to ``path`` as plain data.

        Raises:
            gym_loop.state.CheckpointError: An attribute is not plain data (the message names it).
        """
        save_attributes(self, path)

    def load(self, path: str) -> None:
        """Restore state written by :meth:`save`; loading runs no code from the file."""
        load_attributes(self, path)

    def _excluded_save_params(self) -> List[str]:
        """The attributes :meth:`save` leaves out (``parameters`` and the env's spaces); extend it as in SB3."""
        return list(EXCLUDED)


def saved_attributes(owner: Any) -> Dict[str, Any]:
    """What the default save stores of ``owner`` (an agent or policy): every attribute but those named by
    ``owner._excluded_save_params()`` (else :data:`EXCLUDED`) and the parameters it still holds as given
    (a number or string it never reassigned, compared with the copy :func:`remember_given` kept, so also when
    the owner changed the entry of ``self.parameters`` instead): those come from the spec, so a resumed run
    takes a changed spec's. (Another name for the env's spaces, ``self.space = action_space``, is stored as a
    reference to the space: :func:`write_state` loads the fresh owner's.)
    While ``parameters`` is excluded, the entries of ``owner.parameters`` it changed (:func:`changed_parameters`)
    are stored under ``parameters``; loading puts them back into the owner's own dict.
    """
    exclude = getattr(owner, "_excluded_save_params", None)
    excluded = {*(exclude() if exclude else EXCLUDED), GIVEN, UNSEEDED}
    given = _given(owner)
    saved = {name: value for name, value in _attributes(owner).items()
             if name not in excluded and not (isinstance(value, _SCALARS) and given.get(name, excluded) is value)}
    if POLICY not in excluded and getattr(owner, POLICY, None) is None and _instance(given.get(POLICY)):
        saved[POLICY] = given[POLICY]  # the README's agent reads the policy gym-loop built as parameters["policy"]
    changed = changed_parameters(owner) if "parameters" in excluded else {}
    return {**saved, "parameters": changed} if changed else saved


def _attributes(owner: Any) -> Dict[str, Any]:
    """``owner``'s attributes by name: its ``__slots__``' (along its MRO) that are set, then its ``__dict__``'s."""
    slots: List[str] = []
    for kind in reversed(type(owner).__mro__):
        names = vars(kind).get("__slots__", ())
        slots += [names] if isinstance(names, str) else [name for name in names if name != "__weakref__"]
    found = {name: getattr(owner, name) for name in slots if name != "__dict__" and hasattr(owner, name)}
    own = getattr(owner, "__dict__", {})
    return {**found, **own} if found else own


def _given(owner: Any) -> Dict[str, Any]:
    """``owner``'s parameters as it was given them (its :data:`GIVEN` copy, else ``owner.parameters``); {} if none."""
    kept = getattr(owner, "__dict__", {}).get(GIVEN)
    given = kept[1] if kept else getattr(owner, "parameters", None)
    return given if isinstance(given, dict) else {}


def given_spaces(owner: Any) -> Dict[str, Any]:
    """The env's spaces ``owner`` was given, by name (``observation_space``, ``action_space``): in its parameters,
    else its attributes of those names (a class of the seeds' kind, taking them by name)."""
    given, attributes = _given(owner), getattr(owner, "__dict__", {})
    space = getattr(sys.modules.get("gymnasium.spaces"), "Space", ())
    found = {name: given.get(name, attributes.get(name)) for name in ("observation_space", "action_space")}
    return {name: value for name, value in found.items() if isinstance(value, space)}


def remember_given(owner: Any) -> None:
    """Keep a shallow copy of ``owner.parameters`` as given, and a deep one of its lists and dicts (the spec's
    ``sched: {decay: 0.9}``, changed in place), as its :data:`GIVEN`, for :func:`changed_parameters`.

    Called when an agent or policy is built and again when a loop binds the agent: an agent written as
    the seeds' README sets its own ``self.parameters`` after ``super().__init__()``.
    """
    attributes = getattr(owner, "__dict__", {})  # an object with __slots__ only has nothing to keep
    parameters, given = attributes.get("parameters"), attributes.get(GIVEN)
    if isinstance(parameters, dict) and not (given and given[0] is parameters):
        import copy

        nested = {name: copy.deepcopy(value) for name, value in parameters.items()
                  if isinstance(value, (list, dict)) and _is_data(value)}
        attributes[GIVEN] = (parameters, dict(parameters), _spec_names(owner), nested)


def _spec_names(owner: Any) -> Optional[frozenset]:
    """The parameter names a spec may give ``owner``: those of its classes' ``get_default_parameters()`` (a spec
    is refused any other); None if any name (``ANY_PARAMETERS = True``)."""
    if getattr(owner, "ANY_PARAMETERS", False):
        return None
    names: set = set()
    for kind in type(owner).__mro__:
        method = vars(kind).get("get_default_parameters")
        try:
            names.update(method.__get__(owner, type(owner))() if method is not None else ())
        except Exception:  # noqa: BLE001  (the seeds' own copied BaseAgent's raises: it gives no parameters)
            continue
    return frozenset(names)


def changed_parameters(owner: Any) -> Dict[str, Any]:
    """The entries of ``owner.parameters`` that are plain data and that it replaced or added since
    :func:`remember_given` (``self.parameters["epsilon"] *= 0.97``), or that no spec gives (:func:`_spec_names`:
    the README agent's ``self.parameters["q"] = np.zeros(...)``, also changed in place); never those of
    :data:`PASSED`.

    Changed means another object, or a list or dict of the spec's with other contents (an array changed in place
    is not seen: assign a new one).
    """
    attributes = getattr(owner, "__dict__", {})
    parameters, given = attributes.get("parameters"), attributes.get(GIVEN)
    if not (given and given[0] is parameters):
        return {}
    spec, nested = given[2], given[3]
    return {name: value for name, value in parameters.items()
            if name not in PASSED and (given[1].get(name, GIVEN) is not value or (
                spec is not None and name not in spec) or name in nested and _differ(value, nested[name]))
            and _is_data(value)}


def _differ(value: Any, given: Any) -> bool:
    """Whether ``value`` is not equal to ``given`` (a list or dict holding an array compares as different)."""
    try:
        return bool(value != given)
    except ValueError:  # an array's truth value
        return True


def _is_data(value: Any) -> bool:
    """Whether ``value`` is plain data the default save stores: scalars, NumPy values and containers of them."""
    if isinstance(value, _SCALARS):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_data(item) for item in value)
    if isinstance(value, dict):
        return all(_is_data(key) and _is_data(item) for key, item in value.items())
    np = sys.modules.get("numpy")
    return np is not None and isinstance(value, (np.ndarray, np.generic)) and not value.dtype.hasobject


def save_attributes(owner: Any, path: str) -> None:
    """Write :func:`saved_attributes` of ``owner`` to ``path`` as plain data.

    Raises:
        CheckpointError: An attribute is not plain data; the message names it and what to do.
    """
    write_state(path, saved_attributes(owner), owner)


def check_saveable(owner: Any) -> None:
    """Encode :func:`saved_attributes` of ``owner`` as :func:`save_attributes` does, writing nothing and calling no
    policy's own ``save``: a check of what the default save can store now.

    Raises:
        CheckpointError: As :func:`save_attributes`.
    """
    written = _Written("agent.ckpt", owner)
    written.dry = True
    _encode_attributes(saved_attributes(owner), written, "")


def load_attributes(owner: Any, path: str) -> None:
    """Set the attributes stored by :func:`save_attributes` on ``owner``; generators and ``state_dict``
    objects are loaded into its own, so what shares them (an optimizer, its policy's parameters) still does.

    Raises:
        CheckpointError: The file is not a state file, or would need code to load; if ``owner`` writes its
            checkpoints with a ``save`` of its own, the message says to define ``load`` to match it.
    """
    try:
        state = read_state(path, owner)
    except CheckpointError as error:
        if fix := load_fix(type(owner)):
            raise CheckpointError(f"{error}; {fix}") from error.__cause__
        raise
    set_attributes(owner, state)


def load_fix(owner_class: type) -> Optional[str]:
    """What to do when a checkpoint does not load because ``owner_class`` defines ``save`` over an inherited
    ``load`` (:func:`unpaired_save_load`): ``<Class> defines save(path) but not load(path): define load(path)
    matching save(path)``; None if that is not why."""
    unpaired = _unpaired(owner_class)
    if unpaired is None or unpaired[0] != "save":
        return None
    return f"{owner_class.__name__} defines save(path) but not load(path): define load(path) matching save(path)"


_KEEPS_FORMAT = ("super", "save_attributes", "load_attributes", "write_state", "read_state")


def unpaired_save_load(agent_class: type) -> Optional[str]:
    """Why ``agent_class``'s checkpoints would not load: it (or a class between it and the one defining both)
    overrides one of ``save`` and ``load`` and inherits the other, which was written for another version of the
    first (from :class:`~gym_loop.agents.BaseAgent`, the stand-in of an agent without them, or any class defining
    both, e.g. :class:`~gym_loop.agents.RandomAgent`); None if both come from one class, or neither is defined, or
    the overriding one calls ``super()`` or :mod:`gym_loop.state`'s functions, which keep the default's format
    (docs/agents.rst, "Own save and load").
    """
    unpaired = _unpaired(agent_class)
    if unpaired is None:
        return None
    defined, missing, inherited = unpaired
    the = ("the default" if inherited is None or inherited is PlainState
           else f"{inherited.__name__}'s")
    effect = (f"{the} load reads only what {the} save writes, so its checkpoints could not be resumed or evaluated"
              if defined == "save" else f"{the} save writes its checkpoints, in a format its load may not read (a "
              "resume could restore nothing)")
    return f"{agent_class.__name__} defines {defined}() but not {missing}(); {effect}: define {missing}(path) " \
           f"matching {defined}(path)"


def _unpaired(owner_class: type) -> Optional[Tuple[str, str, Optional[type]]]:
    """``(defined, missing, inherited)`` as :func:`unpaired_save_load` finds them: the method of ``save`` and
    ``load`` overridden, the other, and the class it is inherited from (None for the default stand-in)."""
    owners = {name: _owner(owner_class, name) for name in ("save", "load")}
    if owners["save"] is owners["load"]:
        return None
    mro = owner_class.__mro__
    defined = min(owners, key=lambda name: mro.index(owners[name]) if owners[name] else len(mro))
    missing = {"save": "load", "load": "save"}[defined]
    inherited = owners[missing]
    if inherited is not None and defined not in vars(inherited):  # it completes a pair its base left open
        return None
    if _keeps_format(inspect.getattr_static(owner_class, defined)):
        return None
    return defined, missing, inherited


def _owner(owner_class: type, name: str) -> Optional[type]:
    """The class of ``owner_class``'s MRO whose own dict defines ``name``, or None."""
    return next((cls for cls in owner_class.__mro__ if name in vars(cls)), None)


def _keeps_format(method: Any) -> bool:
    """Whether ``method``'s code calls ``super()`` or a function of this module (then it keeps the default format)."""
    code = getattr(getattr(method, "__func__", method), "__code__", None)
    return code is None or any(name in code.co_names for name in _KEEPS_FORMAT)


def save_and_load(agent: Any) -> Tuple[Callable[[str], None], Callable[[str], None]]:
    """The agent's ``save`` and ``load`` as a run calls them (the default's for an agent without them); for an agent
    whose both come from a base class of its own kind (:func:`added_attributes`), they also write and read the
    attributes its subclasses add, as the default save stores them, in a file beside: ``agent-added.ckpt``."""
    save = getattr(agent, "save", None) or functools.partial(save_attributes, agent)
    load = getattr(agent, "load", None) or functools.partial(load_attributes, agent)
    added = added_attributes(type(agent))
    if not added or getattr(save, "__self__", None) is not agent:  # (a save set on the agent itself: its own)
        return save, load

    left_out: set = set()  # the added attributes that are not plain data: not stored, warned of once

    def save_added(path: str) -> None:
        save(path)
        write_added(path)

    def write_added(path: str) -> None:
        state = {name: value for name, value in saved_attributes(agent).items()
                 if name in added and name not in left_out}
        try:
            if state:
                write_state(_added_file(path), state, agent)
        except CheckpointError:  # the base's own save never had to store them: leave them out, not fail the run
            if not (found := sorted(name for name, value in state.items() if not _plain(name, value, agent))):
                raise
            left_out.update(found)
            logger.warning("%s: not plain data, so left out of its checkpoints: %s (%s's save(path) does not store "
                           "them); store them in save and load, or name them in _excluded_save_params() to silence "
                           "this", type(agent).__name__, ", ".join(found), _owner(type(agent), "save").__name__)
            write_added(path)

    def load_added(path: str) -> None:
        load(path)
        if os.path.exists(_added_file(path)):  # not in a checkpoint of a gym-loop before 0.4.0
            set_attributes(agent, read_state(_added_file(path), agent))

    return save_added, load_added


def _plain(name: str, value: Any, owner: Any) -> bool:
    """Whether the default save can store ``value`` as ``owner``'s attribute ``name``."""
    try:
        _encode_attributes({name: value}, _Written(os.devnull, owner), "")
    except CheckpointError:
        return False
    return True


def _added_file(path: str) -> str:
    root, extension = os.path.splitext(path)
    return f"{root}-added{extension}"  # agent-added.ckpt: not a name beginning as the agent's own files (agent.ckpt)


_SAVES_ALL = ("super", "save_attributes", "saved_attributes", "vars", "__dict__")  # a save naming one stores all
_NO_CODE = (lambda: None).__code__


def added_attributes(agent_class: type) -> frozenset:
    """The attributes that ``agent_class``'s own code, or a class's between it and the base class whose ``save`` and
    ``load`` it inherits, assigns (``self.count = 0``) and the code of that base class and its bases does not: what
    the inherited ``save``, written for the base class, does not know of. Where the run saves every attribute:
    ``save`` and ``load`` of the agent's own class, or the default's (also through ``super()``, ``save_attributes``
    or ``vars(self)``), or one of them alone (:func:`unpaired_save_load`), none.
    """
    owner = _owner(agent_class, "save")
    if owner in (None, PlainState, agent_class) or owner is not _owner(agent_class, "load") or any(
            name in _SAVES_ALL for name in getattr(vars(owner)["save"], "__code__", _NO_CODE).co_names):
        return frozenset()
    below = agent_class.__mro__[:agent_class.__mro__.index(owner)]
    return frozenset(_assigned(below) - _assigned(owner.__mro__))


def _assigned(classes: Tuple[type, ...]) -> set:
    """The attribute names the code of ``classes``' own functions, properties and the functions in them assigns."""
    import dis

    codes = [getattr(_unwrapped(function), "__code__", None)
             for cls in classes for value in vars(cls).values()
             for function in ((value.fget, value.fset) if isinstance(value, property) else (value,))
             for function in (getattr(function, "__func__", function),)]
    codes, names = [code for code in codes if code is not None], set()
    while codes:
        code = codes.pop()
        codes += [constant for constant in code.co_consts if hasattr(constant, "co_code")]  # lambdas, comprehensions
        names.update(step.argval for step in dis.get_instructions(code) if step.opname == "STORE_ATTR")
    return names


def _unwrapped(function: Any) -> Any:
    """The function a decorator made with ``functools.wraps`` (``@torch.no_grad()``, a timing decorator) wraps."""
    try:
        return inspect.unwrap(function)
    except ValueError:  # a cycle of __wrapped__
        return function


def set_attributes(owner: Any, state: Dict[str, Any]) -> None:
    """Set ``state``'s attributes on ``owner``; saved ``parameters`` entries go into its own ``parameters`` dict."""
    parameters = _attributes(owner).get("parameters")
    if isinstance(state.get("parameters"), dict) and isinstance(parameters, dict):
        parameters.update(state.pop("parameters"))  # the same dict: what shares it sees the entries
    for name, value in state.items():
        if not (name == POLICY and isinstance(parameters, dict) and parameters.get(POLICY) is value):
            setattr(owner, name, value)  # (a policy kept only in parameters was loaded in place there)


def write_state(path: str, state: Dict[str, Any], owner: Any = None) -> None:
    """Write ``state``, a dict of plain data (docs/agents.rst lists what it may hold), to ``path``.

    An object reached twice (an array under two names, a policy's reference to its agent) is stored once and
    referenced, so :func:`read_state` gives one object back. ``owner``, the agent or policy whose attributes
    ``state`` holds, and the env's spaces it was given, are stored as references to the fresh one's.

    Raises:
        CheckpointError: A value is not plain data; the message names where it is.
    """
    import json  # with NumPy, when a checkpoint is written: not at start-up, which imports this module

    import numpy as np

    _find_namedtuple.cache_clear()
    arrays = _Written(path, owner)
    structure = _dumped(json, _encode_attributes(state, arrays, ""))
    _warn_views(arrays)
    with open(path, "wb") as file:  # an open file: given a name, np.savez would append .npz to it
        np.savez(file, **{STRUCTURE: np.array(structure)}, **{f"a{i}": array for i, array in enumerate(arrays)})


def read_state(path: str, live: Any = None) -> Dict[str, Any]:
    """Read a state written by :func:`write_state` (or pickled by an earlier gym-loop, through the allow-list).

    Args:
        path: The file.
        live: The object the state is for: its generators and objects with ``load_state_dict``
            take the stored states, and are returned in their place. Without it, such objects
            are returned as the state dicts or attribute dicts stored for them, and namedtuples as tuples.

    Raises:
        CheckpointError: One line saying why the file cannot be loaded.
    """
    import json

    import numpy as np

    _find_namedtuple.cache_clear()
    try:
        with open(path, "rb") as file:
            head = file.read(4)
    except IsADirectoryError:
        raise CheckpointError(_checkpoint_given(path)) from None
    if head.startswith(_PICKLE):
        from gym_loop.pickled_state import read_pickle

        return read_pickle(path, live)
    if head != _ZIP:
        raise DamagedFile(_checkpoint_given(path) or f"{shown(path)} is not a gym-loop state file (an .npz archive)")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        structure = json.loads(str(arrays.pop(STRUCTURE)))
    except RecursionError:
        raise CheckpointError(_too_deep_to_load(path)) from None
    except Exception as error:  # a truncated or foreign archive: zipfile, NumPy and json each have their errors
        raise DamagedFile(f"{shown(path)} is not a gym-loop state file "
                              f"({type(error).__name__}: {error})") from error
    root = _INSPECT if live is None else live
    try:
        return _decode(structure, _Stored(arrays, path, root), root, by_attribute=True)
    except CheckpointError as error:  # named by the value's path in the object: say which file too
        raise CheckpointError(f"{shown(path)}: {error}") from error
    except (KeyError, IndexError, TypeError, AttributeError, StopIteration) as error:
        raise DamagedFile(f"{shown(path)} is damaged ({type(error).__name__}: {error})") from error
    except RecursionError:
        raise CheckpointError(_too_deep_to_load(path)) from None


def _too_deep_to_load(path: str) -> str:
    return (f"{shown(path)} holds a value nested deeper than Python's recursion limit ({sys.getrecursionlimit()}) "
            "lets it load; raise the limit (sys.setrecursionlimit(10000)) before loading it")


def _checkpoint_given(path: str) -> str:
    """What a checkpoint's folder, or a run's pointer to one (``latest``, ``best``), given for a state file is, and
    the agent file to load instead (a notebook's ``agent.load("checkpoints/latest")``); "" for another path."""
    from pathlib import Path

    from gym_loop.run_checkpoints import AGENT_FILE, POINTERS, pointed_name

    given = Path(path)
    if given.is_dir():
        return (f"{shown(path)} is a checkpoint folder, not a state file; load its agent file: "
                f"{shown(given / AGENT_FILE)}" if (given / AGENT_FILE).is_file() else
                f"{shown(path)} is a folder, not a state file; give the file a save(path) wrote")
    name = pointed_name(given) if given.name in POINTERS else None
    if name is None or not (given.parent / name / AGENT_FILE).is_file():
        return ""
    return (f"{shown(path)} is the run's pointer to its checkpoint {name}, not a state file; load its agent file: "
            f"{shown(given.parent / name / AGENT_FILE)}")


def space_generators(space: Any, seen: frozenset = frozenset()) -> Iterator[Any]:
    """A Gymnasium space's generator, then those of every space it holds, depth first in attribute order.

    One walk over the space's attributes, whatever its kind: the parts of a ``Dict``, ``Tuple`` or ``OneOf``
    (``spaces``), a ``Sequence``'s ``feature_space``, a ``Graph``'s ``node_space`` and ``edge_space`` (and the
    batched copies they keep), or a user's space holding spaces: each samples from its own generator.
    """
    from gymnasium.spaces import Space

    yield space.np_random
    seen = seen | {id(space)}  # a space holding itself (directly or not) is walked once
    for value in attribute_values(space):
        # Holds no space: _held_spaces (a generator made per attribute) would yield none. Each checkpoint walks
        # the spaces: CartPole's seeded_generators took 220,000 instructions with it asked of every value, 120,000 so.
        if not isinstance(value, (Space, dict, list, tuple)):
            continue
        for part in _held_spaces(value):
            if id(part) not in seen:
                yield from space_generators(part, seen)


# CPython 3.11 and 3.12: the dict vars() makes of an object's attributes shares its keys with the class (see own_dict)
_SPLIT_DICT_MISSES = sys.implementation.name == "cpython" and sys.version_info[:2] in ((3, 11), (3, 12))


def own_dict(owner: Any, **attributes: Any) -> None:
    """Give ``owner`` (an agent or policy being built) ``attributes``, in a dict of its own on CPython 3.11 and 3.12.

    There ``vars(owner)`` makes a dict that shares its keys with the class, and the interpreter's fast paths for
    ``self.<name>`` never hit it (they look for the value beside the key): every attribute read and set in the
    agent's ``act``, ``memorize`` and ``update`` took the slow path, was specialized again and missed again.
    ``RandomAgent`` on CartPole: 810 instructions a step more (of ~81,000), ``QLearningAgent`` on FrozenLake 4,250
    (of ~112,000). A dict assigned to ``owner.__dict__`` is the object's own. Elsewhere ``vars()`` is cheaper (on
    3.13 the values stay in the object; docs/performance.rst).
    """
    if _SPLIT_DICT_MISSES:
        owner.__dict__ = {**vars(owner), **attributes}
    else:
        vars(owner).update(attributes)


def attribute_values(owner: Any) -> List[Any]:
    """The values of ``owner``'s attributes in order, each dict among them replaced by its values, read without
    ``vars(owner)``: on CPython 3.11 and 3.12, ``vars()`` (as pickling) makes an object keep its attributes in a
    dict of their own for good, after which every call of its methods takes a slow path. The run reads the
    attributes of the env's spaces and wrappers, which the env and the agent call on every step: read with
    ``vars()``, a CartPole step cost 3,250 instructions more after its spaces were read, 4,470 more after its
    wrappers were (74,700 without). The garbage collector lists the values without making the dict (and the
    dict itself where one was made); elsewhere than on CPython, ``vars()`` does.
    """
    if sys.implementation.name == "cpython":
        values = [value for value in gc.get_referents(owner) if value is not type(owner)]  # the class: no attribute
    else:
        values = list(getattr(owner, "__dict__", {}).values())
    return [item for value in values for item in (value.values() if isinstance(value, dict) else (value,))]


def _held_spaces(value: Any) -> Iterator[Any]:
    """The Gymnasium spaces ``value`` (an attribute of a space) is or holds in a dict, list or tuple, in order."""
    from gymnasium.spaces import Space

    if isinstance(value, Space):
        yield value
    elif isinstance(value, (dict, list, tuple)):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _held_spaces(item)


class _Written(list):
    """The arrays :func:`write_state` collects, and its memo of the objects encoded (but numbers, strings and
    tuples, which have no identity to keep), by ``id``: ``memo`` holds them (so no ``id`` is reused while
    writing), ``nodes`` their nodes, ``labels`` the labels of those met again, each then stored as
    ``{"ref": label}``, its first node getting ``"id": label`` (after its kind). The owner is labelled ``"self"``,
    the env's spaces (and their parts) by their place (``["observation_space", "pos"]``): the fresh agent's own.
    (Plain dicts, no entry objects: a replay buffer's many items would make the garbage collector's work grow.)"""

    def __init__(self, file: str, owner: Any):
        super().__init__()
        self.file, self.count = file, 0
        self.dry = False  # a check only: a policy's own save(path) is not called
        self.views: List[Tuple[str, Any]] = []  # (path, its base) of the arrays and tensors saved that are views
        self.paths: Dict[int, str] = {}  # the id of each array and tensor saved (in memo) -> its path
        self.memo: Dict[int, Any] = {}
        self.nodes: Dict[int, Dict[str, Any]] = {}
        self.labels: Dict[int, Any] = {}
        if owner is not None:
            self.memo[id(owner)], self.labels[id(owner)] = owner, "self"
            for name, space in given_spaces(owner).items():
                for place, part in _space_parts(space, [name]):
                    if id(part) not in self.memo:
                        self.memo[id(part)], self.labels[id(part)] = part, place

    def ref(self, key: int) -> Dict[str, Any]:
        label = self.labels.get(key)
        if label is None:
            label = self.labels[key] = self.count
            self.count += 1
            node = self.nodes.get(key)
            if node is not None:  # else it is still being encoded: _encode labels its node when done
                node["id"] = label
        return {"ref": label}


def _space_parts(space: Any, place: List[Any]) -> Iterator[Tuple[List[Any], Any]]:
    """``(place, space)`` for ``space`` and each part of a Dict or Tuple space in it, by its key or index."""
    yield place, space
    parts = getattr(space, "spaces", None)
    if isinstance(parts, (dict, tuple)):
        for key, part in parts.items() if isinstance(parts, dict) else enumerate(parts):
            yield from _space_parts(part, [*place, key])


def _encode(value: Any, arrays: "_Written", path: str) -> Any:
    """``value`` as JSON, its arrays appended to ``arrays``; an error names ``path``, where ``value`` is."""
    if isinstance(value, _SCALARS) and (type(value) in _SCALARS or not _numpy_scalar(value)):  # np.float64 is a
        # float, np.str_ a str: stored as NumPy scalars below, to load as such; an IntEnum as the number it is
        if isinstance(value, float) and not math.isfinite(value):  # JSON has no inf or NaN: tagged as the loop's state
            from gym_loop.loop_protocol import plain_float

            return plain_float(value)
        return value
    key = id(value)
    if key in arrays.memo:
        return arrays.ref(key)
    if isinstance(value, tuple):  # no identity to keep (and no cycle without a list or dict, which are kept)
        return _encode_value(value, arrays, path)
    arrays.memo[key] = value  # before its items: one of them may refer to it
    node = arrays.nodes[key] = _encode_value(value, arrays, path)
    if arrays.labels:
        label = arrays.labels.get(key)
        if label is not None:  # referred to from inside (a cycle)
            node["id"] = label
    return node


def _numpy_scalar(value: Any) -> bool:
    np = sys.modules.get("numpy")  # not imported: then nothing is a NumPy scalar
    return np is not None and isinstance(value, np.generic)


def _encode_value(value: Any, arrays: "_Written", path: str) -> Any:
    if isinstance(value, dict):
        kind = _dict_kind(value, path)
        return {"dict": [[_encode(key, arrays, path), _encode(item, arrays, f"{path}[{key!r}]")]
                         for key, item in value.items()], **kind}
    if isinstance(value, tuple) and hasattr(type(value), "_fields"):  # a namedtuple: stored with its class's name
        kind = type(value)
        _namedtuple_class("save", path, kind.__module__, kind.__qualname__, kind._fields)  # else load would fail
        return {"namedtuple": [_encode(item, arrays, f"{path}[{i}]") for i, item in enumerate(value)],
                "class": [kind.__module__, kind.__qualname__], "fields": list(kind._fields)}
    if isinstance(value, (list, tuple, collections.deque)) and len(value) >= MIN_ROWS:
        columns = _encode_rows(value, arrays, path)
        if columns is not None:
            return columns
    if isinstance(value, (list, tuple, set, frozenset, collections.deque)):
        items = [_encode(item, arrays, f"{path}[{i}]") for i, item in enumerate(value)]
        if isinstance(value, collections.deque):
            return {"deque": items, "maxlen": value.maxlen}
        return {"list" if isinstance(value, list) else "tuple" if isinstance(value, tuple) else
                "frozenset" if isinstance(value, frozenset) else "set": items}
    return _encode_object(value, arrays, path)


_FACTORIES = {f"{kind.__module__}.{kind.__qualname__}": kind for kind in (
    int, float, complex, bool, str, bytes, list, dict, set, frozenset, tuple, collections.deque, collections.Counter,
    collections.OrderedDict, collections.defaultdict)}  # a defaultdict's default_factory load rebuilds (by name only)
_DICT_KINDS = {"defaultdict": collections.defaultdict, "Counter": collections.Counter,
               "OrderedDict": collections.OrderedDict}


def _dict_kind(value: Dict[Any, Any], path: str) -> Dict[str, Any]:
    """What a dict of one of :data:`_DICT_KINDS` stores beside its items (``{"kind": "Counter"}``, a defaultdict's
    ``"factory"`` too); {} for a dict (or a subclass of another kind: it comes back a dict).

    Raises:
        CheckpointError: A defaultdict whose default_factory is not one of :data:`_FACTORIES` (a lambda, a function).
    """
    kind = next((name for name, made in _DICT_KINDS.items() if type(value) is made), None)
    if kind != "defaultdict":
        return {"kind": kind} if kind else {}
    factory = value.default_factory
    name = None if factory is None else f"{getattr(factory, '__module__', None)}.{getattr(factory, '__qualname__', '')}"
    if factory is not None and _FACTORIES.get(name) is not factory:
        what = "function" if inspect.isroutine(factory) else type(factory).__name__
        raise CheckpointError(f"cannot save {path} (a defaultdict whose default_factory is a {what}, "
                              f"{getattr(factory, '__name__', type(factory).__name__)}) as plain data; give it a "
                              "builtin type as default_factory (defaultdict(int), defaultdict(list)), leave it out by "
                              "adding its name to _excluded_save_params(), or define save(path) and load(path)")
    return {"kind": kind, "factory": name}


def _encode_rows(rows: Any, arrays: "_Written", path: str) -> Optional[Dict[str, Any]]:
    """A list, tuple or deque of arrays (or of numbers, or of tuples of them, or of dicts of them with the same string
    keys) as a few stacked arrays: ``{"columns": ...}``, one column per place in the tuples (per key of the dicts, or
    one for the items), each stacked into one array
    when its values are arrays (or tensors) of one shape and dtype or numbers of one type, else stored item by item.

    Returns None when no column stacks (then the container is stored item by item, as any other).
    """
    first = rows[0]
    row_type = type(first)
    keys = list(first) if row_type is dict and all(type(key) is str for key in first) else None
    if isinstance(first, tuple):
        if any(type(row) is not row_type or len(row) != len(first) for row in rows):
            return None
        values = list(zip(*rows))
    elif keys:  # dicts of the same keys, in the same order ({"s": ob, "a": a, ...}): a column per key
        if any(type(row) is not dict or list(row) != keys for row in rows):
            return None
        values = [[row[key] for row in rows] for key in keys]
    else:
        values = [rows]
    stacks = [_stacked(column) for column in values]
    if not any(stack is not None for stack in stacks):
        return None
    if hasattr(row_type, "_fields"):
        _namedtuple_class("save", path, row_type.__module__, row_type.__qualname__, row_type._fields)
        row: Any = [row_type.__module__, row_type.__qualname__, list(row_type._fields)]
    else:
        row = "tuple" if isinstance(first, tuple) else {"keys": keys} if keys else None
    data = []
    for place, (column, stack) in enumerate(zip(values, stacks)):
        if stack is None:
            at = repr(keys[place]) if keys else place
            where = (lambda i: f"{path}[{i}][{at}]") if row else (lambda i: f"{path}[{i}]")
            data.append({"items": [_encode(item, arrays, where(i)) for i, item in enumerate(column)]})
        else:
            arrays.append(stack[1])
            data.append({"stack": len(arrays) - 1, **stack[0]})
    kind = "deque" if isinstance(rows, collections.deque) else "tuple" if isinstance(rows, tuple) else "list"
    return {"columns": data, "as": kind, "row": row, "maxlen": getattr(rows, "maxlen", None)}


def _stacked(column: Any) -> Optional[Tuple[Dict[str, Any], Any]]:
    """``column``'s values as one array and what they are, ``{"of": kind}`` (``array``, ``scalar``: NumPy values of
    one shape and dtype; ``int``, ``float``, ``bool``: Python numbers of one type; ``tensor``: tensors of one shape,
    dtype and device that require no grad, with ``device`` and a ``dtype`` NumPy lacks), or None if they are not all
    alike."""
    import numpy as np

    first = column[0]
    kind = type(first)
    if kind in (bool, int, float):
        if any(type(value) is not kind for value in column):
            return None
        try:
            return {"of": kind.__name__}, np.array(column, dtype={bool: np.bool_, int: np.int64,
                                                                  float: np.float64}[kind])
        except OverflowError:  # an int beyond int64
            return None
    torch = sys.modules.get("torch")
    if torch is not None and kind is torch.Tensor:
        shape, dtype, device = first.shape, first.dtype, first.device
        if first.layout != torch.strided or any(type(value) is not kind or value.shape != shape or value.dtype != dtype
                                                or value.requires_grad or value.device != device for value in column):
            return None
        array, tag = _tensor_array(torch.stack(column), "")
        return {"of": "tensor", "device": str(device), **({"dtype": tag} if tag else {})}, array
    if not (kind is np.ndarray or issubclass(kind, np.generic)) or first.dtype.hasobject:  # not a subclass of ndarray
        return None
    shape, dtype = first.shape, first.dtype
    if any(type(value) is not kind or value.shape != shape or value.dtype != dtype for value in column):
        return None
    return {"of": "array" if kind is np.ndarray else "scalar"}, np.stack(column)


def _decode_rows(node: Dict[str, Any], arrays: "_Stored", live: Any, path: str) -> Any:
    """The container :func:`_encode_rows` stored: its items (or tuples) rebuilt from the columns."""
    import numpy as np

    columns = []
    row = node["row"]
    keys = row.get("keys") if isinstance(row, dict) else None  # dicts of these keys
    for place, column in enumerate(node["columns"]):
        if "items" in column:
            at = keys[place] if keys else place
            live_of = ((lambda i: _child(_child(live, i), at)) if row else (lambda i: _child(live, i)))
            columns.append([_decode(item, arrays, live_of(i), path=f"{path}[{i}]")
                            for i, item in enumerate(column["items"])])
            continue
        stack = arrays[f"a{column['stack']}"]
        of = column["of"]
        if of == "tensor":  # on the device they were saved on (see _placed); rows of one block (a tensor each costs
            # 4 us to make; its own storage would double that)
            stacked = _placed(_from_array(stack, column.get("dtype")), column.get("device"), None, arrays, path)
            columns.append(list(stacked.unbind(0)))
            continue
        columns.append(stack.tolist() if of in ("int", "float", "bool") else
                       [np.array(item) for item in stack] if of == "array" else list(stack))  # arrays of their own
    if row is None:
        items = columns[0]
    elif keys is not None:
        items = [dict(zip(keys, values)) for values in zip(*columns)]
    elif row == "tuple" or live is _INSPECT:
        items = list(zip(*columns))
    else:
        make = _namedtuple_class("load", path, row[0], row[1], row[2], arrays.root)._make
        items = [make(values) for values in zip(*columns)]
    if node["as"] == "deque":
        return collections.deque(items, node["maxlen"])
    return tuple(items) if node["as"] == "tuple" else items


def _encode_object(value: Any, arrays: "_Written", path: str) -> Any:
    import numpy as np

    torch = sys.modules.get("torch")  # not imported: then no value is a tensor
    if isinstance(value, np.ma.MaskedArray):  # its data and mask (another subclass of ndarray loads as an ndarray)
        return {"masked": _encode(value.data, arrays, path), "mask": _encode(np.ma.getmaskarray(value), arrays, path),
                "fill_value": _encode(value.fill_value, arrays, path)}
    if isinstance(value, (np.ndarray, np.generic)) and not value.dtype.hasobject:
        arrays.append(np.asarray(value))
        arrays.paths[id(value)] = path
        if isinstance(value, np.ndarray) and value.base is not None:
            arrays.views.append((path, value.base))
        return {"array" if isinstance(value, np.ndarray) else "scalar": len(arrays) - 1}
    if isinstance(value, np.ndarray) and value.dtype == object:  # np.zeros([size], dtype=object): a replay buffer
        return {"objects": _encode(list(value.ravel()), arrays, path), "shape": list(value.shape)}
    if isinstance(value, np.random.Generator):
        return {"generator": _encode(value.bit_generator.state, arrays, path)}
    # the generators of before default_rng, by their states (an agent holding a random.Random imported random)
    if type(value) in (np.random.RandomState, getattr(sys.modules.get("random"), "Random", None)):
        state = value.get_state(legacy=False) if isinstance(value, np.random.RandomState) else value.getstate()
        return {"legacy_generator": _encode(state, arrays, path), "class": type(value).__name__}
    if isinstance(value, np.dtype) and not value.hasobject:
        return {"dtype": value.str}
    if torch is not None and isinstance(value, torch.Tensor):
        array, dtype = _tensor_array(value, path)
        arrays.append(array)
        arrays.paths[id(value)] = path
        if value._base is not None:
            arrays.views.append((path, value._base))
        return {"tensor": len(arrays) - 1, "requires_grad": value.requires_grad, "device": str(value.device),
                **({"dtype": dtype} if dtype else {})}
    if torch is not None and isinstance(value, torch.device):
        return {"device": str(value)}
    if torch is not None and isinstance(value, torch.dtype):
        return {"torch_dtype": str(value).rpartition(".")[2]}
    if torch is not None and isinstance(value, torch.Generator):
        arrays.append(value.get_state().numpy())
        return {"torch_generator": len(arrays) - 1, "device": str(value.device)}
    if isinstance(value, getattr(sys.modules.get("gymnasium.spaces"), "Space", ())):  # not the env's (a reference)
        generators = [generator.bit_generator.state for generator in space_generators(value)]  # what it samples with
        return {"space": type(value).__name__, "generators": _encode(generators, arrays, path)}
    policy = callable(getattr(value, "_excluded_save_params", None)) or (path == POLICY and _instance(value))
    if policy and _own_save(type(value)):  # the seeds' BasePolicy.save(path): the file beside the agent's
        name = f"{os.path.basename(arrays.file)}.{path}"
        if arrays.dry:  # a check of what the default save can store (Run's, before the first episode): not run
            return {"own_save": name}
        what = f"{path}.save ({type(value).__name__}.save)"
        try:
            value.save(os.path.join(os.path.dirname(arrays.file), name))
        except Exception as error:
            raise PolicyFailed(what, "failed", f": {type(error).__name__}: {error}") from error
        if not any(entry.startswith(name) for entry in os.listdir(os.path.dirname(arrays.file) or ".")):
            raise PolicyFailed(what, "wrote nothing", " (it must write the path it is given)")
        return {"own_save": name}
    if callable(getattr(value, "state_dict", None)) and callable(getattr(value, "load_state_dict", None)):
        node = {"state_dict": _encode(value.state_dict(), arrays, f"{path}.state_dict()"),
                "class": type(value).__name__}  # named when a fresh agent lacks it (built lazily)
        if policy and torch is not None and isinstance(value, torch.nn.Module):  # and what its state_dict lacks
            internals = _module_internals()
            node["attributes"] = _encode_attributes({name: item for name, item in saved_attributes(value).items()
                                                     if name not in internals}, arrays, f"{path}.")
        return node
    if policy:  # a BasePolicy, or the policy gym-loop built of any class (the seeds' kind): its default save's
        # attributes
        return {"attributes": _encode_attributes(saved_attributes(value), arrays, f"{path}.")}
    raise _not_plain(value, path, "give its class state_dict() and load_state_dict(), leave it out by adding its name "
                                  "to _excluded_save_params(), or define save(path) and load(path)")


def _tensor_array(value: Any, path: str) -> Tuple[Any, Optional[str]]:
    """A tensor's values as a NumPy array, and the name of its dtype where NumPy has none (``bfloat16``: its bits,
    as int16; ``float8_e4m3fn`` as uint8).

    Raises:
        CheckpointError: A tensor NumPy cannot hold (sparse, quantized); the message names it.
    """
    torch = sys.modules["torch"]
    if value.layout != torch.strided:
        layout = str(value.layout).rpartition(".")[2]
        raise _not_plain(value, path, f"it is a {layout} tensor: store it dense (to_dense()), leave it out by adding "
                                      "its name to _excluded_save_params(), or define save(path) and load(path)")
    if value.is_quantized:
        raise _not_plain(value, path, "it is a quantized tensor: store it dequantized (dequantize()), leave it out by "
                                      "adding its name to _excluded_save_params(), or define save(path) and load(path)")
    tensor = value.detach().cpu()
    try:
        return tensor.numpy(), None
    except TypeError:  # a dtype NumPy lacks (bfloat16, float8_e4m3fn, complex32): its bits, as integers of its size
        bits = {1: torch.uint8, 2: torch.int16, 4: torch.int32, 8: torch.int64}[tensor.element_size()]
        return tensor.view(bits).numpy(), str(tensor.dtype).rpartition(".")[2]


def _warn_views(arrays: "_Written") -> None:
    """Warn, once per process for each, of the arrays and tensors saved that are views of another saved one
    (``self.obs = self.storage[:, :4]``): each is stored as a copy of its own."""
    for path, base in arrays.views:
        base_path = arrays.paths.get(id(base))
        if base_path is not None and path not in _VIEWS_WARNED:
            _VIEWS_WARNED.add(path)
            logger.warning("%s is a view of %s: a checkpoint stores it as a copy of its own, so after a resume writes "
                           "through one no longer reach the other; make it again in load(path) (super().load(path), "
                           "then the slice), or leave it out by adding its name to _excluded_save_params()",
                           path, base_path)


@functools.lru_cache(maxsize=None)
def _module_internals() -> frozenset:
    """The attributes every ``torch.nn.Module`` has (its parameters, buffers, submodules, hooks, ``training``): what
    a module policy's ``state_dict`` holds, or no policy learns; its other attributes are saved beside it."""
    return frozenset(vars(_torch().nn.Module()))


def _own_save(policy_class: type) -> bool:
    """Whether ``policy_class`` defines both ``save(path)`` and ``load(path)`` other than the default's."""
    save, load = getattr(policy_class, "save", None), getattr(policy_class, "load", None)
    return callable(save) and callable(load) and save is not PlainState.save and load is not PlainState.load


def _instance(value: Any) -> bool:
    """Whether ``value`` is an instance of a class of the user's with attributes (not a function, class or module)."""
    return isinstance(getattr(value, "__dict__", None), dict) and not isinstance(value, (type, ModuleType)) and (
        not inspect.isroutine(value))


def _not_plain(value: Any, path: str, fix: str) -> CheckpointError:
    kind = type(value)
    if kind.__module__ != "builtins":  # numpy's Generator is saved, torch's too: say whose class it is
        from gym_loop.resolve import shown_module

        return CheckpointError(f"cannot save {path} ({shown_module(kind.__module__)}.{kind.__qualname__}) as plain "
                               f"data; {fix}")
    return CheckpointError(f"cannot save {path} ({kind.__name__}) as plain data; {fix}")


def _encode_attributes(attributes: Dict[str, Any], arrays: "_Written", prefix: str) -> Any:
    """A dict of attributes: errors name them as ``prefix`` + name."""
    encoded = []
    for name, value in attributes.items():
        try:
            encoded.append([name, _encode(value, arrays, prefix + name)])
        except RecursionError:
            raise _too_deep(prefix + name) from None
    return {"dict": encoded}


def _too_deep(name: str) -> CheckpointError:
    return CheckpointError(f"cannot save {name}: it is nested deeper than the default save can go (Python's recursion "
                           f"limit, {sys.getrecursionlimit()}); flatten it (a list of nodes referring to each other by "
                           "index), leave it out by adding its name to _excluded_save_params(), or define save(path) "
                           "and load(path)")


def _dumped(json: Any, encoded: Dict[str, Any]) -> str:
    """``encoded`` (:func:`_encode_attributes`' dict) as JSON; one nested too deep for it fails naming its attribute."""
    try:
        return json.dumps(encoded)
    except RecursionError:
        pass
    for name, node in encoded["dict"]:
        try:
            json.dumps(node)
        except RecursionError:
            raise _too_deep(name) from None
    raise _too_deep("the state")


_SAME_CLASS = "load the checkpoint with the agent (and policy) it was saved with"
_INSPECT = object()  # the live object of read_state without one: stored states come back as data


def _child(live: Any, key: Any, by_attribute: bool = False) -> Any:
    """The part of ``live`` (an object, or a value in it) that the stored value at ``key`` replaces; None if none."""
    if live is None or live is _INSPECT:
        return live
    if by_attribute:
        found = getattr(live, key, None) if isinstance(key, str) else None
        parameters = getattr(live, "parameters", None)
        return parameters.get(POLICY) if found is None and key == POLICY and isinstance(parameters, dict) else found
    if isinstance(live, dict):
        return live.get(key)
    if isinstance(live, (list, tuple)) and isinstance(key, int) and key < len(live):
        return live[key]
    return None


class _Stored(dict):
    """The arrays of a state file, by name, and what :func:`_decode` keeps while reading it: ``memo`` (each label of
    :class:`_Written` -> the object read), ``root`` (the live owner, or :data:`_INSPECT`), ``claimed`` (the ids of
    the live tensors loaded into: one live tensor takes one stored one) and ``file`` (the state file)."""

    def __init__(self, arrays: Dict[str, Any], file: str, root: Any):
        super().__init__(arrays)
        self.file, self.root, self.memo, self.claimed = file, root, {}, set()
        self.devices: Dict[str, Any] = {}  # a saved device -> the torch.device it loads on here (None: the CPU)
        self.placing_state_dict = False  # decoding a torch module's or optimizer's state_dict


def _keep(arrays: "_Stored", node: Dict[str, Any], value: Any) -> Any:
    """``value``, read from ``node``, kept for the references to it (before its items: they may refer to it)."""
    if "id" in node:
        arrays.memo[node["id"]] = value
    return value


def _referenced(label: Any, arrays: "_Stored", path: str) -> Any:
    """The object a ``{"ref": label}`` at ``path`` stands for: one read before, the owner, or the env's space."""
    if isinstance(label, int):
        return arrays.memo[label]
    if label == "self":
        return arrays.memo.get("self", "<the saved object>") if arrays.root is _INSPECT else arrays.root
    if arrays.root is _INSPECT:
        return f"<{label[0]}{''.join(f'[{key!r}]' for key in label[1:])}>"
    space = given_spaces(arrays.root).get(label[0])
    for key in label[1:]:
        space = space[key] if space is not None else None
    if space is None:
        raise CheckpointError(f"{path} was the env's {label[0]} (or a part of it), which the fresh agent was not "
                              f"given; {_SAME_CLASS}")
    return space


def _decode(node: Any, arrays: "_Stored", live: Any, by_attribute: bool = False, path: str = "") -> Any:
    """A stored value at ``path``; ``live`` is what it replaces (None if nothing), by attribute if ``by_attribute``."""
    if not isinstance(node, dict):
        return node
    if "ref" in node:
        return _referenced(node["ref"], arrays, path)
    return _keep(arrays, node, _decode_node(node, arrays, live, by_attribute, path))


def _decode_node(node: Dict[str, Any], arrays: "_Stored", live: Any, by_attribute: bool, path: str) -> Any:
    kind = next(iter(node))
    payload = node[kind]
    if kind in ("list", "deque"):  # made first, so that an item referring to it finds it
        made: Any = _keep(arrays, node, [] if kind == "list" else collections.deque(maxlen=node.get("maxlen")))
        made.extend(_decode(item, arrays, _child(live, i), path=f"{path}[{i}]") for i, item in enumerate(payload))
        return made
    if kind in ("tuple", "set", "frozenset", "namedtuple"):
        items = [_decode(item, arrays, _child(live, i), path=f"{path}[{i}]") for i, item in enumerate(payload)]
        if kind == "namedtuple":
            return tuple(items) if live is _INSPECT else _namedtuple_class("load", path, *node["class"],
                                                                              node["fields"], arrays.root)._make(items)
        return {"tuple": tuple, "set": set, "frozenset": frozenset}[kind](items)
    if kind == "dict":
        decoded = _keep(arrays, node, _made_dict(node))
        if by_attribute and not path and live is _INSPECT:
            arrays.memo.setdefault("self", decoded)  # the owner, read for inspection: its attributes
        for key_node, item in payload:
            key = _decode(key_node, arrays, live if live is _INSPECT else None, path=path)
            decoded[key] = _decode(item, arrays, _child(live, key, by_attribute),
                                   path=f"{path}{key}" if by_attribute else f"{path}[{key!r}]")
        return decoded
    if kind == "columns":
        return _decode_rows(node, arrays, live, path)
    if kind in ("array", "scalar"):
        array = arrays[f"a{payload}"]
        return array if kind == "array" else array[()]
    if kind == "masked":
        import numpy as np

        return np.ma.masked_array(_decode(payload, arrays, None, path=path), mask=_decode(node["mask"], arrays, None),
                                  fill_value=_decode(node["fill_value"], arrays, None))
    if kind == "objects":  # an object array: its items one by one (equal-shape arrays would make a 2-D array)
        import numpy as np

        items = _decode(payload, arrays, None, path=path)
        objects = np.empty(len(items), dtype=object)
        for index, item in enumerate(items):
            objects[index] = item
        return objects.reshape(node["shape"])
    if kind == "float":  # earlier checkpoints hold inf and NaN untagged (-Infinity, NaN), which json.loads reads too
        from gym_loop.loop_protocol import tagged_float

        return tagged_float(node)
    if kind == "dtype":
        import numpy as np

        return np.dtype(payload)
    if kind == "tensor":
        return _tensor(node, live, arrays, path)
    if kind == "device":  # configuration, not learning: the fresh agent's (built from the spec), if it has one there
        torch = _torch()
        return live if isinstance(live, torch.device) else torch.device(payload)
    if kind == "torch_dtype":
        return _torch_dtype(payload)
    if kind == "torch_generator":
        torch = _torch()
        if isinstance(live, torch.Generator) and str(live.device) != node["device"]:  # the spec moved the agent
            logger.warning("%s: %s is a torch.Generator saved on %s, and the fresh agent's there is on %s, which "
                           "cannot take its state: it keeps its own (the agent's draws from it differ from the run's)",
                           shown(arrays.file), path, node["device"], live.device)
            return live
        made = live if isinstance(live, torch.Generator) else torch.Generator(node["device"])
        made.set_state(torch.from_numpy(arrays[f"a{payload}"].copy()))
        return made
    if kind == "space":
        if live is _INSPECT:
            return f"<{payload} space>"
        if not isinstance(live, getattr(sys.modules.get("gymnasium.spaces"), "Space", ())):
            raise CheckpointError(f"{path} held a {payload} space, which the fresh agent does not have there (a space "
                                  f"is not saved whole: the constructor builds it); {_SAME_CLASS}")
        return _space(live, _decode(node.get("generators", []), arrays, None), payload, path)
    if kind == "own_save":
        if live is _INSPECT:
            return f"<saved by its own save(path) in {payload}>"
        if not callable(getattr(live, "load", None)):
            raise CheckpointError(f"{path} was saved by its own save(path) in {payload}, and the fresh agent has no "
                                  f"object there with load(path); {_SAME_CLASS}")
        try:  # the message is prefixed with the checkpoint's file
            live.load(os.path.join(os.path.dirname(arrays.file), payload))
        except Exception as error:
            raise PolicyFailed(f"{path}.load ({type(live).__name__}.load)", "failed",
                               f": {type(error).__name__}: {error}") from error
        return live
    if kind == "generator":
        return _generator(_decode(payload, arrays, None), live)
    if kind == "legacy_generator":
        return _legacy_generator(node["class"], _decode(payload, arrays, None), live)
    if kind in ("state_dict", "attributes"):
        return _load_into(kind, payload, arrays, live, path, node)
    raise CheckpointError(f"the state file holds an unknown kind of value, {kind!r}; was it written by a newer "
                          "gym-loop?")


def _made_dict(node: Dict[str, Any]) -> Dict[Any, Any]:
    """An empty dict of the kind :func:`_dict_kind` stored in ``node`` (a defaultdict with its factory)."""
    kind = node.get("kind")
    if kind is None:
        return {}
    if kind not in _DICT_KINDS or node.get("factory") not in (None, *_FACTORIES):
        raise CheckpointError(f"the state file holds an unknown kind of value, {kind!r} of {node.get('factory')!r}; "
                              "was it written by a newer gym-loop?")
    if kind == "defaultdict":
        return collections.defaultdict(_FACTORIES.get(node.get("factory")))
    return _DICT_KINDS[kind]()


def _tensor(node: Dict[str, Any], live: Any, arrays: "_Stored", path: str) -> Any:
    """A stored tensor that required grad, copied into ``live`` (the fresh agent's tensor there) if it is a leaf
    that requires grad, of its shape and dtype, so an optimizer given that tensor steps the one the agent reads;
    else a new tensor (the fresh agent's may be a constant it shares, which a copy would change for every holder)
    on the device :func:`_placed` chooses."""
    torch = _torch()
    requires_grad = node.get("requires_grad", False)
    tensor = _from_array(arrays[f"a{node['tensor']}"], node.get("dtype"))
    if not (requires_grad and isinstance(live, torch.Tensor) and live.is_leaf and live.requires_grad
            and live.shape == tensor.shape and live.dtype == tensor.dtype and id(live) not in arrays.claimed):
        return _placed(tensor, node.get("device"), live, arrays, path).requires_grad_(requires_grad)
    try:
        with torch.no_grad():
            live.copy_(tensor)
    except RuntimeError:  # a tensor made in inference mode takes no copy outside it: a new one, as before
        return _placed(tensor, node.get("device"), live, arrays, path).requires_grad_(requires_grad)
    arrays.claimed.add(id(live))
    return live


def _from_array(array: Any, dtype: Optional[str]) -> Any:
    """The CPU tensor of a stored array: one of a ``dtype`` NumPy has none of (``bfloat16``) was stored as its bits."""
    torch = _torch()
    tensor = torch.from_numpy(array)
    return tensor.view(_torch_dtype(dtype)) if dtype else tensor


def _torch_dtype(name: str) -> Any:
    """PyTorch's dtype ``name`` (``float8_e4m3fn``); a CheckpointError if this PyTorch has none of that name."""
    torch = _torch()
    found = getattr(torch, name, None) if isinstance(name, str) else None
    if not isinstance(found, torch.dtype):
        raise CheckpointError(f"the state file holds the PyTorch dtype {name!r}, which this PyTorch "
                              f"{torch.__version__} lacks; load it where the PyTorch it was saved with is installed")
    return found


def _placed(tensor: Any, device: Optional[str], live: Any, arrays: "_Stored", path: str) -> Any:
    """``tensor`` (on the CPU) on the device of ``live``, the fresh agent's tensor at its place (built from the spec:
    ``--set agent.parameters.device=cpu`` evaluates a GPU run on a laptop), else on ``device``, the one it was saved
    on, where this machine has it, else on the CPU, warned once per device. (A checkpoint of before devices were
    stored: the CPU; a module's or optimizer's ``load_state_dict`` puts its tensors on its own device anyway.)"""
    torch = _torch()
    if isinstance(live, torch.Tensor):
        return tensor.to(live.device)
    if device is None or device == "cpu":
        return tensor
    if device not in arrays.devices:
        try:
            torch.empty(0, device=device)
            arrays.devices[device] = torch.device(device)
        except (RuntimeError, AssertionError, ValueError):  # no CUDA build, no such device, no driver
            arrays.devices[device] = None
            if not arrays.placing_state_dict:  # a module puts them on its own device: nothing to say
                logger.warning("%s: %s is a tensor saved on %s, which this machine does not have; loaded on the CPU (a "
                               "tensor the fresh agent has at that place takes its device: make it in __init__ on the "
                               "device the spec says)", shown(arrays.file), path, device)
    placed = arrays.devices[device]
    return tensor if placed is None else tensor.to(placed)


def _space(space: Any, states: List[Any], kind: str, path: str) -> Any:
    """``space``, the fresh agent's, its generators (its own and its parts') set to the stored ``states``."""
    generators = list(space_generators(space)) if states else []  # a checkpoint of before they were stored: none
    if len(generators) != len(states) or any(_generator(state, generator) is not generator
                                             for state, generator in zip(states, generators)):
        raise CheckpointError(f"{path} held a {kind} space of {len(states)} generators (its own and its parts'), which "
                              f"do not fit the fresh agent's there ({len(generators)}); {_SAME_CLASS}")
    return space


def _generator(state: Any, generator: Any) -> Any:
    """A NumPy generator in ``state``: ``generator`` (the live one) if it is of the same kind, else a new one."""
    import numpy as np

    name = state.get("bit_generator") if isinstance(state, dict) else None
    if name not in BIT_GENERATORS:
        raise CheckpointError(f"the state file holds a generator of unknown kind {name!r}")
    if not (isinstance(generator, np.random.Generator) and type(generator.bit_generator).__name__ == name):
        generator = np.random.Generator(getattr(np.random, name)())
    generator.bit_generator.state = state
    return generator


def _legacy_generator(kind: str, state: Any, live: Any) -> Any:
    """A ``numpy.random.RandomState`` or ``random.Random`` (``kind``) in ``state``: ``live`` if of that class."""
    import numpy as np

    import random

    made = {"RandomState": np.random.RandomState, "Random": random.Random}[kind]
    generator = live if type(live) is made else made()
    if kind == "Random":
        version, internal, gauss = state
        generator.setstate((version, tuple(internal), gauss))
    else:
        generator.set_state(state)
    return generator


def _load_into(kind: str, payload: Any, arrays: "_Stored", target: Any, path: str, node: Dict[str, Any]) -> Any:
    """A stored ``state_dict`` or agent's/policy's ``attributes``, loaded into ``target``, the live object."""
    if target is _INSPECT:  # kept before its attributes, as the live object is: one of them may refer to it
        shown = _keep(arrays, node, {})
        shown.update(_decode(payload, arrays, _INSPECT))
        if kind == "state_dict" and "attributes" in node:
            shown.update(_decode(node["attributes"], arrays, _INSPECT, by_attribute=True, path=f"{path}."))
        return shown
    _keep(arrays, node, target)  # before its attributes: one of them may refer to it
    if kind == "state_dict":
        if target is None:  # built at the first update (lazily): never by the constructor the load starts from
            held = f" ({node['class']})" if "class" in node else ""
            raise CheckpointError(f"{path or 'the agent'} holds a state_dict{held}, but a fresh "
                                  f"{type(arrays.root).__name__} has None there after __init__: build it in __init__ "
                                  "(a state_dict is loaded into the object the constructor built), or define "
                                  "save(path) and load(path)")
        if not callable(getattr(target, "load_state_dict", None)):
            raise CheckpointError(f"{path or 'the agent'} holds a state_dict, which the fresh agent's "
                                  f"{type(target).__name__} there cannot load; {_SAME_CLASS}")
        torch = sys.modules.get("torch")
        arrays.placing_state_dict = torch is not None and isinstance(target, (torch.nn.Module, torch.optim.Optimizer))
        try:
            target.load_state_dict(_decode(payload, arrays, None, path=f"{path}.state_dict()"))
        finally:
            arrays.placing_state_dict = False
        if "attributes" not in node:
            return target
        payload = node["attributes"]  # a module policy's attributes its state_dict does not hold
    if target is None:
        raise CheckpointError(f"{path} holds the attributes of an object that the fresh agent does not have; "
                              f"{_SAME_CLASS}")
    set_attributes(target, _decode(payload, arrays, target, by_attribute=True, path=f"{path}."))
    return target


def _namedtuple_class(verb: str, path: str, module: str, qualname: str, fields: Any, owner: Any = None) -> Any:
    """The namedtuple class ``module``.``qualname`` of ``fields``, looked up in loaded modules (nothing is imported),
    on load also in the modules of ``owner``'s class (the agent being loaded); if it is not there, a CheckpointError
    says that ``verb`` (save or load) fails at ``path``, and what to do."""
    homes = (type(owner).__module__,) if owner is not None and type(owner).__module__ != module else ()
    found = _find_namedtuple(module, qualname, tuple(fields), homes)
    if found is None:
        from gym_loop.resolve import shown_module

        looked = " and ".join(dict.fromkeys(map(shown_module, (module, *homes))))
        raise CheckpointError(f"cannot {verb} {path}: the namedtuple {shown_module(module)}.{qualname} "
                              f"({', '.join(fields)}) is not "
                              "at module level in a loaded module" + (f" (looked in {looked})" if homes else "") +
                              "; define it at module level in the agent's module, or define save(path) and load(path)")
    return found


@functools.lru_cache(maxsize=None)  # emptied by each write_state and read_state: a class is looked up once per call
def _find_namedtuple(module: str, qualname: str, fields: Tuple[str, ...], homes: Tuple[str, ...] = ()
                     ) -> Optional[type]:
    """The class in ``module``, or in a file module of its stem (an agent file's, also after it moved), or in the
    module of that stem imported by name (``my_agent`` of ``gym_loop_file_my_agent_<digest>``: ``from my_agent import
    MyAgent`` in a notebook), or in ``homes``, the loaded agent's module (a class of ``__main__`` given since in a
    file, the same class of another file)."""
    from gym_loop.resolve import same_file_modules, shown_module

    for loaded in [sys.modules.get(module), *same_file_modules(module), sys.modules.get(shown_module(module)),
                   *map(sys.modules.get, homes)]:
        found = _attribute(loaded, qualname)
        if isinstance(found, type) and issubclass(found, tuple) and getattr(found, "_fields", None) == fields:
            return found
    return None


def _attribute(found: Any, qualname: str) -> Any:
    """``found``'s (a module's) attribute at the dotted ``qualname``, or None."""
    for name in qualname.split("."):
        found = vars(found).get(name) if isinstance(found, (ModuleType, type)) else None
    return found


def _torch() -> Any:
    try:
        import torch
    except ImportError as error:
        raise CheckpointError(f"the state file holds PyTorch tensors: {install_extra('torch')}") from error
    return torch
