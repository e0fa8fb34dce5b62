"""An agent that acts uniformly at random: the baseline and the default of ``create-default``."""

from typing import TYPE_CHECKING, Any, Dict, Optional

from gym_loop.agents.base_agent import BaseAgent
from gym_loop.state import read_state, set_attributes, space_generators, write_state

if TYPE_CHECKING:
    import numpy as np


class RandomAgent(BaseAgent):
    """Samples every action from the env's action space and learns nothing (no parameters, no ``update``)."""

    def __init__(self, **params: Any):
        super().__init__(**params)
        self.batch_action_space, self.batch_size = None, 0  # made by act_batch for the vector env's size
        self.global_step = 0

    # memorize_batch keeps VectorLoop's ``valid`` (a new array each vector step) and the steps before it, and
    # global_step counts it when read (once per batch of episodes, for metrics): counting it each vector step
    # (valid.tobytes().count(1)) took 3,000 instructions, ~45 a transition at 64 CartPole envs (0.6%).
    @property
    def global_step(self) -> int:
        """Env steps done (transitions memorized)."""
        if self._valid is not None:
            self._steps, self._valid = self._steps + self._valid.tobytes().count(1), None
        return self._steps

    @global_step.setter
    def global_step(self, steps: int) -> None:
        self._steps, self._valid = steps, None

    def act_batch(self, states: Any, episode_nums: Any) -> Any:
        """One action per sub-env, batched as the vector env's action space (for VectorLoop)."""
        if self.batch_size != len(episode_nums):
            self._batch_space(len(episode_nums))
        return self.batch_action_space.sample()

    def _batch_space(self, size: int, seeded: bool = True) -> None:
        """The action space batched ``size`` times (None for 0), seeded from ``rng`` if ``seeded``."""
        from gymnasium.vector.utils import batch_space

        self.batch_size = size
        self.batch_action_space = batch_space(self.action_space, size) if size else None
        if size and seeded:
            self.batch_action_space.seed(int(self.rng.integers(2**31)))

    def memorize_batch(self, last_obs: Any, actions: Any, rewards: Any, dones: Any, obs: Any,
                       terminated: Any, truncated: Any, valid: Any, global_step: int) -> None:
        """Count the transitions, as memorize does (when :attr:`global_step` is read)."""
        # valid is VectorLoop's NumPy bool array, whose bytes are 0 or 1: counting the ones in C takes 3,000
        # instructions, against 6,000 for numpy.count_nonzero imported here (create-default imports this module,
        # not NumPy). A loop that reuses one valid array would have to pass a copy.
        self._steps, self._valid = global_step, valid

    def save(self, path: str) -> None:
        """Write the step count and the batched action space's size and generators (the run saves ``rng``; the
        attributes a subclass adds, see :func:`~gym_loop.state.added_attributes`)."""
        generators = [] if self.batch_action_space is None else list(space_generators(self.batch_action_space))
        write_state(path, {"global_step": self.global_step, "batch_size": self.batch_size,
                           "batch_generators": generators}, self)

    def load(self, path: str) -> None:
        """Restore what :meth:`save` wrote."""
        state = read_state(path, self)
        self.global_step = state.pop("global_step")
        if "batch_action_space" in state:  # pickled by a gym-loop before checkpoints were plain data
            self.batch_size, self.batch_action_space = state["batch_size"], state["batch_action_space"]
            return
        self._batch_space(state.pop("batch_size"), seeded=False)
        if self.batch_action_space is not None:
            for generator, saved in zip(space_generators(self.batch_action_space), state["batch_generators"]):
                generator.bit_generator.state = saved.bit_generator.state
        del state["batch_generators"]
        set_attributes(self, state)  # a subclass's, which RandomAgent.save wrote here before 0.4.0 (now the run does)

    def act(self, state: "np.ndarray", episode_num: int) -> Any:
        """Retrieves agent's action upon state: a sample of the action space."""
        return self.action_space.sample()

    def memorize(self, last_ob: "np.ndarray", action: "np.ndarray", reward: "np.ndarray", done: "np.ndarray",
                 ob: "np.ndarray", global_step: Optional[int] = None) -> None:
        """Called after environment steps on action, arguments are classic SARSA tuple.

        ``global_step`` (the loops pass it) is the env steps done; a loop calling ``memorize`` with the
        five arguments of the README instead has each call counted as one.
        """
        # Past the property's setter: a Python call on every step cost ~1,000 instructions of CartPole's ~81,000.
        self._steps, self._valid = self.global_step + 1 if global_step is None else global_step, None

    def metrics(self, episode_num: int) -> Dict[str, float]:
        """Returns dict with metrics to log in tensorboard."""
        return {"global_step": self.global_step}
