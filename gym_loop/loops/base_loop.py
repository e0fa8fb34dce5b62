"""The loop protocol: a loop plays episodes and hands them on; a run (:mod:`gym_loop.run`) does the rest.

A loop implements three things and gets run folders, checkpoints, ``--resume``, ``eval --run``,
the schedule and every sink from :class:`~gym_loop.run.Run`:

- :meth:`BaseLoop.training_episodes`: play training episodes (calling the agent's ``act``,
  ``memorize`` and ``update``) and yield each group of episodes as they end: one
  :class:`Episode` at a time for one env, the ones that ended on one step for a vector env.
- :meth:`BaseLoop.evaluation_episodes`: play episodes without learning, yielding each as it ends.
- :meth:`BaseLoop.state` / :meth:`BaseLoop.restore`: what resuming needs besides the agent,
  as plain data (numbers, strings, lists, dicts: JSON).

The run stops a generator by closing it, between episodes. The loop's ``agent`` and ``env``
attributes are read by the run (the agent's ``metrics``, ``save`` and ``load``; the env's
``reward_threshold``).
"""

from typing import Any, Dict, Iterator, NamedTuple, Optional, Sequence

from gym_loop.rules import NUMBER, PATH, POSITIVE_INT, POSITIVE_NUMBER, Rule, optional


class Episode(NamedTuple):
    """One finished episode: its return, its length and the env steps done when it ended."""

    episode_return: float
    length: int
    global_step: int
    sub_env: Optional[int] = None  # which copy of the env played it, under VectorLoop


class BaseLoop:
    """Base class for loops.

    The spec's ``loop.parameters`` merged over :meth:`get_default_parameters` are in
    ``self.parameters`` and, for convenience, attributes of the same names. The parameters of
    :meth:`get_default_parameters` here are the run's (schedule, sinks, checkpoints); a subclass
    adds its own to them: ``{**BaseLoop.get_default_parameters(), "my_parameter": 1}``.
    """

    PARAMETER_RULES = {
        "max_episodes": POSITIVE_INT,
        "max_steps": optional(POSITIVE_INT),
        "episodes_per_checkpoint": optional(POSITIVE_INT),
        "time_per_checkpoint": optional(POSITIVE_NUMBER),
        "keep_checkpoints": optional(POSITIVE_INT),
        "eval_episodes": POSITIVE_INT,
        "episodes_per_eval": optional(POSITIVE_INT),
        "reward_threshold": Rule('a number, "env" or null', lambda v: v is None or v == "env" or NUMBER.test(v)),
        **dict.fromkeys(("logdir", "eval_logdir", "checkpoint_dir"), PATH),
        **dict.fromkeys(("episodes_csv", "evals_csv"), optional(PATH)),
    }

    @staticmethod
    def get_default_parameters() -> Dict:
        """Get default parameter dictionary for the loop: the run's parameters."""
        return {
            "max_episodes": 5,
            "max_steps": None,
            "logdir": "./logs",
            "episodes_per_checkpoint": 10,
            "time_per_checkpoint": None,
            "keep_checkpoints": 3,
            "checkpoint_dir": "./checkpoints",
            "episodes_csv": "./episodes.csv",
            "evals_csv": "./evals.csv",
            "episodes_per_eval": None,
            "reward_threshold": None,
            "eval_logdir": "./eval_logs",
            "eval_episodes": 10,
        }

    def __init__(self, **params: Any):
        super().__init__()
        self.parameters = {**BaseLoop.get_default_parameters(), **self.get_default_parameters(), **params}
        vars(self).update(self.parameters)
        self.progress = None  # a callable given the running Summary after every episode (group)

    def training_episodes(self) -> Iterator[Sequence[Episode]]:
        """Play training episodes, from where :meth:`restore` left off, yielding each group as it ends."""
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

        Returns:
            Summary: counts, time, the last 100 returns and ``stop_reason``.
        """
        from gym_loop.run import Run

        return Run(self, progress=self.progress).train()

    def evaluate(self) -> Any:
        """Play ``eval_episodes`` episodes without learning, logged to ``eval_logdir``.

        Returns:
            Summary: counts, time and every episode's return.
        """
        from gym_loop.run import Run

        return Run(self, progress=self.progress).evaluate()
