"""train --resume with another agent.class: "--resume keeps the run's class", not the run's parameters as unknown
keys of the other class (tester9g-5); from Python too."""

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.errors import SpecError

QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"
RANDOM = "gym_loop.agents.random_agent:RandomAgent"


@pytest.fixture
def run_folder(tmp_path):
    spec = make_spec("FrozenLake-v1", QLEARNING, max_episodes=3)
    result = run_cli("train", "-c", write_spec(tmp_path / "q.yaml", spec), "--run-dir", "rc", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "rc"


def test_resume_with_another_class(run_folder, tmp_path):
    result = run_cli("train", "--resume", run_folder, "--set", f"agent.class={RANDOM}",
                     "--set", "loop.parameters.max_episodes=6", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: agent.class: --resume keeps the run's 'QLearningAgent', not "
                                    "'RandomAgent'; to change it, start a new run: "), result.stderr
    from gym_loop.gym_loop import train_agent
    from gym_loop.spec import load_spec

    spec = load_spec(str(run_folder / "spec.yaml"))
    spec["agent"]["class"] = RANDOM
    with pytest.raises(SpecError, match=r"^agent.class: train_agent\(resume=...\) keeps the run's 'QLearningAgent'"):
        train_agent(spec, resume=run_folder)
