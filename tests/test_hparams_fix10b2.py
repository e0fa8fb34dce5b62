"""TensorBoard's HParams of a run hold env.parameters and nested parameters as leaf keys with their own values, so a
sweep over either can be sorted and filtered; a list is JSON text (tester10b-8)."""

from gym_loop.gym_loop import _hparams
from gym_loop.spec import run_spec


def test_env_parameters_and_nested_parameters_are_leaf_hparams():
    spec = run_spec({"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"},
                     "env": {"name": "FrozenLake-v1", "parameters": {"is_slippery": False, "map_name": "4x4"}},
                     "loop": {"parameters": {"max_episodes": 3}}, "seed": 4})
    spec.agent.parameters.update({"opt": {"name": "adam", "lr": 0.001, "betas": [0.9, 0.999], "extra": {"n": 2}},
                                  "empty": {}})
    flat = _hparams(spec)
    assert flat["env.name"] == "FrozenLake-v1" and flat["seed"] == 4
    assert flat["env.parameters.is_slippery"] is False and flat["env.parameters.map_name"] == "4x4"
    assert flat["agent.parameters.opt.lr"] == 0.001 and flat["agent.parameters.opt.name"] == "adam"
    assert flat["agent.parameters.opt.extra.n"] == 2
    assert flat["agent.parameters.opt.betas"] == "[0.9, 0.999]"
    assert flat["agent.parameters.empty"] == "{}"
    assert "agent.parameters.opt" not in flat
    assert flat["loop.parameters.max_episodes"] == 3
