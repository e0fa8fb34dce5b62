"""tester6a's agent defects: a spec policy of a plain class is checkpointed; the built-in agents on finite
product state spaces (Blackjack-v1's Tuple) and what their refusals recommend."""

import json

import numpy as np
import pytest

from conftest import make_spec, run_cli, write_spec

POLICY_AGENT = """
import numpy as np
from gym_loop.agents import BaseAgent


class EpsPolicy:
    \"\"\"A policy as the seeds wrote them: a plain class, not on BasePolicy, that learns (eps) and draws.\"\"\"

    @staticmethod
    def get_default_parameters():
        return {"eps": 0.5, "decay": 0.9}

    def __init__(self, **params):
        self.__dict__.update(self.get_default_parameters())
        self.__dict__.update(params)
        self.rng = np.random.default_rng(0)
        self.calls = 0

    def __call__(self, state):
        self.calls += 1
        if self.rng.random() < self.eps:
            return int(self.rng.integers(self.action_space.n))
        return 0


class PolAgent(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {}

    @staticmethod
    def get_default_policy():
        return {"class": "polagent.py:EpsPolicy", "parameters": {"eps": 0.9}}

    def act(self, state, episode_num):
        return self.policy(state)

    def update(self, episode_num):
        self.policy.eps *= self.policy.decay
"""


def episodes(run):
    """episode, global_step, return, length of each row of the run's episodes.csv."""
    return [line.split(",")[:4] for line in (run / "episodes.csv").read_text().splitlines()[1:]]


def test_a_plain_class_policy_is_checkpointed_by_its_attributes_and_resumes_exactly(tmp_path):
    (tmp_path / "polagent.py").write_text(POLICY_AGENT)
    spec = make_spec(max_episodes=6, max_episode_len=200, episodes_per_checkpoint=3)
    spec["agent"] = {"class": "polagent.py:PolAgent"}
    spec.pop("policy", None)  # the agent's default policy
    write_spec(tmp_path / "run.yaml", spec)
    for run in ("part", "whole"):
        assert run_cli("train", "-c", "run.yaml", "--run-dir", run, "--seed", "2", *(
            ["--set", "loop.parameters.max_episodes=10"] if run == "whole" else []), cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "part" / "run.json").read_text())["status"] == "finished"
    resumed = run_cli("train", "--resume", "part", "--set", "loop.parameters.max_episodes=10", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert episodes(tmp_path / "part") == episodes(tmp_path / "whole") and len(episodes(tmp_path / "whole")) == 10
    checkpoint = tmp_path / "part" / "checkpoints" / "agent-000006" / "agent.ckpt"
    with np.load(checkpoint, allow_pickle=False) as archive:
        policy = dict(json.loads(str(archive["__state__"]))["dict"])["policy"]
    assert [name for name, _ in policy["attributes"]["dict"]] == ["eps", "decay", "rng", "calls"]
    assert run_cli("eval", "--run", "part", cwd=tmp_path).returncode == 0


Q_LEARNING = "gym_loop.agents.q_learning:QLearningAgent"
CROSS_ENTROPY = "gym_loop.agents.cross_entropy:CrossEntropyAgent"


@pytest.mark.slow
def test_q_learning_learns_blackjack_s_tuple_states_and_resumes_exactly(tmp_path):
    spec = make_spec("Blackjack-v1", agent=Q_LEARNING, max_episodes=30, episodes_per_checkpoint=15)
    write_spec(tmp_path / "run.yaml", spec)
    for run in ("part", "whole"):
        assert run_cli("train", "-c", "run.yaml", "--run-dir", run, "--seed", "0", *(
            ["--set", "loop.parameters.max_episodes=60"] if run == "whole" else []), cwd=tmp_path).returncode == 0
    resumed = run_cli("train", "--resume", "part", "--set", "loop.parameters.max_episodes=60", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert episodes(tmp_path / "part") == episodes(tmp_path / "whole") and len(episodes(tmp_path / "whole")) == 60
    with np.load(tmp_path / "part" / "checkpoints" / "agent-000060" / "agent.ckpt", allow_pickle=False) as archive:
        tables = [archive[name] for name in archive.files if archive[name].shape == (32, 11, 2, 2)]
    assert len(tables) == 1 and np.count_nonzero(tables[0]) > 0  # a value per (sum, dealer card, usable ace, action)
    assert run_cli("eval", "--run", "part", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("agent, env, words", [
    (CROSS_ENTROPY, "Blackjack-v1", "and Discrete(2); for discrete states use gym_loop.agents.q_learning:"
                                    "QLearningAgent"),
    (Q_LEARNING, "CartPole-v1", "; use gym_loop.agents.cross_entropy:CrossEntropyAgent, or an env with discrete"),
    (Q_LEARNING, "Fix6b/Both-v0", "the env's is Box(-1.0, 1.0, (2,), float32); no built-in agent handles these "
                                  "spaces: write your own on BaseAgent"),
    (CROSS_ENTROPY, "Fix6b/Both-v0", "and MultiDiscrete([3 2]); no built-in agent handles these spaces: write your "
                                     "own on BaseAgent (docs/agents.rst)"),
])
def test_a_refusal_recommends_only_an_agent_that_takes_the_env(tmp_path, agent, env, words):
    (tmp_path / "bothenvs.py").write_text(
        "import gymnasium\nfrom gymnasium import spaces\n\n\nclass Both(gymnasium.Env):\n"
        "    observation_space = spaces.Box(-1, 1, (2,))\n    action_space = spaces.MultiDiscrete([3, 2])\n\n\n"
        "gymnasium.register('Fix6b/Both-v0', entry_point=Both)\n")
    spec = make_spec(agent=agent)
    spec["env"] = {"name": env, "imports": ["bothenvs"] if env.startswith("Fix6b") else []}
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 2
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("Error: agent.class: ") and words in line, line
