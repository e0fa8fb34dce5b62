"""Loops: :class:`BaseLoop` to subclass, and :class:`DefaultLoop`."""

from gym_loop.loops.base_loop import BaseLoop
from gym_loop.loops.default_loop import DefaultLoop

__all__ = ["BaseLoop", "DefaultLoop"]
