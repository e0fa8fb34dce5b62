"""The loop protocol (docs/loops.rst): a loop plays episodes and hands them on; a run (:mod:`gym_loop.run`)
does the rest. A loop on :class:`BaseLoop` implements ``training_episodes``, ``evaluation_episodes`` and
``state``/``restore``, and gets run folders, checkpoints, ``--resume``, ``eval --run``, the schedule and every
sink. The run reads the loop's ``agent`` and ``env``, and stops a generator by closing it, between episodes.
"""

import contextlib
import contextvars
from pathlib import Path
from typing import Any, Dict, Iterator, NamedTuple, Optional, Sequence

from gym_loop.errors import SpecError, StoppedAtOnce, Terminated
from gym_loop.rules import (NUMBER, PATH, POSITIVE_INT, POSITIVE_NUMBER, Parameter, Rule, defaults_of,
                            inherited_defaults, inherited_rules, optional, rules_of)

_CHECKED = contextvars.ContextVar("loop_parameters_checked", default=False)


@contextlib.contextmanager
def parameters_checked() -> Iterator[None]:
    """Loops built in this block take their parameters unchecked: the caller's run spec checked them
    (:func:`gym_loop.gym_loop.build_loop`); a loop built in Python checks its own in :class:`BaseLoop`."""
    token = _CHECKED.set(True)
    try:
        yield
    finally:
        _CHECKED.reset(token)


def episode_budget(given: Dict[str, Any]) -> Dict[str, Any]:
    """``{"max_episodes": None}`` when ``given`` (the loop's parameters as written) has ``max_steps`` but no
    ``max_episodes``: a budget in env steps alone, which the default ``max_episodes`` would cut short; else ``{}``.

    Raises:
        SpecError: ``max_episodes`` null without ``max_steps``: training would never end.
    """
    if given.get("max_steps") is not None:
        return {} if "max_episodes" in given else {"max_episodes": None}
    if "max_episodes" in given and given["max_episodes"] is None:
        raise SpecError("loop.parameters.max_episodes", "null (no episode limit) needs max_steps, or training would "
                                                        "never end; give max_steps, or a number of episodes")
    return {}


class Episode(NamedTuple):
    """One finished episode: its return, its length and the env steps done when it ended."""

    episode_return: float
    length: int
    global_step: int
    sub_env: Optional[int] = None  # which copy of the env played it, under VectorLoop


class BaseLoop:
    """Base class for loops.

    The spec's ``loop.parameters`` merged over :meth:`get_default_parameters` are in
    ``self.parameters`` and, for convenience, attributes of the same names; ``policy=`` (the agent's policy,
    which the original gym-loop's ``build_loop`` passed every loop) is kept as ``self.policy``. The parameters of
    :meth:`get_default_parameters` here are the run's (schedule, sinks, checkpoints); a subclass's
    ``get_default_parameters()`` and ``PARAMETER_RULES`` add to its bases' (merged along the MRO).
    """

    PARAMETERS = {  # the run's parameters: schedule, sinks, checkpoints (docs/spec.rst shows them)
        "max_episodes": Parameter(5, Rule("a positive integer", lambda v: v is None or POSITIVE_INT.test(v)), (
            "Training episodes in all, random ones included; ``null`` for no episode limit, with ``max_steps`` "
            "(a spec that gives ``max_steps`` and leaves ``max_episodes`` out gets ``null``).")),
        "max_steps": Parameter(None, optional(POSITIVE_INT), (
            "Also end training at the end of the episode in which the env steps of training reach this many "
            "(the budget of Stable-Baselines3's ``total_timesteps``, finishing the episode); ``null`` for no limit. "
            "Given without ``max_episodes``, it is the only budget; beside ``max_episodes``, whichever is reached "
            "first ends the run (``max_episodes: null`` to train by env steps alone). An episode that never ends "
            "is not stopped: with an env without a time limit, set ``max_episode_len`` (the run warns when it "
            "starts).")),
        "logdir": Parameter("./logs", optional(PATH), (
            "TensorBoard logs of training: ``episode/return``, ``episode/length``, ``episode/index`` and the "
            "agent's metrics, one point per episode at the env step it ended (under VectorLoop a point per "
            "batch of at least ``num_envs`` episodes: their mean, min and max; see :doc:`loops`); ``null`` for "
            "none (the agent's metrics are then not written anywhere).")),
        "episodes_per_checkpoint": Parameter(10, optional(POSITIVE_INT), (
            "Save the agent every this many episodes; ``null`` for never. A checkpoint is always taken at the "
            "end of training, when it stops early, and on Ctrl-C or SIGTERM.")),
        "time_per_checkpoint": Parameter(None, optional(POSITIVE_NUMBER),
                                         "Also save when this many seconds passed since the last checkpoint."),
        "keep_checkpoints": Parameter(3, optional(POSITIVE_INT), (
            "Keep only this many of the latest checkpoints (plus ``best``); ``null`` keeps all.")),
        "checkpoint_dir": Parameter("./checkpoints", PATH, (
            "Where checkpoints go: ``agent-000010-1a2b3c4d/`` after 10 episodes at git commit ``1a2b3c4d...``, "
            "with the pointer files ``latest`` and ``best``. See :doc:`runs`.")),
        "episodes_csv": Parameter("./episodes.csv", optional(PATH), (
            "One row per training episode: ``episode,global_step,return,length,seconds`` (seconds since the "
            "run started, not counting time between an interruption and its resume); ``null`` for none.")),
        "evals_csv": Parameter("./evals.csv", optional(PATH), (
            "One row per periodic evaluation (see ``episodes_per_eval``): ``episode,global_step,mean_return,"
            "std_return,min_return,max_return,mean_length,n`` (``n``: the episodes averaged); ``null`` for none.")),
        "episodes_per_eval": Parameter(None, optional(POSITIVE_INT), (
            "Every this many training episodes, play ``eval_episodes`` episodes on a second, separately seeded "
            "instance of the env, without ``memorize`` or ``update``; log ``eval/mean_return``, "
            "``eval/std_return`` and ``eval/mean_length``, and point the ``best`` checkpoint at the best mean "
            "return so far. ``null`` for never.")),
        "reward_threshold": Parameter(None, Rule('a number, "env" or null', lambda v: v is None or v == "env"
                                                 or NUMBER.test(v)), (
            "Stop training, with a checkpoint, once the mean return reaches this number: the evaluation mean "
            "with ``episodes_per_eval``, else the mean of the last 100 training episodes (so a run of fewer "
            "``max_episodes`` never stops early, and warns so at start). ``env`` takes the "
            "env's own ``spec.reward_threshold`` (475 for CartPole-v1). ``null`` never stops early.")),
        "eval_logdir": Parameter("./eval_logs", PATH, "TensorBoard logs of evaluation, separate from ``logdir``."),
        "eval_episodes": Parameter(10, POSITIVE_INT, "Episodes of ``gym-loop eval``, and of each periodic evaluation."),
    }
    PARAMETER_RULES = rules_of(PARAMETERS)

    @staticmethod
    def get_default_parameters() -> Dict:
        """Get default parameter dictionary for the loop: the run's parameters."""
        return defaults_of(BaseLoop.PARAMETERS)

    def __init__(self, **params: Any):
        super().__init__()
        from gym_loop.spec import _family, as_given, check_parameters, refuse_shadowing  # as the spec's are checked

        params = as_given(params, inherited_rules(type(self)))  # logdir=Path("tb"), max_episodes=np.int64(5)
        family = _family(type(self))  # None for a loop of the original's kind: its own parameters only, as its spec
        defaults = inherited_defaults(self, family)  # the class's own, then its bases' it left out
        if "policy" not in defaults and ("policy" in params or not hasattr(self, "policy")):  # the original's
            self.policy = params.pop("policy", None)  # build_loop gave every loop the policy; a subclass's own kept
        if not _CHECKED.get():
            check_parameters("loop", type(self), params, defaults)
            refuse_shadowing("loop", type(self), {**defaults, **params})  # each becomes an attribute
        self.parameters = {**defaults, **(episode_budget(params) if family else {}), **params}
        vars(self).update(self.parameters)
        self.progress = None  # a callable given the running Summary after every episode (group)

    def training_episodes(self) -> Iterator[Sequence[Episode]]:
        """Play training episodes, from where :meth:`restore` left off, yielding each group as it ends.

        A group is a list of the episodes that ended together; an empty one lets the run hand on
        episodes waiting for a batch in time (see :class:`~gym_loop.run.Run`).
        """
        raise NotImplementedError(f"{type(self).__name__} must implement training_episodes()")

    def evaluation_episodes(self, periodic: bool) -> Iterator[Episode]:
        """Play episodes without learning: on the evaluation env if ``periodic``, else on ``env``."""
        raise NotImplementedError(f"{type(self).__name__} must implement evaluation_episodes(periodic)")

    def state(self) -> Dict[str, Any]:
        """What resuming needs besides the agent's own state, as plain data (JSON)."""
        return {}

    def restore(self, state: Dict[str, Any]) -> None:
        """Continue from a :meth:`state`."""

    def train(self) -> Any:
        """Train up to ``max_episodes`` with the loop's parameters; files go where they point.

        A later call continues the run of the earlier ones, as ``gym-loop train --resume`` does: episodes and
        env steps count on, ``max_episodes`` and ``max_steps`` count in all, the files are appended to (or
        begun where a path was changed).

        Returns:
            Summary: counts, time, the last 100 returns and ``stop_reason``.

        Raises:
            GymLoopError: ``episodes_csv`` or ``evals_csv`` holds rows, or ``checkpoint_dir`` checkpoints,
                from an earlier run (not this loop's) that this one would overwrite; or the run of earlier
                calls already played ``max_episodes`` (``max_steps``).
            RunStopped: Ctrl-C or SIGTERM stopped training, after the episode in progress and a checkpoint
                (as ``gym-loop train``), saying how to go on; a second one stops at once, raising
                :class:`~gym_loop.errors.StoppedAtOnce` (a ``RunStopped`` and a ``KeyboardInterrupt``).
        """
        run = _run_class("the first episode", "; to go on, call train() again on this loop")
        return run(self, progress=self.progress).train()  # the run's guards and continuation are Run's

    def evaluate(self) -> Any:
        """Play ``eval_episodes`` episodes without learning, logged to a TensorBoard run of their own,
        ``<eval_logdir>/agent-<time>`` (``-2``, ``-3``... if taken), as ``gym-loop eval`` does.

        Returns:
            Summary: counts, time and every episode's return.

        Raises:
            StoppedAtOnce: Ctrl-C (SIGINT) stopped it: a :class:`~gym_loop.errors.RunStopped` naming the episodes
                played and where they are logged, and a ``KeyboardInterrupt``.
        """
        from gym_loop.files import claimed, timestamped
        from gym_loop.schedule.on_signal import SigintSeen

        run = _run_class("the first evaluation episode ended")(self, progress=self.progress)
        logdir = claimed(Path(self.parameters["eval_logdir"]).expanduser() / timestamped("agent"))  # two in a second
        try:
            with SigintSeen("nothing was evaluated"):  # the agent's own KeyboardInterrupt: a failure, as eval_agent's
                return run.evaluate(logdir)
        except KeyboardInterrupt as error:  # a notebook's "interrupt kernel": one line, as eval_agent says it
            terminated, played = isinstance(error, Terminated), getattr(getattr(run, "evaluation", None), "episodes", 0)
            word = "terminated" if terminated else "interrupted"
            if not played:
                import shutil  # only here: create-default imports this module, and shutil brings bz2 and lzma

                shutil.rmtree(logdir, ignore_errors=True)
                raise StoppedAtOnce(f"{word} before the first evaluation episode ended; nothing was written",
                                    terminated) from None
            raise StoppedAtOnce(f"{word} after {played} of {run.evaluation.planned} evaluation episodes; their "
                                f"TensorBoard run: {logdir}", terminated) from None


def _run_class(before: str, then: str = "") -> type:
    """:class:`gym_loop.run.Run`. Its first import (tensorboardX's: a second or more in a new Jupyter kernel)
    interrupted is a run stopped before ``before``, as one stopped later says so, not a bare ``KeyboardInterrupt``."""
    try:
        from gym_loop.run import Run
    except KeyboardInterrupt as error:
        terminated = isinstance(error, Terminated)
        raise StoppedAtOnce(f"{'terminated' if terminated else 'interrupted'} before {before}; nothing was written"
                            f"{then}", terminated) from None
    return Run
