"""Main module: build the env, policy, agent and loop of a run spec, and run them."""

import contextlib
import importlib.util
import inspect
import json
import logging
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, Optional, Sequence, Tuple

import numpy as np

from gym_loop import DEFAULT_AGENT, DEFAULT_LOOP, eval_output, faults, run_endings, run_identity, run_paths
from gym_loop.agents.protocol import accepted_keywords, bind_agent
from gym_loop.errors import GymLoopError, RunStopped, SpecError, Terminated
from gym_loop.files import numbered, write_atomically
from gym_loop.interrupts import GracefulStop
from gym_loop.leftovers import remove_leftovers
from gym_loop.loops.checkpoints import AGENT_FILE, LINKS, find_checkpoint, read_loop_state
from gym_loop.loops.summary import Summary
from gym_loop.resolve import module_str_to_class, validate_module_str
from gym_loop.run_folder import RunFolder
from gym_loop.seeding import Seeds, draw_seed, seed_env, seed_globals
from gym_loop.spec import agent_default_policy, default_spec, import_env_modules, paths_inside, resolve_spec

__all__ = [
    "build_agent", "build_env", "build_loop", "build_policy", "eval_agent", "get_default_params",
    "module_str_to_class", "train_agent", "validate_module_str",
]

logger = logging.getLogger(__name__)


def train_agent(run_params: Dict, progress: Optional[Callable] = None, name: str = "run",
                resume: Optional[Path] = None, run_dir: Optional[Path] = None, extra_rules: Sequence[Any] = ()) -> Any:
    """Run training loop for run parameters, in a new run folder or, with ``resume``, an old one.

    Args:
        run_params: Dictionary from parsed configuration file; checked and completed first.
        progress: Called by the loop after every episode (VectorLoop: every group of episodes)
            with its running summary.
        name: The new run folder is ``<runs_dir>/<name>-<timestamp>``.
        resume: A run folder to continue from its latest checkpoint; ``run_params`` is then
            its ``spec.yaml``, with any overrides.
        run_dir: Make the new run folder exactly here (it must not exist, or be empty) instead
            of under ``runs_dir``; for drivers of many runs, such as sweeps.
        extra_rules: Schedule rules asked after every periodic evaluation (see :mod:`gym_loop.schedule`).

    Returns:
        Whatever the loop's ``train()`` returns (a :class:`~gym_loop.loops.summary.Summary`
        for ``DefaultLoop``).

    Raises:
        RunStopped: Ctrl-C or SIGTERM stopped training; the message says how to resume.
    """
    spec = _with_seed(resolve_spec(run_params))
    run_paths.check_spec(spec, resume or run_dir or Path(spec["runs_dir"]) / name)  # before any folder is made
    run, checkpoint, state = _open_run(spec, name, resume, run_dir)
    logger.info("run folder: %s (seed %d)", run.path, spec["seed"])
    try:
        summary, signal_name, status = _train_in(run, spec, progress, checkpoint, state, extra_rules)
    except KeyboardInterrupt as error:
        run.finish("interrupted", "stopped at once by a second signal")
        raise _stopped(run, spec, "stopped at once", isinstance(error, Terminated)) from error
    except SpecError:
        if resume is None:
            run.remove()  # the spec was wrong and nothing ran: leave no run behind
        raise
    except BaseException as error:
        run.finish("failed", f"{type(error).__name__}: {error}")
        replacement = faults.for_run(error, run.path)  # a full disk, sys.exit(0) in the agent...: one line
        if replacement is not None:
            raise replacement from error
        raise
    signal_name = run_endings.signal_that_cut(summary, spec, signal_name)  # None if it came after the last episode
    if signal_name:
        run.finish("interrupted", f"{signal_name} after episode {summary.episodes}")
        raise _stopped(run, spec, f"{signal_name} after episode {summary.episodes} of {summary.planned}",
                       signal_name == "terminated")
    reason = getattr(summary, "stop_reason", None)
    if reason:
        logger.info("%s", reason)
    run.finish(status, reason or "ran every planned episode")
    return summary


def eval_agent(run_params: Dict, progress: Optional[Callable] = None, checkpoint: Optional[str] = None,
               run_dir: Optional[Path] = None, output: Optional[Path] = None) -> Any:
    """Run loop without updating agent.

    Args:
        run_params: Dictionary from parsed configuration file; checked and completed first.
        progress: Called by the loop after every episode with its running summary.
        checkpoint: ``latest``, ``best`` or a checkpoint folder to load into the agent first;
            None evaluates the agent as built.
        run_dir: The run folder of ``run_params``: its paths and checkpoints are inside it.
        output: Where the evaluation's logs, videos and summary go, instead of the run folder (or,
            without ``run_dir``, the working directory). See :mod:`gym_loop.eval_output`.

    Returns:
        Whatever the loop's ``evaluate()`` returns. A :class:`~gym_loop.loops.summary.Summary`
        is also written as JSON next to the evaluation logs.
    """
    spec = _with_seed(resolve_spec(run_params))
    folder = None if checkpoint is None else find_checkpoint(_checkpoint_dir(spec, run_dir), checkpoint)
    if folder is not None and run_dir is not None and checkpoint in LINKS:  # --checkpoint PATH: the user's choice
        run_identity.check(folder, RunFolder(run_dir).record().get("id"), run_dir)
    spec, run_dir = eval_output.placed(spec, run_dir, output), None  # a read-only run is evaluated elsewhere
    with _built(spec, run_dir, evaluation=True) as loop:
        if folder is not None:
            _load_agent(loop.agent, folder)
        loop.progress = progress
        summary = loop.evaluate()
    if isinstance(summary, Summary):
        _write_evaluation(spec, run_dir, folder, summary)
    return summary


def build_env(params: Dict, evaluation: bool = False) -> Any:
    """Create gym env from run parameters.

    Imports ``env.imports`` (packages that register envs), then calls ``gymnasium.make`` with
    ``env.name`` and ``env.parameters``. The render mode follows the loop's ``record``/``render``
    (``eval_record``/``eval_render`` when ``evaluation``): ``rgb_array`` to record, ``human`` to render.

    Raises:
        SpecError: An import is missing, the env id is unknown, or its parameters are refused.
    """
    return _make_env(params, _render_mode(params.get("loop", {}).get("parameters") or {}, evaluation))


def _make_env(params: Dict, render_mode: Optional[str]) -> Any:
    import gymnasium

    env_spec = params["env"]
    import_env_modules(env_spec.get("imports") or [])
    kwargs = dict(env_spec.get("parameters") or {})
    if render_mode:
        kwargs["render_mode"] = render_mode
    try:
        return gymnasium.make(env_spec["name"], **kwargs)
    except gymnasium.error.DependencyNotInstalled as error:
        raise GymLoopError(f"env {env_spec['name']}: {error}") from error
    except gymnasium.error.Error as error:
        raise SpecError("env.name", str(error)) from error
    except TypeError as error:
        raise SpecError("env.parameters", str(error)) from error


def build_policy(params: Dict, env: Any) -> Optional[Any]:
    """Create the policy of the spec's ``policy`` section, or else of the agent's default.

    Returns:
        The policy, or None when there is none.
    """
    if "policy" in params:
        policy_spec = params["policy"]
    else:
        policy_spec = agent_default_policy(module_str_to_class(params["agent"]["class"]))
    if policy_spec is None:
        return None
    policy_class = module_str_to_class(policy_spec["class"])
    return _construct(policy_class, policy_spec.get("parameters"),
                      observation_space=env.observation_space, action_space=env.action_space)


def build_agent(params: Dict, policy: Optional[Any], env: Any, rng: Optional[np.random.Generator] = None) -> Any:
    """Create agent from run parameters.

    The agent gets ``agent.parameters`` and, where its constructor takes them,
    ``observation_space``, ``action_space``, ``policy`` and ``rng`` (the run's seeded generator).
    """
    agent_class = module_str_to_class(params["agent"]["class"])
    context = {"rng": rng} if rng is not None else {}
    return _construct(agent_class, params["agent"].get("parameters"), policy=policy,
                      observation_space=env.observation_space, action_space=env.action_space, **context)


def build_loop(params: Dict, agent: Any, policy: Optional[Any], env: Any, eval_env: Optional[Any] = None) -> Any:
    """Create loop from run parameters: ``Loop(agent=, env=, **loop.parameters)``.

    ``policy`` and ``eval_env`` (an env for periodic evaluation) are passed too when the loop's
    constructor names them.
    """
    loop_spec = params.get("loop") or {}
    loop_class = module_str_to_class(loop_spec.get("class", DEFAULT_LOOP))
    parameters = dict(loop_spec.get("parameters") or {})
    accepted = inspect.signature(loop_class).parameters
    for name, value in (("policy", policy), ("eval_env", eval_env)):
        if name in accepted:
            parameters[name] = value
    return loop_class(agent=agent, env=env, **parameters)


def get_default_params(agent_str: str = DEFAULT_AGENT, loop_str: str = DEFAULT_LOOP) -> Dict:
    """Build a dict with default run spec for the agent.

    Args:
        agent_str: agent class string, ``package.module:Class`` or ``agent_filepath.py:Class``.
        loop_str: loop class string, ``package.module:Class`` or ``loop_filepath.py:Class``.

    Returns:
        dict: default run spec dict.
    """
    return default_spec(agent_str, loop_str)


@contextlib.contextmanager
def _built(spec: Dict, run_dir: Optional[Path], evaluation: bool) -> Iterator[Any]:
    """Seed, then build the env(s), policy, agent and loop, with the spec's paths inside ``run_dir``."""
    seeds = Seeds.derive(spec["seed"])
    seed_globals(seeds.run)
    if run_dir is not None:
        spec = paths_inside(spec, run_dir)
    with contextlib.ExitStack() as envs:
        env = envs.enter_context(contextlib.closing(build_env(spec, evaluation=evaluation)))
        seed_env(env, seeds.eval_env if evaluation else seeds.run)
        eval_env = None
        if not evaluation and spec["loop"]["parameters"].get("episodes_per_eval"):
            eval_env = envs.enter_context(contextlib.closing(_make_env(spec, render_mode=None)))
            seed_env(eval_env, seeds.eval_env)
        policy = build_policy(spec, env)
        agent = build_agent(spec, policy, env, rng=np.random.default_rng(seeds.agent))
        yield build_loop(spec, agent, policy, env, eval_env=eval_env)


def _open_run(spec: Dict, name: str, resume: Optional[Path],
              run_dir: Optional[Path]) -> Tuple[RunFolder, Optional[Path], Optional[Dict]]:
    """A new run folder; or the one to resume, with its latest checkpoint and the loop state in it."""
    if resume is None:
        run = RunFolder.create_at(run_dir) if run_dir else RunFolder.create(Path(spec["runs_dir"]), name)
        run.lock()  # exit 3 if another process took the same --run-dir
        try:
            run.write_spec(spec)
            run.start(spec["seed"])
        except BaseException:  # a full disk before the run began: leave no half-made folder
            run.remove()
            raise
        return run, None, None
    problem = RunFolder.problem(resume)
    if problem:
        raise SpecError("resume", problem)
    run = RunFolder(resume)
    run.lock()  # one writer per run folder: exit 3 if the run is training or being resumed elsewhere
    with run.unlock_on_error():
        remove_leftovers(run.path, _checkpoint_dir(spec, run.path))  # .saving-* of a run killed mid-checkpoint
        checkpoint = find_checkpoint(_checkpoint_dir(spec, run.path), "latest")
        run_identity.check(checkpoint, run.record().get("id"), run.path)
        state = _resumable_state(spec, run, checkpoint)
        run.write_spec(spec)
        run.resume(checkpoint)
    return run, checkpoint, state


def _train_in(run: RunFolder, spec: Dict, progress: Optional[Callable], checkpoint: Optional[Path],
              state: Optional[Dict], extra_rules: Sequence[Any]) -> Tuple[Any, Optional[str], str]:
    """Train, continuing from ``checkpoint`` if given.

    Returns:
        The summary, the signal that stopped training if any, and the run's status.
    """
    with _built(spec, run.path, evaluation=False) as loop:
        run_identity.claim(getattr(loop, "checkpoint_dir", None), run.record().get("id"))
        if checkpoint is not None:
            _load_agent(loop.agent, checkpoint)
            loop.restore(state)
        loop.progress = progress
        if extra_rules:
            if not hasattr(loop, "extra_rules"):
                raise GymLoopError(f"{type(loop).__name__} cannot take schedule rules (no extra_rules attribute)")
            loop.extra_rules = list(extra_rules)
        if not hasattr(loop, "stop_requested"):
            return loop.train(), None, "finished"
        with GracefulStop(loop) as stop:
            summary = loop.train()
        return summary, stop.reason, getattr(loop, "stop_status", "finished")


def _resumable_state(spec: Dict, run: RunFolder, checkpoint: Path) -> Dict:
    """The loop state of ``checkpoint``, if the run's loop can resume and has episodes left to run."""
    loop_class = module_str_to_class(spec["loop"]["class"])
    if not hasattr(loop_class, "restore"):
        raise GymLoopError(f"{loop_class.__name__} cannot resume: it has no restore(state) method")
    state = read_loop_state(checkpoint)
    parameters = spec["loop"]["parameters"]
    ran = ((state["summary"].episodes, parameters["max_episodes"], "episodes", "max_episodes"),
           (state.get("global_step", 0), parameters.get("max_steps"), "env steps", "max_steps"))
    for done, planned, what, name in ran:
        if planned is not None and done >= planned:
            raise GymLoopError(f"{run.path} already ran {done} of {planned} {what}; to train longer: "
                               f"gym-loop train --resume {run.path} --set loop.parameters.{name}=N")
    return state


def _load_agent(agent: Any, checkpoint: Path) -> None:
    path = checkpoint / AGENT_FILE
    try:
        bind_agent(agent).load(str(path))
    except Exception as error:
        raise GymLoopError(f"agent.load failed for {path}: {type(error).__name__}: {error}") from error
    logger.info("loaded checkpoint %s", checkpoint)


def _stopped(run: RunFolder, spec: Dict, what: str, terminated: bool) -> RunStopped:
    if (_checkpoint_dir(spec, run.path) / "latest").exists():
        return RunStopped(f"{what}; resume with: gym-loop train --resume {run.path}", terminated)
    return RunStopped(f"{what}, before the first checkpoint; start again with: gym-loop train -c {run.spec_path}",
                      terminated)


def _with_seed(spec: Dict) -> Dict:
    """The spec with the seed it runs with: its own, or a fresh one to record."""
    return spec if spec["seed"] is not None else {**spec, "seed": draw_seed()}


def _checkpoint_dir(spec: Dict, run_dir: Optional[Path]) -> Path:
    return _loop_path(spec, run_dir, "checkpoint_dir", "checkpoints")


def _loop_path(spec: Dict, run_dir: Optional[Path], name: str, default: str) -> Path:
    """The loop's path parameter ``name`` (``default`` for loops without it), inside ``run_dir`` if given."""
    return Path(run_dir or ".") / Path(spec["loop"]["parameters"].get(name, default)).expanduser()


def _write_evaluation(spec: Dict, run_dir: Optional[Path], checkpoint: Optional[Path], summary: Summary) -> None:
    """Write the evaluation's statistics as JSON next to its TensorBoard logs."""
    logdir = _loop_path(spec, run_dir, "eval_logdir", "eval_logs")
    stem = f"summary-{checkpoint.name if checkpoint else 'agent'}-{time.strftime('%Y%m%d-%H%M%S')}"
    path = next(path for path in numbered(logdir / stem, ".json") if not path.exists())
    record = {"env": spec["env"]["name"], "checkpoint": str(checkpoint) if checkpoint else None,
              "seed": spec["seed"], "episodes": summary.episodes, **summary.statistics()}
    write_atomically(path, json.dumps(record, indent=2) + "\n")
    logger.info("evaluation summary: %s", path)


def _render_mode(loop_parameters: Dict, evaluation: bool) -> Optional[str]:
    prefix = "eval_" if evaluation else ""
    if loop_parameters.get(prefix + "record"):
        if importlib.util.find_spec("moviepy") is None:
            raise SpecError(f"loop.parameters.{prefix}record",
                            "recording videos needs moviepy: pip install 'gym-loop[video]'")
        return "rgb_array"
    return "human" if loop_parameters.get(prefix + "render") else None


def _construct(component_class: type, parameters: Optional[Dict], **context: Any) -> Any:
    """``component_class(**parameters)`` plus the ``context`` entries its constructor accepts."""
    accepted = {name: context[name] for name in accepted_keywords(component_class, context)}
    return component_class(**{**(parameters or {}), **accepted})
