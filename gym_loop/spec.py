"""Load a run spec from YAML, check every key, and complete it with the classes' defaults (docs/spec.rst)."""

import contextlib
import copy
import dataclasses
import datetime
import functools
import importlib.util
import inspect
import logging
import math
import os
import sys
from pathlib import Path
from typing import Any, Callable, Collection, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from gym_loop import DEFAULT_AGENT, DEFAULT_LOOP, yaml_safety
from gym_loop.errors import GymLoopError, ResolveError, SpecError, closest, pip_install, program, quoted
from gym_loop.files import SEAL
from gym_loop.resolve import (CLASS_STRING_FORMAT, ExitAtImport, InMainOnly, also_import_from, import_again,
                              import_module, is_file_path, resolve_class)
from gym_loop.rules import (ANY_MAPPING, BOOLEAN, MAPPING, NAME, NAMES, NUMBER, PATH, POSITIVE_INT, SEED, TEXT,
                            Parameter, Rule, inherited_defaults, inherited_rules, is_int, is_number, optional,
                            rule_from_default)

DEFAULT_ENV = "Pendulum-v1"
# Types yaml.safe_dump always writes (SafeRepresenter's own), so _writable skips dumping them:
# a run dumped each of its ~100 values to find none it could not write: 2-3 ms of CPU, a quarter of what a
# 640-step VectorLoop run costs besides its steps.
YAML_SCALARS = frozenset({str, int, float, bool, type(None)})
# Types yaml.safe_dump writes (!!binary, !!set) that are no spec's values: a checkpoint's plain data cannot hold them.
NOT_SPEC_VALUES = (bytes, bytearray, set, frozenset)
NOT_DEFAULTS = (*NOT_SPEC_VALUES, datetime.date)  # a date too: spec.yaml holds it, an agent's checkpoint does not
SECTIONS = ("agent", "env", "loop", "policy")
TOP_LEVEL_PARAMETERS = {
    "runs_dir": Parameter("runs", PATH, "The parent of the run folders. ``--runs-dir DIR`` on ``train`` overrides it."),
    "seed": Parameter(None, SEED, "The run's seed; ``null`` draws one and records it in the run folder. ``--seed N`` "
                                  "on ``train`` and ``eval`` overrides it. See :doc:`runs` for what it seeds."),
}

# gymnasium.make's own keywords in env.parameters (the env's constructor takes the others)
MAKE_RULES = {"max_episode_steps": optional(POSITIVE_INT), "disable_env_checker": optional(BOOLEAN)}

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Component:
    """The agent, policy or loop of a spec: its class string, the class it names, every parameter."""

    class_str: str
    cls: type
    parameters: Dict[str, Any]

    @property
    def rules(self) -> Dict[str, Rule]:
        """The class's ``PARAMETER_RULES``, its bases' included (parameters without one follow the kind of their
        default)."""
        return inherited_rules(self.cls)

    def paths(self) -> Dict[str, str]:
        """The path parameters (a path rule, see :class:`Rule`) that name a path: null ones write no file."""
        rules = self.rules
        return {key: value for key, value in self.parameters.items()
                if key in rules and rules[key].is_path and isinstance(value, str)}


@dataclasses.dataclass(frozen=True)
class EnvSpec:
    """The env of a spec: a Gymnasium id, the modules that register it, the keywords of ``gymnasium.make``."""

    name: str
    imports: List[str] = dataclasses.field(default_factory=list)
    parameters: Dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def modules(self) -> List[str]:
        """The modules imported before the env is made: ``imports``, then the module of a ``module:EnvId`` name."""
        return env_modules(self.name, self.imports)


def env_modules(name: Any, imports: Iterable[str]) -> List[str]:
    """``imports`` and, for Gymnasium's ``module:EnvId`` form of the env ``name`` (``gymnasium.make`` imports
    ``module`` first, as ``env.imports`` does), that module."""
    module = name.rpartition(":")[0] if isinstance(name, str) else ""
    return [*imports, *([module] if module and module not in imports else [])]


@dataclasses.dataclass(frozen=True)
class RunSpec:
    """A checked, complete run spec (see docs/spec.rst); ``policy`` None for no policy, ``seed`` None to draw one."""

    agent: Component
    env: EnvSpec
    loop: Component
    policy: Optional[Component] = None
    runs_dir: str = TOP_LEVEL_PARAMETERS["runs_dir"].default
    seed: Optional[int] = None

    def components(self) -> Iterator[Tuple[str, Component]]:
        """``(section, component)`` for the agent, the policy (if any) and the loop."""
        return ((name, getattr(self, name)) for name in ("agent", "policy", "loop") if getattr(self, name))

    def to_dict(self) -> Dict[str, Any]:
        """The seeds' YAML layout, as a run's ``spec.yaml`` holds it (``policy: null`` for no policy); a copy."""
        return dataclasses.asdict(self, dict_factory=lambda items: {  # a component's class string is its "class"
            "class" if key == "class_str" else key: value for key, value in items if key != "cls"})


def value_at(document: Dict, key: str) -> Any:
    """The value at the dotted ``key`` of a spec document, or None where a section is missing or null.

    Raises:
        SpecError: A section on the way is not a mapping (``loop: [x]``), at its key.
    """
    *sections, name = key.split(".")
    for depth, section in enumerate(sections):
        document = document.get(section) or {}
        check_value(".".join(sections[:depth + 1]), document, ANY_MAPPING)
    return document.get(name)


def drops(later: str, earlier: str) -> bool:
    """Whether setting the dotted key ``later`` after ``earlier`` replaces that value: the same key, or one around
    it (``loop.parameters`` after ``loop.parameters.max_episodes``). A key inside one set before is set inside
    that value (``agent={class: X}`` then ``agent.parameters.lr=0.1``), which drops nothing."""
    return f"{earlier.strip()}.".startswith(f"{later.strip()}.")


def leaves(document: Any, prefix: str = "") -> Dict[str, Any]:
    """Every value of a parsed spec that is not a mapping, by its dotted key (``loop.parameters.max_episodes``)."""
    if not isinstance(document, dict):
        return {prefix: document} if prefix else {}
    found: Dict[str, Any] = {}
    for key, value in document.items():
        found.update(leaves(value, f"{prefix}.{key}" if prefix else str(key)))
    return found


def load_spec(path: str, empty: Optional[str] = None, texts: Optional[Collection[str]] = None) -> Any:
    """The YAML run spec at ``path``, parsed within :mod:`gym_loop.yaml_safety`'s limits; :func:`run_spec` checks it.

    Args:
        path: The file.
        empty: What to write in the file if it is empty, for a file that is no run spec (a tune's space).
        texts: For a file that is no run spec, where its paths are (see :func:`parse_spec`).

    Raises:
        SpecError: The file cannot be read, is empty, or is not valid YAML (with line and column).
    """
    try:
        text = yaml_safety.read_text(path)
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError("", f"cannot read run spec {path}: {error}") from error
    document = parse_spec(text, str(path), texts)
    if document is None and empty:
        raise SpecError("", f"{path} is empty; {empty}")
    if document is None and not Path(path).is_file():  # /dev/null, an empty pipe: create-default cannot write there
        raise SpecError("", f"{path} is empty and not a regular file; give a spec file, e.g. one written with: "
                            f"{program()} create-default -c run.yaml")
    if document is None:
        from gym_loop.path_checks import owner

        if (folder := owner(Path(path))) is not None:  # its spec.yaml: create-default refuses to write there
            raise SpecError("", f"{path} is empty; it is a file of {folder}: restore it from a copy of the "
                                f"{folder.split()[1]}")
        force = " --force" if text.strip() else ""  # comments only: create-default keeps them unless forced
        raise SpecError("", f"{path} is empty; write a spec with: {program()} create-default{force} -c {quoted(path)}")
    return document


def parse_spec(text: str, source: str, texts: Optional[Collection[str]] = None) -> Any:
    """The spec file ``text`` (from ``source``), parsed as every spec file and run's ``spec.yaml`` is read: within
    :mod:`gym_loop.yaml_safety`'s limits, a plain number at a path key as the text written (:func:`path_keys`, or
    ``texts`` for a file that is no run spec: a tune's space), and a run's spec.yaml as the gym-loop that wrote it
    meant it, if it is as written (``lr: 1e-3`` the string an older one left unquoted).

    Raises:
        SpecError: The text is not valid YAML or passes a limit (:func:`gym_loop.yaml_safety.load`).
    """
    document = yaml_safety.load(text, source, texts=path_keys() if texts is None else texts)
    if text.startswith(SEAL):
        from gym_loop.run_folder import sealed

        document = yaml_safety.as_written_before(text, document) if sealed(text) else document
    return document


def spec_given(path: Union[str, Path], overrides: Iterable[Union[str, Tuple[str, Any]]] = ()) -> Any:
    """The spec file at ``path`` with the ``--set`` ``overrides`` applied, as ``train -c``, ``eval -c``, ``sweep``
    and ``tune`` take it: a class's relative file path that names no file from the working directory but does from
    the spec's folder or one above it is refused, saying where to run from (a spec run from another folder than it
    was written for).

    Raises:
        SpecError: As :func:`load_spec` and :func:`apply_overrides`; or such a class file path.
    """
    document = apply_overrides(load_spec(str(path)), overrides)
    refuse_files_found_elsewhere(document, Path(path))
    return document


def refuse_files_found_elsewhere(document: Any, spec_path: Path) -> None:
    """Refuse a class's relative file path or a local module in ``document`` that is not found from the working
    directory (:func:`~gym_loop.resolve.code_not_found`) but is from ``spec_path``'s folder or one above it (see
    :func:`spec_given`)."""
    from gym_loop.resolve import code_not_found, holds_module, not_found

    written_for = Path(spec_path).parent.absolute()
    for key, name, beside in code_not_found(document, Path.cwd()):
        module = beside is not None
        folder = next((above for above in (written_for, *written_for.parents)
                       if (holds_module(above, name) if module else (above / name).is_file())), None)
        if folder is None:
            continue
        there = os.path.relpath(folder / (f"{name}.py" if module and not (folder / name).is_dir() else name))
        missing = f"{not_found(name, beside, 'from the working directory')}, but {there} is; run from " \
                  f"{quoted(os.path.relpath(folder))}"
        if module:
            raise SpecError(key, f"{missing} (a module is found from the working directory, as python -m finds it)")
        raise SpecError(key, f"{missing} (a class's file path is taken from the working directory), or give that path: "
                             f"--set {quoted(f'{key}={there}:' + value_at(document, key).rpartition(':')[2])}")


def apply_overrides(document: Any, assignments: Iterable[Union[str, Tuple[str, Any]]]) -> Any:
    """A copy of ``document`` with each ``key.path=value`` assignment (its value YAML, see docs/spec.rst) applied.

    A ``(key.path, value)`` pair, a command-line option's typed value, is set as it is; missing mappings on the
    path are created. Check the result with :func:`run_spec`.

    Raises:
        SpecError: An assignment is malformed, its value is not YAML, or its path runs through a non-mapping.
    """
    document = copy.deepcopy(document)
    for assignment in assignments:  # a tuple is a typed option's value (--runs-dir 2026 is a path): kept as it is
        key, value = assignment if isinstance(assignment, tuple) else _parse_assignment(assignment)
        *path, last = key.split(".")
        target, depth = document, 0  # depth: the keys of path walked into
        while isinstance(target, dict) and depth < len(path):
            part = _key_in(target, path[depth])
            if target.get(part) is None:
                target[part] = {}
            target, depth = target[part], depth + 1
        if isinstance(target, list) and depth:  # env.imports.0=x
            items = target[:]
            if depth == len(path) and last.isdigit() and int(last) <= len(items):
                items[int(last):int(last) + 1] = [value]
            raise SpecError(".".join(path[:depth]), _whole_list(".".join(path[:depth]), items if items != target
                                                                 else None))
        if not isinstance(target, dict):
            raise SpecError(".".join(path[:depth]), "is not a mapping; cannot set keys in it" if depth
                            else "the run spec is not a mapping; cannot apply --set")
        target[_key_in(target, last)] = value
    return document


def spread(assignments: Iterable[Union[str, Tuple[str, Any]]]) -> List[Tuple[str, Any]]:
    """The ``--set`` assignments with a mapping given for a section or its parameters (``agent={class: X}``,
    ``loop.parameters={max_steps: 1000}``) made one assignment per key, as create-default lays them over the
    defaults it writes (set whole, they would replace them).

    Raises:
        SpecError: As :func:`apply_overrides`, for a malformed assignment.
    """
    spread_out: List[Tuple[str, Any]] = []
    for assignment in assignments:
        key, value = assignment if isinstance(assignment, tuple) else _parse_assignment(assignment)
        section, _, rest = key.partition(".")
        if isinstance(value, dict) and value and section in SECTIONS and rest in ("", "parameters") and all(
                isinstance(name, str) for name in value):
            spread_out.extend(spread([(f"{key}.{name}", item) for name, item in value.items()]))
        else:
            spread_out.append((key, value))
    return spread_out


def _whole_list(key: str, items: Optional[List[Any]]) -> str:
    """Why ``--set KEY.0=VALUE`` cannot set an item of the list at ``key``, and the ``--set`` of the whole list
    (``items``, if known) that can."""
    from gym_loop.yaml_safety import yaml_text

    whole = "[...]" if items is None else yaml_text(items)
    return f"is a list; --set cannot set one item of it: give the whole list, --set '{key}={whole}'"


def _key_in(mapping: Dict, part: str) -> Any:
    """The key of ``mapping`` that the part ``part`` of a ``--set`` path names: itself, or a key that is no string
    written so (``lr_schedule.100`` names the 100 of ``{0: 1.0, 100: 0.5}``), or a new integer key of a mapping whose
    keys are all integers (``lr_schedule.200``)."""
    if part in mapping:
        return part
    integers = mapping and all(is_int(key) for key in mapping) and part.isascii() and part.removeprefix("-").isdecimal()
    return int(part) if integers else next((key for key in mapping if not isinstance(key, str) and str(key) == part),
                                           part)


def split_assignment(assignment: str) -> Tuple[str, str]:
    """The key path and the value's text of ``key.path=value``.

    Raises:
        SpecError: No ``=``, or an empty part of the key (``=1``, ``loop..x=1``).
    """
    key, equals, text = assignment.partition("=")
    if not equals or not all(part.strip() for part in key.split(".")):
        raise SpecError("--set", f"expected KEY.PATH=VALUE such as loop.parameters.max_episodes=100, "
                                 f"got {assignment!r}")
    return key.strip(), text


def _parse_assignment(assignment: str) -> Tuple[str, Any]:
    """The key path and the YAML value of ``key.path=value``."""
    key, text = split_assignment(assignment)
    return key, yaml_safety.load(text, "--set", key, path_keys())


@functools.lru_cache(maxsize=None)
def path_keys() -> Tuple[str, ...]:
    """The keys that are paths whatever the spec's classes, the top-level ones and gym-loop's loops' (DefaultLoop's,
    which VectorLoop's are, BaseLoop's among them): a plain number there is read as the text written (``runs_dir: 007``
    is the folder ``007``, not ``7``)."""
    from gym_loop.loops.default_loop import DefaultLoop

    return (*(name for name, parameter in TOP_LEVEL_PARAMETERS.items() if getattr(parameter.rule, "is_path", False)),
            *(f"loop.parameters.{name}" for name, rule in inherited_rules(DefaultLoop).items() if rule.is_path))


def paths_below(key: str) -> List[str]:
    """The rest of each of :func:`path_keys` at or below the dotted ``key``: ``""`` for ``key`` itself, ``.logdir``
    below ``loop.parameters``."""
    return [dotted[len(key):] for dotted in path_keys() if drops(key, dotted)]


def default_spec(agent_str: str = DEFAULT_AGENT, loop_str: str = DEFAULT_LOOP, policy: bool = True) -> Dict:
    """The complete default spec for an agent and a loop, as ``create-default`` writes it; without the agent's
    default policy if not ``policy`` (one replacing it is given).

    Raises:
        ResolveError: A class string cannot be resolved.
        SpecError: A class's ``get_default_parameters`` is not a static method returning a dict.
    """
    agent_class, loop_class = resolve_class(agent_str), resolve_class(loop_str)
    agent_defaults = _defaults(agent_class, "agent")
    refuse_shadowing("agent", agent_class, agent_defaults)  # a spec train would refuse
    refuse_unfilled("agent", agent_class, agent_defaults)
    loop_defaults = _defaults(loop_class, "loop")
    refuse_shadowing("loop", loop_class, loop_defaults)
    from gym_loop.agents.reserved import PASSED, check_passed
    from gym_loop.agents.signatures import accepted_keywords

    check_passed("agent", agent_defaults, accepted_keywords(agent_class, PASSED))  # "policy": "MlpPolicy"
    env = getattr(agent_class, "DEFAULT_ENV", None) or DEFAULT_ENV  # an env the agent can take
    spec = RunSpec(Component(agent_str, agent_class, agent_defaults), EnvSpec(env),
                   Component(loop_str, loop_class, loop_defaults),
                   agent_default_policy(agent_class) if policy else None).to_dict()
    if spec["policy"] is None:
        del spec["policy"]
    return spec


def run_spec(document: Any, new: bool = True) -> RunSpec:
    """Check a parsed run spec and return it complete, every default filled in and every class resolved.

    Args:
        document: The parsed YAML (or a dict built in code); a :class:`RunSpec` is returned as it is.
        new: Whether the spec is a new one, not a run folder's (``--resume``, ``eval --run``): only a new one's
            policy is refused when nothing would use it (a run made before that check resumes as it trained).

    Raises:
        SpecError: Naming the key path of the first problem found.
    """
    if isinstance(document, RunSpec):
        return document
    if not isinstance(document, dict):
        raise SpecError("", f"a run spec is a mapping with the sections {', '.join(SECTIONS)}; "
                            f"got {_show(document)}")
    if new:  # its modules are the working directory's, not those of a run of another folder evaluated before
        also_import_from(None, ())
    document = copy.deepcopy(document)
    _check_flat(document)
    _check_known("", document, (*SECTIONS, *TOP_LEVEL_PARAMETERS))
    agent_section = _section(document, "agent", required=True)
    policy_key = _move_agent_policy(document, agent_section)
    agent = _resolve_component("agent", agent_section, default_class=None)
    loop = _resolve_component("loop", _section(document, "loop"), DEFAULT_LOOP)
    # present and null means no policy
    policy = (_resolve_policy(document["policy"], policy_key) if "policy" in document
              else agent_default_policy(agent.cls))
    if new and "policy" in document and policy is not None:
        _check_policy_taken(policy_key, agent.cls, loop.cls)
    env = env_spec(document)  # after the classes: an agent file may register the env when imported
    top = as_given({name: document.get(name, parameter.default) for name, parameter in TOP_LEVEL_PARAMETERS.items()},
                   {name: parameter.rule for name, parameter in TOP_LEVEL_PARAMETERS.items()})
    top = _whole_numbers(top, {}, {"seed": SEED})  # seed: 1e3
    for name, value in top.items():
        check_value(name, value, TOP_LEVEL_PARAMETERS[name].rule)
    return RunSpec(agent, env, loop, policy, **top)


def _key(name: Any) -> str:
    """A key as a message names it: an empty or blank one quoted (``''``), which would else name nothing."""
    return str(name) if str(name).strip() else repr(str(name))


def _check_flat(document: Dict) -> None:
    """Refuse a top-level key that is a parameter of the spec's agent, policy or loop (RL Zoo's and CleanRL's flat
    hyperparameters, ``--set learning_rate=0.01``) with the key it belongs at, and a document without any of the
    sections (an RL Zoo hyperparameter file) as not a run spec."""
    unknown = [name for name in document if name not in (*SECTIONS, *TOP_LEVEL_PARAMETERS)]
    if not unknown:
        return
    if not any(section in document for section in ("agent", "env", "loop")):
        raise SpecError(_key(unknown[0]), "unknown key; this is not a gym-loop run spec (it has no agent, env or loop "
                                         "section; an RL Zoo hyperparameter file?): write one with gym-loop "
                                         "create-default")
    loop_defaults: Dict = {}
    for section, default in (("agent", None), ("loop", DEFAULT_LOOP), ("policy", None)):
        given = document.get(section)
        class_str = given.get("class", default) if isinstance(given, dict) else default
        try:
            defaults = _defaults(resolve_class(class_str), section) if isinstance(class_str, str) else {}
        except (ResolveError, SpecError):  # the section's own check says what is wrong with it
            continue
        loop_defaults = defaults if section == "loop" else loop_defaults
        for name in unknown:
            if name in defaults:
                raise SpecError(str(name), f"unknown key; did you mean {section}.parameters.{name}?")
    for name in unknown:  # RL Zoo's and Stable-Baselines3's names, flat
        if (hint := _neighbour(name, loop_defaults, "loop.parameters.")) is not None:
            raise SpecError(str(name), f"unknown key; {hint}")
        if name == "env_kwargs":
            raise SpecError(str(name), "unknown key; did you mean env.parameters (the env's keyword arguments)?")


def check_writable(value: Any, key: str = "") -> None:
    """Refuse, at its key, a value ``yaml.safe_dump`` cannot write to a run's spec.yaml (an object given from Python,
    an enum), before any run folder is made."""
    unwritable = _unwritable(value, key)
    if unwritable is not None:
        key, value, what, _ = unwritable
        plain_value, text = getattr(value, "value", None), " ".join(repr(value).split())  # an enum's; one line
        hint = f": {plain_value!r}" if isinstance(plain_value, (str, int, float, bool)) else ""
        raise SpecError(key, f"spec.yaml cannot hold {text[:100]} (type {what}); give "
                             f"a string, number, boolean, list or mapping{hint}")


def _unwritable(value: Any, key: str, refused: Tuple[type, ...] = NOT_SPEC_VALUES,
                within: Optional[Dict[int, str]] = None) -> Optional[Tuple[str, Any, str, Optional[Exception]]]:
    """The first item of ``value`` (at ``key``), itself or one in its lists and mappings, that ``yaml.safe_dump``
    cannot write as a spec's value, is one of ``refused`` (it writes those too) or holds itself: its key, itself,
    what it is (its type's name, ``list that holds itself``) and why (the YAML error, else None); None if there is
    none. ``within``: the lists and mappings it is in, by id, and their keys."""
    if isinstance(value, (dict, list, tuple)):
        if within and id(value) in within:
            return within[id(value)], value, f"{type(value).__name__} that holds itself", None
        within = {**(within or {}), id(value): key}
        for name, item in value.items() if isinstance(value, dict) else enumerate(value):
            found = _unwritable(item, f"{key}.{name}" if key else str(name), refused, within)
            if found is not None:
                return found
        return None
    if type(value) in YAML_SCALARS:
        return None
    import yaml

    try:
        yaml_safety.dump(value)
    except yaml.YAMLError as error:
        return key, value, type(value).__name__, error
    return (key, value, type(value).__name__, yaml.YAMLError(type(value).__name__)) if isinstance(
        value, refused) else None


def check_trainable(agent_class: Any, loop_class: type, loop_parameters: Dict[str, Any]) -> None:
    """Refuse a spec its loop cannot train though it can evaluate it (the loop class's ``check_training``, e.g.
    VectorLoop's, given the agent class, or the agent from Python): train asks before making a run folder,
    create-default before writing the spec, ``Run.train`` before writing a file.

    Raises:
        SpecError: What ``check_training`` raised; at ``loop.class``, that it is no ``@staticmethod`` or raised
            another exception.
    """
    check = getattr(loop_class, "check_training", None)
    if not callable(check):
        return
    _refuse_instance_method(loop_class, "check_training", "loop")
    try:
        check(agent_class, loop_parameters)
    except GymLoopError:
        raise
    except Exception as error:
        raise SpecError("loop.class", f"{loop_class.__name__}.check_training() failed: {type(error).__name__}: "
                                      f"{error}; it must raise SpecError at the key to change (docs/loops.rst)"
                        ) from error


def check_spaces(agent_class: type, document: Dict[str, Any]) -> None:
    """Refuse the spec's env as :func:`check_on_env` does, with the line ``train`` refuses it with: create-default
    asks before writing the spec. The env is made (``env.imports`` imported) only if there is something to ask."""
    parameters = (document.get("loop") or {}).get("parameters") or {}
    if _spaces_problem(agent_class) is None and parameters.get("reward_threshold") != "env":
        return
    from gym_loop.gym_loop import build_env
    from gym_loop.loops.wrappers import closed

    with closed(build_env({"env": document.get("env")})) as env:  # a failing close() is one line
        check_on_env(agent_class, parameters, env)


def check_on_env(agent_class: type, loop_parameters: Dict[str, Any], env: Any) -> None:
    """Refuse what ``train`` refuses only once it has made ``env``, in its words: an env the agent class cannot take
    (its static ``spaces_problem(observation_space, action_space)`` returning why not, which the built-in agents'
    constructors ask; an ordinary method is not asked), ``reward_threshold: env`` for an env without one
    (:func:`env_threshold`). create-default, sweep and tune ask it before anything is written
    (:func:`gym_loop.sweeps.envs.check_envs`).

    Raises:
        SpecError: At ``agent.class`` (also: ``spaces_problem`` raised) or ``loop.parameters.reward_threshold``.
    """
    problem = _spaces_problem(agent_class)
    try:
        why = problem and problem(env.observation_space, env.action_space)
    except Exception as error:
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        raise SpecError("agent.class", f"{agent_class.__name__}.spaces_problem() failed: {detail}; it must return "
                                       "None or why the agent cannot take these spaces") from error
    if why:
        raise SpecError("agent.class", str(why))
    if loop_parameters.get("reward_threshold") == "env":
        env_threshold(env)


def _spaces_problem(agent_class: type) -> Optional[Callable]:
    """The agent class's ``spaces_problem`` if it can be asked on the class: not an ordinary method (one written for
    ``self.spaces_problem(...)`` in the constructor is left to the constructor, which ``train`` runs)."""
    problem = getattr(agent_class, "spaces_problem", None)
    if not callable(problem) or inspect.isfunction(inspect.getattr_static(agent_class, "spaces_problem", None)):
        return None
    return problem


def env_threshold(env: Any) -> float:
    """The return ``reward_threshold: env`` stands for: ``env``'s own ``spec.reward_threshold`` (475 for CartPole-v1).

    Raises:
        SpecError: The env has none.
    """
    registered = getattr(env, "spec", None)
    if registered is None or registered.reward_threshold is None:
        name = registered.id if registered is not None else type(env).__name__
        raise SpecError("loop.parameters.reward_threshold", f"{name} has no reward_threshold; give a number")
    return registered.reward_threshold


def _move_agent_policy(document: Dict, agent_section: Dict) -> str:
    """Read ``agent.policy``, where the original create-default wrote the policy, as the top-level ``policy``.

    A null in either place gives way to the other (``--set policy=null`` means no policy; the original's
    ``agent.policy: null`` means none given there).

    Returns:
        The key the policy's messages name: ``agent.policy`` if it came from there, else ``policy``.

    Raises:
        SpecError: Both are given and neither is null.
    """
    if "policy" not in agent_section:
        return "policy"
    moved, top = agent_section.pop("policy"), document.get("policy")
    if isinstance(moved, dict) and isinstance(top, dict) and "class" not in top:  # --set policy.parameters.x=...
        # on the original layout, which made a top-level policy of that key only: set in the policy given
        merged = {**moved, **top}
        if isinstance(moved.get("parameters"), dict) and isinstance(top.get("parameters"), dict):
            merged["parameters"] = {**moved["parameters"], **top["parameters"]}
        moved = merged
        del document["policy"]  # read below as agent.policy is
    if document.get("policy") is not None and moved is not None:
        raise SpecError("agent.policy", "the policy is given twice, here and at the top level; keep one of them")
    if "policy" in document:
        if moved is not None:
            logger.warning("agent.policy: left out, as the top-level policy: null says no policy")
        return "policy"
    logger.warning("agent.policy: read as the top-level policy section (the original gym-loop's layout); "
                   "move it there")
    document["policy"] = moved
    return "agent.policy"


def resolve_spec(document: Any) -> Dict:
    """:func:`run_spec` in the seeds' YAML layout (:meth:`RunSpec.to_dict`); raises :class:`SpecError` as it does."""
    return run_spec(document).to_dict()


def paths_inside(spec: RunSpec, folder: Path) -> RunSpec:
    """The spec with its relative path parameters (:meth:`Component.paths`) inside ``folder``.

    Raises:
        SpecError: A path leaves the folder where that is not allowed, or two of the loop's paths collide
            (see :mod:`gym_loop.run_paths`).
    """
    from gym_loop.run_paths import check_apart, inside

    placed = {}
    for name, component in spec.components():
        paths = {key: inside(folder, f"{name}.parameters.{key}", value) for key, value in component.paths().items()}
        placed[name] = dataclasses.replace(component, parameters={**component.parameters, **paths})
    check_apart(spec.loop.paths(), placed["loop"].paths(), _defaults(spec.loop.cls, "loop"))
    return dataclasses.replace(spec, **placed)


def as_given(values: Dict[str, Any], rules: Dict[str, Rule]) -> Dict[str, Any]:
    """``values`` as a YAML spec gives them: NumPy scalars as Python numbers (:func:`plain`), a path parameter given
    as an integer or a ``pathlib.Path`` as its text (``runs_dir: 2026`` is the folder ``2026``, as ``--runs-dir
    2026`` is)."""
    def given(key: str, value: Any) -> Any:
        if key in rules and rules[key].is_path and (is_int(value) or isinstance(value, os.PathLike)):
            return os.fspath(value) if isinstance(value, os.PathLike) else str(value)
        return value

    return {key: given(key, value) for key, value in plain(values).items()}


def check_value(key: str, value: Any, rule: Rule) -> None:
    """Raise :class:`SpecError` at ``key`` unless ``value`` passes ``rule``."""
    if not rule.test(value):
        if isinstance(value, dict) and value and all(isinstance(name, str) and name.isdigit() for name in value):
            items = [value[name] for name in sorted(value, key=int)]  # what --set KEY.0=x made of a missing list
            if rule.test(items):
                raise SpecError(key, _whole_list(key, items if sorted(map(int, value)) == list(range(len(value)))
                                                 else None))
        quote = ("; quote it to keep it a string (YAML reads an unquoted yes, no, on, off, number or date as such; "
                 "with --set, quote inside the shell's quotes: --set \"KEY='VALUE'\")"
                 if "string" in rule.description or rule.is_path or rule is NAMES else "")
        items = [value] if rule is not NAMES else value if isinstance(value, list) else []  # env.imports: [on]
        unquoted = any(isinstance(item, (bool, int, float, datetime.date)) for item in items)
        raise SpecError(key, f"expected {rule.description}, got {_show(value)}{quote if unquoted else ''}")


def _section(document: Dict, name: str, required: bool = False) -> Dict:
    section = document.get(name)
    if section is None and not required:
        return {}
    if section is None:
        raise SpecError(name, f"missing section; see {program()} create-default for a complete spec")
    check_section(name, section)
    return section


def check_section(key: str, section: Any) -> None:
    """Refuse a section (``agent``, ``env``, ``loop``, ``policy`` or ``agent.policy``) that is not a mapping; given
    as its class string or env id (RL Zoo's ``env: CartPole-v1``; ``--set env=X`` for ``--set env.name=X``), with
    the mapping to write."""
    if isinstance(section, str):
        name = "name" if key == "env" else "class"
        raise SpecError(key, f"a string where the section goes; write {key}: {{{name}: {section}}} (--set "
                             f"{key}.{name}={section})")
    check_value(key, section, MAPPING)


def env_spec(document: Union[RunSpec, Dict]) -> EnvSpec:
    """The checked ``env`` section of a spec (only that section is read; ``build_env`` takes a partial spec).

    Raises:
        SpecError: The section is missing, has an unknown key, an import fails or the env id is unknown.
    """
    if isinstance(document, RunSpec):
        return document.env
    env = _section(document, "env", required=True)
    _check_known("env", env, ("imports", "name", "parameters"))
    if "name" not in env:
        raise SpecError("env.name", f"missing; give a Gymnasium env id such as {DEFAULT_ENV}")
    name, imports, parameters = env["name"], _given(env, "imports", []), _given(env, "parameters", {})
    for key, value, rule in (("name", name, NAME), ("imports", imports, NAMES), ("parameters", parameters, MAPPING)):
        check_value(f"env.{key}", value, rule)
    if parameters.get("render_mode") is not None:
        raise SpecError("env.parameters.render_mode", "set by loop.parameters.render / record (and eval_render / "
                                                      "eval_record); remove it")
    parameters = _check_env_parameters(registered_env(name, imports), parameters)
    return EnvSpec(name, list(imports), copy.deepcopy(parameters))


def _check_env_parameters(registration: Any, parameters: Dict) -> Dict:
    """``gymnasium.make``'s own keywords against :data:`MAKE_RULES`; a boolean where the env's constructor (or its
    registration) has a number by default is refused as the spec's own numbers refuse it (YAML's ``true`` would be
    Python's 1), and a string or number where it has a boolean (``"false"`` would be true). Returns ``parameters``
    with a whole number written as a float (``1e3``) made an int where the rule or that default is one, as in the
    other sections (:func:`_whole_numbers`).

    Raises:
        SpecError: At ``env.parameters.<key>``.
    """
    parameters = _whole_numbers(parameters, {}, MAKE_RULES)
    for key, rule in MAKE_RULES.items():
        if key in parameters:
            check_value(f"env.parameters.{key}", parameters[key], rule)
    own = [key for key, value in parameters.items() if value is not None and key not in MAKE_RULES]
    if own:  # the constructor is looked up (its module imported) only then
        defaults = {**_constructor_defaults(registration.entry_point), **registration.kwargs}
        parameters = _whole_numbers(parameters, defaults, {})
        for key in own:
            if isinstance(parameters[key], bool) and is_number(defaults.get(key)):
                check_value(f"env.parameters.{key}", parameters[key], NUMBER)
            elif isinstance(defaults.get(key), bool):
                check_value(f"env.parameters.{key}", parameters[key], BOOLEAN)
            elif isinstance(parameters[key], bool) and isinstance(defaults.get(key), str):  # map_name: on
                check_value(f"env.parameters.{key}", parameters[key], TEXT)
    return parameters


def _constructor_defaults(entry_point: Any) -> Dict[str, Any]:
    """The keyword defaults of a registered env's constructor; none if it cannot be read (gymnasium.make says why)."""
    from gymnasium.envs.registration import load_env_creator

    try:
        creator = load_env_creator(entry_point) if isinstance(entry_point, str) else entry_point
        signature = inspect.signature(creator)
    except Exception:  # a module failing to import, a creator without a signature
        return {}
    return {name: parameter.default for name, parameter in signature.parameters.items()
            if parameter.default is not parameter.empty}


def registered_env(name: str, imports: Iterable[str] = ()) -> Any:
    """Gymnasium's registration (``gymnasium.envs.registration.EnvSpec``) of the env ``name``, once the modules
    ``imports`` and, for the ``module:EnvId`` form, ``module`` are imported, as ``gymnasium.make`` imports it.

    Raises:
        SpecError: A module cannot be imported (at ``env.imports`` or ``env.name``), or the id is unknown.
    """
    import_env_modules(imports)
    module, colon, env_id = name.rpartition(":")  # Gymnasium's "module:EnvId": make imports module, then EnvId
    if colon and not module:
        raise SpecError("env.name", f"{name!r} has an empty module before ':'; write {env_id} or module:{env_id}")
    if module:
        import_env_modules([module], key="env.name", env_id=env_id)
    import gymnasium  # here: create-default and --help do without it
    from gymnasium.envs.registration import find_highest_version, parse_env_id

    try:
        return gymnasium.spec(env_id)
    except gymnasium.error.Error as error:
        package = next((package for prefix, package in ENV_PACKAGES.items() if env_id.startswith(prefix)), None)
        if package and package[0] not in sys.modules:  # Gymnasium 1.0's ALE, MiniGrid: registered once imported
            installed = importlib.util.find_spec(package[0]) is not None
            how = "installed but not imported" if installed else f"not installed ({pip_install(package[1])})"
            raise SpecError("env.name", f"{env_id} is registered by {package[0]}, which is {how}; add env.imports: "
                                        f"[{package[0]}] (or write env.name: {package[0]}:{env_id})") from error
        latest = None
        with contextlib.suppress(gymnasium.error.Error):  # a malformed id has no version to suggest
            namespace, base, version = parse_env_id(env_id)
            latest = find_highest_version(namespace, base) if version is None else None
        if latest is not None:
            raise SpecError("env.name", f"{env_id} has no version; give {env_id}-v{latest} (its latest)") from error
        unknown = isinstance(error, (gymnasium.error.NamespaceNotFound, gymnasium.error.NameNotFound)) and (
            "Did you mean" not in str(error))  # no close registered id: perhaps one a module of the user's registers
        hint = (" (if a module of yours registers it, list that module in env.imports)"
                if unknown and not imports and not module else "")
        raise SpecError("env.name", f"{error}{hint}") from error


# Env id prefixes of well-known packages that register their envs only once imported (Gymnasium 1.0 dropped the
# plugins that imported them): (module, pip's name).
ENV_PACKAGES = {"ALE/": ("ale_py", "ale-py"), "MiniGrid-": ("minigrid", "minigrid"),
                "BabyAI-": ("minigrid", "minigrid"), "highway-": ("highway_env", "highway-env")}


def import_env_modules(modules: Iterable[str], key: str = "env.imports", env_id: str = "") -> None:
    """Import the packages that register envs, also from the working directory (see
    :func:`gym_loop.resolve.import_module`); ``env_id``: the id after the module of ``env.name`` (``key``).

    Raises:
        SpecError: at ``key``, naming the package that cannot be imported, or a file path given for a module.
    """
    for module in modules:
        if is_file_path(module):
            raise SpecError(key, _file_not_module(module, env_id))
        try:
            _import_registering(module)
        except ExitAtImport as error:
            raise SpecError(key, f"importing {module!r} failed: {error}") from error
        except Exception as error:
            detail = str(error) if isinstance(error, ImportError) else f"{type(error).__name__}: {error}"
            top = module.split(".")[0]
            where = (f", or put {top}.py in the working directory or beside the agent file"
                     if isinstance(error, ModuleNotFoundError) and error.name == top and top.isidentifier() else "")
            raise SpecError(key, f"cannot import {module!r} ({detail}); "  # repr: a NUL or line break escaped
                                 f"install the package that provides it{where}") from error


_registered_by: Dict[str, Dict[str, Any]] = {}  # an env.imports module -> the envs its import registered, id -> spec


def _import_registering(module: str) -> None:
    """Import ``module`` (:func:`~gym_loop.resolve.import_module`); imported before in this process, it is imported
    again if an env it registered was registered since by other code (two modules of env variants under one id,
    used in turn: each run plays its own module's)."""
    from gymnasium.envs.registration import registry  # what the module registers in: Gymnasium's own envs first

    made, before = _registered_by.get(module, {}), dict(registry)
    if any(registry.get(env_id) is not env for env_id, env in made.items()):
        logger.warning("%s: an env it registered (%s) was registered again since by other code: importing %s again",
                       module, ", ".join(made), module)
        import_again(module)
    import_module(module)
    made = {env_id: env for env_id, env in registry.items() if before.get(env_id) is not env}
    if made:
        _registered_by[module] = made


def _file_not_module(path: str, env_id: str) -> str:
    """What to write for the file ``path`` given as a module of ``env.imports`` (or of ``env.name``, before
    ``env_id``): its module's name, dotted through the packages of the working directory, and the folder to put on
    PYTHONPATH when it is elsewhere."""
    file = Path(os.path.normpath(os.path.expanduser(path.replace("\\", "/"))))  # sub\m.py (Windows) on POSIX too
    stem, here = file.name[:-3] if file.name.endswith(".py") else file.name, Path.cwd()
    try:
        packages = file.absolute().parent.relative_to(here).parts
    except ValueError:  # outside the working directory
        packages = None
    found = packages is not None and all((here.joinpath(*packages[:depth]) / "__init__.py").is_file()
                                         for depth in range(1, len(packages) + 1))
    module = ".".join([*packages, stem]) if found else stem
    written = f"env.name: {module}:{env_id} (Gymnasium's module:EnvId: the module, then an id it registers)" \
        if env_id else f"imports: [{module}]"
    where = ("" if env_id else " (a module in the working directory is found, as python -m finds it)") if found \
        else f" and put {file.parent} on PYTHONPATH (PYTHONPATH={file.parent} gym-loop ..., or sys.path)"
    return f"{path!r} is a file path, not a module; write {written}{where}"


ROLES = {"agent": ("act", "gym_loop.agents", "a class of your own defining act(self, state, episode_num); one assigned "
                   "in __init__, self.act = ..., is not seen before the run starts: define act in the class, calling "
                   "it"), "loop": ("train", "gym_loop.loops", "your own on BaseLoop")}


def role_problem(section: str, component_class: type) -> Optional[str]:
    """Why ``component_class`` cannot be the ``section``'s class (``agent.policy`` is a policy's), or None: it lacks
    the method all of them have, or, for an agent or a policy, a method cannot be called as gym-loop calls it
    (:func:`~gym_loop.agents.signatures.call_problem`)."""
    if section.rpartition(".")[2] == "policy":
        return _policy_problem(component_class)
    method, package, own = ROLES[section]
    property_ = isinstance(inspect.getattr_static(component_class, method, None), property)  # checked when bound
    if not (callable(getattr(component_class, method, None)) or property_):
        return (f"{component_class.__name__} has no {method}() method: it is not {'an' if section == 'agent' else 'a'} "
                f"{section} class (give one of {package}, or {own})")
    if section == "loop":
        return _loop_problem(component_class)
    from gym_loop.agents.base_agent import BaseAgent
    from gym_loop.agents.signatures import call_problem

    if component_class.act is BaseAgent.act:  # only raises
        return (f"{component_class.__name__} does not define act(state, episode_num) (BaseAgent's only raises "
                "NotImplementedError); define it in the class (one assigned in __init__, self.act = ..., is not seen "
                "before the run starts: def act(self, state, episode_num) may call it)")
    return call_problem(component_class)


def _loop_problem(loop_class: type) -> Optional[str]:
    """Why the loop class ``loop_class`` cannot train, or None: it is BaseLoop, or a loop on it that defines
    neither ``training_episodes()`` nor its own ``train()`` (BaseLoop's only raises NotImplementedError)."""
    from gym_loop.loops.base_loop import BaseLoop

    if not (isinstance(loop_class, type) and issubclass(loop_class, BaseLoop)):
        return None
    if loop_class.train is not BaseLoop.train or loop_class.training_episodes is not BaseLoop.training_episodes:
        return None
    if loop_class is BaseLoop:
        return ("BaseLoop is the base class of loops, which plays no episodes: give a loop of gym_loop.loops "
                "(gym_loop.loops.default_loop:DefaultLoop), or your own on BaseLoop defining training_episodes()")
    return (f"{loop_class.__name__} does not define training_episodes() (BaseLoop's only raises "
            "NotImplementedError); define it in the class (docs/loops.rst), or give a loop of gym_loop.loops")


def _policy_problem(policy: Any) -> Optional[str]:
    """Why ``policy`` cannot be a policy class, or None: the agent gets an instance, called as ``policy(state)`` or
    ``policy.act(state)`` (an agent class's ``act(state, episode_num)`` cannot be)."""
    from gym_loop.agents.signatures import call_problem
    from gym_loop.policies import BasePolicy

    fix = "give a class whose instances are called as policy(state) or policy.act(state): your own on " \
          "gym_loop.policies.BasePolicy"
    name = getattr(policy, "__name__", repr(policy))
    if not isinstance(policy, type):
        return f"{name} is {'a function' if callable(policy) else 'not a class'}, not a policy class ({fix})"
    if not any(method in vars(base) for base in policy.__mro__[:-1] for method in ("__call__", "act")):
        return f"{name} has neither __call__() nor act(): it is not a policy class ({fix})"
    own_act = getattr(policy, "act", BasePolicy.act) is not BasePolicy.act
    if policy is BasePolicy:  # the original's default policy (its spec's agent.policy): built, as it was, for an
        return None  # agent that does not use it; BasePolicy.act's error says what to do if one calls it
    if not own_act and getattr(policy, "__call__", None) is BasePolicy.__call__:  # BasePolicy's act only raises
        return (f"{name} does not define act(state) (BasePolicy's only raises NotImplementedError); define it in "
                "the class")
    return call_problem(policy, {"act" if own_act else "__call__": "state"})


def _resolve_component(name: str, section: Dict, default_class: Optional[str]) -> Component:
    """Names against ``get_default_parameters()`` (any, if the class sets ``ANY_PARAMETERS = True``), values
    against the class's ``PARAMETER_RULES`` or else the kind of their default."""
    _check_known(name, section, ("class", "parameters"))
    class_str = section.get("class", default_class)
    if class_str is None:
        raise SpecError(f"{name}.class", f"missing; give {CLASS_STRING_FORMAT}")
    if callable(class_str):  # the class itself, as a notebook holds it
        raise SpecError(f"{name}.class", f"expected a class string, got the object {class_str!r}; give "
                                         f"{CLASS_STRING_FORMAT} (a class in a file, so that the run can be resumed "
                                         "and evaluated)")
    check_value(f"{name}.class", class_str, NAME)
    try:
        component_class = resolve_class(class_str)
    except InMainOnly as error:  # the option to give the class at, this section's
        raise SpecError(f"{name}.class", str(InMainOnly(error.name, f"{name}.class"))) from error
    except ResolveError as error:
        raise SpecError(f"{name}.class", str(error)) from error
    if problem := role_problem(name, component_class):
        raise SpecError(f"{name}.class", problem)
    if name == "agent":
        _warn_unpaired_save_load(component_class)
    parameters, defaults = _given(section, "parameters", {}), _defaults(component_class, name)
    check_value(f"{name}.parameters", parameters, MAPPING)
    parameters = as_given(parameters, inherited_rules(component_class))
    parameters = _whole_numbers(parameters, defaults, inherited_rules(component_class))
    check_parameters(name, component_class, parameters, defaults)
    if name == "loop" and "max_episodes" in defaults:  # the run's budget: max_steps alone lifts max_episodes
        from gym_loop.loops.base_loop import episode_budget

        parameters = {**episode_budget(parameters), **parameters}
    component = Component(class_str, component_class, laid_over(defaults, parameters))
    refuse_shadowing(name, component_class, component.parameters)
    if name in ("agent", "policy"):
        refuse_unfilled(name, component_class, component.parameters)
    return component


def _whole_numbers(parameters: Dict[str, Any], defaults: Dict[str, Any], rules: Dict[str, Rule]) -> Dict[str, Any]:
    """``parameters`` with a whole-number float (RL Zoo's ``1e5``, ``!!float 1e6``) made an int where the default is
    an int or the rule takes the int but not the float (``max_steps: 1e5`` is 100000), as SB3 users expect; inside
    a parameter whose default is a non-empty mapping of names too (``net: {width: 1e2}``). Past
    2**53 it is the number written (``1e23`` is 10**23, not the float's 99999999999999991611392), as its digits are,
    up to the digits an integer may have (``1e100`` stays a float: written out, the parser would refuse it)."""
    def whole(name: str, value: Any) -> bool:
        if not (isinstance(value, float) and value.is_integer() and abs(value) < 10.0 ** yaml_safety.MAX_DIGITS):
            return False
        rule = rules.get(name)
        return is_int(defaults.get(name)) or (rule is not None and rule.test(written(value)) and not rule.test(value))
    return {name: written(value) if whole(name, value) else _whole_numbers(value, defaults[name], {}) if (
        isinstance(value, dict) and _structured(defaults.get(name))) else value for name, value in parameters.items()}


def written(whole: float) -> int:
    """The integer a whole-number float was written as: its shortest repr's digits (``1e23`` is 10**23)."""
    if abs(whole) < 2**53:  # every integer below is a float exactly
        return int(whole)
    from decimal import Decimal

    return int(Decimal(repr(whole)))


def refuse_unfilled(section: str, component_class: type, parameters: Dict[str, Any]) -> None:
    """Refuse, before anything is built, an agent or policy class whose constructor requires a parameter that neither
    the spec's ``parameters`` nor gym-loop (its spaces, policy, rng) gives: its construction could only fail.

    Raises:
        SpecError: At ``<section>.class``, naming it and saying to list it in ``get_default_parameters()``.
    """
    from gym_loop.state import PASSED

    try:
        signature = inspect.signature(component_class)
    except (TypeError, ValueError):  # no signature to read: the construction says
        return
    given = {*parameters, *PASSED, "rng"}
    for name, parameter in signature.parameters.items():
        if parameter.default is parameter.empty and name not in given and parameter.kind in (
                parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
            raise SpecError(f"{section}.class", f"{component_class.__name__}.__init__ requires {name}, which the "
                            "spec does not give; add it to get_default_parameters() (it then goes into "
                            f"{section}.parameters) or give it a default")


def refuse_shadowing(section: str, component_class: type, parameters: Dict[str, Any]) -> None:
    """Refuse, before anything is built, a parameter of a BaseAgent, BasePolicy or BaseLoop subclass that would
    shadow a method or property: each parameter becomes an attribute
    (:func:`gym_loop.agents.reserved.check_attributes`); or, of a loop, what the run gives it (its agent, env,
    evaluation env, progress callback: :data:`gym_loop.agents.reserved.LOOP_PASSED`)."""
    from gym_loop.agents.reserved import LOOP_PASSED, check_attributes, check_passed
    from gym_loop.loops.base_loop import BaseLoop

    base = _base_of(component_class)
    if base is None:
        return
    if base is BaseLoop:  # named in its constructor or not: the run gives the loop these
        check_passed(section, parameters, LOOP_PASSED)
    mro = component_class.__mro__
    named = set()  # taken by name by a constructor of the class's own (never set as attributes by the base's)
    for kind in mro[:mro.index(base)]:
        try:
            signature = inspect.signature(vars(kind)["__init__"]) if "__init__" in vars(kind) else None
        except (TypeError, ValueError):  # no signature to read: the base's check at construction decides
            return
        named |= {name for name, parameter in (signature.parameters.items() if signature else ())
                  if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)}
    check_attributes(component_class, section, [name for name in parameters if name not in named])


def check_parameters(section: str, component_class: type, parameters: Dict[str, Any], defaults: Dict[str, Any]) -> None:
    """Check keyword arguments given in Python (``DefaultLoop(agent, env, **params)``) as :func:`run_spec` checks the
    spec's ``<section>.parameters``: names against ``defaults`` (any, with ``ANY_PARAMETERS = True``), values
    against the class's ``PARAMETER_RULES`` or the kind of their default; null where the spec takes null.

    Raises:
        SpecError: At ``<section>.parameters.<key>``: an unknown key (with a "did you mean", or, for a class
            without ``get_default_parameters``, how to declare it), or a wrong value.
    """
    names = not getattr(component_class, "ANY_PARAMETERS", False)
    if names and parameters and getattr(component_class, "get_default_parameters", None) is None:  # a seed-style class
        key = next(iter(parameters))
        raise SpecError(f"{section}.parameters.{key}", f"unknown key: {component_class.__name__} has no "
                                                       f"get_default_parameters(); add one listing {key} (a "
                                                       "@staticmethod returning the defaults), or set "
                                                       "ANY_PARAMETERS = True on it")
    _check_values(f"{section}.parameters", plain(parameters), plain(defaults), inherited_rules(component_class),
                  names=names)


@functools.lru_cache(maxsize=None)  # once per class: a command may check its spec more than once
def _warn_unpaired_save_load(agent_class: type) -> None:
    """Warn when the agent defines one of ``save`` and ``load`` but not the other
    (:func:`~gym_loop.state.unpaired_save_load`): it trains, but its checkpoints do not load as saved."""
    from gym_loop.state import unpaired_save_load

    if problem := unpaired_save_load(agent_class):
        logger.warning("agent.class: %s", problem)


def _check_values(key: str, values: Dict, defaults: Dict, rules: Dict[str, Rule], names: bool) -> None:
    """Names (if ``names``) against ``defaults``, values against ``rules`` or else the kind of their default; the
    same inside a value whose default is a non-empty dict (an empty dict or None default is free-form)."""
    if names:
        _check_known(key, values, defaults)
    for name, value in values.items():
        default = defaults.get(name)
        rule = rules.get(name) or rule_from_default(default)
        if rule is not None:
            check_value(f"{key}.{name}", value, rule)
        dated = _unwritable(value, f"{key}.{name}", (datetime.date,))  # a default's rule took it: null, a list
        if dated is not None and isinstance(dated[1], datetime.date):
            raise SpecError(dated[0], f"got the date {dated[1]}, which a checkpoint cannot hold; quote it to keep it "
                                      f"a string ('{dated[1]}')")
        if _structured(default) and isinstance(value, dict):
            _check_values(f"{key}.{name}", value, default, {}, names)


def _structured(default: Any) -> bool:
    """Whether ``default`` is a non-empty mapping of names (``net: {hidden: [64, 64], act: relu}``), whose keys a
    value given for it is checked against and laid over (:func:`laid_over`); another mapping (a schedule
    ``{0: 1.0, 100: 0.5}``), ``{}`` or None is replaced by a value as a whole."""
    return isinstance(default, dict) and bool(default) and MAPPING.test(default)


def laid_over(defaults: Dict, values: Dict) -> Dict:
    """``values`` laid over ``defaults`` key by key, and so at every depth inside a parameter whose default is a
    non-empty mapping of names: ``net: {act: tanh}`` keeps the default's ``net.hidden``."""
    return {**defaults, **{name: laid_over(defaults[name], value) if _structured(defaults.get(name)) and isinstance(
        value, dict) else value for name, value in values.items()}}


# The loop parameters' names in Stable-Baselines3 (learn, EvalCallback, CheckpointCallback...), RL Zoo, CleanRL and
# Tianshou, under loop.parameters or flat: a difflib guess would miss them or pick a wrong one (eval_freq: eval_render).
NEIGHBOURS = {"total_timesteps": ("max_steps", ""), "eval_freq": ("episodes_per_eval", ", counted in episodes"),
              "n_eval_episodes": ("eval_episodes", ""), "tensorboard_log": ("logdir", ""),
              "save_freq": ("episodes_per_checkpoint", ", counted in episodes"), "n_envs": ("num_envs", ""),
              "stop_reward": ("reward_threshold", ""), "max_epoch": ("max_episodes", ""),
              "n_timesteps": ("max_steps", "")}
SEVERAL_ENVS = ("to step several envs at once, give loop.class: gym_loop.loops.vector_loop:VectorLoop, whose num_envs "
                "says how many")


def _neighbour(name: Any, known: Iterable[str], at: str = "") -> Optional[str]:
    """What to say of ``name``, another library's name for a loop parameter (:data:`NEIGHBOURS`), to a loop whose
    parameters are ``known``: gym-loop's name for it (``at`` before it: ``loop.parameters.`` for one given flat);
    for a number of envs given to a loop of one env, :data:`SEVERAL_ENVS`; else None."""
    target, note = NEIGHBOURS.get(name, (None, ""))
    if target in known:
        return f"gym-loop's name for it is '{at}{target}'{note}"
    return SEVERAL_ENVS if name in ("n_envs", "num_envs") and "max_steps" in known else None


def _check_known(key: str, mapping: Dict, known: Iterable[str]) -> None:
    known = list(known)
    for name in mapping:
        if name not in known:
            path = f"{key}.{_key(name)}" if key else _key(name)
            close = closest(str(name), known)
            hint = f"did you mean '{close}'?" if close else f"known keys: {', '.join(known) or 'none'}"
            if key == "loop.parameters":
                hint = _neighbour(name, known) or hint
            raise SpecError(path, f"unknown key; {hint}")


def _given(section: Dict, key: str, empty: Any) -> Any:
    """``section[key]``, or ``empty`` when it is missing or null (``0`` or ``false`` stays, for the check to refuse)."""
    value = section.get(key)
    return empty if value is None else value


DEFAULTS_FIX = "it must be a @staticmethod returning a dict of parameters ({} for none)"


def _defaults(component_class: type, section: str) -> Dict:
    """The class's ``get_default_parameters()`` with its bases' added (:func:`~gym_loop.rules.inherited_defaults`: a
    loop's own list over BaseLoop's), NumPy scalars in it made plain numbers (see :func:`plain`).

    Raises:
        SpecError: At ``<section>.class`` as :func:`_call_static` says; at ``<section>.parameters.<key>``: a default
            YAML cannot hold (an object, an array).
    """
    if getattr(component_class, "get_default_parameters", None) is None:
        return {}
    defaults = inherited_defaults(component_class, _family(component_class), lambda kind: plain(
        _call_static(kind, "get_default_parameters", section, DEFAULTS_FIX)))
    unwritable = _unwritable(defaults, f"{section}.parameters", NOT_DEFAULTS)  # the spec is written as YAML:
    if unwritable is not None:  # create-default's file, the run's spec.yaml
        key, _, what, error = unwritable
        name = f"{getattr(component_class, '__name__', component_class)}.get_default_parameters"
        raise SpecError(key, f"{name}() gives it a {what}, which a YAML spec cannot hold; give a number, string, "
                             "boolean, null, list or mapping (build the object from it)") from error
    return defaults


def _base_of(component_class: Any) -> Optional[type]:
    """gym-loop's base class of ``component_class`` (BaseAgent, BasePolicy or BaseLoop), or None."""
    from gym_loop.agents.base_agent import BaseAgent
    from gym_loop.loops.base_loop import BaseLoop
    from gym_loop.policies.base_policy import BasePolicy

    return next((base for base in (BaseAgent, BasePolicy, BaseLoop)
                 if isinstance(component_class, type) and issubclass(component_class, base)), None)


def _family(component_class: type) -> Optional[type]:
    """:func:`_base_of` ``component_class``, whose subclasses' defaults add to their bases'; None also for a loop of
    the original's kind (its own ``train()``, no ``training_episodes()``): the run's parameters are not its own, and
    its constructor may not take them."""
    from gym_loop.loops.base_loop import BaseLoop

    base = _base_of(component_class)
    return None if base is BaseLoop and component_class.training_episodes is BaseLoop.training_episodes else base


def plain(value: Any, _copying: Optional[Dict[int, Any]] = None) -> Any:
    """``value`` with NumPy scalars made Python numbers, in mappings, lists and tuples too.

    ``np.float32(0.99)`` becomes ``0.99`` (its shortest repr), not ``0.9900000095367432``; so the
    spec's YAML shows what the agent's code says, and reads back to the same ``float32``.
    """
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.generic):
        return float(str(value)) if isinstance(value, numpy.floating) else value.item()
    if not (isinstance(value, dict) or type(value) in (list, tuple)):
        return value
    # _copying: the copies of the lists and mappings the walk is in, only those (a list given twice is copied
    # twice, so spec.yaml has no YAML anchor); one that holds itself is met again: so does its copy (_unwritable
    # refuses it, as it would the value itself), not a RecursionError
    if _copying and id(value) in _copying:
        return _copying[id(value)]
    made: Any = {} if isinstance(value, dict) else []
    within = {**(_copying or {}), id(value): made}
    if isinstance(value, dict):
        made.update((key, plain(item, within)) for key, item in value.items())
    else:
        made.extend(plain(item, within) for item in value)
    return tuple(made) if type(value) is tuple else made


def _call_static(component_class: type, method: str, section: str, fix: str, none_ok: bool = False) -> Any:
    """What the class's static ``method`` returns: a mapping, or None if ``none_ok``. Else a SpecError at
    ``<section>.class`` saying ``fix``: it is an instance method, raises (``NotImplementedError`` included, as the
    seeds' abstract BaseAgent does) or returns anything else."""
    name = f"{getattr(component_class, '__name__', component_class)}.{method}"
    _refuse_instance_method(component_class, method, section)
    try:
        value = getattr(component_class, method)()
    except Exception as error:
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        raise SpecError(f"{section}.class", f"{name}() failed: {detail}; {fix}") from error
    if MAPPING.test(value) or (none_ok and value is None):
        return value
    shown = _show(value) if isinstance(value, dict) else "None" if value is None else f"a {type(value).__name__}"
    raise SpecError(f"{section}.class", f"{name}() returned {shown}; {fix}")


def _refuse_instance_method(component_class: type, method: str, section: str) -> None:
    """Refuse, at ``<section>.class``, a ``method`` the class defines without ``@staticmethod``: it is called on the
    class."""
    if inspect.isfunction(inspect.getattr_static(component_class, method, None)):
        raise SpecError(f"{section}.class", f"{getattr(component_class, '__name__', component_class)}.{method} is not "
                                            "a @staticmethod; put @staticmethod above it and drop its self (it is "
                                            "called on the class, with no instance)")


POLICY_FIX = ("it must be a @staticmethod returning None (no policy) or a policy section "
              "{'class': 'package.module:Class', 'parameters': {...}}")


def agent_default_policy(agent_class: type) -> Optional[Component]:
    """The policy of the agent class's ``get_default_policy()``, checked as a spec's policy section; None for none.

    Raises:
        SpecError: At ``agent.class``: it is an instance method, raises, or returns neither None nor a policy
            section the spec check accepts (the check's own words in the message).
    """
    if getattr(agent_class, "get_default_policy", None) is None:
        return None
    policy = _call_static(agent_class, "get_default_policy", "agent", POLICY_FIX, none_ok=True)
    try:
        return _resolve_policy(_beside_agent(policy, agent_class))
    except SpecError as error:
        name = f"{getattr(agent_class, '__name__', agent_class)}.get_default_policy"
        raise SpecError("agent.class", f"{name}() returned a policy the spec refuses ({error}); fix it there, or "
                                       "give the spec a policy section") from error


def _beside_agent(policy: Any, agent_class: type) -> Any:
    """A default policy whose class is in a relative file (``pol.py:Policy``) that is beside the agent's file:
    that file, wherever the working directory is (an agent file and its policy file travel together)."""
    class_str = policy.get("class") if isinstance(policy, dict) else None
    module_path, _, name = class_str.rpartition(":") if isinstance(class_str, str) else ("", "", "")
    agent_file = getattr(sys.modules.get(getattr(agent_class, "__module__", "")), "__file__", None)
    if (not module_path.endswith(".py") or module_path.startswith("~") or Path(module_path).is_absolute()
            or not agent_file):
        return policy
    beside = Path(agent_file).parent / module_path
    if beside.is_file() and beside.resolve() != Path(module_path).resolve():
        return {**policy, "class": f"{beside}:{name}"}
    return policy


def _check_policy_taken(key: str, agent_class: Any, loop_class: Any) -> None:
    """Refuse the spec's policy when nothing would use it: the agent's constructor takes no ``policy`` (neither by
    name nor through ``**params``) and the loop is one of gym-loop's, which act through the agent only."""
    try:
        parameters = inspect.signature(agent_class).parameters.values()
    except (TypeError, ValueError):  # a signature Python cannot tell: it may take it
        return
    if any(p.kind is p.VAR_KEYWORD or p.name == "policy" and p.kind is not p.POSITIONAL_ONLY for p in parameters):
        return
    if not getattr(loop_class, "__module__", "").startswith("gym_loop."):  # a loop of yours may use self.policy
        return
    name = getattr(agent_class, "__name__", agent_class)
    raise SpecError(key, f"{name}'s constructor takes no policy (neither a policy parameter nor **params), so "
                         f"this policy would be built and never used; add policy to {name}.__init__, or remove "
                         f"the {key} section")


def _resolve_policy(policy: Any, key: str = "policy") -> Optional[Component]:
    """The policy component; messages name ``key``, where the user wrote it (``agent.policy`` or ``policy``)."""
    if policy is None:
        return None
    check_section(key, policy)
    return _resolve_component(key, policy, None)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        other = [key for key in value if not isinstance(key, str)][:1]  # the key None too
        return f"a mapping with the key {other[0]!r}, not a name" if other else "a mapping"
    if isinstance(value, datetime.date):  # as YAML wrote it, not Python's repr
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return f"{'.nan' if math.isnan(value) else ('.inf' if value > 0 else '-.inf')} (not a finite number)"
    import json  # not at start-up: only a message needs it

    try:
        return json.dumps(value, default=repr)
    except (TypeError, ValueError):
        return repr(value)
