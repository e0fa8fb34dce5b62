"""Gym Loop: run your reinforcement learning agent on Gymnasium environments from a YAML spec."""

__version__ = "0.2.0"
