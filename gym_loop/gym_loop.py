"""Main module: build the env, policy, agent and loop of a run spec, and run them."""

import contextlib
import dataclasses
import importlib.util
import inspect
import json
import logging
import os
import re
import shutil
import socket
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np

from gym_loop import run_paths
from gym_loop.agents.base_agent import run_generator
from gym_loop.agents.signatures import accepted_keywords
from gym_loop.agents.reserved import check_passed
from gym_loop.errors import (GymLoopError, RunStopped, SpecError, Terminated, closest, describe, eval_call, exited,
                             failure_reason, from_cli, install_extra, new_run_call, of_gym_loop, one_line_failure,
                             quoted, raised_in, resume_call, run_failure)
from gym_loop.files import claimed, json_text, recorded, shown, timestamped, write_atomically
from gym_loop.lock import Locked
from gym_loop.loops.base_loop import BaseLoop, parameters_checked
from gym_loop.loops.summary import Summary
from gym_loop.loop_protocol import json_number, loop_state
from gym_loop.loops.wrappers import close_env, closed, restore_learned
from gym_loop.run import Run
from gym_loop.run_checkpoints import (POINTERS, STATE_FILE, FolderGone, damaged, drop_later, find_checkpoint,
                                      read_state)
from gym_loop.resolve import IN_MAIN_ONLY, module_str_to_class, validate_module_str
from gym_loop.provenance import MAIN_NO_SOURCE, class_digest, code_digests, code_record, registered
from gym_loop.path_checks import refuse_long_name
from gym_loop.run_folder import RunFolder, run_document, saved_by
from gym_loop.run_record import check_record
from gym_loop.schedule import Stop
from gym_loop.schedule.max_episodes import PLANNED
from gym_loop.schedule.on_signal import OnSignal, SigintSeen
from gym_loop.schedule.own import own_rules
from gym_loop.seeding import draw_seed, forget_torch_seed, run_seeds, seed_envs, seed_globals
from gym_loop.sinks.own import own_sinks
from gym_loop.resume import (check_classes, check_evaluation, check_seed, check_unchanged, code_changes, load_agent,
                             put_back, refuse_older, resumable_state, set_after_load, warn_sticky_actions)
from gym_loop.rules import ANY_MAPPING, SEED
from gym_loop.spec import (EnvSpec, RunSpec, check_trainable, check_value, check_writable, default_spec, env_spec,
                            import_env_modules, load_spec, paths_inside, run_spec, value_at)

__all__ = [
    "build_agent", "build_env", "build_loop", "build_policy", "eval_agent", "get_default_params",
    "module_str_to_class", "train_agent", "validate_module_str",
]

logger = logging.getLogger(__name__)

get_default_params = default_spec  # the original gym-loop's name of the default run spec of an agent and a loop


def train_agent(run_params: Union[Dict, RunSpec, None], progress: Optional[Callable] = None, name: str = "run",
                resume: Optional[Path] = None, run_dir: Optional[Path] = None, extra_rules: Sequence[Any] = (),
                sinks: Sequence[Any] = (), hparams: Optional[Dict[str, Any]] = None) -> Any:
    """Run training loop for run parameters, in a new run folder or, with ``resume``, an old one.

    Args:
        run_params: Dictionary from parsed configuration file, checked and completed first, or a :class:`RunSpec`.
        progress: Called with the running summary after every batch of episodes (see :class:`~gym_loop.run.Run`);
            its ``close()``, if it has one, when the episodes end.
        name: The new run folder is ``<runs_dir>/<name>-<timestamp>``: one folder name (no ``/``), not empty.
        resume: A run folder to continue from its latest checkpoint; ``run_params`` is then its ``spec.yaml``
            (None reads it; a null ``seed`` in ``run_params`` is the run's, as ``--resume`` keeps it).
        run_dir: Create the new run folder exactly here (it must not exist, or be empty); not with ``resume``.
        extra_rules: Schedule rules asked after every periodic evaluation (``after_evaluation``) and,
            if they have it, after every episode (``after_episode``); see :mod:`gym_loop.schedule`. Since
            ``after_episode`` may return ``EVALUATE``, a run given such a rule has an evaluation env.
        sinks: More sinks (:class:`~gym_loop.sinks.Sink`: your own logger, e.g. W&B or MLflow), given every
            episode and evaluation beside the run's own; a resumed run's first episode is the checkpoint's count.
        hparams: More keys of the run's TensorBoard HParams, beside its flattened spec and seed (``gym-loop sweep``
            gives each run ``sweep.config``, its config id; ``gym-loop tune`` ``tune.trial``, its trial number).

    Returns:
        Whatever the loop's ``train()`` returns: a :class:`~gym_loop.loops.summary.Summary` for loops on BaseLoop,
        with ``run_dir``, ``status`` and ``reason`` set as ``run.json`` has them.

    Raises:
        RunStopped: Ctrl-C or SIGTERM stopped training; the message says how to resume.
    """
    from gym_loop.sweeps.plan import check_name

    if resume is not None and run_dir is not None:
        raise SpecError("run_dir", "train_agent(resume=...) keeps the run's own folder; leave out run_dir")
    check_name(name if resume is None else None, "runs_dir", key="name")
    spec = _with_seed(_of_run(run_params, resume, "resume"))
    if resume is None:  # before its paths are placed in the run folder
        given = ("--run-dir" if from_cli() else "run_dir", run_dir) if run_dir is not None else ("runs_dir",
                                                                                                 spec.runs_dir)
        refuse_long_name(given[0], Path(given[1]))
    paths_inside(spec, resume or run_dir or Path(spec.runs_dir) / name)  # before any folder is made
    check_trainable(spec.agent.cls, spec.loop.cls, spec.loop.parameters)  # eval plays what train may refuse
    for section, component in (*spec.components(), ("env", spec.env)):  # before to_dict copies them: a list
        check_writable(component.parameters, f"{section}.parameters")  # holding itself would never end
    check_writable(spec.to_dict())  # spec.yaml must hold it: an object given from Python refused at its key
    extra_rules, sinks = own_rules(extra_rules), own_sinks(sinks)  # refused before any folder, in one line
    for warning in run_paths.shared_paths(spec):
        logger.warning("%s", warning)
    for section, component in spec.components():
        module_path, _, class_name = component.class_str.rpartition(":")
        if module_path == "__main__":  # trains here, but nothing else can load it
            logger.warning("%s.class: the run cannot be resumed or evaluated by another process: %s", section,
                           IN_MAIN_ONLY.format(name=class_name, key=f"{section}.class"))
            if class_digest(component.cls) is None:
                logger.warning(MAIN_NO_SOURCE.format(section=section, name=class_name))
    entry = getattr(registered(spec.env.name), "entry_point", None)
    entry = getattr(entry, "func", entry)  # functools.partial(MyEnv, ...): its function's module
    if (entry if isinstance(entry, str) else getattr(entry, "__module__", "")).partition(":")[0] == "__main__":
        logger.warning("env.name: %s is registered by this notebook or script (__main__), so no other process can "
                       "resume or evaluate the run; register it in a module of yours and list that in env.imports",
                       spec.env.name)
    try:
        folder, checkpoint, state = _open_run(spec, name, resume, run_dir)
    except KeyboardInterrupt as error:  # a resume's checks (episodes.csv read whole): the run is as it was
        if resume is None:
            raise  # the half-made folder was removed: nothing to say but the signal
        terminated = isinstance(error, Terminated)
        raise RunStopped(f"{'terminated' if terminated else 'interrupted'} before the resume began (the run is as "
                         f"it was); resume again with: {resume_call(resume)}", terminated) from error
    on_signal = OnSignal()  # entered once the loop is built: a signal before stops at once
    try:  # a KeyboardInterrupt the agent's code raised before training (its __init__, its load): a failure
        with SigintSeen("the run failed" if resume is None else "the run is as it was",
                        signalled=lambda: on_signal.received is not None):
            summary, stop = _train_in(folder, spec, progress, checkpoint, state, extra_rules, on_signal, sinks,
                                      hparams)
    except KeyboardInterrupt as error:
        terminated = isinstance(error, Terminated)
        if on_signal.received is not None:
            folder.finish("interrupted", f"stopped at once {on_signal.at_once}")
            raise _stopped(folder, spec, f"stopped at once{f' {on_signal.at_once}' if on_signal.replaced else ''}",
                           terminated) from error
        when = ("before the first episode" if _plays_episodes(spec.loop.cls)
                else f"during start-up or {spec.loop.cls.__name__}.train()")  # a loop that handles no signal
        what = f"{'terminated' if terminated else 'interrupted'} {when}"
        folder.finish("interrupted", what)
        raise _stopped(folder, spec, what, terminated, played=False) from error
    except BaseException as error:
        if isinstance(error, SpecError) and resume is None:  # the spec was wrong and nothing ran: leave no run behind
            what = folder.remove()
            if folder.announced:
                logger.info("%s %s: nothing ran", what, folder.path)
            raise
        if (moved := folder.moved()) is not None:  # the run folder moved away (mv) while training: where it is now
            raise _folder_lost(folder, spec, moved) from None  # one line: the checkpoint writer's FolderGone says less
        checkpoints = run_paths.loop_path(folder.absolute, spec.loop.parameters, "checkpoint_dir")
        resumable = (checkpoints / "latest").exists()
        if isinstance(error, FolderGone):  # the checkpoint folder alone (rm -r RUN/checkpoints): say the way on
            gone = error.__cause__ if isinstance(error.__cause__, FolderGone) else error  # not Run's way on in Python
            back = shown(checkpoints)
            then = f"start again with: {new_run_call(folder.spec_path)}"
            if resumable:
                then = f"resume with: {resume_call(folder.path)}"
            elif gone.moved_to is not None and (gone.moved_to / "latest").exists():
                then = (f"move it back (mv {quoted(shown(gone.moved_to))} {quoted(back)}), then resume with: "
                        f"{resume_call(folder.path)}")
            elif gone.moved_to is None:  # deleted, or moved where this run cannot tell
                then = (f"if it was moved, move it back to {quoted(back)}, then resume with: "
                        f"{resume_call(folder.path)}; else {then}")
            error = FolderGone(f"{gone}, and this run stopped; {then}")
            folder.finish("failed", str(error))
            raise error from None
        reason = failure_reason(error, folder.path)  # both before run.json grows: they name the same file
        replacement = run_failure(error, folder.path, resumable, begun=resume is None or folder.started)  # one line
        folder.finish("failed", reason)
        if replacement is not None:
            raise replacement from error
        raise
    if stop is not None and stop.status == "interrupted":
        folder.finish("interrupted", stop.reason)
        what = f"{stop.reason}{summary.of_planned()}"  # a signal's, "interrupted after 3 episodes" (of 10)
        if on_signal.received is None and not stop.reason.startswith(("interrupted after", "terminated after")):
            what = f"interrupted after {summary.episodes} episodes{summary.of_planned()} ({stop.reason})"  # a rule's
        raise _stopped(folder, spec, what, stop.reason.startswith("terminated "))
    if (moved := folder.moved()) is not None:  # deleted but for its checkpoints (an rm -r racing a checkpoint)
        raise _folder_lost(folder, spec, moved)
    status, reason = (stop.status, stop.reason) if stop is not None else ("finished", PLANNED)
    if reason != PLANNED:
        logger.info("%s", reason)
    folder.finish(status, reason)
    if isinstance(summary, Summary):  # where the run is and how it ended, as run.json says, for a Python caller
        summary.run_dir, summary.status, summary.reason = folder.absolute, status, reason  # right after a chdir
    if spec.loop.parameters.get("logdir", "") is None or not _plays_episodes(spec.loop.cls):  # no TensorBoard logs
        logger.info("results in %s", folder.path)
    else:  # its own logs: the run folder also holds eval --run's, with the same tags on the episode axis
        logger.info("results in %s; to see them: tensorboard --logdir %s", folder.path,
                    quoted(run_paths.loop_path(folder.path, spec.loop.parameters, "logdir")))
    if not from_cli():  # a signal in the run's last episode: a Python caller learns of it (gym-loop train exits 0)
        on_signal.pass_on()
    return summary


def eval_agent(run_params: Union[Dict, RunSpec, None], progress: Optional[Callable] = None,
               checkpoint: Optional[str] = None, run_dir: Optional[Path] = None, output: Optional[Path] = None,
               sinks: Sequence[Any] = ()) -> Any:
    """Run loop without updating agent.

    Args:
        run_params: Dictionary from parsed configuration file, checked and completed first, or a :class:`RunSpec`.
        progress: Called after every episode with the running summary; its ``close()``, if it has one, when the
            episodes end.
        checkpoint: What to load into the agent first: ``latest``, ``best`` (``latest``, with a warning,
            for a run that kept none), a checkpoint's name in the run (``agent-000010``) or a checkpoint
            folder; None evaluates the agent as built.
        run_dir: The run folder of ``run_params``: its paths and checkpoints are inside it. With it,
            ``run_params`` None is the run's ``spec.yaml`` and a null ``seed`` the run's (as ``eval --run``).
        output: Where the evaluation's logs, videos and summary go, instead of the run folder (or,
            without ``run_dir``, the working directory). See :mod:`gym_loop.run_paths`.
        sinks: More sinks (:class:`~gym_loop.sinks.Sink`), given every evaluation episode.

    Returns:
        Whatever the loop's ``evaluate()`` returns. A :class:`~gym_loop.loops.summary.Summary`
        is also written as JSON next to the evaluation's TensorBoard run, ``<eval_logdir>/<checkpoint>-<time>``.
    """
    spec = _with_seed(_of_run(run_params, run_dir, "run_dir"))
    checkpoint = os.fspath(checkpoint) if isinstance(checkpoint, os.PathLike) else checkpoint  # Path("best") too
    if checkpoint in POINTERS and run_dir is not None and not _plays_episodes(spec.loop.cls):
        raise GymLoopError(f"{run_dir} was trained by {spec.loop.cls.__name__}, a loop with its own train() (no "
                           "training_episodes()), which saves no checkpoints; evaluate a fresh agent with: "
                           f"{eval_call(run_dir)}")
    logger.info("evaluating with seed %d (--seed %d repeats it), on held-out episodes: none that training with "
                "that seed plays or evaluates", spec.seed, spec.seed)  # a drawn seed included
    folder = None
    if checkpoint is not None:
        checkpoints = run_paths.loop_path(run_dir, spec.loop.parameters, "checkpoint_dir")
        folder = find_checkpoint(checkpoints, checkpoint)
        if run_dir is not None:  # also a checkpoint given by name or path: another run's is refused
            RunFolder(run_dir).check(folder, given=None if checkpoint in POINTERS else checkpoint,
                                     directory=checkpoints, evaluating=True)
    code = code_digests(spec.components(), spec.env.modules)
    trained = load_spec(str(RunFolder(run_dir).spec_path)) if run_dir is not None else {}
    changes = code_changes(RunFolder(run_dir), spec, "evaluating", code) if run_dir is not None else {}
    for edited, text in changes.values():
        logger.warning("%s; the evaluation runs the new code" if edited else "%s", text)
    if run_dir is None and folder is not None:  # -c SPEC --checkpoint PATH: the env of the run that saved it
        trained = _spec_saving(folder)
    changed = _env_changes(trained, spec) if trained else {}  # a generalisation test: the summary says
    if folder is None:  # no agent of the run's to refuse another env for: only warned of
        _warn_env_changes(changed)
    spec = run_paths.placed_for_eval(spec, run_dir, output)  # every path final; a read-only run is evaluated elsewhere
    logs = Path(spec.loop.parameters.get("eval_logdir", "eval_logs")).expanduser()  # "eval_logs": loops without it
    made = not logs.exists()
    logdir = claimed(logs / timestamped(folder.name if folder else "agent"))  # its own, if two start in one second
    spec = run_paths.videos_apart(spec, logdir.name)  # each evaluation's videos in a folder of their own
    played: list = []  # the Run, whose running summary a signal leaves behind
    try:  # a KeyboardInterrupt of the agent's or the env's code, not a Ctrl-C: a failure (SigintSeen)
        with SigintSeen("nothing was evaluated"), _built(spec, evaluation=True) as loop:
            if folder is not None:
                _check_run_env(trained.get("env"), loop.env, changed)
                load_agent(loop.agent, folder, evaluating=True)
                if (folder / STATE_FILE).is_file():  # the env evaluated as the checkpoint's training env was
                    saved = read_state(folder, evaluating=True)
                    restore_learned(loop.env, loop_state(saved["run"].get("env_statistics")),
                                    f"checkpoint {folder.name}", frozen=True)
                    steps = saved["loop"].get("global_step") if isinstance(saved.get("loop"), dict) else None
                    if type(steps) is int and type(getattr(loop, "global_step", None)) is int:
                        loop.global_step = steps  # act(state, global_step) gets training's count, as periodically
            if not _plays_episodes(type(loop)):  # a loop with only train() and evaluate(), as the original allowed
                loop.progress = progress
                with one_line_failure(f"{type(loop).__name__}.evaluate() failed", own_loop=True):
                    return loop.evaluate()
            played.append(Run(loop, progress=progress, sinks=sinks))
            summary = played[0].evaluate(logdir)
    except SystemExit as error:  # sys.exit() in agent or env code: no evaluation, not a success
        raise exited(error, "evaluation", "nothing was evaluated") from error
    except KeyboardInterrupt as error:  # Ctrl-C or SIGTERM: the episodes played are summarised, or nothing is left
        running = getattr(played[0], "evaluation", None) if played else None
        raise _eval_stopped(error, running if running is not None and running.episodes else None, spec, folder, logdir)
    except OSError as error:  # a full disk, a file size limit: named by the file, else the evaluation's folder
        raise GymLoopError(describe(error, logdir)) from error
    except BaseException:  # refused before it began (the env, the agent, the checkpoint): no folder is left
        for empty in (logdir, logs) if made else (logdir,):
            with contextlib.suppress(OSError):
                empty.rmdir()
        raise
    path = _write_eval_summary(spec, folder, logdir, summary, code=code, env_parameters=spec.env.parameters,
                               **({"env_changed": changed} if changed else {}))
    logger.info("results in %s (summary: %s); to see them: tensorboard --logdir %s", logdir.parent, path.name,
                quoted(logdir.parent))
    if spec.loop.parameters.get("eval_record"):
        logger.info("videos in %s", spec.loop.parameters.get("eval_record_dir"))
    return summary


def _spec_saving(checkpoint: Path) -> Dict[str, Any]:
    """The spec.yaml of the run folder above ``checkpoint`` that saved it (by its run id); {} if none is found or
    it cannot be read: nothing to compare the env with."""
    run = saved_by(checkpoint)
    with contextlib.suppress(Exception):  # (a damaged spec.yaml: what the checkpoint can be evaluated on is unknown)
        return load_spec(str(RunFolder(run).spec_path)) if run is not None else {}
    return {}


def _env_changes(trained: Dict[str, Any], spec: RunSpec) -> Dict[str, List[Any]]:
    """The env keys whose value in ``spec`` is not the one in the run's spec.yaml (``trained``): key -> [the run's,
    ``spec``'s] (None: not given)."""
    env = trained.get("env") if isinstance(trained.get("env"), dict) else {}
    before, now = env.get("parameters") or {}, spec.env.parameters
    pairs = {"env.name": (env.get("name"), spec.env.name),
             **{f"env.parameters.{key}": (before.get(key), now.get(key)) for key in {**before, **now}}}
    return {key: [was, given] for key, (was, given) in pairs.items() if was != given}


def _check_run_env(trained: Dict[str, Any], env: Any, changed: Dict[str, List[Any]]) -> None:
    """Refuse ``env``, changed from the run's (``trained``, its spec.yaml's env section) as ``changed`` says, if its
    spaces are not laid out as those the run's agent was built for (shapes, dtypes, sizes; a Box's bounds may
    differ); else warn of each change.

    Raises:
        SpecError: At the changed key (``env.name`` first).
    """
    from gym_loop.loops.answers import shown as one_value

    if not changed:
        return
    run_spaces: Tuple[Any, ...] = ()
    with contextlib.suppress(Exception):  # the run's env cannot be made now (its module gone): no comparison
        with closed(build_env({"env": trained})) as made:
            run_spaces = made.observation_space, made.action_space
    for kind, was, now in zip(("observation", "action"), run_spaces, (env.observation_space, env.action_space)):
        if _layout(was) != _layout(now):
            key = "env.name" if "env.name" in changed else next(iter(changed)) if len(changed) == 1 else \
                "env.parameters"
            raise SpecError(key, f"this env's {kind} space {one_value(now)} is not the {one_value(was)} the "
                                 f"run trained on ({trained.get('name')}), which its agent was built for; evaluate "
                                 "on an env with the run's spaces, or train a run on this one")
    _warn_env_changes(changed)


def _warn_env_changes(changed: Dict[str, List[Any]]) -> None:
    for key, (before, now) in changed.items():
        logger.warning("%s: evaluating with %s, not %s the run trained with", key, _value_text(now),
                       _value_text(before, "the "))


def _value_text(value: Any, article: str = "") -> str:
    return "the env's default" if value is None else article + json.dumps(value, default=str)


def _layout(space: Any) -> Any:
    """What an agent built for ``space`` depends on: its kind, shape, dtype and size, part by part (not a Box's
    bounds)."""
    parts = getattr(space, "spaces", None)
    if isinstance(parts, dict):
        return {name: _layout(part) for name, part in parts.items()}
    if isinstance(parts, (list, tuple)):
        return [_layout(part) for part in parts]
    return (type(space).__name__, getattr(space, "shape", None), str(getattr(space, "dtype", None)),
            *(str(getattr(space, name, None)) for name in ("n", "nvec", "start")))


def _write_eval_summary(spec: RunSpec, checkpoint: Optional[Path], logdir: Path, summary: Any, **more: Any) -> Path:
    """Write ``summary-<logdir name>.json`` beside the evaluation's TensorBoard run; returns its path. Its paths are
    absolute, as ``checkpoint`` is: not relative to a working directory the file does not record."""
    path = logdir.with_name(f"summary-{logdir.name}.json")
    record = {"env": spec.env.name, "checkpoint": recorded(str(checkpoint)) if checkpoint else None, "seed": spec.seed,
              "episodes": summary.episodes, "logdir": recorded(str(logdir.resolve())), **more, **summary.statistics()}
    if spec.loop.parameters.get("eval_record"):
        record["videos"] = recorded(str(Path(spec.loop.parameters["eval_record_dir"]).expanduser().resolve()))
    write_atomically(path, json_text(record, indent=2, default=json_number) + "\n")
    return path


def _eval_stopped(error: KeyboardInterrupt, summary: Any, spec: RunSpec, checkpoint: Optional[Path],
                  logdir: Path) -> RunStopped:
    """The error for a signal during an evaluation: it names the summary of the episodes played, if any, or
    removes the evaluation's own folders (logs, videos), which then hold no episode."""
    terminated = isinstance(error, Terminated)
    word = "terminated" if terminated else "interrupted"
    if summary is None:
        shutil.rmtree(logdir, ignore_errors=True)
        videos = spec.loop.parameters.get("eval_record_dir")
        if spec.loop.parameters.get("eval_record") and isinstance(videos, str):
            shutil.rmtree(videos, ignore_errors=True)
        return RunStopped(f"{word} before the first evaluation episode ended; nothing was written", terminated)
    what = f"{word} after {summary.episodes} of {summary.planned} evaluation episodes"
    path = _write_eval_summary(spec, checkpoint, logdir, summary, interrupted=what, env_parameters=spec.env.parameters)
    return RunStopped(f"{what}; their summary: {path}", terminated)


def build_env(params: Union[Dict, RunSpec], evaluation: bool = False) -> Any:
    """Create gym env from run parameters: ``gymnasium.make(env.name, **env.parameters)`` once ``env.imports``
    are imported, ``rgb_array`` if the loop's ``record`` (``eval_record`` when ``evaluation``), ``human`` if its
    ``render``. Only the ``env`` section, those loop flags and ``seed`` are read.

    With a ``seed``, it seeds as a run does (docs/runs.rst, "Seeds"): Python's, NumPy's and (if imported)
    PyTorch's global generators, then the env (``reset(seed=seed)`` once; ``gym-loop eval``'s held-out seed
    when ``evaluation``) and its spaces; :func:`build_agent` gives the agent its derived ``rng``.

    Raises:
        SpecError: An import is missing, the env id is unknown, its parameters or the seed are refused.
    """
    seed = params.seed if isinstance(params, RunSpec) else params.get("seed")
    if seed is not None:
        check_value("seed", seed, SEED)
        seed_globals(seed)
    env = env_spec(params)  # checked before the loop's flags
    loop = params.loop.parameters if isinstance(params, RunSpec) else value_at(params, "loop.parameters") or {}
    check_value("loop.parameters", loop, ANY_MAPPING)
    prefix = "eval_" if evaluation else ""
    render_mode, flag = ("human", f"{prefix}render") if loop.get(prefix + "render") else (None, None)
    if loop.get(prefix + "record"):
        if importlib.util.find_spec("moviepy") is None:
            raise SpecError(f"loop.parameters.{prefix}record",
                            f"recording videos needs moviepy: {install_extra('video')}")
        render_mode, flag = "rgb_array", f"{prefix}record"
    env = _make_env(env, render_mode, flag)
    try:
        if seed is not None:
            seed_envs(seed, env, evaluation=evaluation)
    except BaseException:
        close_env(env)
        raise
    return env


def _make_env(spec: EnvSpec, render_mode: Optional[str], flag: Optional[str] = None) -> Any:
    """``gymnasium.make`` of ``spec`` with ``render_mode``, which the loop parameter ``flag`` asked for."""
    import gymnasium

    import_env_modules(spec.modules)
    kwargs = dict(spec.parameters, render_mode=render_mode) if render_mode else spec.parameters
    headless = render_mode == "rgb_array" and _headless()
    if headless:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # pygame draws off-screen; SDL's own choice prints a stray
        # "error: XDG_RUNTIME_DIR is invalid or not set" on a headless machine (human rendering is refused there)
    creator = None
    with contextlib.suppress(Exception):  # an env class's own modes, checked before gymnasium.make warns about them
        creator = gymnasium.spec(spec.name.rpartition(":")[2]).entry_point
        creator = gymnasium.envs.registration.load_env_creator(creator) if isinstance(creator, str) else creator
    if isinstance(creator, type):
        _check_render_mode(spec.name, getattr(creator, "metadata", None), render_mode, flag)
    try:
        env = gymnasium.make(spec.name, **kwargs)
    except gymnasium.error.DependencyNotInstalled as error:
        raise GymLoopError(f"env {spec.name}: {error}") from error
    except gymnasium.error.Error as error:
        raise SpecError("env.name", str(error)) from error
    except TypeError as error:
        if "seed" in spec.parameters and "'seed'" in str(error):  # the original gym-loop's way: env.seed(seed)
            raise SpecError("env.parameters.seed", f"{spec.name} takes no seed argument; the run's seed is the spec's "
                                                   "top-level seed, which seeds the env, the agent and NumPy: move it "
                                                   f"there (seed: {spec.parameters['seed']}, or --seed)") from error
        if flag and "render_mode" in str(error):  # the loop's flag added it, not env.parameters
            raise SpecError(f"loop.parameters.{flag}", f"{spec.name} takes no render_mode argument, which {flag} "
                            f"needs ({render_mode!r}); set {flag}: false, or give the env's constructor a render_mode "
                            "argument") from error
        raise _unknown_argument(spec, error) or SpecError("env.parameters", str(error)) from error
    except (ValueError, KeyError) as error:
        if not spec.parameters:  # the env's own failure, with its defaults
            raise GymLoopError(f"env {spec.name}: gymnasium.make failed: {type(error).__name__}: {error}") from error
        raise SpecError("env.parameters", f"gymnasium.make({spec.name}) refused them: {type(error).__name__}: "
                                          f"{error}; fix the value") from error
    except Exception as error:
        raise GymLoopError(f"env {spec.name}: gymnasium.make failed: {type(error).__name__}: {error}") from error
    try:
        _check_render_mode(spec.name, env.metadata, render_mode, flag)
        # MuJoCo's default OpenGL (GLFW) needs a display; MUJOCO_GL=egl renders without one.
        if headless and not os.environ.get("MUJOCO_GL") and hasattr(env.unwrapped, "mujoco_renderer"):
            raise GymLoopError(f"env {spec.name}: recording a MuJoCo env needs OpenGL, and this machine has no "
                               "display; set MUJOCO_GL=egl (or MUJOCO_GL=osmesa) and run again")
    except GymLoopError:
        close_env(env)
        raise
    return env


def _headless() -> bool:
    """Whether this is a Linux machine with no display to draw on: DISPLAY and WAYLAND_DISPLAY unset, or a DISPLAY
    where no X server answers (a stale ``ssh -X``, a closed VNC)."""
    if not sys.platform.startswith("linux") or os.environ.get("WAYLAND_DISPLAY"):
        return False
    display = os.environ.get("DISPLAY")
    return not display or not x_server_answers(display)


def x_server_answers(display: str) -> bool:
    """Whether an X server answers at ``display`` (``:0``, ``localhost:10.0``); True for a form not known here."""
    host, _, screen = display.rpartition(":")
    number = screen.split(".")[0]
    if not number.isdigit():
        return True
    if host in ("", "unix"):
        for address in (f"/tmp/.X11-unix/X{number}", f"\0/tmp/.X11-unix/X{number}"):  # its file, or Linux's abstract
            with socket.socket(socket.AF_UNIX) as connection, contextlib.suppress(OSError):
                connection.settimeout(1)
                connection.connect(address)
                return True
        return False
    try:
        socket.create_connection((host, 6000 + int(number)), timeout=1).close()
    except OSError:
        return False
    return True


def _unknown_argument(spec: EnvSpec, error: TypeError) -> Optional[SpecError]:
    """The refusal of an env parameter that the env's entry point does not take, at its key, with the names it takes
    (the closest first, if one is close); for an entry point that takes ``**kwargs`` and makes another env id with
    them (docs/spec.rst, Wrappers), its own named arguments, then the names that id's entry point takes; for a
    parameter it sets itself ("got multiple values"), its own; None if the error names none, or the entry point
    takes ``**kwargs`` otherwise."""
    import gymnasium
    from gymnasium.envs.registration import load_env_creator

    def parameters_of(env_id: str) -> Dict[str, inspect.Parameter]:
        creator = gymnasium.spec(env_id).entry_point
        return dict(inspect.signature(load_env_creator(creator) if isinstance(creator, str) else creator).parameters)

    def takes_any(parameters: Dict[str, inspect.Parameter]) -> bool:
        return any(parameter.kind == parameter.VAR_KEYWORD for parameter in parameters.values())

    def named(parameters: Dict[str, inspect.Parameter]) -> List[str]:  # render_mode: the loop's parameters set it
        return [name for name, parameter in parameters.items()
                if parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD) and name != "render_mode"]

    found = re.search(r"(unexpected|multiple values for) keyword argument '(\w+)'", str(error))
    if found is None or found.group(2) not in spec.parameters:
        return None
    key = found.group(2)
    # Gymnasium names each creator the error came through, the innermost first
    inner = (re.findall(r"environment creator for (\S+) with kwargs", str(error)) or [spec.name])[0]
    try:
        own = parameters = parameters_of(spec.name)
        through = ""
        if takes_any(own) and inner != spec.name:  # its own named arguments first, then those it passes on
            parameters = {**{name: own[name] for name in named(own)}, **parameters_of(inner)}
            through = f" (through {inner})"
    except Exception:  # noqa: BLE001 (any failure: Gymnasium's own sentence)
        return None
    if found.group(1) != "unexpected":  # a function that makes another env with a keyword of its own and **kwargs
        rest = ", and passes the rest on" if takes_any(own) else ""
        takes = ", ".join(named(own)) or "none"
        return SpecError(f"env.parameters.{key}", f"{spec.name} sets {key} itself (its entry point passes a value "
                                                  f"of its own on); remove it (it takes {takes}{rest})")
    if takes_any(parameters):
        return None
    names = named(parameters)
    close = closest(key, names)
    hint = f"; did you mean '{close}'?" if close else "; remove it or fix its name"
    return SpecError(f"env.parameters.{key}", f"{spec.name}{through} takes no such argument{hint} "
                                              f"(it takes {', '.join(names) or 'none'})")


def _check_render_mode(name: str, metadata: Any, render_mode: Optional[str], flag: Optional[str]) -> None:
    """Refuse the ``render_mode`` that the loop parameter ``flag`` asks for if the env's ``metadata`` lists other
    render modes (an env listing none is left to fail as it does)."""
    modes = (metadata if isinstance(metadata, dict) else {}).get("render_modes") or []
    if flag and modes and render_mode not in modes:
        raise SpecError(f"loop.parameters.{flag}", f"{name} cannot render {render_mode} frames (its metadata "
                        f"render_modes are {list(modes)}); set {flag}: false, or give the env the render mode "
                        f"{render_mode!r}")


def build_policy(params: Union[Dict, RunSpec], env: Any) -> Optional[Any]:
    """Create the policy of the spec's ``policy`` section, or else of the agent's default (None if neither has one)."""
    policy = run_spec(params).policy
    if policy is None:
        return None
    return _construct("policy", policy.cls, policy.parameters,
                      observation_space=env.observation_space, action_space=env.action_space)


def build_agent(params: Union[Dict, RunSpec], policy: Optional[Any], env: Any,
                rng: Optional[np.random.Generator] = None) -> Any:
    """Create agent from run parameters.

    The agent gets ``agent.parameters`` and, where its constructor takes them,
    ``observation_space``, ``action_space``, ``policy`` and ``rng`` (the run's seeded generator: given, or
    derived from the spec's ``seed`` as a run derives it; without either, an unseeded one). A ``policy`` of None
    is the spec's, as :func:`build_policy` builds it (the agent's ``get_default_policy()`` when the spec has no
    ``policy`` section, as the original gym-loop's build_agent built it): None only with ``policy: null`` or no
    default policy.
    """
    spec = run_spec(params)
    agent = spec.agent
    if policy is None and spec.policy is not None:
        policy = build_policy(spec, env)
    if rng is None and spec.seed is not None:  # the run's derived generator, as train_agent gives it
        rng = np.random.default_rng(run_seeds(spec.seed)[0])
    context = {"rng": rng} if rng is not None else {}
    with run_generator(agent.cls, rng) if rng is not None else contextlib.nullcontext():
        return _construct("agent", agent.cls, agent.parameters, policy=policy,
                          observation_space=env.observation_space, action_space=env.action_space, **context)


def build_loop(params: Union[Dict, RunSpec], agent: Any, policy: Optional[Any], env: Any,
               eval_env: Optional[Any] = None) -> Any:
    """Create loop from run parameters: ``Loop(agent=, env=, **loop.parameters)``.

    A ``policy`` of None is the agent's (``agent.policy``: what :func:`build_agent` gave it when it was given none).
    ``eval_env`` (an env for periodic evaluation) and the spec's ``seed`` are passed too when the loop's
    constructor names them, ``policy`` also when it takes ``**params`` (as the original passed it to every loop;
    :class:`~gym_loop.loops.base_loop.BaseLoop` keeps it as ``self.policy``); a loop whose constructor does not
    take ``eval_env``, ``policy`` or ``seed`` gets it as that attribute after construction (unless it set one
    itself), as docs/loops.rst says; so does one that takes ``eval_env`` and keeps it under another name.
    With a seed, the loop counts as seeded (``seeded``): :func:`build_env` seeded the run before the agent
    was built, and ``loop.train()`` must not seed it again.
    """
    spec = run_spec(params)
    if policy is None:  # the one build_agent gave the agent (the spec's, or the agent's default), or its own
        try:
            policy = getattr(agent, "policy", None)
        except Exception as error:  # noqa: BLE001 (its __getattr__ raising KeyError: one line)
            from gym_loop.agents.signatures import getattr_problem

            raise GymLoopError(getattr_problem(type(agent).__name__, "policy", error)) from error
    accepted = dict(inspect.signature(spec.loop.cls).parameters)
    if any(parameter.kind == parameter.VAR_KEYWORD for parameter in accepted.values()):
        accepted.setdefault("policy", None)
    context = {"policy": policy, "eval_env": eval_env, "seed": spec.seed}
    parameters = {**spec.loop.parameters, **{name: value for name, value in context.items() if name in accepted}}
    name = getattr(spec.loop.cls, "__name__", spec.loop.cls)
    with parameters_checked(), one_line_failure(f"constructing the loop {name} failed"):  # run_spec checked them
        loop = spec.loop.cls(agent=agent, env=env, **parameters)
    if not hasattr(loop, "eval_env") or ("eval_env" not in accepted and loop.eval_env is None):
        loop.eval_env = eval_env  # periodic evaluations must not play (and so change) the training env; one kept
        # under another name is also the attribute the run seeds, saves, freezes and checks
    if "policy" not in accepted and getattr(loop, "policy", None) is None:
        loop.policy = policy  # as the original's loops had it: self.policy.save(...)
    if "seed" not in accepted and getattr(loop, "seed", None) is None:
        loop.seed = spec.seed  # a subclass's __init__(agent, env, **params) passes none on: seed_each_episode's
    if spec.seed is not None and hasattr(loop, "seeded"):
        loop.seeded = True  # build_env (or the run) seeded it before the agent was built: not again in train()
    return loop


@contextlib.contextmanager
def _built(spec: RunSpec, evaluation: bool, evaluates: bool = False) -> Iterator[Any]:
    """Seed, then build the env(s), policy, agent and loop of ``spec``, its paths final; the periodic evaluation
    env too if ``evaluates`` (training's, see :func:`_evaluates`; never for ``evaluation``)."""
    with contextlib.ExitStack() as envs:
        envs.callback(forget_torch_seed)  # the run's seed is not a later import's
        env = envs.enter_context(closed(build_env(spec, evaluation=evaluation)))  # seeds the globals too
        eval_env = None
        if evaluates:
            eval_env = envs.enter_context(closed(_make_env(spec.env, render_mode=None)))
            seed_envs(spec.seed, eval_env=eval_env)
        policy = build_policy(spec, env)
        agent = build_agent(spec, policy, env)  # the agent's rng derived from the seed
        yield build_loop(spec, agent, policy, env, eval_env=eval_env)


def _open_run(spec: RunSpec, name: str, resume: Optional[Path],
              run_dir: Optional[Path]) -> Tuple[RunFolder, Optional[Path], Optional[Dict]]:
    """A new run folder; or the one to resume, with its latest checkpoint and the state saved in it."""
    if resume is None:
        run = RunFolder.create_at(Path(run_dir)) if run_dir else RunFolder.create(Path(spec.runs_dir), name)
        try:
            run.lock()  # exit 3 if another process took the same --run-dir
            run.write_spec(spec.to_dict())
            run.start(spec.seed, *code_record(spec.components(), spec.env.modules, spec.env.name))
        except Locked:  # that process's folder, as it is
            raise
        except BaseException:  # a file system without flock, a full disk before the run began: leave no half-made
            run.remove()  # folder
            raise
        return run, None, None
    if problem := RunFolder.problem(resume):
        raise SpecError("resume", problem)
    if not _plays_episodes(spec.loop.cls):  # before looking for a checkpoint, which such a loop does not save
        raise GymLoopError(f"{spec.loop.cls.__name__} cannot resume: it does not implement training_episodes() "
                           f"of gym_loop.loops.BaseLoop; start again with: {new_run_call(Path(resume) / 'spec.yaml')}")
    run = RunFolder(resume)
    run.lock()  # one writer per run folder: exit 3 if the run is training or being resumed elsewhere
    try:
        saved = load_spec(str(run.spec_path))
        refuse_older(saved, run)  # an older gym-loop's run (loop.pkl) cannot resume, whatever the spec now
        check_unchanged(saved, spec, run)  # checkpoint_dir included: before looking for the checkpoint in it
        checkpoints = run_paths.loop_path(run.path, spec.loop.parameters, "checkpoint_dir")
        run.remove_leftovers(checkpoints)  # .saving-* of a run killed mid-checkpoint
        checkpoint = find_checkpoint(checkpoints, "latest")
        run.check(checkpoint, directory=checkpoints)
        state = resumable_state(saved, spec, run, checkpoint)
        check_evaluation(saved, spec, state)
        check_record(paths_inside(spec, run.path).loop.parameters, state, run.path, checkpoint)
    except BaseException:  # the run stays as it was, for another try
        run.unlock()
        raise
    return run, checkpoint, state


def _train_in(run: RunFolder, spec: RunSpec, progress: Optional[Callable], checkpoint: Optional[Path],
              state: Optional[Dict], extra_rules: Sequence[Any], on_signal: OnSignal,
              sinks: Sequence[Any] = (), hparams: Optional[Dict[str, Any]] = None) -> Tuple[Any, Optional[Stop]]:
    """Train, continuing from ``checkpoint`` if given; returns the summary and the rule's stop, if any."""
    with _built(paths_inside(spec, run.path), evaluation=False, evaluates=_evaluates(spec, extra_rules, state)) as loop:
        run.announce(spec.seed)  # once the spec built: a spec error before removes the folder unseen
        run.claim(run_paths.loop_path(run.path, spec.loop.parameters, "checkpoint_dir"))
        if not _plays_episodes(type(loop)):  # never a resume (_open_run refuses it)
            if sinks:
                logger.warning("%s has its own train() and no training_episodes(): the sinks given to train_agent "
                               "get nothing", type(loop).__name__)
            if extra_rules:
                logger.warning("%s has its own train() and no training_episodes(): the rules given to train_agent "
                               "are never asked", type(loop).__name__)
            loop.progress = progress
            # a loop of the original's kind
            with one_line_failure(f"{type(loop).__name__}.train() failed", own_loop=True):
                return loop.train(), Stop("finished", f"{type(loop).__name__}.train() returned")
        saved = None if checkpoint is None else load_spec(str(run.spec_path))  # the run's spec before this resume
        if checkpoint is not None:
            load_agent(loop.agent, checkpoint, evaluating=False, run=run, spec=spec)
            set_after_load(loop.agent, saved, spec, checkpoint)
            warn_sticky_actions(loop, spec.env.name)
        try:  # restores the checkpoint's state (generators, loop): a mismatch fails before the resume is recorded
            trainer = Run(loop, progress=progress, rules=[*extra_rules, on_signal], sinks=sinks, state=state,
                          hparams=_hparams(spec, hparams))
        except SpecError:  # VectorLoop's make_vec refusing a loop parameter: as it is
            raise
        except GymLoopError as error:
            refusal = None if checkpoint is None else put_back(error, saved, spec.to_dict())
            if refusal is not None:
                raise refusal from error
            # gym-loop's own loop missing a key of its state.json: the file is damaged
            if isinstance(error.__cause__, KeyError) and ".restore() failed" in str(error) and of_gym_loop(loop):
                raise GymLoopError(f"{error}; {damaged(checkpoint, evaluating=False)}") from error.__cause__
            raise
        if checkpoint is not None:  # the resumed run is recorded once it is built: a failure leaves it as it was
            code, files, packages = code_record(spec.components(), spec.env.modules, spec.env.name)
            for edited, text in code_changes(run, spec, "resuming with", code).values():
                logger.warning("%s; the episodes before this resume came from %s", text,
                               "the old code" if edited else "that one")
            run.resume(checkpoint, spec.to_dict(), code, files, packages)
            drop_later(run_paths.loop_path(run.path, spec.loop.parameters, "checkpoint_dir"), checkpoint,
                       state["run"].get("best_eval_return"))
        trainer.commit = (run.git or {}).get("commit")  # as run.json has it: git is asked once per start
        with on_signal:
            summary = trainer.train()
        return summary, trainer.stop


def _evaluates(spec: RunSpec, extra_rules: Sequence[Any], state: Optional[Dict]) -> bool:
    """Whether the run gets a periodic evaluation env: with ``episodes_per_eval``, or a given rule with
    ``after_episode`` (it may return ``EVALUATE``); a resumed run as its checkpoint records (it holds that env's
    generators), or, from a gym-loop before that record, as its ``episodes_per_eval``."""
    recorded = (state or {}).get("run", {}).get("eval_env")
    if recorded is not None:
        return bool(recorded)
    asks = state is None and any(hasattr(rule, "after_episode") for rule in extra_rules)
    return asks or bool(spec.loop.parameters.get("episodes_per_eval"))


def _plays_episodes(loop_class: type) -> bool:
    """Whether ``loop_class`` implements the loop protocol (else it only has ``train`` and ``evaluate``)."""
    return issubclass(loop_class, BaseLoop) and loop_class.training_episodes is not BaseLoop.training_episodes


def _hparams(spec: RunSpec, more: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The spec flattened to leaf keys (``section.parameters.name``, ``env.parameters.name``, a nested dict's
    ``agent.parameters.opt.lr``) with scalar values (a list, an empty dict or null as JSON text), and the seed, for
    TensorBoard's HParams dashboard; then the keys ``more`` adds (train_agent's ``hparams``), flattened alike."""
    flat: Dict[str, Any] = {"seed": spec.seed, "env.name": spec.env.name}

    def leaves(prefix: str, value: Any) -> None:
        if isinstance(value, dict) and value:
            for key, item in value.items():
                leaves(f"{prefix}.{key}", item)
        else:
            scalar = isinstance(value, (bool, int, float, str))  # null as text: HParams leave None out
            flat[prefix] = value if scalar else json.dumps(value, default=str)

    for section, component in spec.components():
        flat[f"{section}.class"] = component.class_str
        for key, value in component.parameters.items():
            leaves(f"{section}.parameters.{key}", value)
    for key, value in spec.env.parameters.items():
        leaves(f"env.parameters.{key}", value)
    for key, value in (more or {}).items():
        leaves(str(key), value)
    return flat


def _folder_lost(run: RunFolder, spec: RunSpec, moved: str) -> GymLoopError:
    """The failure of a run whose folder was ``moved`` or deleted while training, recorded where it is now if known."""
    failure = GymLoopError(f"{moved}; if it was moved, resume it where it is: {resume_call('NEW_PATH')}"
                           if run.gone else str(_stopped(run, spec, moved, False)))
    run.finish("failed", str(failure))
    return failure


def _stopped(run: RunFolder, spec: RunSpec, what: str, terminated: bool, played: bool = True) -> RunStopped:
    """The error saying how training stopped (``what``) and how to go on: resume from a checkpoint, or start again."""
    if (run_paths.loop_path(run.absolute, spec.loop.parameters, "checkpoint_dir") / "latest").exists():
        return RunStopped(f"{what}; resume with: {resume_call(run.path)}", terminated)
    before = ", before the first checkpoint" if played else ""
    return RunStopped(f"{what}{before}; start again with: {new_run_call(run.spec_path)}", terminated)


def _of_run(run_params: Union[Dict, RunSpec, None], folder: Optional[Path], key: str) -> RunSpec:
    """``run_params`` checked; with the run ``folder`` they belong to, None is its spec.yaml, a null seed its
    seed, and a relative ``file.py:Class`` the run's own file, as ``--resume`` and ``eval --run`` take them."""
    if folder is None:
        return run_spec(run_params)
    folder, saved = Path(folder), RunFolder(Path(folder)).spec_path
    if problem := RunFolder.problem(folder):  # None: its spec.yaml and run.json are whole
        raise SpecError(key, problem)
    if run_params is None:
        run_params = load_spec(str(saved))
    if key == "resume":
        check_classes(folder, run_params)  # before its parameters are checked against another class
    given = run_document(folder, run_params) if isinstance(run_params, dict) else run_params
    spec = run_spec(given, new=False)  # a run folder's: resumed and evaluated as it was trained
    document = check_seed(load_spec(str(saved)), folder)
    if spec.seed is None and isinstance(document, dict) and isinstance(document.get("seed"), int):
        return dataclasses.replace(spec, seed=document["seed"])
    return spec


def _with_seed(spec: RunSpec) -> RunSpec:
    """The spec with the seed it runs with: its own, or a fresh one to record."""
    return spec if spec.seed is not None else dataclasses.replace(spec, seed=draw_seed())


def _construct(component: str, component_class: type, parameters: Dict, **context: Any) -> Any:
    """``component_class(**parameters)`` plus the ``context`` entries its constructor accepts."""
    accepted = {name: context[name] for name in accepted_keywords(component_class, context)}
    check_passed(component, parameters, accepted)  # a parameter "policy" would be replaced by the policy
    name = getattr(component_class, "__name__", component_class)
    try:
        with one_line_failure(f"constructing the {component} {name} failed"):
            return component_class(**{**parameters, **accepted})
    except (SystemExit, KeyboardInterrupt) as error:  # told naming it (errors.exited, SigintSeen)
        raised_in(error, f"{name}.__init__", "")
        raise
