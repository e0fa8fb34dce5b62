"""Resume: whether a run folder's latest checkpoint can go on under a spec, and its agent loaded from it."""

import json
import logging
import numbers
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from gym_loop.agents.protocol import bind_agent
from gym_loop.errors import (GymLoopError, SpecError, from_cli, new_run_call, one_line_failure, raised_in, resume_call,
                             set_in_params)
from gym_loop.files import shown
from gym_loop.provenance import code_digests, env_sources, source_of
from gym_loop.run_checkpoints import (AGENT_FILE, LEGACY_STATE_FILE, STATE_FILE, damaged, pointed_name, read_state,
                                      run_of, unreadable)
from gym_loop.run_folder import RunFolder, same_class
from gym_loop.run_paths import loop_path
from gym_loop.spec import RunSpec, default_spec, env_modules, load_spec, value_at
from gym_loop.state import load_fix

logger = logging.getLogger(__name__)

EVALUATES = "loop.parameters.episodes_per_eval"  # on or off decides which generators a run's checkpoints hold
KEPT_ON_RESUME = ("seed", "env.name", "agent.class", "policy.class", "loop.class", "runs_dir",
                  *(f"loop.parameters.{name}" for name in ("checkpoint_dir", "episodes_csv", "evals_csv", "logdir")))


def check_unchanged(saved: Dict, spec: RunSpec, run: RunFolder) -> None:
    """Refuse a resume that changes the ``saved`` spec's seed, env, classes or the paths of the run's record
    (checkpoint_dir, episodes_csv, evals_csv, logdir: another would split it in two; parameters may change), or
    its ``runs_dir`` (another would move nothing, yet the run's spec.yaml would record it).
    Classes are compared by name: a file agent resumes from another directory by its path there."""
    now, defaults = spec.to_dict(), []
    for key in KEPT_ON_RESUME:
        before, after = _saved_value(saved, key, spec, defaults), value_at(now, key)
        if key.endswith(".class"):
            before, after = _class_name(before), _class_name(after)
        paths = key.startswith("loop.parameters.") or key == "runs_dir"
        if key.endswith(".logdir") and isinstance(before, str) and Path(before).expanduser().is_absolute() and \
                not Path(before).expanduser().exists():  # a received run's: the folder of another machine
            logger.warning("loop.parameters.logdir %s does not exist here (the run moved from another machine?): its "
                           "curve before this resume is not there%s", before, f"; this resume logs to {after}"
                           if before != after else ", and this resume makes it anew; to log elsewhere, resume with "
                           "--set loop.parameters.logdir=./logs")
            continue
        if paths and isinstance(before, str) and isinstance(after, str) and Path(before) == Path(after):
            continue  # ./checkpoints is checkpoints
        if before != after:
            _refuse_changed(key, before, after, run.spec_path)


def _saved_value(saved: Dict, key: str, spec: RunSpec, defaults: list) -> Any:
    """The ``saved`` spec's value at the dotted ``key``; where it lacks the key (a spec of an earlier gym-loop, written
    before the key existed), the default for the run's classes (``defaults`` caches that spec)."""
    document = saved
    for part in key.split("."):
        if not isinstance(document, dict):  # a null section (policy: null): its keys null, as value_at reads them
            return None
        if part not in document:
            break
        document = document[part]
    else:
        return document
    if not defaults:
        try:
            defaults.append(default_spec(spec.agent.class_str, spec.loop.class_str))
        except GymLoopError:  # defaults a spec could not hold: compared as null, as before
            defaults.append({})
    return value_at(defaults[0], key)


def refuse_older(saved: Dict, run: RunFolder) -> None:
    """Refuse a run whose latest checkpoint an older gym-loop wrote (``loop.pkl``) with :func:`read_state`'s line,
    first: no spec makes it resume."""
    directory = loop_path(run.path, value_at(saved, "loop.parameters"), "checkpoint_dir")
    name = pointed_name(directory / "latest")
    if name and (directory / name / LEGACY_STATE_FILE).is_file() and not (directory / name / STATE_FILE).is_file():
        read_state(directory / name)


def check_classes(folder: Path, given: Any) -> None:
    """Refuse a resume whose spec (``given``, a document not yet checked) names another class than the run's, as
    :func:`check_unchanged` does, before the run's parameters are checked against that class (they would be its
    unknown keys)."""
    spec_path = RunFolder(Path(folder)).spec_path
    if not (isinstance(given, dict) and spec_path.is_file()):
        return
    saved = load_spec(str(spec_path))
    for key in (key for key in KEPT_ON_RESUME if key.endswith(".class")):
        before, after = value_at(saved, key), value_at(given, key)
        if isinstance(before, str) and after is not None and _class_name(before) != _class_name(after):
            _refuse_changed(key, _class_name(before), _class_name(after), spec_path)


def _class_name(value: Any) -> str:
    """A class string's or a class's name, as resumes compare them (a file agent resumes from elsewhere)."""
    return value.__name__ if isinstance(value, type) else str(value).rpartition(":")[2]


def _refuse_changed(key: str, before: Any, after: Any, spec_path: Path) -> None:
    if from_cli():
        was, now_given = ("null" if value is None else repr(value) for value in (before, after))
        raise SpecError(key, f"--resume keeps the run's {was}, not {now_given}; to change it, start a new "
                             f"run: {new_run_call(spec_path)} --set {key}=...")
    null = " (or None: the run's)" if key == "seed" else ""  # a Python caller: advice in its terms
    raise SpecError(key, f"train_agent(resume=...) keeps the run's {before!r}, not {after!r}; resume with "
                         f"{key} {before!r}{null} in run_params, or start a new run: train_agent(run_params) "
                         "without resume")


def check_evaluation(saved: Dict, spec: RunSpec, state: Dict) -> None:
    """Refuse a resume that turns periodic evaluation (``episodes_per_eval``) on or off: the checkpoints hold the
    evaluation env's generators or not. A run whose checkpoint records an evaluation env though ``episodes_per_eval``
    was off (a rule given to ``train_agent`` asked for its evaluations) may turn it on."""
    before, after = value_at(saved, EVALUATES), spec.loop.parameters.get("episodes_per_eval")
    if bool(before) != bool(after) and not (after and state["run"].get("eval_env")):
        raise SpecError(EVALUATES, f"{'--resume' if from_cli() else 'train_agent(resume=...)'} cannot turn periodic "
                                   f"evaluation {'off' if before else 'on'}; put the run's value back: "
                                   f"{set_in_params(f'{EVALUATES}={_value(before)}')}")


def put_back(error: GymLoopError, saved: Dict, now: Dict) -> Optional[SpecError]:
    """``error`` (a checkpoint state the resumed run cannot take) as a refusal naming the ``--set`` that puts back
    the env, agent and policy parameters the resume changed; None if it changed none."""
    back, without = [], []
    for section in ("env", "agent", "policy"):
        before, after = (value_at(saved, f"{section}.parameters") or {}), (value_at(now, f"{section}.parameters") or {})
        for key in sorted(set(before) | set(after), key=str):
            if key not in before:
                without.append(f"{section}.parameters.{key}")
            elif before[key] != after.get(key):
                back.append(f"{section}.parameters.{key}={_value(before[key])}")
    leave_out = f"resume without --set {', '.join(without)}" if from_cli() else \
        f"resume with run_params without {', '.join(without)}"
    advice = ([f"put the run's values back: {set_in_params(*back)}"] if back else []) + ([leave_out] if without else [])
    return SpecError("resume", f"{str(error).partition(';')[0]}; {'; '.join(advice)}") if advice else None


def _value(value: Any) -> str:
    """``value`` as ``--set`` takes it."""
    return value if isinstance(value, str) else json.dumps(value)


def resumable_state(saved: Dict, spec: RunSpec, run: RunFolder, checkpoint: Path) -> Dict:
    """The state of ``checkpoint``, if the run has episodes left to run, or an evaluation a signal cut short to
    finish (the one after its last episode), or its end to record (killed after the checkpoint that ended it, before
    run.json said so: :class:`Run` ends it there), and was not solved at the same threshold."""
    state = read_state(checkpoint)
    done = state["run"]["summary"]
    parameters = spec.loop.parameters
    ran = ((done["episodes"], parameters["max_episodes"], "episodes", "max_episodes"),
           (done["global_step"], parameters.get("max_steps"), "env steps", "max_steps"))
    record = run.record()
    unrecorded = record.get("status") not in ("finished", "pruned")  # stopped before run.json recorded its end
    for count, planned, what, name in ran:
        if unrecorded and value_at(saved, f"loop.parameters.{name}") == planned:
            continue  # killed at its own planned end: Run.train asks the stop rules again and the run ends there
        cut_short = state["run"].get("evaluation") and count == planned  # the evaluation after its last episode
        if planned is not None and count >= planned and not cut_short:
            raise GymLoopError(f"{run.path} already ran {count} of {planned} {what}; to train longer: "
                               f"{resume_call(run.path, f'loop.parameters.{name}=N')}")
    threshold = "loop.parameters.reward_threshold"
    if record.get("status") == "pruned":  # a tuning study's rule judged it; a plain --resume has no such rule
        logger.warning("%s was pruned (%s); --resume trains it on to its max_episodes", run.path, record.get("reason"))
    from gym_loop.sweeps.runinfo import solved

    if solved(record) and value_at(saved, threshold) == parameters.get("reward_threshold"):  # it would stop again
        raise GymLoopError(f"{run.path} already finished, {record['reason']}; to train on: "
                           f"{resume_call(run.path, f'{threshold}=null (or a higher threshold)')}")
    return state


def warn_sticky_actions(loop: Any, env_name: str) -> None:
    """On a resume, warn of an ALE env with sticky actions in a loop that does not seed each episode: they draw from
    the emulator's own generator, which no checkpoint holds, so the resumed run is not the uninterrupted one."""
    if getattr(loop, "seed_each_episode", True) or hasattr(loop, "num_envs"):  # VectorLoop warns of its own
        return
    try:
        sticky = float(loop.env.unwrapped.ale.getFloat("repeat_action_probability"))
    except Exception:  # not an ALE env
        return
    if sticky > 0:
        logger.warning("env %s repeats the agent's last action with probability %g (ALE's sticky actions) drawn from "
                       "the emulator's own generator, which no checkpoint holds, so this run will not equal one never "
                       "interrupted; train with loop.parameters.seed_each_episode: true for runs that resume exactly",
                       env_name, sticky)


def load_agent(agent: Any, checkpoint: Path, evaluating: bool, run: Optional[RunFolder] = None,
               spec: Optional[RunSpec] = None) -> None:
    """Load ``checkpoint`` into ``agent``; a failure is one line, saying which other checkpoint to use (one damaged),
    or, resuming the ``run`` with ``spec``, that the agent's or policy's file changed since the run trained.

    Raises:
        GymLoopError: The agent's load failed.
    """
    if (saved := _saved_by(checkpoint)) is not None and saved.rpartition(":")[2] != type(agent).__name__:
        logger.warning("%s was saved by a run of the agent %s, not %s: what it holds may not be this agent's state",
                       checkpoint, saved, type(agent).__name__)
    try:
        with one_line_failure(f"agent.load failed for {checkpoint / AGENT_FILE}"):
            bind_agent(agent).load(str(checkpoint / AGENT_FILE))
    except (SystemExit, KeyboardInterrupt) as error:  # told naming it (errors.exited, SigintSeen)
        raised_in(error, "agent.load", f", for {shown(checkpoint)}")
        raise
    except GymLoopError as error:  # a save of its own over an inherited load (RandomAgent's): say to define load
        if (fix := load_fix(type(agent))) is not None and fix not in str(error):
            raise GymLoopError(f"{error}; {fix}") from error.__cause__
        if unreadable(error):  # a file cut short or gone: which other checkpoint to use
            raise GymLoopError(f"{error}; {damaged(checkpoint, evaluating)}") from error.__cause__
        if (edited := _edited(run, spec)) is not None:  # on its first line: the CLI shows only that one
            first, newline, rest = str(error).partition("\n")
            raise GymLoopError(f"{first.rstrip().rstrip(':')}; {edited}{newline}{rest}") from error.__cause__
        raise
    logger.info("loaded checkpoint %s", checkpoint)


def _edited(run: Optional[RunFolder], spec: Optional[RunSpec]) -> Optional[str]:
    """What to say of a checkpoint the agent cannot load when the agent's or policy's file changed since the ``run``
    last trained (:func:`code_changes`), or None."""
    changes = code_changes(run, spec, "resuming with") if run is not None and spec is not None else {}
    said = ", ".join(text for section, (edited, text) in changes.items() if edited and section in ("agent", "policy"))
    if not said:
        return None
    record = run.record()
    git = ((record.get("resumed") or [record])[-1].get("git") or {})
    kept = f" (git commit {git['commit'][:8]} holds it)" if git.get("commit") and git.get("dirty") is False else ""
    return (f"{said}: the checkpoint was saved by the old code; put the old file back{kept}, or start a new run: "
            f"{new_run_call(run.spec_path)}")


def code_changes(run: RunFolder, spec: RunSpec, doing: str, code: Optional[Dict[str, str]] = None
                 ) -> Dict[str, Tuple[bool, str]]:
    """The sections of ``spec`` whose code's sha256 (``code``, else found now) is not the one the ``run`` last
    trained with, each said in one clause: an edit, ``(True, "the agent's file /p/agent.py changed since the run
    last trained (sha256 ..., now ...)")``; another class given (``--set agent.class``, another file), ``(False,
    "agent.class: <doing> my.py:A, not the __main__:A the run last trained (another file)")``."""
    trained = load_spec(str(run.spec_path))
    components = dict(spec.components())
    code = code_digests(spec.components(), spec.env.modules) if code is None else code
    changes = {}
    for section, (before, now) in run.changed_code(code).items():
        given, was = getattr(components.get(section), "class_str", None), value_at(trained, f"{section}.class")
        key, same = f"{section}.class", same_class(given, was)
        if section == "env":  # its code is its local modules': other modules given are other files, not an edit
            imports = value_at(trained, "env.imports")
            modules = env_modules(value_at(trained, "env.name"), imports if isinstance(imports, list) else [])
            key = "env.imports" if spec.env.imports != imports else "env.name"
            given, was, same = ", ".join(spec.env.modules), ", ".join(map(str, modules)), spec.env.modules == modules
        changes[section] = (True, f"the {section}'s {_source(spec, section)} changed since the run last trained "
                                  f"(sha256 {before[:12]}..., now {now[:12]}...)") if same else \
            (False, f"{key}: {doing} {given}, not the {was} the run last trained (another file)")
    return changes


def _source(spec: RunSpec, section: str) -> Optional[str]:
    """Where the code of the spec's ``section`` is: ``file /path/agent.py``, ``class __main__:NB``
    (:func:`~gym_loop.provenance.source_of`), the env's local module files."""
    if section == "env":
        return f"file {', '.join(map(str, env_sources(spec.env.modules))) or '?'}"
    return source_of(dict(spec.components())[section])


def _saved_by(checkpoint: Path) -> Optional[str]:
    """The agent class string of the run whose checkpoint_dir holds ``checkpoint`` (its spec.yaml), or None."""
    spec = run_of(Path(checkpoint).parent) / "spec.yaml"
    try:
        saved = value_at(load_spec(str(spec)), "agent.class") if spec.is_file() else None
    except SpecError:  # a spec not of a run, or unreadable: nothing to compare
        return None
    return saved if isinstance(saved, str) else None


def set_after_load(agent: Any, saved: Dict, spec: RunSpec, checkpoint: Path) -> None:
    """Give the resumed ``agent`` and its policy (``agent.policy``, which the agent's checkpoint holds) each
    parameter the resume changed from the ``saved`` spec (``--set``) where ``checkpoint`` restored another, learned
    value: the entry of its ``parameters`` dict, and the attribute of that name, as Stable-Baselines3's
    ``load(path, **kwargs)`` does. So the run uses what ``spec.yaml`` records. Values other than plain data (an
    array the agent made of a list) are left as loaded; a torch optimizer the checkpoint restored keeps its
    ``param_groups``, which :func:`_warn_restored` warns of."""
    owners = [("agent", agent, spec.agent)]
    if spec.policy is not None:
        owners.append(("policy", getattr(agent, "policy", None), spec.policy))
    for section, owner, component in owners:
        before = value_at(saved, f"{section}.parameters") or {}
        for name, value in component.parameters.items():
            if not (name in before and before[name] == value):
                _replace_learned(owner, section, name, value, checkpoint)
                _warn_restored(owner, section, name, before.get(name), value)


def _replace_learned(owner: Any, section: str, name: str, value: Any, checkpoint: Path) -> None:
    """Set ``owner``'s parameter ``name`` (entry and attribute) to ``value`` where it holds another plain value."""
    places = [place for place in (getattr(owner, "parameters", None), getattr(owner, "__dict__", None))
              if isinstance(place, dict)]
    learned = [(place, place[name]) for place in places if name in place and _other_plain(place[name], value)]
    for place, _ in learned:
        place[name] = value
    if learned:
        shown = [repr(v) if isinstance(v, str) else str(v) for v in (value, learned[0][1])]
        logger.info("%s.parameters.%s: --set %s replaces %s, the value the %s had learned (in checkpoint %s)",
                    section, name, shown[0], shown[1], section, checkpoint.name)


def _warn_restored(owner: Any, section: str, name: str, before: Any, value: Any) -> None:
    """Warn once that the parameter ``name``, a number the resume changed from ``before`` to ``value``, may not reach
    the torch optimizers of ``owner`` (its attributes, and the items of its lists, tuples and dicts): their
    ``param_groups`` (``lr``...) are the checkpoint's. Said of the value an optimizer holds if one holds ``before``
    (not 0); of them all if none does; nothing if one holds ``value`` (the owner's load set it) or there is none."""
    optimizer = getattr(getattr(sys.modules.get("torch"), "optim", None), "Optimizer", None)
    if optimizer is None or not isinstance(value, numbers.Number) or isinstance(value, bool):
        return
    found = [(place, held) for place, held in _held(owner) if isinstance(held, optimizer)]
    if not found or any(_holds(held, value) for _, held in found):
        return
    held = [(place, key) for place, optimizers in found for key in _holds(optimizers, before)]
    fix = f"set it there in the {section}'s load(path), after the optimizer's load_state_dict (docs/runs.rst, Resume)"
    if held:
        place, key = held[0]
        logger.warning("%s.parameters.%s: this resume's %s does not reach %s, restored from the checkpoint with %s %s "
                       "in its param_groups; %s", section, name, value, place, key, before, fix)
        return
    shown = "; ".join(f"{place} keeps its param_groups, lr {_group_values(held).get('lr')}" for place, held in found)
    logger.warning("%s.parameters.%s: this resume's %s reaches no optimizer restored from the checkpoint (%s); if %s "
                   "sets one of them, %s", section, name, value, shown, name, fix)


def _held(owner: Any) -> List[Tuple[str, Any]]:
    """``owner``'s attributes by name, and the items of its lists, tuples and dicts (``opts['q']``)."""
    found = []
    for name, value in getattr(owner, "__dict__", {}).items():
        found.append((name, value))
        if isinstance(value, (list, tuple, dict)):
            found += [(f"{name}[{key!r}]", item) for key, item in (value.items() if isinstance(value, dict)
                                                                      else enumerate(value))]
    return found


def _group_values(optimizer: Any) -> Dict[str, Any]:
    """The values of ``optimizer``'s param_groups by key (the first group's where groups differ), but ``params``."""
    values: Dict[str, Any] = {}
    for group in reversed(optimizer.param_groups):
        values.update((key, item) for key, item in group.items() if key != "params")
    return values


def _holds(optimizer: Any, value: Any) -> List[str]:
    """The keys of ``optimizer``'s param_groups holding the number ``value`` (not 0 nor a bool: every Adam holds a
    weight_decay of 0)."""
    if not value or isinstance(value, bool) or not isinstance(value, numbers.Number):
        return []
    return [key for key, held in _group_values(optimizer).items()
            if isinstance(held, numbers.Number) and not isinstance(held, bool) and held == value]


def _other_plain(current: Any, value: Any) -> bool:
    """Whether ``current`` is plain data (a number, string, None, list or dict) other than ``value``."""
    return isinstance(current, (numbers.Number, str, list, dict, type(None))) and bool(current != value)


def check_seed(document: Any, folder: Path) -> Any:
    """The run's spec.yaml ``document``, refused if its seed is not the one run.json records (edited by hand, the
    checksum line deleted): the checkpoints' generators are of the recorded seed's run."""
    try:
        record = RunFolder(folder).record()
    except (OSError, ValueError):  # refused elsewhere, with its own line
        return document
    seed = record.get("seed") if isinstance(record, dict) else None
    if isinstance(document, dict) and isinstance(seed, int) and document.get("seed") != seed:
        spec = RunFolder(folder).spec_path
        edited = document.get("seed")
        raise SpecError("seed", f"{shown(spec)} says {edited}, but the run's seed is {seed} (run.json); put seed: "
                                f"{seed} back in it, or start a new run with seed {edited}: {new_run_call(spec)}")
    return document
