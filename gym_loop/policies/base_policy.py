"""The policy interface: a mapping from states to actions that an agent can own and train."""

from typing import Any, Dict, List

from gym_loop.agents.reserved import check_attributes
from gym_loop.state import EXCLUDED, load_attributes, save_attributes


class BasePolicy:
    """Base class for policies, framework-agnostic.

    The spec's ``policy.parameters`` and the env's spaces are in ``self.parameters`` and are attributes
    of the same names, as for :class:`~gym_loop.agents.BaseAgent` (a parameter that would shadow a method,
    such as ``act`` or ``save``, is refused with a :class:`~gym_loop.errors.SpecError`).
    """

    def __init__(self, **params: Any):
        super().__init__()
        self.parameters = {**self.get_default_parameters(), **params}
        check_attributes(self, "policy", self.parameters)
        self.__dict__.update(self.parameters)

    @staticmethod
    def get_default_parameters() -> Dict:
        """Specifies tweakable parameters for the policy: returns the dict ``create-default`` writes to the YAML."""
        return {}

    def act(self, state: Any) -> Any:
        """Act on state.

        Args:
            state: An observation.

        Returns:
            The action for it.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement act(state)")

    def __call__(self, state: Any) -> Any:
        """Same as :meth:`act`."""
        return self.act(state)

    def save(self, path: str) -> None:
        """Write the policy's state to ``path`` as plain data, as ``BaseAgent.save`` does."""
        save_attributes(self, path)

    def load(self, path: str) -> None:
        """Restore state written by :meth:`save`; loading runs no code from the file."""
        load_attributes(self, path)

    def _excluded_save_params(self) -> List[str]:
        """The attributes :meth:`save` leaves out: by default ``parameters`` and the env's spaces."""
        return list(EXCLUDED)
