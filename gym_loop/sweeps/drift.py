"""Whether a sweep still runs what it planned: its ``spec.yaml`` as it was made, each run's ``spec.yaml`` as its
config says.

A sweep's new runs start from ``SWEEP_DIR/spec.yaml``; a hand-edited one would mix two specs in one config.
A run extended by hand (``gym-loop train --resume RUN --set loop.parameters.max_episodes=20``) would be
scored among runs of the planned budget. Both are compared with ``manifest.json``, which records the spec
the sweep was made with, on the keys the sweep sets (its spec, ``--set`` and its axes) and the seed.
"""

import logging
from typing import Any, Dict, List, Optional, Sequence, Tuple

from gym_loop.errors import SpecError, program, quoted
from gym_loop.files import write_atomically
from gym_loop.spec import drops, leaves, parse_spec
from gym_loop.sweeps import runinfo
from gym_loop.sweeps.plan import Run, value_key
from gym_loop.sweeps.scores import some

logger = logging.getLogger(__name__)

IGNORED = ("runs_dir",)  # a run of a sweep is made at --run-dir: runs_dir does nothing there
SHOWN = 3  # differing keys named in a message
ABSENT = "absent"  # shown for a key a spec lacks


def differences(planned: Dict[str, Any], actual: Dict[str, Any], whole: bool = False,
                exact: bool = False) -> List[Tuple[str, Any, Any]]:
    """``(key, planned value, actual value)`` for each leaf of ``planned`` that ``actual`` has otherwise.

    A key ``actual`` lacks is not a difference (a run's spec is complete: it has every key a spec gives)
    unless ``whole``: then a key either lacks is one (its value shown as ``absent``). A class string taken
    from the sweep's directory (a resumed run's ``/abs/path/agent.py:Agent``) equals ``agent.py:Agent``, unless
    ``exact``.
    """
    found = []
    flat, expected = leaves(actual), leaves(planned)
    keys = list(dict.fromkeys([*expected, *flat])) if whole else list(expected)
    for key in keys:
        if key in IGNORED or (key not in flat and not whole):
            continue
        value, now = expected.get(key, ABSENT), flat.get(key, ABSENT)
        if value is ABSENT or now is ABSENT or not (value_key(value) == value_key(now) if exact else
                                                    _same(key, value, now)):
            found.append((key, value, now))
    return found


def unseeded(spec: Any) -> Any:
    """A parsed spec without its top-level ``seed``, as two sweeps' or tunes' specs are compared: each run of either
    gets its seed from ``--seeds``, never the spec's (:func:`gym_loop.sweeps.plan.warn_unused_seed`)."""
    return {key: value for key, value in spec.items() if key != "seed"} if isinstance(spec, dict) else spec


def changes(before: Any, after: Any) -> str:
    """The first keys at which two parsed specs (or spaces) differ, ``key new, was old``, for a refusal to continue
    (a class file named by another path too: the refusal compared them as written)."""
    return _shown(differences(before if isinstance(before, dict) else {}, after if isinstance(after, dict) else {},
                              whole=True, exact=True), "was")


def check_base_spec(sweep: Any, manifest: Dict[str, Any]) -> None:
    """Refuse to start runs from a ``SWEEP_DIR/spec.yaml`` that differs from the spec in ``manifest.json``
    (at a key that not every config sets).

    Raises:
        SpecError: At ``SWEEP_DIR``, naming the keys that differ, how to restore the file and how to start
            a new sweep from the edited one.
    """
    from gym_loop import yaml_safety

    try:
        text = yaml_safety.read_text(sweep.spec_path)
        edited = parse_spec(text, str(sweep.spec_path))
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError("SWEEP_DIR", f"{sweep.spec_path} cannot be read ({error}); restore it from a copy of "
                                     "the sweep") from error
    except SpecError as error:  # not YAML: damaged, as a changed one
        raise SpecError("SWEEP_DIR", f"{error}; restore it (manifest.json's \"spec\" is the original), or start a "
                                     f"new sweep: {program()} sweep -c SPEC --name NEW ...") from error
    axes = {key for axis in manifest.get("axes", []) for key in axis["keys"]}  # every config sets these, whole

    def changed(document: Any) -> List[Tuple[str, Any, Any]]:
        return [item for item in differences(manifest.get("spec") or {}, document if isinstance(document, dict) else {},
                                             whole=True)
                if not any(drops(axis, item[0]) for axis in axes)]  # agent.parameters.discount under agent.parameters

    found = changed(edited)
    if not found:
        return
    import yaml

    try:
        old_reading = yaml.safe_load(text)  # YAML 1.1, as an older gym-loop's writer quoted for
    except (yaml.YAMLError, ValueError):
        old_reading = None
    if not changed(old_reading):  # that writer left 1e-3 unquoted, which load reads as 0.001
        write_atomically(sweep.spec_path, yaml_safety.dump(manifest["spec"], unicode=False))
        logger.warning("%s was written by an older gym-loop, which left strings such as 1e-3 unquoted (read as "
                       "numbers now); rewritten from manifest.json", sweep.spec_path)
        return
    raise SpecError("", f"{sweep.spec_path} was changed since the sweep was made ({_shown(found, 'was')}): its new "
                        "runs would mix two specs in one config; restore it (manifest.json's \"spec\" is the "
                        f"original), or start a new sweep from it: {program()} sweep -c {quoted(sweep.spec_path)} "
                        "--name NEW ...")


def warn_runs_off_plan(sweep: Any, manifest: Dict[str, Any], runs: Sequence[Run]) -> None:
    """Warn once if runs of the sweep ran with other values than their config's (extended by hand)."""
    from gym_loop.spec import apply_overrides

    base = manifest.get("spec") or {}
    planned: Dict[str, Dict[str, Any]] = {}
    off: List[Tuple[Run, List[Tuple[str, Any, Any]]]] = []
    for run in runs:
        actual = _run_spec(sweep.run_dir(run))
        if actual is None:
            continue
        if run.config.id not in planned:
            planned[run.config.id] = apply_overrides(base, list(run.config.overrides))
        found = differences({**planned[run.config.id], "seed": run.seed}, actual)
        if found:
            off.append((run, found))
    if off:
        run, found = off[0]
        logger.warning("%d run(s) of sweep %s ran with other values than their config's (e.g. %s: %s), changed by "
                       "hand (train --resume --set ...): their scores are mixed with runs of the planned config; "
                       "to run one as planned, move its folder out of the sweep and continue the sweep",
                       len(off), sweep.path, run.key, _shown(found))


def _run_spec(folder: Any) -> Optional[Dict[str, Any]]:
    """A run folder's spec, or None without one (a run not started) or when it cannot be read (reported
    where the sweep reads it)."""
    if runinfo.unreadable(folder) or not (folder / runinfo.SPEC).is_file():
        return None
    try:
        return runinfo.read_spec(folder)
    except SpecError:
        return None


def _same(key: str, planned: Any, actual: Any) -> bool:
    if key.endswith(".class") and isinstance(planned, str) and isinstance(actual, str):
        return actual == planned or actual.endswith(f"/{planned.lstrip('./')}")
    return value_key(planned) == value_key(actual)


def _shown(found: Sequence[Tuple[str, Any, Any]], was: str = "planned") -> str:
    return some([f"{key} {_text(actual)}, {was} {_text(planned)}" for key, planned, actual in found], SHOWN, "; ")


def _text(value: Any) -> str:
    return ABSENT if value is ABSENT else value_key(value)
