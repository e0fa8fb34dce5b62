"""The plan of a sweep: seeds, grid and zip axes expanded into configs with stable ids, and one run per seed."""

import hashlib
import itertools
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from gym_loop.errors import SpecError
from gym_loop.yaml_safety import yaml_text

SLUG_LENGTH = 48
MAX_SEEDS = 10_000  # per config: more is a typo (0-99999999), and would take the plan minutes to list


@dataclass(frozen=True)
class Axis:
    """One axis of a sweep: ``keys`` take the values of one row of ``rows`` together.

    A ``--grid`` axis has one key; a ``--zip`` axis ties several keys.
    """

    kind: str
    keys: Tuple[str, ...]
    rows: Tuple[Tuple[Any, ...], ...]

    def as_dict(self) -> Dict[str, Any]:
        return {"kind": self.kind, "keys": list(self.keys), "rows": [list(row) for row in self.rows]}


@dataclass(frozen=True)
class Config:
    """One point of the grid: its id and its overrides (dotted key -> value), in axis order."""

    id: str
    overrides: Tuple[Tuple[str, Any], ...]

    def assignments(self, shown: bool = False) -> List[str]:
        """The overrides as ``KEY=VALUE`` strings for ``gym-loop train --set`` (values as :func:`yaml_text`);
        ``shown``: as :meth:`shown` gives them."""
        values = self.shown() if shown else dict(self.overrides)
        return [f"{key}={yaml_text(value)}" for key, value in values.items()]

    def shown(self) -> Dict[str, Any]:
        """The overrides as the id and the runs' specs show them (``1e2`` as 100): for --dry-run, aggregate.csv."""
        return {key: _plain_numbers(value) for key, value in self.overrides}


@dataclass(frozen=True)
class Run:
    """One run of a sweep: a config and a seed, at ``runs/<config id>/seed-<seed>``."""

    config: Config
    seed: int

    @property
    def key(self) -> str:
        return f"{self.config.id}/seed-{self.seed}"


def parse_seeds(text: str) -> List[int]:
    """Seeds from ``0-9``, ``0,3,7`` or a mix such as ``0-4,10``, in the order given: the one rule of
    ``--seeds`` for ``gym-loop sweep`` and ``gym-loop tune``. A seed given twice (``1,1``, ``0-4,2``)
    is refused rather than dropped: it is a typo more often than not.

    Raises:
        SpecError: At ``--seeds``: empty, not seeds, a range high to low, a seed of 2**64 or more, a repeat, or
            more than ``MAX_SEEDS`` seeds.
    """
    ranges = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not match:
            raise SpecError("--seeds", f"expected seeds such as 0-9 or 0,3,7, got {text!r}")
        ends = [(digits or match.group(1)).lstrip("0") or "0" for digits in match.groups()]
        for end in ends:  # before any int(): it takes 4300 digits at most
            if len(end) > 20 or int(end) >= 2**64:  # the spec's rule of a seed (rules.SEED)
                shown = end if len(end) <= 40 else f"{end[:20]}... ({len(end)} digits)"
                raise SpecError("--seeds", f"{shown} is not below 2**64; give seeds from 0 to 2**64-1")
        first, last = map(int, ends)
        if last < first:
            raise SpecError("--seeds", f"expected seeds such as 0-9 or 0,3,7, got {text!r}")
        ranges.append(range(first, last + 1))
    if sum(part.stop - part.start for part in ranges) > MAX_SEEDS:  # before listing them: 0-99999999 would take
        # minutes and gigabytes (and len() of a range past 2**63 overflows)
        raise SpecError("--seeds", f"{text} gives more than {MAX_SEEDS} seeds (runs per config); give fewer")
    seeds = list(itertools.chain(*ranges))
    seen: Set[int] = set()
    for seed in seeds:
        if seed in seen:
            raise SpecError("--seeds", f"{seed} is given twice in {text!r}; give each seed once")
        seen.add(seed)
    return seeds


def warn_unused_seed(spec: Any, path: Any, seeds: List[int], given: str, command: str) -> None:
    """Warn that the ``seed`` of the spec file ``path`` is not run if it is not among ``seeds``: each run of a sweep
    or a tune (``command``) gets its seed from ``--seeds`` (``given``, as written)."""
    seed = spec.get("seed") if isinstance(spec, dict) else None
    if seed is not None and seed not in seeds:  # a tune keeps the seeds its first trials ran on: a new one is needed
        logging.getLogger(__name__).warning(
            "seed: %s of %s is not used: each run of a %s gets its seed from --seeds (%s); to run it, give --seeds %s "
            "(or list it among them)%s", seed, path, command, given, seed,
            " with a new --name: a tune keeps the seeds it began with" if command == "tune" else "")


def check_name(name: Optional[str], parent_option: str, key: str = "--name") -> None:
    """Refuse a ``--name`` that is not one folder name (of a sweep, a tune, or ``train_agent``'s run), which would
    land elsewhere.

    Args:
        name: The ``--name`` given, or None (the default name).
        parent_option: The option that says where the folder goes (``--sweeps-dir``, ``--tunes-dir``, ``runs_dir``).
        key: Where the name was given: ``--name``, or ``name`` (``train_agent``'s).

    Raises:
        SpecError: At ``key``: empty, ``.``, ``..``, or with a ``/`` (a path, absolute or not).
    """
    from gym_loop.files import too_long

    if name is None:
        return
    if name.strip() not in ("", ".", "..") and "/" not in name and (problem := too_long(Path(name))) is not None:
        raise SpecError(key, problem)
    if name.strip() in ("", ".", "..") or "/" in name or os.sep in name or "\0" in name:
        raise SpecError(key, f"{name!r} is not a folder name; give one name without '/', such as lake-lr "
                                  f"(the folder goes under {parent_option})")


def refuse_run_keys(option: str, keys: Iterable[str], command: str = "sweep") -> None:
    """Refuse ``seed`` as a key of ``--grid``, ``--zip`` or ``--set`` of a sweep (or ``--set`` of a tune:
    ``command``): each run's seed is one of ``--seeds``; and ``runs_dir``: each run is made in the sweep's
    (tune's) folder, so it would do nothing.

    Raises:
        SpecError: At ``option``, when a key is ``seed`` or ``runs_dir``.
    """
    keys = [key.strip() for key in keys]
    if "seed" in keys and command == "tune":
        raise SpecError(option, "seed: a tune runs every trial on each of its --seeds (which beat the spec's seed); "
                                "use --seeds instead, e.g. --seeds 1,2")
    if "seed" in keys:
        raise SpecError(option, "seed: a sweep gives each run one of its --seeds (which beat the spec's seed); "
                                "use --seeds instead, e.g. --seeds 1,2")
    if "runs_dir" in keys and command == "tune":
        raise SpecError(option, "runs_dir: a tune makes each trial's runs in its own folder (trials/<n>/seed-<s>), "
                                "so runs_dir would change nothing; leave it out (--tunes-dir says where the tune goes)")
    if "runs_dir" in keys:
        raise SpecError(option, "runs_dir: a sweep makes each run in its own folder (runs/<config>/seed-<s>), so "
                                "runs_dir would change nothing; leave it out (--sweeps-dir says where the sweep goes)")


def refuse_set_twice(sets: Iterable[str], keys: Iterable[str], where: str) -> None:
    """Refuse a key given with ``--set`` and set again ``where`` (on a sweep's axis, in a tune's space), whose value
    would replace the ``--set`` one without a word.

    Args:
        sets: The ``--set`` assignments, ``KEY=VALUE``.
        keys: The keys set elsewhere.
        where: Where, and what it sets, e.g. ``on a --grid axis, which sets it in every config``.

    Raises:
        SpecError: At ``--set``, naming the first such key.
    """
    given = [assignment.partition("=")[0].strip() for assignment in sets]
    from gym_loop.spec import drops

    # the key, or one around it (loop.parameters around loop.parameters.max_episodes), set after the --set
    both = next(((key, other.strip()) for key in given for other in keys if drops(other, key)), None)
    if both is not None:
        also = "is also" if both[0] == both[1] else f"lies inside {both[1]}, which is"
        raise SpecError("--set", f"{both[0]} {also} {where}, so the --set value would be dropped; give it in one place")


def parse_grid(assignment: str) -> Axis:
    """``KEY=[v1, v2]`` (values parsed as YAML) into an axis.

    Raises:
        SpecError: At ``--grid``, when the form or the list is wrong.
    """
    key, values = _split("--grid", assignment, "KEY=[v1,v2] such as agent.parameters.learning_rate=[0.1,0.5]")
    if not isinstance(values, list) or not values:
        raise SpecError("--grid", f"{key}: expected a non-empty list of values such as [0.1, 0.5], got {values!r}")
    _check_unique("--grid", key, values)
    return Axis("grid", (key,), tuple((value,) for value in values))


def parse_zip(assignment: str) -> Axis:
    """``KEY1,KEY2=[[a, 1], [b, 16]]`` into an axis whose keys take each row's values together.

    Raises:
        SpecError: At ``--zip``, when the form is wrong or a row has the wrong length.
    """
    keys_text, rows = _split("--zip", assignment, "KEY1,KEY2=[[a,1],[b,16]]")
    keys = tuple(key.strip() for key in keys_text.split(","))
    if len(keys) < 2 or not all(keys):
        raise SpecError("--zip", f"expected two or more keys separated by commas before '=', got {keys_text!r}")
    from gym_loop.spec import drops

    twice = next(((key, other) for index, key in enumerate(keys) for other in keys[:index] if drops(key, other)),
                 None)
    if twice is not None and twice[0] == twice[1]:
        raise SpecError("--zip", f"{twice[0]} is given twice in {keys_text}; give each key once")
    if twice is not None:
        raise SpecError("--zip", f"{twice[0]} comes after {twice[1]}, which lies inside it, in {keys_text}: its "
                                 f"values would drop {twice[1]}'s; put {twice[1]} after it")
    if not isinstance(rows, list) or not rows or not all(isinstance(row, list) and len(row) == len(keys)
                                                         for row in rows):
        raise SpecError("--zip", f"{keys_text}: expected a non-empty list of rows of {len(keys)} values "
                                 f"such as [[a, 1], [b, 16]], got {rows!r}")
    _check_unique("--zip", keys_text, rows)
    return Axis("zip", keys, tuple(tuple(row) for row in rows))


def expand(axes: Sequence[Axis]) -> List[Config]:
    """Every combination of the axes' rows (the cartesian product, first axis slowest), as configs.

    Raises:
        SpecError: A key appears on two axes.
    """
    from gym_loop.spec import drops

    seen: List[str] = []
    for axis in axes:
        repeated = sorted((key, other) for key in axis.keys for other in seen if drops(key, other))
        if repeated and repeated[0][0] == repeated[0][1]:
            raise SpecError(f"--{axis.kind}", f"{repeated[0][0]} is on more than one axis; give each key once")
        if repeated:
            raise SpecError(f"--{axis.kind}", f"{repeated[0][0]} is on an axis after one of {repeated[0][1]}, which "
                                              f"lies inside it: its values would drop {repeated[0][1]}'s; give the "
                                              f"axis of {repeated[0][1]} after it")
        seen.extend(axis.keys)
    configs = []
    for rows in itertools.product(*(axis.rows for axis in axes)):
        overrides = tuple((key, value) for axis, row in zip(axes, rows) for key, value in zip(axis.keys, row))
        configs.append(Config(config_id(overrides), overrides))
    return configs


def config_id(overrides: Iterable[Tuple[str, Any]]) -> str:
    """A readable, stable id: a slug of the overrides' last key parts and values, and a short hash of all.

    ``(("agent.parameters.learning_rate", 0.1),)`` gives ``learning_rate=0.1-<6 hex>``; no overrides give ``base``.
    A whole-number float is named as its int (``--grid '[1e4]'``: ``max_steps=10000``); the hash is of the values
    as given, so it is the one a sweep of an earlier gym-loop (``max_steps=10000.0``) has.
    """
    overrides = list(overrides)
    if not overrides:
        return "base"
    digest = hashlib.sha1(json.dumps(overrides, sort_keys=True).encode()).hexdigest()[:6]
    return f"{_id_slug(overrides)[:SLUG_LENGTH].rstrip(',=')}-{digest}"


def config_labels(configs: Iterable[Config]) -> Dict[str, str]:
    """How tables and figures name a sweep's configs for people: config id -> label. The one place
    ``gym-loop sweep``, ``aggregate`` and ``plot`` take them from.

    The label is the id, unless an id of the sweep is cut (its slug longer than ``SLUG_LENGTH``: the
    cut may hide the very value the grid varies); then each config is labelled by the values of the
    keys that differ between the configs, ``extra_std=0.1, population_size=10`` (keys by their last
    part as in the id, in full when two share it). The ids themselves (folder names) never change.
    A single config, or labels that would still coincide, keep the ids.
    """
    configs = list(configs)
    if all(len(_id_slug(config.overrides)) <= SLUG_LENGTH for config in configs):
        return {config.id: config.id for config in configs}
    values = [{key: _plain_numbers(value) for key, value in config.overrides} for config in configs]
    varying = [key for key in dict.fromkeys(key for config in values for key in config)
               if any(value_key(config.get(key)) != value_key(values[0].get(key)) for config in values)]
    last = [key.rsplit(".", 1)[-1] for key in varying]
    names = dict(zip(varying, last if len(set(last)) == len(last) else varying))
    labels = {config.id: ", ".join(f"{names[key]}={_label_value(shown[key])}" for key in varying if key in shown)
              for config, shown in zip(configs, values)}
    distinct = varying and len(set(labels.values())) == len(labels)
    return labels if distinct else {config.id: config.id for config in configs}


def _id_slug(overrides: Iterable[Tuple[str, Any]]) -> str:
    """The id's text before it is cut: each override's last key part and value."""
    return ",".join(f"{key.rsplit('.', 1)[-1]}={_slug(json.dumps(_plain_numbers(value), ensure_ascii=False))}"
                    for key, value in overrides)


def _label_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def runs(configs: Sequence[Config], seeds: Sequence[int]) -> List[Run]:
    """One run per config and seed, seeds of a config together."""
    return [Run(config, seed) for config in configs for seed in seeds]


def _split(option: str, assignment: str, example: str) -> Tuple[str, Any]:
    from gym_loop import yaml_safety
    from gym_loop.spec import paths_below

    key, equals, text = assignment.partition("=")
    if not equals or not all(part.strip() for part in re.split("[.,]", key)):  # no empty part of a (zip's) key
        raise SpecError(option, f"expected {example}, got {assignment!r}")
    keys = [part.strip() for part in key.split(",")]  # a path's number as written: each value, or each row's item
    texts = [f"{key.strip()}.*{'' if option == '--grid' else f'.{index}'}{rest}"
             for index, one in enumerate(keys) for rest in paths_below(one)]
    value = yaml_safety.load(text, option, key.strip(), texts)  # as --set parses: within limits, 1e-3 a float
    odd = _not_json(value)
    if odd is not None:  # a config is JSON (its id, manifest.json, the runs' --set)
        raise SpecError(option, f"{key.strip()}: {odd} is read as a {type(odd).__name__} (YAML), which a config cannot "
                                f"hold; quote it to give text: \"{odd}\"")
    return key.strip(), value


def _not_json(value: Any) -> Any:
    """The first value in ``value`` (a key too) that is not JSON's (a date: ``2020-01-01`` unquoted), or None."""
    if isinstance(value, dict):
        return next((odd for pair in value.items() for odd in map(_not_json, pair) if odd is not None), None)
    if isinstance(value, list):
        return next((odd for odd in map(_not_json, value) if odd is not None), None)
    return None if value is None or isinstance(value, (str, int, float)) else value


def value_key(value: Any) -> str:
    """JSON text of ``value`` in which equal numbers are one text: ``0``, ``0.0`` and ``0e0`` all give ``0``.

    Configs are formed with it everywhere (a sweep's axes, ``gym-loop plot`` and ``aggregate`` grouping
    runs by spec), so runs of ``delay: 0`` and ``delay: 0.0`` are one config, as for the agent.
    """
    return json.dumps(_plain_numbers(value), sort_keys=True)


def class_lacks(error: SpecError, base: Dict, classes: Dict[str, Any], command: str) -> Optional[str]:
    """The fix for ``error``, the refusal of a spec whose class (``classes``: ``agent.class`` and the like, a
    sweep's config or a tune's choice) takes no parameter the ``base`` spec sets; None for another error."""
    name = error.key.rpartition(".")[2]
    for key, value in classes.items():
        section = key[:-len(".class")] if key.endswith(".class") else ""
        given = (base.get(section) or {}).get("parameters") or {} if isinstance(base.get(section), dict) else {}
        if section and error.key == f"{section}.parameters.{name}" and name in given and \
                error.problem.startswith("unknown key"):  # the base spec's class takes it, this one does not
            return (f"{json.dumps(value)} takes no {error.key}, which the base spec (-c) sets; leave {name} out of "
                    f"it (each class's defaults fill in its own parameters), or {command} each class on its own")
    return None


def _plain_numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    if isinstance(value, dict):
        return {key: _plain_numbers(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_numbers(item) for item in value]
    return value


def _check_unique(option: str, key: str, values: List[Any]) -> None:
    seen = [value_key(value) for value in values]
    if len(set(seen)) != len(seen):
        raise SpecError(option, f"{key}: a value is given twice in {values!r}")


def _slug(text: str) -> str:
    """``text`` with what a folder name should not hold replaced by ``_``; letters and digits of any script kept, as
    the key is (``étiquette=café``), not ``\\u00e9`` escapes: ASCII text is slugged as it always was."""
    return re.sub(r"[^\w.+-]+", "_", text).strip("_") or "_"
