"""A section's parameters (or env.imports) given as null are that section's defaults, as if left out (replaces
tests/test_spec_fix7b.py::test_null_is_still_the_defaults, which only checked that run_spec did not raise)."""

import pytest

from gym_loop.agents.q_learning import QLearningAgent
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.spec import default_spec, run_spec

QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"
DEFAULTS = {("agent", "parameters"): {key: rule.default for key, rule in QLearningAgent.PARAMETERS.items()},
            ("loop", "parameters"): {key: rule.default for key, rule in DefaultLoop.PARAMETERS.items()},
            ("env", "parameters"): {}, ("env", "imports"): []}


@pytest.mark.parametrize("section, key", list(DEFAULTS))
def test_null_is_the_defaults_as_if_left_out(section, key):
    nulled, left_out = default_spec(QLEARNING), default_spec(QLEARNING)
    nulled[section][key] = None
    del left_out[section][key]
    resolved = getattr(run_spec(nulled), section)
    assert getattr(resolved, key) == DEFAULTS[section, key]
    assert run_spec(nulled).to_dict() == run_spec(left_out).to_dict()
    assert run_spec(nulled).to_dict()[section][key] == DEFAULTS[section, key]
