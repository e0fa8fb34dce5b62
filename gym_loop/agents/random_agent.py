"""An agent that acts uniformly at random: the baseline and the default of ``create-default``."""

import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterator

from gym_loop.agents.base_agent import BaseAgent

if TYPE_CHECKING:
    import numpy as np


class RandomAgent(BaseAgent):
    """Samples every action from the env's action space and learns nothing."""

    @staticmethod
    def get_default_parameters() -> Dict:
        """Specifies tweakable parameters for agents.

        Returns:
            dict: default parameters for the agent (none).
        """
        return {}

    def __init__(self, **params: Any):
        super().__init__(**params)
        self.action_space = params["action_space"]
        self.batch_action_space, self.batch_size = None, 0  # made by act_batch for the vector env's size

    def act_batch(self, states: Any, episode_nums: Any) -> Any:
        """One action per sub-env, batched as the vector env's action space (for VectorLoop)."""
        if self.batch_size != len(episode_nums):
            self._make_batch_space(len(episode_nums))
            self.batch_action_space.seed(int(self.rng.integers(2**31)))
        return self.batch_action_space.sample()

    def save(self, path: str) -> None:
        """Write its step count and the states of the generators it samples actions from.

        Not its pickled attributes, as :class:`BaseAgent` saves: on CPython, pickling an object
        gives it a ``__dict__``, after which its attributes take twice as long to reach, and this
        agent and its action space (the env's) are reached on every step. A subclass may hold
        state of its own, so it is saved as BaseAgent saves.
        """
        if type(self) is not RandomAgent:
            return super().save(path)
        states = [generator.bit_generator.state for generator in self._generators()]
        Path(path).write_bytes(pickle.dumps((getattr(self, "global_step", 0), self.batch_size, states)))

    def load(self, path: str) -> None:
        """Restore what :meth:`save` wrote."""
        if type(self) is not RandomAgent:
            return super().load(path)
        self.global_step, batch_size, states = pickle.loads(Path(path).read_bytes())
        if batch_size:
            self._make_batch_space(batch_size)
        for generator, state in zip(self._generators(), states):
            generator.bit_generator.state = state

    def _make_batch_space(self, size: int) -> None:
        from gymnasium.vector.utils import batch_space

        self.batch_size = size
        self.batch_action_space = batch_space(self.action_space, size)

    def _generators(self) -> Iterator["np.random.Generator"]:
        from gym_loop.seeding import space_generators  # imports NumPy, which create-default does without

        for space in (self.action_space, self.batch_action_space):
            if space is not None:
                yield from space_generators(space)

    def memorize_batch(self, last_obs: Any, actions: Any, rewards: Any, dones: Any, obs: Any,
                       terminated: Any, truncated: Any, valid: Any, global_step: int) -> None:
        """Count the transitions, as memorize does."""
        import numpy  # here: create-default imports this module, and not NumPy

        self.global_step = global_step + int(numpy.count_nonzero(valid))

    def act(self, state: "np.ndarray", episode_num: int) -> Any:
        """Retrieves agent's action upon state: a sample of the action space."""
        return self.action_space.sample()

    def memorize(
        self,
        last_ob: "np.ndarray",
        action: "np.ndarray",
        reward: "np.ndarray",
        done: "np.ndarray",
        ob: "np.ndarray",
        global_step: int,
    ) -> None:
        """Called after environment steps on action, arguments are classic SARSA tuple."""
        self.global_step = global_step

    def update(self, episode_num: int) -> None:
        """Called immediately after memorize: nothing to learn."""

    def metrics(self, episode_num: int) -> Dict[str, float]:
        """Returns dict with metrics to log in tensorboard."""
        return {"global_step": getattr(self, "global_step", 0)}
