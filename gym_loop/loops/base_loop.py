"""The loop interface: what ``gym-loop train`` and ``gym-loop eval`` call."""

from typing import Any, Dict


class BaseLoop:
    """Base class for loops.

    The spec's ``loop.parameters`` merged over :meth:`get_default_parameters` are in
    ``self.parameters`` and, for convenience, attributes of the same names.
    """

    def __init__(self, **params: Any):
        super().__init__()
        self.parameters = {**self.get_default_parameters(), **params}
        vars(self).update(self.parameters)

    @staticmethod
    def get_default_parameters() -> Dict:
        """Get default parameter dictionary for the loop."""
        return {}

    def train(self) -> Any:
        """Run training."""
        raise NotImplementedError(f"{type(self).__name__} must implement train()")

    def evaluate(self) -> Any:
        """Run the agent without learning."""
        raise NotImplementedError(f"{type(self).__name__} must implement evaluate()")
