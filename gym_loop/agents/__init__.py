"""Agents: :class:`BaseAgent` to subclass, and the built-in ones."""

from gym_loop.agents.base_agent import BaseAgent
from gym_loop.agents.random_agent import RandomAgent

__all__ = ["BaseAgent", "RandomAgent"]
