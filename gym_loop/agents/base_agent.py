"""The agent interface the loops call. See docs/agents.rst for the full protocol."""

import contextlib
import contextvars
from typing import TYPE_CHECKING, Any, Dict, Iterator, Optional

from gym_loop.agents.reserved import check_attributes, own_parameters
from gym_loop.rules import inherited_defaults
from gym_loop.errors import SpecError
from gym_loop.state import UNSEEDED, PlainState, own_dict, remember_given

if TYPE_CHECKING:  # NumPy is imported when an agent is made, not when the CLI starts
    import numpy as np

# (class, generator) while build_agent constructs an agent of that class for a seeded run: see run_generator
_RUN_GENERATOR: contextvars.ContextVar = contextvars.ContextVar("gym_loop_run_generator", default=None)


@contextlib.contextmanager
def run_generator(agent_class: type, rng: Any) -> Iterator[None]:
    """While an ``agent_class`` is constructed with the run's generator ``rng``: one whose constructor calls
    ``super().__init__()`` without it (the README's, which keeps ``rng`` in its own ``self.parameters``) gets it as
    ``self.rng`` all the same, before its constructor draws from it; an agent of another class built inside does not."""
    token = _RUN_GENERATOR.set((agent_class, rng))
    try:
        yield
    finally:
        _RUN_GENERATOR.reset(token)


class BaseAgent(PlainState):
    """Base class for agents: implement :meth:`act` and, to learn, :meth:`memorize` and :meth:`update`.

    The spec's parameters over :meth:`get_default_parameters`, the env's spaces and ``policy`` are in
    ``self.parameters`` and are attributes of the same names. ``self.rng`` is seeded from the run's seed:
    draw from it, and the run reproduces and resumes exactly.

    Raises:
        SpecError: A parameter would shadow a method or property (``act``, ``update``...), or is named
            ``parameters`` or ``rng``.
    """

    # True: the agent learns from one env's episode at a time (it keeps what act chose for memorize, or takes
    # consecutive memorize calls as one trajectory), so VectorLoop refuses it without act_batch and memorize_batch.
    SINGLE_ENV = False

    def __init__(self, **params: Any):
        super().__init__()
        parameters = own_parameters(self, {**inherited_defaults(self, BaseAgent), **params})
        own_dict(self, parameters=parameters)  # not vars(self)'s: see own_dict
        check_attributes(self, "agent", parameters)
        rng = parameters.pop("rng", None)
        if rng is not None and not hasattr(rng, "bit_generator"):  # a parameter, not the run's numpy Generator
            raise SpecError("agent.parameters.rng", "is reserved for the run's seeded random generator, self.rng; "
                                                    "rename it")
        # As the original: its agents read self.<parameter>; set in the dict own_dict made, which the default save
        # reads freely.
        self.__dict__.update(parameters)
        remember_given(self)  # what save compares self.parameters with
        building = _RUN_GENERATOR.get()
        if rng is None and building is not None and building[0] is type(self):
            rng = building[1]  # the README's super().__init__() with no arguments, in build_agent
        if rng is None:  # a loop's seed replaces it while the agent holds it (DefaultLoop(agent, env, seed=3))
            import numpy as np

            rng = self.__dict__[UNSEEDED] = np.random.default_rng()
        self.rng: "np.random.Generator" = rng

    @staticmethod
    def get_default_parameters() -> Dict:
        """Specifies tweakable parameters for agents: returns the dict ``create-default`` writes to the YAML."""
        return {}

    @staticmethod
    def get_default_policy() -> Optional[Dict]:
        """Specifies default policy to use with agent: returns ``{"class": ..., "parameters": {...}}`` or None."""
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

    def memorize(self, last_ob: "np.ndarray", action: Any, reward: float, done: bool, ob: "np.ndarray") -> None:
        """Called after environment steps on action, arguments are classic SARSA tuple; does nothing by default.

        ``done`` is ``terminated or truncated``. Add ``terminated``, ``truncated``, ``info`` or
        ``global_step`` to the signature to receive them too.
        """

    def update(self, episode_num: int) -> None:
        """Called immediately after memorize, except during random warm-up and evaluation; does nothing by default."""

    def metrics(self, episode_num: int) -> Dict[str, float]:
        """Returns dict with metrics to log in tensorboard, called at the end of every episode."""
        return {}
