"""The agent interface the loops call. See docs/agents.rst for the full protocol."""

from typing import TYPE_CHECKING, Any, Dict, List, Optional

from gym_loop.state import EXCLUDED, load_attributes, save_attributes

if TYPE_CHECKING:  # NumPy is imported when an agent is made, not when the CLI starts
    import numpy as np


class BaseAgent:
    """Base class for agents.

    Subclasses implement :meth:`act` and, to learn, :meth:`memorize` and :meth:`update`.
    The spec's ``agent.parameters`` merged over :meth:`get_default_parameters`, along with
    ``observation_space``, ``action_space`` and ``policy``, are in ``self.parameters`` (the
    README's way) and are attributes of the same names (the original gym-loop's way:
    ``self.learning_rate``, ``self.action_space``, ``self.policy``).
    ``self.rng`` is a ``numpy.random.Generator`` seeded from the run's seed: draw from it, and
    the run reproduces and resumes exactly.
    """

    def __init__(self, **params: Any):
        super().__init__()
        self.parameters = self.get_default_parameters()
        self.parameters.update(params)
        rng = self.parameters.pop("rng", None)
        # As the original: its agents read self.<parameter>. Setting them through the instance
        # dict also gives the agent its __dict__ at birth, so the default save reads it freely.
        self.__dict__.update(self.parameters)
        self.rng: "np.random.Generator" = rng or _fresh_generator()

    @staticmethod
    def get_default_parameters() -> Dict:
        """Specifies tweakable parameters for agents.

        Returns:
            dict: default parameters for the agent; ``create-default`` writes them to the YAML.
        """
        return {}

    @staticmethod
    def get_default_policy() -> Optional[Dict]:
        """Specifies default policy to use with agent.

        Returns:
            dict: ``{"class": "package.module:Class", "parameters": {...}}``, or None for no policy.
        """
        return None

    def act(self, state: "np.ndarray", episode_num: int) -> Any:
        """Retrieves agent's action upon state.

        Args:
            state: The observation, as the env returned it.
            episode_num: Index of the current episode, counted from 0.

        Returns:
            An action from the env's action space.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement act(state, episode_num)")

    def memorize(
        self, last_ob: "np.ndarray", action: Any, reward: float, done: bool, ob: "np.ndarray"
    ) -> None:
        """Called after environment steps on action, arguments are classic SARSA tuple.

        ``done`` is ``terminated or truncated``. Add ``terminated``, ``truncated``, ``info`` or
        ``global_step`` to the signature to receive them too. Does nothing by default.
        """

    def update(self, episode_num: int) -> None:
        """Called immediately after memorize, except during random warm-up and evaluation.

        Does nothing by default.
        """

    def metrics(self, episode_num: int) -> Dict[str, float]:
        """Returns dict with metrics to log in tensorboard, called at the end of every episode."""
        return {}

    def save(self, path: str) -> None:
        """Write the agent's state to ``path`` as plain data (an ``.npz`` archive; see :mod:`gym_loop.state`).

        Stores every attribute but those of :meth:`_excluded_save_params` and the parameters the
        agent still holds as given. Reads the agent, changes nothing in it.

        Raises:
            gym_loop.state.CheckpointError: An attribute is not plain data (the message names it).
        """
        save_attributes(self, path)

    def load(self, path: str) -> None:
        """Restore state written by :meth:`save`; loading runs no code from the file."""
        load_attributes(self, path)

    def _excluded_save_params(self) -> List[str]:
        """The attributes :meth:`save` leaves out: by default ``parameters`` and the env's spaces.

        Extend it (``[*super()._excluded_save_params(), "name"]``) to leave out what need not
        or cannot be saved, as in Stable-Baselines3.
        """
        return list(EXCLUDED)


def _fresh_generator() -> "np.random.Generator":
    import numpy as np

    return np.random.default_rng()
