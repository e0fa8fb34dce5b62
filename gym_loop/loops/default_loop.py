"""The loop of the original gym-loop: one env, one episode at a time."""

import itertools
from typing import Any, Callable, Dict, Iterator, Optional, Sequence, Tuple

from gym_loop.agents.base_agent import BaseAgent
from gym_loop.agents.protocol import bind_agent, rebound
from gym_loop.agents.step_count import by_steps
from gym_loop.errors import GymLoopError, error_text, raised_in
from gym_loop.loops.answers import (ActionError, ResetError, acceptable, action_fix, cast_note, check_env,
                                    check_last_step, first_checked, float_like, ignored_update, one_line,
                                    render_failed, reset_pair, shown, step_arity, unpacked)
from gym_loop.loops.base_loop import BaseLoop, Episode
from gym_loop.loops.wrappers import wrapped
from gym_loop.rules import (BOOLEAN, NON_NEGATIVE_INT, PATH, POSITIVE_INT, SEED, Parameter, defaults_of, optional,
                            rules_of)


class DefaultLoop(BaseLoop):
    """Steps one Gymnasium env and calls the agent's ``act``, ``memorize`` and ``update``.

    Args:
        agent: The agent (see :mod:`gym_loop.agents.protocol` for what it must provide).
        env: A Gymnasium env; made with ``render_mode="human"`` to render and
            ``render_mode="rgb_array"`` to record (``build_env`` does this).
        eval_env: A second instance of the env for periodic evaluation (``episodes_per_eval``).
        seed: The run's seed: from Python, the first :meth:`train` (or :meth:`evaluate`) seeds the run with it as
            ``gym-loop train`` (``eval``) does: the global generators, an agent's default ``rng``, the env's first
            ``reset`` and its spaces, ``eval_env`` (evaluation: held-out seeds; the first train() seeds training
            also after an evaluate()). Also ``seed_each_episode``'s.
        **params: The parameters of :meth:`get_default_parameters`.

    Set ``progress`` to a callable to have it called with the running summary after every episode.
    """

    PARAMETERS = {
        "random_episodes": Parameter(0, NON_NEGATIVE_INT, (
            "The first episodes act with random actions from the action space; their transitions are memorized, "
            "``update`` is not called.")),
        "max_episode_len": Parameter(5000, optional(POSITIVE_INT), (
            "Cut an episode after this many steps (it ends truncated), with Gymnasium's ``TimeLimit`` in both loops, "
            "never lengthening an env's time limit; ``null`` keeps only the env's own (none: train and eval warn).")),
        "seed_each_episode": Parameter(False, BOOLEAN, (
            "Seed each training episode's ``reset`` from the run's seed and the episode number (and each periodic "
            "evaluation episode's from its count), so ``--resume`` is exact for envs with random state outside "
            "``np_random`` (ALE sticky actions); costs a fresh generator per episode. VectorLoop refuses it; from "
            "Python it needs ``DefaultLoop(..., seed=N)``.")),
        "record": Parameter(False, BOOLEAN, (
            "Record training videos with Gymnasium's ``RecordVideo`` (env made with ``render_mode=\"rgb_array\"``) "
            "on its default schedule: episodes 0, 1, 8, 27, ..., 1000, 2000, .... Needs ``gym-loop[video]``. "
            "MuJoCo envs render with OpenGL: on a Linux machine without a display, set ``MUJOCO_GL=egl`` (or "
            "``osmesa``) in the environment, or the run stops at once saying so.")),
        "record_dir": Parameter("./episode_records", PATH, "Where training videos go."),
        "logdir": BaseLoop.PARAMETERS["logdir"],
        "render": Parameter(False, BOOLEAN, (
            "Show training episodes: the env is made with ``render_mode=\"human\"`` (needs ``gym-loop[render]`` "
            "for classic-control envs).")),
        **BaseLoop.PARAMETERS,
        "eval_render": Parameter(False, BOOLEAN, "Show the episodes of ``gym-loop eval`` (and ``eval_agent``, "
                                 "``DefaultLoop.evaluate()``), never training's periodic evaluations: see ``render``."),
        "eval_record": Parameter(False, BOOLEAN, (
            "Record every episode of ``gym-loop eval`` (and ``eval_agent``, ``DefaultLoop.evaluate()``). "
            "The periodic evaluations of training (``episodes_per_eval``) are never recorded: use ``record`` "
            "for training videos, or ``gym-loop eval --run RUN --checkpoint NAME`` afterwards. Needs "
            "``gym-loop[video]``.")),
        "eval_record_dir": Parameter("./eval_records", PATH, (
            "Where evaluation videos go: ``gym-loop eval`` writes each evaluation's into a folder of its own, "
            "``<eval_record_dir>/<checkpoint>-<time>/``, named like its TensorBoard run in ``eval_logdir``.")),
    }
    PARAMETER_RULES = rules_of(PARAMETERS)

    @staticmethod
    def get_default_parameters() -> Dict:
        """Get default parameter dictionary for the loop."""
        return defaults_of(DefaultLoop.PARAMETERS)

    def __init__(self, agent: Any, env: Any, eval_env: Optional[Any] = None, seed: Optional[int] = None,
                 **params: Any):
        super().__init__(**params)
        check_env(env, type(self).__name__)
        if eval_env is not None:
            check_env(eval_env, type(self).__name__, "eval_env")
        self.agent = agent
        self.env = env
        self.eval_env = eval_env
        from gym_loop.spec import check_value, plain  # imports YAML, which DefaultLoop's import does without

        self.seed = seed = plain(seed)
        check_value("seed", seed, SEED)
        self.seeded = False  # True once training is seeded: by the first train(), or by build_loop
        self.spaces = (env.action_space, env.observation_space)  # the agent's, kept if env replaces its own
        self.calls, self._bound = by_steps(bind_agent(agent), self), agent  # act(state, global_step) too
        self.global_step = self.episodes_done = self.evaluated = 0  # evaluated: periodic evaluation episodes

    def training_episodes(self) -> Iterator[Sequence[Episode]]:
        """Training episodes from ``episodes_done`` on, the first ``random_episodes`` with random actions."""
        from gym_loop.loops.raw_returns import raw_return_of  # imports Gymnasium, which create-default does without
        from gym_loop.seeding import episode_seed  # imports NumPy, likewise

        act = None
        with wrapped(self.env, self.max_episode_len, self.render, self.record, self.record_dir,
                     first_episode=self.episodes_done) as env:  # a resumed run's videos named by its episodes
            raw = raw_return_of(env)  # the task's returns beneath a NormalizeReward, which the run records
            while True:
                if rebound(self) or act is None:  # at the start, or the agent assigned itself a method
                    calls = self.calls  # BaseAgent's update does nothing: not calling it saves 500-950 instructions
                    update = None if getattr(calls.update, "__func__", None) is BaseAgent.update else calls.update
                    act = first_checked(calls.act, self.spaces[0])  # both loops' rule for the first action
                episode = self.episodes_done
                warm_up = episode < self.random_episodes
                seed = episode_seed(self.seed, episode) if self.seed_each_episode else None
                total, length = self._run_episode(env, episode, self._random_action if warm_up else act,
                                                  calls.memorize, None if warm_up else update, seed)
                act = act if warm_up else calls.act
                self.episodes_done += 1
                yield (Episode(total if raw is None else float(raw.raw_return), length, self.global_step),)

    def evaluation_episodes(self, periodic: bool) -> Iterator[Episode]:
        """Episodes without ``memorize`` or ``update``: on ``eval_env`` if ``periodic``, else on ``env``,
        rendered and recorded as ``eval_render`` and ``eval_record`` say."""
        if periodic and self.eval_env is None:  # episodes_per_eval without it is refused at the start (Run)
            raise GymLoopError("a schedule rule's after_episode returned EVALUATE; a periodic evaluation needs a "
                               "second env: DefaultLoop(..., eval_env=...)")
        from gym_loop.loops.raw_returns import raw_return_of
        from gym_loop.seeding import episode_seed
        rebound(self)  # the agent assigned itself a method since the last training episode
        with (wrapped(self.eval_env, self.max_episode_len) if periodic else
              wrapped(self.env, self.max_episode_len, self.eval_render, self.eval_record, self.eval_record_dir,
                      lambda episode: True)) as env:
            act, raw = first_checked(self.calls.act_eval, self.spaces[0]), raw_return_of(env)
            for number in itertools.count():
                episode, seed = self.episodes_done - 1 if periodic else number, None
                if periodic and self.seed_each_episode:  # counted in state(): a resume goes on with the count
                    seed, self.evaluated = episode_seed(self.seed, self.evaluated, True), self.evaluated + 1
                total, length = self._run_episode(env, episode, act, None, None, seed)
                act = self.calls.act_eval
                yield Episode(total if raw is None else float(raw.raw_return), length, self.global_step)

    def state(self) -> Dict[str, Any]:
        """The counters (the run saves the random generators it seeded, ``spaces``' included)."""
        return {"episodes": self.episodes_done, "global_step": self.global_step, "evaluated": self.evaluated}

    def restore(self, state: Dict[str, Any]) -> None:
        """Continue from a :meth:`state`."""
        self.episodes_done, self.global_step = state["episodes"], state["global_step"]
        self.evaluated = state.get("evaluated", 0)  # a checkpoint of a gym-loop before: no count

    def _run_episode(self, env: Any, episode: int, act: Callable, memorize: Optional[Callable],
                     update: Optional[Callable], seed: Optional[int] = None) -> Tuple[float, int]:
        """Play one episode; returns its return and length. The hot loop: attributes are read into locals."""
        total_reward, length, stage, reward = 0.0, 0, "env.reset", 0.0
        global_step = self.global_step
        try:
            obs, _ = reset_pair(env.reset(seed=seed), episode)
            while True:
                length += 1  # the step being taken, from 1
                stage = "agent.act"
                action = act(obs, episode)
                stage = "env.step"
                next_obs, reward, raw_terminated, raw_truncated, info = env.step(action)
                total_reward += float(reward)  # here, so a reward that is no number is env.step's failure
                terminated, truncated = bool(raw_terminated), bool(raw_truncated)
                done = terminated or truncated
                if memorize is not None:
                    stage = "agent.memorize"
                    global_step += 1
                    memorize(obs, action, reward, done, next_obs, terminated, truncated, info, global_step)
                if update is not None:
                    stage = "agent.update"
                    if (returned := update(episode)) is not None:  # a loss, say: not logged (metrics' values are)
                        ignored_update(self, returned)
                if done:
                    break
                obs = next_obs
        except (ResetError, ActionError):
            raise
        except (SystemExit, KeyboardInterrupt) as error:  # a failure of the run, told naming where (errors.exited)
            raised_in(error, stage, f", at episode {episode}, step {length}")
            raise
        except BaseException as error:  # also GeneratorExit, gevent.Timeout: raised by the agent or env
            if not float_like(reward):  # also an agent failing on a reward "1" that float() took
                raise GymLoopError(f"env.step returned reward {reward!r} at episode {episode}, step {length}; "
                                   "a reward must be a number") from error
            rendering = render_failed(error, memorize is not None, f"at episode {episode}, step {length}")
            if rendering is not None:  # RecordVideo's call in reset or step
                raise rendering from error
            if stage == "env.step" and (returned := unpacked(error)):  # env.step's answer: not five values
                raise step_arity(returned, f"at episode {episode}, step {length}") from error
            if stage == "env.step" and not acceptable(self.spaces[0], action):  # the agent's, by the first's rule
                raise GymLoopError(f"agent.act returned {shown(action)}, not an action of {self.spaces[0]}"
                                   f"{action_fix(action, self.spaces[0])}, at "
                                   f"episode {episode}, step {length}; env.step: {type(error).__name__}: "
                                   f"{one_line(str(error))}") from error
            raise GymLoopError(f"{stage} failed at episode {episode}, step {length}"  # a note: how to cast the action
                               f"{cast_note(action, self.spaces[0]) if stage == 'env.step' else ''}: "
                               f"{error_text(error)}") from error
        finally:
            self.global_step = global_step
        check_last_step(reward, raw_terminated, raw_truncated, episode, length)  # once per episode
        return total_reward, length

    def _random_action(self, obs: Any, episode: int) -> Any:
        return self.spaces[0].sample()
