"""tester14a-5: create-default --set 'agent={class: X}' (or loop=..., loop.parameters={...}) writes X's defaults
with the mapping's own keys over them, as -a X and --set agent.class=X do."""

from conftest import run_cli
from gym_loop import yaml_safety
from gym_loop.spec import default_spec


def written(tmp_path, *sets):
    done = run_cli("create-default", *[arg for value in sets for arg in ("-s", value)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return yaml_safety.load(done.stdout, "stdout")


def test_section_mapping_keeps_the_class_defaults(tmp_path):
    spec = written(tmp_path, "agent={class: gym_loop.agents.q_learning:QLearningAgent, parameters: {discount: 0.5}}",
                   "env.name=FrozenLake-v1")
    defaults = default_spec("gym_loop.agents.q_learning:QLearningAgent")["agent"]["parameters"]
    assert spec["agent"]["parameters"] == {**defaults, "discount": 0.5}
    loop = written(tmp_path, "loop={class: gym_loop.loops.vector_loop:VectorLoop}", "env.name=CartPole-v1")["loop"]
    assert "num_envs" in loop["parameters"]


def test_parameters_mapping_laid_over(tmp_path):
    loop = written(tmp_path, "loop.parameters={max_steps: 1000}", "env.name=CartPole-v1")["loop"]["parameters"]
    assert loop["max_steps"] == 1000 and loop["max_episodes"] is None and "eval_episodes" in loop  # as max_steps=1000
