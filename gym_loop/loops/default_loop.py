"""The loop of the original gym-loop: one env, one episode at a time."""

import logging
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, Sequence, Tuple

from gym_loop.agents.protocol import bind_agent
from gym_loop.errors import GymLoopError, SpecError
from gym_loop.loops.base_loop import BaseLoop
from gym_loop.loops.summary import Summary
from gym_loop.rules import BOOLEAN, NON_NEGATIVE_INT, NUMBER, PATH, POSITIVE_INT, POSITIVE_NUMBER, Rule, optional

if TYPE_CHECKING:
    from gym_loop.loops.checkpoints import Checkpoints
    from gym_loop.loops.episode_log import EpisodeLog

logger = logging.getLogger(__name__)

SOLVED_WINDOW = 100  # training episodes averaged for the reward threshold without periodic evaluation


class DefaultLoop(BaseLoop):
    """Steps one Gymnasium env and calls the agent's ``act``, ``memorize`` and ``update``.

    Args:
        agent: The agent (see :mod:`gym_loop.agents.protocol` for what it must provide).
        env: A Gymnasium env; made with ``render_mode="human"`` to render and
            ``render_mode="rgb_array"`` to record (``build_env`` does this).
        eval_env: A second instance of the env for periodic evaluation (``episodes_per_eval``).
        **params: The parameters of :meth:`get_default_parameters`.

    Set ``progress`` to a callable to have it called with the running :class:`Summary` after
    every episode, and ``stop_requested`` to a reason to end training after the current episode.
    """

    PARAMETER_RULES = {
        "random_episodes": NON_NEGATIVE_INT,
        "max_episode_len": optional(POSITIVE_INT),
        "max_episodes": POSITIVE_INT,
        "max_steps": optional(POSITIVE_INT),
        "episodes_per_checkpoint": optional(POSITIVE_INT),
        "time_per_checkpoint": optional(POSITIVE_NUMBER),
        "eval_episodes": POSITIVE_INT,
        **dict.fromkeys(("render", "record", "eval_render", "eval_record"), BOOLEAN),
        **dict.fromkeys(("logdir", "eval_logdir", "record_dir", "eval_record_dir", "checkpoint_dir"), PATH),
        "episodes_csv": optional(PATH),
        "evals_csv": optional(PATH),
        "episodes_per_eval": optional(POSITIVE_INT),
        "reward_threshold": Rule('a number, "env" or null', lambda v: v is None or v == "env" or NUMBER.test(v)),
    }

    @staticmethod
    def get_default_parameters() -> Dict:
        """Get default parameter dictionary for the loop."""
        return {
            "random_episodes": 0,
            "max_episode_len": 5000,
            "record": False,
            "record_dir": "./episode_records",
            "logdir": "./logs",
            "render": False,
            "max_episodes": 5,
            "max_steps": None,
            "episodes_per_checkpoint": 10,
            "time_per_checkpoint": None,
            "checkpoint_dir": "./checkpoints",
            "episodes_csv": "./episodes.csv",
            "evals_csv": "./evals.csv",
            "episodes_per_eval": None,
            "reward_threshold": None,
            "eval_logdir": "./eval_logs",
            "eval_episodes": 10,
            "eval_render": False,
            "eval_record": False,
            "eval_record_dir": "./eval_records",
        }

    def __init__(self, agent: Any, env: Any, eval_env: Optional[Any] = None, **params: Any):
        super().__init__(**params)
        self.agent = agent
        self.env = env
        self.eval_env = eval_env
        self.target_return = self._target_return()
        self.calls = bind_agent(agent)
        self.global_step = 0
        self.summary = Summary(self.max_episodes, window=SOLVED_WINDOW)
        self.best_eval_return = float("-inf")
        self.progress: Optional[Callable[[Summary], None]] = None
        self.stop_requested: Optional[str] = None
        self.extra_rules: Sequence[Any] = ()  # asked after each periodic evaluation; see gym_loop.schedule
        self.stop_status = "finished"  # the run's status when a rule's Stop ended it

    def train(self) -> Summary:
        """Training loop up to ``max_episodes`` episodes, the first ``random_episodes`` with random actions.

        Continues from the point :meth:`restore` set. Ends early when ``reward_threshold`` is
        reached, ``stop_requested`` is set, or the episode that reaches ``max_steps`` env steps
        ends, with a checkpoint in each case.

        Returns:
            Summary: counts, time, the last 100 returns and ``stop_reason``.
        """
        # Imported here, not at the top: create-default imports this module for its parameters only.
        from gym_loop.loops.checkpoints import Checkpoints
        from gym_loop.loops.episode_log import EpisodeLog, keep_eval_rows

        if self.episodes_per_eval and self.eval_env is None:
            raise GymLoopError("episodes_per_eval needs a second env: DefaultLoop(..., eval_env=...)")
        summary = self.summary
        summary.restart_clock()
        checkpoints = Checkpoints(self.calls.save, self.checkpoint_dir,
                                  self.episodes_per_checkpoint, self.time_per_checkpoint)
        if self.episodes_per_eval and self.evals_csv:
            keep_eval_rows(self.evals_csv, summary.episodes)
        env, recorder = self._prepare_env(self.render, self.record, self.record_dir, None)
        try:
            with EpisodeLog(self.logdir, self.episodes_csv, first_episode=summary.episodes) as log:
                self._train_episodes(env, log, checkpoints)
        finally:
            _finish_recording(recorder)
        logger.info("trained: %s; TensorBoard logs in %s", summary.describe(), self.logdir)
        return summary

    def _train_episodes(self, env: Any, log: "EpisodeLog", checkpoints: "Checkpoints") -> None:
        """Play training episodes until ``max_episodes`` or a stop."""
        for episode in range(self.summary.episodes, self.max_episodes):
            warm_up = episode < self.random_episodes
            act = self._random_action if warm_up else self.calls.act
            update = None if warm_up else self.calls.update
            self._play(env, log, self.summary, episode, act, self.calls.memorize, update)
            self._after_episode(log, checkpoints)
            if self.summary.stop_reason:
                break

    def state(self) -> Dict[str, Any]:
        """What resuming needs besides the agent's own state: counters, recent returns, generator states."""
        from gym_loop.seeding import generator_states  # imports NumPy, which create-default does without

        return {"summary": self.summary, "global_step": self.global_step, "best_eval_return": self.best_eval_return,
                "generators": generator_states(self.env, self.eval_env, self.agent)}

    def restore(self, state: Dict[str, Any]) -> None:
        """Continue from a :meth:`state` saved in a checkpoint."""
        from gym_loop.seeding import restore_generator_states

        self.summary = state["summary"]
        self.summary.planned = self.max_episodes
        self.global_step = state["global_step"]
        self.best_eval_return = state["best_eval_return"]
        restore_generator_states(state["generators"], self.env, self.eval_env, self.agent)

    def evaluate(self) -> Summary:
        """Run ``eval_episodes`` episodes without ``memorize`` or ``update``, logged to ``eval_logdir``.

        Returns:
            Summary: counts, time and every episode's return.
        """
        from gym_loop.loops.episode_log import EpisodeLog

        summary = Summary(self.eval_episodes)
        env, recorder = self._prepare_env(self.eval_render, self.eval_record, self.eval_record_dir,
                                          lambda episode: True)
        try:
            with EpisodeLog(self.eval_logdir) as log:
                for episode in range(self.eval_episodes):
                    self._play(env, log, summary, episode, self.calls.act_eval, None, None)
        finally:
            _finish_recording(recorder)
        logger.info("evaluated: %s; TensorBoard logs in %s", summary.describe(), self.eval_logdir)
        return summary

    def _play(self, env: Any, log: "EpisodeLog", summary: Summary, episode: int, act: Callable,
              memorize: Optional[Callable], update: Optional[Callable]) -> None:
        """One episode, then its scalars; ``memorize`` and ``update`` are skipped when None."""
        total_reward, length = self._run_episode(env, episode, act, memorize, update)
        self._record(log, summary, [total_reward], [length], [self.global_step])

    def _record(self, log: "EpisodeLog", summary: Summary, returns: Sequence[float], lengths: Sequence[int],
                global_steps: Sequence[int], columns: Optional[Dict[str, Sequence[float]]] = None) -> None:
        """Count and log a group of episodes, with the agent's metrics and ``columns`` of more scalars.

        ``global_steps`` are the env steps done when each ended. The agent's ``metrics`` is asked
        once, with the number of the last of them.
        """
        first, last = summary.episodes, summary.episodes + len(returns) - 1
        try:
            metrics = self.calls.metrics(last)
        except Exception as error:
            raise _failure("agent.metrics", last, None, error) from error
        summary.add(returns, lengths)
        log.write(first, returns, lengths, metrics, global_steps, summary.seconds, columns)
        if self.progress is not None:
            self.progress(summary)

    def _after_episode(self, log: "EpisodeLog", checkpoints: "Checkpoints") -> None:
        """Evaluate, check the stop conditions and save a checkpoint, as each is due."""
        done = self.summary.episodes
        eval_return, rule_stop = None, None
        if self.episodes_per_eval and done % self.episodes_per_eval == 0:
            eval_return = self._evaluate_periodically(log, done)
            rule_stop = self._ask_rules(done, eval_return)
        best = eval_return is not None and eval_return > self.best_eval_return
        if best:
            self.best_eval_return = eval_return
        self.summary.stop_reason = (self.stop_requested or self._solved(eval_return) or rule_stop
                                    or self._out_of_steps())
        if best or checkpoints.due(done) or self.summary.stop_reason or done == self.max_episodes:
            log.flush()
            checkpoints.save(done, self.state(), best=best)

    def _evaluate_periodically(self, log: "EpisodeLog", done: int) -> float:
        """Play ``eval_episodes`` on ``eval_env`` without learning, log them, and return their mean return."""
        results = Summary(self.eval_episodes)
        for _ in range(self.eval_episodes):
            total_reward, length = self._run_episode(self.eval_env, done - 1, self.calls.act_eval, None, None)
            results.add([total_reward], [length])
        stats = results.statistics()
        log.scalars(done - 1, {"eval/mean_return": stats["return"]["mean"], "eval/std_return": stats["return"]["std"],
                               "eval/mean_length": stats["length"]["mean"]})
        if self.evals_csv:
            from gym_loop.loops.episode_log import append_eval_row

            append_eval_row(self.evals_csv, done, self.global_step, stats)
        logger.info("evaluation after %d episodes: %s", done, results.describe())
        return results.mean_return

    def _ask_rules(self, done: int, eval_return: float) -> Optional[str]:
        """The reason of the first extra rule that stops the run after this evaluation, else None."""
        for rule in self.extra_rules:
            stop = rule.after_evaluation(done, self.global_step, eval_return)
            if stop is not None:
                self.stop_status = stop.status
                return stop.reason
        return None

    def _solved(self, eval_return: Optional[float]) -> Optional[str]:
        """The reason to stop if the reward threshold is reached, else None."""
        if self.target_return is None:
            return None
        if self.episodes_per_eval:
            mean, what = eval_return, "evaluation mean return"
        elif len(self.summary.returns) == SOLVED_WINDOW:
            mean, what = self.summary.mean_return, f"mean return of the last {SOLVED_WINDOW} episodes"
        else:
            mean = None
        if mean is None or mean < self.target_return:
            return None
        return f"solved after {self.summary.episodes} episodes: {what} {mean:.2f} >= {self.target_return}"

    def _out_of_steps(self) -> Optional[str]:
        """The reason to stop if ``max_steps`` env steps are done (checked when an episode ends), else None."""
        if self.max_steps is None or self.global_step < self.max_steps:
            return None
        return f"ran {self.global_step} env steps, max_steps {self.max_steps}"

    def _target_return(self) -> Optional[float]:
        if self.reward_threshold != "env":
            return self.reward_threshold
        spec = getattr(self.env, "spec", None)
        if spec is None or spec.reward_threshold is None:
            name = spec.id if spec is not None else type(self.env).__name__
            raise SpecError("loop.parameters.reward_threshold", f"{name} has no reward_threshold; give a number")
        return spec.reward_threshold

    def _run_episode(self, env: Any, episode: int, act: Callable, memorize: Optional[Callable],
                     update: Optional[Callable]) -> Tuple[float, int]:
        """Play one episode; returns its return and length. The hot loop: attributes are read into locals."""
        total_reward, length, stage = 0.0, 0, "env.reset"
        max_length = self.max_episode_len or 0
        global_step = self.global_step
        try:
            obs, _ = env.reset()
            while True:
                length += 1  # the step being taken, from 1
                stage = "agent.act"
                action = act(obs, episode)
                stage = "env.step"
                next_obs, reward, terminated, truncated, info = env.step(action)
                terminated = bool(terminated)
                truncated = length == max_length or bool(truncated)
                done = terminated or truncated
                if memorize is not None:
                    stage = "agent.memorize"
                    global_step += 1
                    memorize(obs, action, reward, done, next_obs, terminated, truncated, info, global_step)
                if update is not None:
                    stage = "agent.update"
                    update(episode)
                total_reward += float(reward)
                if done:
                    return total_reward, length
                obs = next_obs
        except Exception as error:
            raise _failure(stage, episode, length, error) from error
        finally:
            self.global_step = global_step

    def _random_action(self, obs: Any, episode: int) -> Any:
        return self.env.action_space.sample()

    def _prepare_env(self, render: bool, record: bool, video_dir: str,
                     episode_trigger: Optional[Callable[[int], bool]]) -> Tuple[Any, Any]:
        """Wrap the env to record videos and show frames; returns (env, video recorder or None)."""
        env, recorder = self.env, None
        mode = getattr(env, "render_mode", None)
        if record:
            if mode != "rgb_array":
                raise GymLoopError(f"recording needs the env made with render_mode='rgb_array', not {mode!r}")
            from gymnasium.wrappers import RecordVideo

            env = recorder = RecordVideo(env, str(video_dir), episode_trigger=episode_trigger)
        if render and mode == "rgb_array":
            from gymnasium.wrappers import HumanRendering

            env = HumanRendering(env)
        elif render and mode != "human":
            raise GymLoopError(f"rendering needs the env made with render_mode='human', not {mode!r}")
        return env, recorder


def _failure(stage: str, episode: int, step: Optional[int], error: Exception) -> GymLoopError:
    where = f"episode {episode}" + (f", step {step}" if step is not None else "")
    return GymLoopError(f"{stage} failed at {where}: {type(error).__name__}: {error}")


def _finish_recording(recorder: Any) -> None:
    """Write the video of the episode in progress, which RecordVideo only writes on the next reset."""
    if recorder is not None and recorder.recording:
        recorder.stop_recording()
