"""Gym Loop: run your reinforcement learning agent on Gymnasium environments from a YAML run spec."""

# Not 0.3.0: state.json gained run.generators since, and 0.3.0 cannot resume such runs (docs/runs.rst).
__version__ = "0.4.0.dev0"

# The classes of a default spec: here, not in gym_loop.spec, so that --help (which shows them) imports no YAML.
DEFAULT_AGENT = "gym_loop.agents.random_agent:RandomAgent"
DEFAULT_LOOP = "gym_loop.loops.default_loop:DefaultLoop"
