"""Many copies of the env stepped at once with ``gymnasium.make_vec``: the successor of the original MultiEnvLoop."""

from typing import TYPE_CHECKING, Any, Dict

import numpy as np

from gym_loop.agents.protocol import bind_batch
from gym_loop.errors import GymLoopError, SpecError
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.rules import POSITIVE_INT, Rule

if TYPE_CHECKING:
    from gym_loop.loops.checkpoints import Checkpoints
    from gym_loop.loops.episode_log import EpisodeLog

MODES = ("sync", "async", "vector_entry_point")


class VectorLoop(DefaultLoop):
    """Trains on ``num_envs`` copies of the env; evaluates like :class:`DefaultLoop`, on one.

    The agent is called through its batched methods, ``act_batch(states, episode_nums)`` and
    ``memorize_batch(...)`` (see :func:`gym_loop.agents.protocol.bind_batch`), or, without them,
    through ``act`` and ``memorize`` for each sub-env; ``update(episode_num)`` once per vector step.
    Gymnasium's vector envs reset a finished sub-env on the next step: that step is no transition
    and is not memorized. Episodes, steps, checkpoints and evaluations count over all sub-envs;
    each finished episode is logged with its sub-env as ``episode/env``. A checkpoint resumes the
    counters and the agent, but the sub-envs' episodes in progress start over.
    """

    PARAMETER_RULES = {
        **DefaultLoop.PARAMETER_RULES,
        "num_envs": POSITIVE_INT,
        "vectorization_mode": Rule(f"one of {', '.join(MODES)}", lambda v: v in MODES),
    }

    @staticmethod
    def get_default_parameters() -> Dict:
        """Get default parameter dictionary for the loop."""
        return {**DefaultLoop.get_default_parameters(), "num_envs": 8, "vectorization_mode": "sync"}

    def __init__(self, agent: Any, env: Any, eval_env: Any = None, **params: Any):
        super().__init__(agent, env, eval_env, **params)
        for name in ("render", "record"):
            if self.parameters[name]:
                raise SpecError(f"loop.parameters.{name}", "VectorLoop does not render or record training; "
                                                          "use DefaultLoop, or eval_render and eval_record")
        self.vector_seed = None

    def _train_episodes(self, env: Any, log: "EpisodeLog", checkpoints: "Checkpoints") -> None:
        vector_env = self._make_vector_env()
        try:
            self._play_vector(vector_env, log, checkpoints)
        finally:
            vector_env.close()

    def _make_vector_env(self) -> Any:
        """``num_envs`` copies of the env, seeded from the env's own generator (so from the run's seed)."""
        import gymnasium

        spec = self.env.spec
        kwargs = {key: value for key, value in spec.kwargs.items() if key != "render_mode"}
        limit = spec.max_episode_steps
        if self.max_episode_len:
            limit = min(limit or self.max_episode_len, self.max_episode_len)
        if limit:
            kwargs["max_episode_steps"] = limit
        try:
            vector_env = gymnasium.make_vec(spec.id, num_envs=self.num_envs,
                                            vectorization_mode=self.vectorization_mode, **kwargs)
        except gymnasium.error.Error as error:
            raise SpecError("loop.parameters.vectorization_mode", str(error)) from error
        # Sub-env i is reset with vector_seed + i, once; later resets continue its stream, as in DefaultLoop.
        self.vector_seed = int(self.env.np_random.integers(2**31 - self.num_envs))
        vector_env.reset(seed=self.vector_seed)
        vector_env.action_space.seed(self.vector_seed)
        return vector_env

    def _play_vector(self, vector_env: Any, log: "EpisodeLog", checkpoints: "Checkpoints") -> None:
        batch, summary, count = bind_batch(self.agent, vector_env, self.calls), self.summary, self.num_envs
        episode_of = np.arange(count) + summary.episodes  # the episode each sub-env is playing
        next_episode = summary.episodes + count
        returns, lengths = np.zeros(count), np.zeros(count, dtype=np.int64)
        resetting = np.zeros(count, dtype=bool)  # ended on the last step, so reset by this one
        warmed_up = summary.episodes >= self.random_episodes
        obs, _ = vector_env.reset()
        while True:
            stage = "agent.act_batch"
            try:
                actions = batch.act(obs, episode_of) if warmed_up else self._actions(batch, vector_env, obs, episode_of)
                stage = "env.step"
                next_obs, rewards, terminated, truncated, _ = vector_env.step(actions)
                valid = ~resetting
                dones = (terminated | truncated) & valid
                stage = "agent.memorize_batch"
                batch.memorize(obs, actions, rewards, dones, next_obs, terminated, truncated, valid, self.global_step)
                if warmed_up or (episode_of >= self.random_episodes).any():
                    stage = "agent.update"
                    self.calls.update(summary.episodes)
            except Exception as error:
                raise GymLoopError(f"{stage} failed after {summary.episodes} episodes, at env step "
                                   f"{self.global_step}: {type(error).__name__}: {error}") from error
            self.global_step += int(np.count_nonzero(valid))
            np.add(returns, rewards, out=returns, where=valid)
            lengths += valid
            warmed_up = next_episode - count >= self.random_episodes
            for index in np.flatnonzero(dones):
                self._record(log, summary, summary.episodes, float(returns[index]), int(lengths[index]),
                             {"episode/env": int(index)})
                returns[index], lengths[index] = 0.0, 0
                episode_of[index], next_episode = next_episode, next_episode + 1
                self._after_episode(log, checkpoints)
                if summary.stop_reason or summary.episodes >= self.max_episodes:
                    return
            resetting, obs = dones, next_obs

    def _actions(self, batch: Any, vector_env: Any, obs: Any, episode_of: np.ndarray) -> Any:
        """The agent's actions, random for the sub-envs still in their ``random_episodes``."""
        warm_up = episode_of < self.random_episodes
        if warm_up.all():
            return vector_env.action_space.sample()
        actions = batch.act(obs, episode_of)
        if warm_up.any():
            actions = np.array(actions)
            actions[warm_up] = np.asarray(vector_env.action_space.sample())[warm_up]
        return actions
