"""Sweeps: many seeds of many configs, each run its own ``gym-loop train`` process, with honest statistics."""
