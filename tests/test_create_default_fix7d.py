"""tester7c-14 (fix7d): create-default --set agent.class=X / loop.class=X writes X's defaults, as -a/-l do;
with -a/-l as well it is refused as given twice."""

import yaml

from conftest import run_cli

Q = "gym_loop.agents.q_learning:QLearningAgent"
VECTOR = "gym_loop.loops.vector_loop:VectorLoop"
HILL = "examples/hill_climbing.py:HillClimbingAgent"


def written(tmp_path, *args):
    result = run_cli("create-default", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_set_agent_class_writes_its_defaults_as_a_does(tmp_path):
    by_set = written(tmp_path, "-s", f"agent.class={Q}", "-s", "env.name=FrozenLake-v1")
    assert by_set == written(tmp_path, "-a", Q, "-s", "env.name=FrozenLake-v1")
    assert {"learning_rate", "discount"} <= set(by_set["agent"]["parameters"])


def test_set_agent_section_and_its_parameters_as_with_a(tmp_path):
    given = ["-s", f"agent={{class: {Q}}}", "-s", "agent.parameters.discount=0.5", "-s", "env.name=FrozenLake-v1"]
    spec = written(tmp_path, *given)
    assert spec == written(tmp_path, "-a", Q, *given)
    # fix14a (tester14a-5): the section's keys are laid over Q's defaults, which create-default writes every one of
    assert spec["agent"]["class"] == Q and spec["agent"]["parameters"]["discount"] == 0.5
    assert "learning_rate" in spec["agent"]["parameters"]


def test_set_loop_class_writes_its_defaults_as_l_does(tmp_path):
    spec = written(tmp_path, "-s", f"loop.class={VECTOR}")
    assert spec == written(tmp_path, "-l", VECTOR) and "num_envs" in spec["loop"]["parameters"]


def test_set_class_with_the_option_for_it_is_refused(tmp_path):
    result = run_cli("create-default", "-a", "gym_loop.agents.random_agent:RandomAgent", "-s", f"agent.class={Q}",
                     cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: agent.class: given by --set and -a/--agent ({Q} and gym_loop.agents.random_agent:RandomAgent); "
        "give it once"]


def test_set_class_that_is_no_agent_is_refused_at_its_key(tmp_path):
    result = run_cli("create-default", "-s", "agent.class=gym_loop.loops.default_loop:DefaultLoop", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith(
        "Error: agent.class: DefaultLoop has no act() method: it is not an agent class")
    result = run_cli("create-default", "-s", "loop.class=no_such_module:Loop", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("Error: loop.class: no module named 'no_such_module'")
