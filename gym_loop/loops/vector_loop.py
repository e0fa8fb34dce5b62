"""Many copies of the env stepped at once with ``gymnasium.make_vec``: the successor of the original MultiEnvLoop."""

import contextlib
import dataclasses
import functools
import inspect
import logging
import re
import reprlib
import traceback
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional

import numpy as np

from gym_loop.agents.protocol import AgentCalls, bind_memorize, forwarder, rebound
from gym_loop.agents.signatures import accepted_keywords, names_after_ob
from gym_loop.errors import FixFirst, GymLoopError, SpecError, describe, error_text, raised_in
from gym_loop.loops.answers import (ActionError, acceptable, action_fix, float_like, ignored_update, one_line,
                                    reset_pair, shown, step_arity, unpacked)
from gym_loop.loops.base_loop import Episode
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.loops.wrappers import close_env, closed, in_space, learning_wrappers, shorter_limit
from gym_loop.rules import MAPPING, POSITIVE_INT, Parameter, Rule, defaults_of, rules_of

logger = logging.getLogger(__name__)

MODES = ("sync", "async", "vector_entry_point")
# A vector env's sub-envs cannot be saved (nor, in general, any env): a resume makes them anew (docs/loops.rst).
INEXACT_RESUME = ("{loop} resumes its counters, the agent and the run's generators, not the {count} sub-envs' "
                  "episodes in progress at the checkpoint (a vector env's state cannot be saved): they start over, "
                  "so this run will not equal one never interrupted")
BATCH_ARGUMENTS = "last_obs, actions, rewards, dones, obs, terminated, truncated, valid, global_step"


class VectorLoop(DefaultLoop):
    """Trains on ``num_envs`` copies of the env; evaluates like :class:`DefaultLoop`, on one (docs/agents.rst).

    The agent is called through ``act_batch`` and ``memorize_batch`` (see :func:`bind_batch`), or ``act`` and
    ``memorize`` for each sub-env (all acts, the step, then the memorizes; an agent that sets ``SINGLE_ENV`` is
    refused there); ``update(episode_num)`` once per vector step. Gymnasium's NextStep autoreset only. Episodes,
    steps, checkpoints and evaluations count over all sub-envs. After each vector step it yields the episodes that
    ended on it (with ``Episode.sub_env``); the run hands them on to the sinks in batches of at least ``num_envs``
    (the agent's ``metrics`` is asked once per batch). A checkpoint resumes the counters and the agent, but the
    sub-envs' episodes in progress start over, so a resumed run is not the one it would have been
    (:data:`INEXACT_RESUME`, logged on each resume).
    """

    PARAMETERS = {
        **DefaultLoop.PARAMETERS,
        "num_envs": Parameter(8, POSITIVE_INT, "Copies of the env stepped at once."),
        "vectorization_mode": Parameter("sync", Rule(f"one of {', '.join(MODES)}", lambda v: v in MODES), (
            "``sync``, ``async`` (one process per copy) or ``vector_entry_point`` (the env's own vector "
            "implementation, e.g. CartPole's), as ``gymnasium.make_vec`` takes it.")),
        "vector_kwargs": Parameter({}, MAPPING, (
            "Keyword arguments of the vector env (``gymnasium.make_vec``'s ``vector_kwargs``), e.g. "
            "``{shared_memory: false}`` for ``async`` with observations that cannot share memory (MiniGrid's); "
            "the error that asks for it names this key.")),
    }
    PARAMETER_RULES = rules_of(PARAMETERS)

    @staticmethod
    def get_default_parameters() -> Dict:
        """Get default parameter dictionary for the loop."""
        return defaults_of(VectorLoop.PARAMETERS)

    _rescaled = False  # whether the copies have a RawReturn (the vector env a RawReturns) beneath their NormalizeReward
    learned_env = None  # the run saves no wrapper's running statistics: they are the sub-envs' (_make_vector_env)

    def __init__(self, agent: Any, env: Any, eval_env: Any = None, **params: Any):
        super().__init__(agent, env, eval_env, **params)
        for name in ("render", "record"):
            if self.parameters[name]:
                raise SpecError(f"loop.parameters.{name}", "VectorLoop does not render or record training; "
                                                          "use DefaultLoop, or eval_render and eval_record")
        if refusal := uncopied(env):
            raise GymLoopError(refusal)
        self.vector_seed, self._made = None, None

    @staticmethod
    def check_training(agent: Any, parameters: Dict[str, Any]) -> None:
        """Refuse what VectorLoop cannot train (``agent``, a class or an instance; its complete ``parameters``): an
        autoreset mode other than NextStep, an agent that sets ``SINGLE_ENV`` without the batched methods under
        ``num_envs`` above 1, ``seed_each_episode``. Evaluation plays one env and is not refused; train and
        create-default ask first."""
        parameters = {**defaults_of(VectorLoop.PARAMETERS), **parameters}
        if parameters["seed_each_episode"]:  # its sub-envs autoreset unseeded; its resume is inexact anyway
            raise SpecError("loop.parameters.seed_each_episode", "VectorLoop's sub-envs reset themselves, unseeded, "
                                                                 "and its resume is not exact anyway; set it to "
                                                                 "false, or use DefaultLoop")
        entry_point = parameters["vectorization_mode"] == "vector_entry_point"
        _check_autoreset((parameters["vector_kwargs"] or {}).get("autoreset_mode", "NextStep"), (
            "remove vector_kwargs.autoreset_mode (vector_entry_point takes no vector_kwargs)" if entry_point
            else "remove vector_kwargs.autoreset_mode or set it to NextStep"))
        if entry_point and parameters["vector_kwargs"]:  # gymnasium.make_vec refuses them, in its words
            raise SpecError("loop.parameters.vector_kwargs", f"vectorization_mode vector_entry_point takes no "
                            f"vector_kwargs (the env's vector class gets env.parameters); remove "
                            f"{', '.join(map(str, parameters['vector_kwargs']))}, or use sync or async")
        if parameters["num_envs"] > 1 and getattr(agent, "SINGLE_ENV", False) and not (
                batch_method(agent, "act_batch", "act") and batch_method(agent, "memorize_batch", "memorize")):
            name = getattr(agent, "__name__", type(agent).__name__)
            raise SpecError("loop.class", f"{name} sets SINGLE_ENV: it learns from one env's episode "
                            "at a time, and VectorLoop would interleave its act and memorize calls over num_envs "
                            "sub-envs; use DefaultLoop (or num_envs: 1), or give the agent act_batch and "
                            "memorize_batch (docs/agents.rst, Batched agents)")

    def training_episodes(self) -> Iterator[List[Episode]]:
        """Step all sub-envs; after each vector step, yield the episodes that ended on it (a list, maybe empty)."""
        vector_env, self._made = self._made or self._make_vector_env(), None
        with closed(vector_env):
            try:
                yield from self._play_vector(vector_env)
            except Exception:
                _close_failed(vector_env)
                raise

    def restore(self, state: Dict[str, Any]) -> None:
        """Continue from a :meth:`state`, the vector env made now: a ``vector_kwargs`` that ``gymnasium.make_vec``
        refuses refuses the resume before the run records it. The run's generators are restored by now, so the
        sub-envs are seeded as they would be at the first vector step."""
        super().restore(state)
        self._made = self._make_vector_env()
        logger.warning(INEXACT_RESUME.format(loop=type(self).__name__, count=self.num_envs))

    def _vector_kwargs(self) -> Dict[str, Any]:
        """``vector_kwargs``, for async with its worker marked as the run's
        (:func:`~gym_loop.schedule.on_signal.run_worker`)."""
        if self.vectorization_mode != "async":
            return dict(self.vector_kwargs)
        from gym_loop.schedule.on_signal import live_flag, run_worker

        return {**self.vector_kwargs, "worker": functools.partial(run_worker, worker=self.vector_kwargs.get("worker"),
                                                                  live=live_flag())}

    def _make_vector_env(self) -> Any:
        """``num_envs`` copies of the env, seeded from the env's own generator (so from the run's seed)."""
        import gymnasium

        from gym_loop.loops.raw_returns import put_raw_returns, scaler, with_raw_return

        self.check_training(self.agent, {name: getattr(self, name) for name in ("num_envs", "vectorization_mode",
                                                                               "vector_kwargs", "seed_each_episode")})
        if learning := learning_wrappers(self.env):
            logger.warning("env.name: the running statistics of %s in each of VectorLoop's sub-envs are in no "
                           "checkpoint: a resume and eval --run start them afresh; use DefaultLoop to have them "
                           "saved", ", ".join(type(wrapper).__name__ for wrapper in learning))
        spec = self.env.spec  # with the wrappers put on the env after gymnasium.make: each copy gets them too
        if self.vectorization_mode == "vector_entry_point" and spec.additional_wrappers:  # make_vec refuses them
            raise SpecError("loop.parameters.vectorization_mode", f"env {spec.id} is wrapped (" + ", ".join(
                wrapper.name for wrapper in spec.additional_wrappers) + ") after its entry point, which "
                "vector_entry_point cannot play; use vectorization_mode: sync or async")
        kwargs = {"max_episode_steps": shorter_limit(spec, self.max_episode_len) or spec.max_episode_steps}
        self._rescaled = self.vectorization_mode != "vector_entry_point" and scaler(self.env) is not None
        if self._rescaled:
            kwargs["wrappers"] = [with_raw_return]  # each copy's task returns, as DefaultLoop's (raw_returns)
        try:
            vector_env = gymnasium.make_vec(
                _unrendered(spec), num_envs=self.num_envs, vectorization_mode=self.vectorization_mode,
                vector_kwargs=self._vector_kwargs(), **{key: value for key, value in kwargs.items() if value})
        except gymnasium.error.Error as error:
            key = "vector_kwargs" if "vector_kwargs" in str(error) else "vectorization_mode"
            raise SpecError(f"loop.parameters.{key}", str(error)) from error
        except Exception as error:
            if "shared_memory=False" in str(error) or "disable `shared_memory`" in str(error):  # Text; Graph, Sequence
                key = "vector_kwargs" if "shared_memory" in self.vector_kwargs else "vectorization_mode"  # the user's
                raise SpecError(f"loop.parameters.{key}", "the async vector env cannot share memory for "
                                "these observations; set loop.parameters.vector_kwargs.shared_memory=false") from error
            if isinstance(error, ValueError) and "cannot be recreated" in str(error):  # below make's own wrappers
                raise GymLoopError(_not_recreated(str(error).split(" wrapper ")[0])) from error
            if isinstance(error, TypeError) and self.vector_kwargs:  # an argument the vector env does not take
                raise SpecError("loop.parameters.vector_kwargs", f"gymnasium.make_vec refused it: {error}") from error
            raise GymLoopError(self._make_failed(spec, error)) from error
        try:  # an env's own vector entry point may autoreset otherwise
            _check_autoreset(vector_env.metadata.get("autoreset_mode", "NextStep"), "the env's vector entry point "
                             "autoresets so: set it to sync or async", "loop.parameters.vectorization_mode")
        except SpecError:
            close_env(vector_env)
            raise
        if self.vectorization_mode == "vector_entry_point":  # the env's own vector class, which may rescale rewards
            self._rescaled = put_raw_returns(vector_env)
        # Sub-env i is reset with vector_seed + i, once; later resets continue its stream, as in DefaultLoop.
        self.vector_seed = int(self.env.np_random.integers(2**31 - self.num_envs))
        try:
            self._reset(vector_env, seed=self.vector_seed)
        except BaseException:
            _close_failed(vector_env)
            raise
        vector_env.action_space.seed(self.vector_seed)
        return vector_env

    def _make_failed(self, spec: Any, error: Exception) -> str:
        """Why ``gymnasium.make_vec`` failed with ``error``: the env's ``close()`` as the async vector env closed its
        probe copy, the env's vector entry point, or make_vec in the vectorization mode."""
        failed = f"{type(error).__name__}: {describe(error) if isinstance(error, OSError) else one_line(str(error))}"
        frames = [frame.f_code for frame, _ in traceback.walk_tb(error.__traceback__)]
        if any(code.co_name == "__init__" and code.co_filename.endswith("async_vector_env.py") and after.co_name
               == "close" for code, after in zip(frames, frames[1:])):
            close = f"{type(self.env.unwrapped).__name__}.close()"
            return (f"env {spec.id}: {close} failed as the async vector env closed the copy it makes to read the "
                    f"spaces: {failed}; fix {close} (DefaultLoop and vectorization_mode sync only warn of it)")
        if self.vectorization_mode == "vector_entry_point":
            entry = spec.vector_entry_point
            entry = entry if isinstance(entry, str) else f"{entry.__module__}.{entry.__qualname__}"
            passed = (" (Gymnasium's make_vec passes it num_envs, the registration's max_episode_steps and "
                      "env.parameters)" if isinstance(error, TypeError) else "")
            return f"env {spec.id}: its vector entry point {entry} failed: {failed}{passed}"
        return f"env {spec.id}: gymnasium.make_vec failed ({self.vectorization_mode}): {failed}"

    def _reset(self, vector_env: Any, **kwargs: Any) -> Any:
        """``vector_env.reset(**kwargs)``; a failure as one line, worded like a failure later in training."""
        try:
            return vector_env.reset(**kwargs)
        except Exception as error:
            self._check_single_reset()
            raise _failed(vector_env, error, f"env.reset failed after {self.episodes_done} episodes, at env step "
                                             f"{self.global_step}") from error

    def _check_single_reset(self) -> None:
        """After the vector env's reset failed: raise DefaultLoop's :class:`ResetError` if ``reset`` of one copy of
        the env (:meth:`_single_copy`) does not return Gymnasium's pair, an env of the old gym API (the vector env
        unpacks its observation instead); else return, its own failure left to the vector env's error."""
        try:
            with self._single_copy() as env:
                result = env.reset()
                space = env.observation_space
        except Exception:  # the vector env's error says it
            return
        _check_shape("env.reset", reset_pair(result, self.episodes_done)[0], space,
                     f"after {self.episodes_done} episodes, at env step {self.global_step}")

    def _single_copy(self) -> Any:
        """One more copy of the env, made from ``env.spec`` as the vector env's are, for the checks that reset and
        step it after the vector env failed: the env given, whose generators are the run's, is left alone."""
        import gymnasium

        return gymnasium.make(_unrendered(self.env.spec))

    def _check_single_step(self, finished: int, error: Optional[Exception]) -> None:
        """After the vector env's ``step`` raised a ValueError or TypeError (``error``), or an episode's return came out
        NaN (None: a reward None or ``"x"`` that it stored as NaN): raise :class:`StepError` if a step of one copy of
        the env (:meth:`_single_copy`, reset first) returns what the vector env cannot store: not five values (the old
        gym API's four), a reward that is not one number, under ``async`` a flag that is not a bool, or an observation
        of another shape than the space's; else return, the vector env's error left to say it."""
        where = f"after {finished} episodes, at env step {self.global_step}"
        try:
            with self._single_copy() as env:
                env.reset()
                result = env.step(env.action_space.sample())
                space = env.observation_space
        except Exception as failure:  # the vector env's error says it, unless a wrapper could not unpack the step
            if returned := unpacked(failure):
                raise step_arity(returned, where) from error
            return
        if not (isinstance(result, tuple) and len(result) == 5):  # an env of the old gym API: 4 values
            raise step_arity(f"{len(result)} values" if isinstance(result, (tuple, list)) else
                             f"{type(result).__name__} (not a tuple)", where) from error
        obs, reward, terminated, truncated, _ = result
        if not float_like(reward) or np.ndim(reward):
            raise _bad_step("reward", reward, finished, self.global_step) from error
        for what, flag in (("terminated", terminated), ("truncated", truncated)):
            if self.vectorization_mode == "async" and np.ndim(flag):
                raise _bad_step(what, flag, finished, self.global_step) from error
        _check_shape("env.step", obs, space, where, error)

    def _check_stored(self, vector_env: Any, finished: int, error: Exception) -> None:
        """After the vector env's ``step`` raised ``error`` at a step the check of one copy passes (a later one):
        raise the error naming what a sub-env's step returned, where ``error`` tells it (a failed unpacking of its
        results: not five values; under ``async``, NumPy's words for an observation that does not fit its slot) or
        the ``sync`` vector env still holds it (each sub-env's observation, before it stacks them); else return."""
        where, space = f"after {finished} episodes, at env step {self.global_step}", vector_env.single_observation_space
        text, asynchronous = str(error), self.vectorization_mode == "async"
        if (returned := unpacked(error)) and (not asynchronous or "(expected 5" in text):  # async: the worker's
            raise step_arity(returned, where) from error  # unpacking, not the env's own (its traceback stayed there)
        shape = getattr(space, "shape", None)
        found = re.search(r"could not broadcast input array from shape (\([\d, ]*\)) into shape (\([\d, ]*\))$", text)
        if asynchronous and found and shape is not None and found.group(2) == str(tuple(shape)):
            raise _wrong_shape("env.step", found.group(1), space, where) from error
        for obs in () if asynchronous else getattr(vector_env.unwrapped, "_env_obs", None) or ():
            _check_shape("env.step", obs, space, where, error)

    def _play_vector(self, vector_env: Any) -> Iterator[List[Episode]]:
        batch, count = bind_batch(self.agent, vector_env, self.calls), self.num_envs
        step = batch.step
        finished = self.episodes_done  # episodes ended so far
        episode_of = np.arange(count) + finished  # the episode each sub-env is playing
        returns, started = np.zeros(count), [0] * count  # started: the vector step each episode began after
        resetting, resets = np.zeros(count, dtype=bool), 0  # the sub-envs that ended on the last step
        vector_steps, new, shape = 0, tuple.__new__, (count,)
        sums = _raw_sums(vector_env) if self._rescaled else None  # the copies' RawReturn sums
        # For a failure's message: the agent's batched method, or the one called for each sub-env.
        act_stage, memorize_stage = (f"agent.{name}_batch" if batch_method(self.agent, f"{name}_batch", name) else
                                     f"agent.{name}" for name in ("act", "memorize"))
        obs, _ = self._reset(vector_env)
        while True:
            warmed_up = finished >= self.random_episodes
            stage = act_stage
            try:
                actions = batch.act(obs, episode_of) if warmed_up else self._actions(batch, vector_env, obs, episode_of)
                stage = "env.step"
                next_obs, rewards, terminated, truncated, _ = step(actions)
                if rewards.shape != shape or terminated.shape != shape or truncated.shape != shape:  # async's stack
                    _check_stacked(rewards, terminated, truncated, finished, self.global_step)
                # A reset step is no transition; Gymnasium gives it reward 0 and neither termination nor truncation.
                valid, dones = ~resetting, terminated | truncated
                stage = memorize_stage
                batch.memorize(obs, actions, rewards, dones, next_obs, terminated, truncated, valid, self.global_step)
                if warmed_up or (episode_of >= self.random_episodes).any():
                    stage = "agent.update"
                    if (returned := self.calls.update(finished)) is not None:
                        ignored_update(self, returned)
            except StepError:
                raise
            except (SystemExit, KeyboardInterrupt) as error:  # a failure of the run, told naming where
                raised_in(error, stage, f", after {finished} episodes, at env step {self.global_step}")
                raise
            except BaseException as error:  # also GeneratorExit, gevent.Timeout: raised by the agent or env
                if isinstance(error, ActionError):
                    raise GymLoopError(f"{error}, after {finished} episodes, at env step {self.global_step}") from error
                if stage == "env.step" and not acceptable(vector_env.action_space, actions):  # the agent's
                    raise GymLoopError(f"{act_stage} returned {shown(actions, reprlib.repr(actions))}, not an "
                                       f"action of {vector_env.action_space} (one per sub-env)"
                                       f"{action_fix(actions, vector_env.action_space)}, after {finished} "
                                       f"episodes, at env step {self.global_step}; env.step: "
                                       f"{type(error).__name__}: {one_line(str(error))}") from error
                if stage == "env.step" and isinstance(error, (ValueError, TypeError)):  # as the vector env stored it
                    self._check_single_step(finished, error)
                    self._check_stored(vector_env, finished, error)
                raise _failed(vector_env, error, f"{stage} failed after {finished} episodes, at env step "
                                                 f"{self.global_step}") from error
            vector_steps += 1
            self.global_step = global_step = self.global_step + count - resets
            returns += rewards
            ended = dones.nonzero()[0].tolist()
            resetting, resets, group = dones, len(ended), []  # reset by the next step
            if ended:
                raw = sums() if sums is not None else None
                for index in ended:  # each plays a new episode after its reset step
                    episode_return = returns.item(index)
                    if episode_return != episode_return:  # NaN: the vector env's store of a reward None or "x"?
                        self._check_single_step(finished, None)  # else the run's message for a NaN return
                    if raw is not None:
                        episode_return = float(raw(index))
                    # tuple.__new__: 2,300 instructions an episode, against 3,700 for Episode(...) (a Python __new__);
                    # item() and a zero per ended sub-env: a third of returns.tolist() and returns[dones] = 0.0
                    group.append(new(Episode, (episode_return, vector_steps - started[index], global_step, index)))
                    returns[index] = 0.0
                    episode_of[index], started[index], finished = finished + count, vector_steps + 1, finished + 1
                self.episodes_done = finished
                if rebound(self):  # the agent assigned itself a method (self.act = self.greedy)
                    batch = bind_batch(self.agent, vector_env, self.calls)
                    step = batch.step
            yield group  # also when empty: the run hands waiting episodes on in time
            obs = next_obs

    def _actions(self, batch: Any, vector_env: Any, obs: Any, episode_of: np.ndarray) -> Any:
        """The agent's actions, random for the sub-envs still in their ``random_episodes``."""
        warm_up = episode_of < self.random_episodes
        if warm_up.all():
            return vector_env.action_space.sample()
        actions = batch.act(obs, episode_of)
        return _mixed(vector_env, actions, warm_up) if warm_up.any() else actions


def _unrendered(spec: Any) -> Any:
    """The env's ``spec`` without a ``render_mode``: the copies VectorLoop makes draw no frames."""
    return dataclasses.replace(spec, kwargs={key: value for key, value in spec.kwargs.items() if key != "render_mode"})


def _check_autoreset(mode: Any, fix: str, key: str = "loop.parameters.vector_kwargs") -> None:
    """Refuse an autoreset mode other than Gymnasium's NextStep, the one VectorLoop plays (its ``valid``)."""
    mode = getattr(mode, "value", mode)  # gymnasium's AutoresetMode, or its value as a spec gives it
    if str(mode) != "NextStep":
        raise SpecError(key, f"VectorLoop plays Gymnasium's NextStep autoreset, not {mode}; {fix}")


def _mixed(vector_env: Any, actions: Any, random: np.ndarray) -> Any:
    """The batched ``actions`` with a sampled action for each sub-env where ``random``, sub-env by sub-env, so for
    any batched space (a Tuple's or Dict's too). Actions outside the space are left as they are, for ``env.step``
    to refuse (and the loop to name the agent's method)."""
    from gymnasium.vector.utils import concatenate, create_empty_array, iterate

    batched, single = vector_env.action_space, vector_env.single_action_space
    if not in_space(batched, actions):
        return actions
    sampled = list(iterate(batched, batched.sample()))
    rows = [sampled[index] if random[index] else action for index, action in enumerate(iterate(batched, actions))]
    return concatenate(single, rows, create_empty_array(single, len(rows)))


def _raw_sums(vector_env: Any) -> Callable[[], Callable[[int], float]]:
    """Asked after a vector step on which episodes ended: the sub-envs' :class:`~gym_loop.loops.raw_returns.RawReturn`
    sums, by sub-env index. An async vector env's are read with ``get_attr`` (a round trip to every worker), a sync
    one's from its copies' wrappers, found once: ``get_attr`` walks every copy's chain, 236 us at 64 CartPole
    copies on a loaded machine, against 0.14 us for reading three (review9-3). Under ``vector_entry_point``, its
    :class:`~gym_loop.loops.raw_returns.RawReturns`' sums."""
    import gymnasium

    from gym_loop.loops.raw_returns import RawReturns, raw_return_of

    kept = vector_env  # vector_entry_point's: beneath the vector env's own NormalizeReward
    while isinstance(kept, gymnasium.vector.VectorWrapper) and not isinstance(kept, RawReturns):
        kept = kept.env
    if isinstance(kept, RawReturns):
        return lambda: kept.raw_returns.item
    wrappers = [raw_return_of(env) for env in getattr(vector_env.unwrapped, "envs", None) or ()]
    if not wrappers or None in wrappers:
        return lambda: vector_env.get_attr("raw_return").__getitem__

    def raw_sum(index: int) -> float:
        return wrappers[index].raw_return

    return lambda: raw_sum


class StepError(GymLoopError):
    """``env.step`` returned a reward that is not a number, (async) a flag that is not a bool, or ``reset`` or ``step``
    an observation of another shape than the space's: VectorLoop's message for it, as DefaultLoop's."""


def _bad_step(what: str, value: Any, finished: int, global_step: int) -> StepError:
    if what == "reward":
        return StepError(f"env.step returned reward {shown(value)} after {finished} episodes, at env step "
                         f"{global_step}; a reward must be a number")
    return StepError(f"env.step returned {what} {shown(value)} after {finished} episodes, at env step {global_step}; "
                     f"the async vector env stacks the sub-envs' flags and needs True or False: return bool({what})")


def _check_shape(call: str, obs: Any, space: Any, where: str, error: Optional[BaseException] = None) -> None:
    """Raise :class:`StepError` if ``obs``, which ``call`` of one copy of the env returned, has not the shape of its
    ``space`` (the vector env, which stacks the copies' observations, failed on it; DefaultLoop only warns)."""
    shape = getattr(space, "shape", None)
    if shape is not None and np.shape(obs) != shape:
        raise _wrong_shape(call, np.shape(obs), space, where) from error


def _wrong_shape(call: str, shape: Any, space: Any, where: str) -> StepError:
    return StepError(f"{call} returned an observation of shape {shape} {where}, and env.observation_space is "
                     f"{space}; return one of shape {space.shape} (the vector env stacks the sub-envs' observations)")


def _check_stacked(rewards: Any, terminated: Any, truncated: Any, finished: int, global_step: int) -> None:
    """Raise the :class:`StepError` for an async vector env's step results that are not one number and two flags
    per sub-env: a reward ``np.array([1.0])`` (a slip common in custom envs; DefaultLoop refuses it too), or a flag
    ``np.array([True])``, which the async vector env cannot stack once a sub-env resets (sync and DefaultLoop take
    it); else return."""
    shape = (len(rewards),)
    for what, values in (("reward", rewards), ("terminated", terminated), ("truncated", truncated)):
        if values.shape != shape:
            raise _bad_step(what, values[0], finished, global_step)


def uncopied(env: Any) -> Optional[str]:
    """Why VectorLoop cannot make faithful copies of ``env`` with ``gymnasium.make_vec`` from its spec, or None.

    ``env.spec`` re-creates the env and the wrappers put on it after ``gymnasium.make`` that record their
    arguments (Gymnasium's own, on ``gymnasium.utils.RecordConstructorArgs``); an env with no spec (not
    made by ``gymnasium.make``) or with another wrapper cannot be copied, and training on copies
    without it would silently train on another env than the one given.
    """
    from gymnasium import Wrapper
    from gymnasium.utils import RecordConstructorArgs
    from gymnasium.wrappers import OrderEnforcing, PassiveEnvChecker

    if getattr(env, "spec", None) is None:
        return (f"VectorLoop makes its num_envs copies of env with gymnasium.make_vec from env.spec, and this "
                f"{type(getattr(env, 'unwrapped', env)).__name__} has none (it was not made by gymnasium.make); "
                "register it (gymnasium.register) and pass gymnasium.make(id), or use DefaultLoop")
    outer = []  # the wrappers above gymnasium.make's own (PassiveEnvChecker, OrderEnforcing): the user's
    while isinstance(env, Wrapper) and not isinstance(env, (PassiveEnvChecker, OrderEnforcing)):
        outer.append(env)
        env = env.env
    lost = [type(wrapper).__name__ for wrapper in outer if not isinstance(wrapper, RecordConstructorArgs)]
    return _not_recreated(", ".join(lost)) if lost and isinstance(env, Wrapper) else None


def _not_recreated(names: str) -> str:
    return (f"VectorLoop makes its num_envs copies of env from env.spec, which cannot re-create its wrapper {names} "
            "(not on gymnasium.utils.RecordConstructorArgs); register a function that returns the wrapped env and "
            "pass gymnasium.make(id) (docs/spec.rst, Wrappers), or use DefaultLoop")


def _close_failed(vector_env: Any) -> None:
    """Close ``vector_env`` after a failure of its ``reset`` or ``step``. An async one whose failure came after its
    workers answered (taking their answers: an old-API reset's observation unpacked as ``(obs, info)``) still
    waits for them, and its ``close`` would wait forever; it is told it waits no more (Gymnasium has no public
    way; ``terminate=True`` is no better: the workers inherit the run's SIGTERM handler). One whose worker died
    (:func:`_dead_workers`) is closed here, worker by worker, as its ``close`` would but for the broken pipes of
    the dead (more may die meanwhile): the live are told to close their env, then all are joined."""
    from gymnasium.vector import AsyncVectorEnv
    from gymnasium.vector.async_vector_env import AsyncState

    unwrapped = vector_env.unwrapped
    if isinstance(unwrapped, AsyncVectorEnv) and getattr(unwrapped, "_state", None) not in (None, AsyncState.DEFAULT):
        unwrapped._state = AsyncState.DEFAULT
    if _dead_workers(vector_env):
        pipes = [pipe for pipe in unwrapped.parent_pipes if pipe is not None]
        for pipe in pipes:
            with contextlib.suppress(OSError):
                pipe.send(("close", None))
        for pipe in pipes:  # the answers not taken (the step's, unread after the dead one's), up to the close's
            with contextlib.suppress(EOFError, OSError):
                while pipe.recv()[0] is not None:
                    pass
        for pipe in pipes:
            pipe.close()
        for process in unwrapped.processes:
            process.join()
        unwrapped.parent_pipes, unwrapped.closed = [None] * unwrapped.num_envs, True
    close_env(vector_env)


def _dead_workers(vector_env: Any, wait: float = 0.0) -> List[Any]:
    """The ``(index, process)`` of an async ``vector_env``'s worker processes that have ended (a segfault, the OOM
    killer), their pipes not yet dropped, waiting up to ``wait`` seconds for one to end; else ``[]``."""
    from multiprocessing.connection import wait as wait_for

    unwrapped = vector_env.unwrapped
    processes, pipes = getattr(unwrapped, "processes", None), getattr(unwrapped, "parent_pipes", ())
    if not processes or len(pipes) != len(processes):
        return []
    ended = wait_for([process.sentinel for process in processes], wait)  # ready once a process has ended
    dead = [(index, process) for index, process in enumerate(processes)
            if process.sentinel in ended and pipes[index] is not None]
    for _, process in dead:
        process.join()  # its exit code: a moment after its pipes closed
    return dead


def _failed(vector_env: Any, error: BaseException, what: str) -> GymLoopError:
    """The error saying that the vector env's ``reset`` or ``step`` failed (``what``: which, and when) with
    ``error``: a dead worker's named with its exit (the pipe to it broke, with an empty ``EOFError``) and what to
    do, to which a run adds how it goes on; else the error's type and text."""
    dead = _dead_workers(vector_env, wait=1.0) if isinstance(error, (EOFError, ConnectionError)) else []
    if not dead:
        return GymLoopError(f"{what}: {error_text(error)}")
    import signal

    index, process = dead[0]
    code = process.exitcode
    how = f"exit code {code}" if code >= 0 else next(
        (f"killed by {number.name}" for number in signal.Signals if number == -code), f"killed by signal {-code}")
    why = {-signal.SIGKILL: " (out of memory? see dmesg)", -signal.SIGSEGV: " (a crash in native code)"}.get(code, "")
    more = f" ({len(dead) - 1} more died)" if len(dead) > 1 else ""
    return FixFirst(f"{what}: the async vector env's worker process of sub-env {index} (pid {process.pid}) died, "
                    f"{how}{why}{more}; find why (vectorization_mode sync plays the env in gym-loop's process, where "
                    "a Python error shows)")


class BatchCalls(NamedTuple):
    """A batched agent's methods for :class:`VectorLoop`, or stand-ins; the vector env's ``step``."""

    act: Callable[[Any, Any], Any]
    memorize: Callable[..., None]
    step: Callable[[Any], Any]  # the vector env's, or (for the per-sub-env memorize's info) one that keeps its infos


def batch_method(agent: Any, batched: str, single: str) -> Optional[Callable[..., Any]]:
    """``agent``'s method ``batched`` (``act_batch``), or None when its class defines ``single`` (``act``) further
    down its MRO (a subclass of RandomAgent overriding act): that batched method would not call the subclass's
    ``single``, which is then called per sub-env. ``agent`` is an agent or its class."""
    method, own = getattr(agent, batched, None), {} if isinstance(agent, type) else getattr(agent, "__dict__", {})
    if method is None or batched in own or single in own:  # set on the instance: the most derived
        return method if single not in own or batched in own else None
    mro = (agent if isinstance(agent, type) else type(agent)).__mro__
    depth = {name: next((i for i, cls in enumerate(mro) if name in vars(cls)), len(mro)) for name in (batched, single)}
    return method if depth[batched] <= depth[single] else None


def bind_batch(agent: Any, vector_env: Any, calls: AgentCalls) -> BatchCalls:
    """``act_batch``/``memorize_batch`` of the agent, or stand-ins that call its ``act``/``memorize`` per sub-env.

    ``act(states, episode_nums)`` returns one action per sub-env, batched as the vector env's
    action space. ``memorize(last_obs, actions, rewards, dones, obs, terminated, truncated, valid,
    global_step)``: ``valid[i]`` is False where sub-env ``i`` was reset by this step, which is then
    no transition; ``global_step`` counts the transitions before this step. The stand-ins give ``act`` and
    ``memorize`` the sub-env's index as ``env_id`` where they name it (as the original's MultiEnvLoop did), and
    ``memorize`` the sub-env's own ``info`` (:func:`sub_env_info`) where it takes one.
    """
    from gymnasium.vector.utils import concatenate, create_empty_array, iterate

    observations, action_space = vector_env.observation_space, vector_env.single_action_space
    act_batch = batch_method(agent, "act_batch", "act")
    memorize_batch = batch_method(agent, "memorize_batch", "memorize")
    single = getattr(agent, "memorize", None)
    act_ids, memorize_ids = (_names(method, "env_id") for method in (agent.act, single))
    memorize_one = bind_memorize(agent, ("env_id",)) if memorize_ids else calls.memorize
    wants_info = memorize_batch is None and callable(single) and bool(accepted_keywords(single, ("info",)))
    infos, step = [{}], vector_env.step  # infos: the last step's, kept by keeping_infos where memorize takes them

    unchecked = [True]  # the first actions are checked, as DefaultLoop checks its first (answers.first_checked)

    def refuse_wrong(actions: List[Any]) -> None:
        wrong = next(((index, action) for index, action in enumerate(actions)
                      if not acceptable(action_space, action)), None)
        if wrong is not None:
            raise ActionError(f"agent.act returned {shown(wrong[1])} for sub-env {wrong[0]}, not an action of "
                              f"{action_space}{action_fix(wrong[1], action_space)}") from None

    def act_each(states, episode_nums):
        states = iterate(observations, states)
        actions = [calls.act(state, int(episode), env_id=index) if act_ids else calls.act(state, int(episode))
                   for index, (state, episode) in enumerate(zip(states, episode_nums))]
        if unchecked[0]:  # batching would turn a tensor(1) into 1, which no later check could see
            unchecked[0] = False
            refuse_wrong(actions)
        try:
            return concatenate(action_space, actions, create_empty_array(action_space, len(actions)))
        except Exception:  # one action cannot be batched: name it, as DefaultLoop does
            refuse_wrong(actions)
            raise

    def memorize_each(last_obs, actions, rewards, dones, obs, terminated, truncated, valid, global_step):
        rows = zip(iterate(observations, last_obs), iterate(vector_env.action_space, actions),
                   iterate(observations, obs), valid)
        for i, (last_ob, action, ob, is_transition) in enumerate(rows):
            if is_transition:
                global_step += 1
                arguments = (last_ob, action, rewards[i], bool(dones[i]), ob, bool(terminated[i]), bool(truncated[i]),
                             sub_env_info(infos[0], i) if wants_info else {}, global_step)
                if memorize_ids:
                    memorize_one(*arguments, i)
                else:
                    memorize_one(*arguments)

    def keeping_infos(actions):
        result = step(actions)
        infos[0] = result[4]
        return result

    if memorize_batch is None:
        memorize = memorize_each
    elif names_after_ob(memorize_batch) == ("terminated", "truncated", "valid", "global_step"):
        memorize = memorize_batch  # the documented signature: called as it is, with no wrapper per step
    else:
        extras = "terminated, truncated, valid" + (", global_step=global_step" if accepted_keywords(
            memorize_batch, ("global_step",)) else "")
        memorize = forwarder(memorize_batch, extras, BATCH_ARGUMENTS)
    return BatchCalls(act=act_batch or act_each, memorize=memorize, step=keeping_infos if wants_info else step)


def _names(method: Any, name: str) -> bool:
    """Whether ``method``'s signature names the parameter ``name`` (not only through ``**kwargs``)."""
    try:
        return name in inspect.signature(method).parameters
    except (TypeError, ValueError):  # not callable, or no signature Python can read
        return False


def sub_env_info(infos: Dict[str, Any], index: int) -> Dict[str, Any]:
    """Sub-env ``index``'s info in a vector env's step ``infos``, where each key's values are stacked over the
    sub-envs, beside a mask ``_key`` of those that gave it (nested dicts alike)."""
    return {key: sub_env_info(value, index) if isinstance(value, dict) else value[index]
            for key, value in infos.items() if f"_{key}" in infos and infos[f"_{key}"][index]}
