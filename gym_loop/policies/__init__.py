"""Policies: :class:`BasePolicy` to subclass."""

from gym_loop.policies.base_policy import BasePolicy

__all__ = ["BasePolicy"]
