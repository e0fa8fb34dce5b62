"""VectorLoop refuses seed_each_episode (tester8e-1); QLearningAgent's epsilon and target, by hand (tester8e-18, 19)."""

import gymnasium
import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.agents.q_learning import QLearningAgent
from gym_loop.errors import SpecError
from gym_loop.loops import DefaultLoop
from gym_loop.loops.vector_loop import VectorLoop

REFUSAL = ("loop.parameters.seed_each_episode: VectorLoop's sub-envs reset themselves, unseeded, and its resume is "
           "not exact anyway; set it to false, or use DefaultLoop")


class Agent:
    def act(self, state, episode_num):
        return 0


def test_vector_loop_refuses_seed_each_episode_from_python(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    loop = VectorLoop(Agent(), gymnasium.make("CartPole-v1"), seed_each_episode=True, num_envs=2, max_episodes=2)
    loop.evaluate()  # review8-5: evaluation plays one env, as check_training says; training is refused
    with pytest.raises(SpecError) as refused:
        loop.train()
    assert str(refused.value) == REFUSAL
    VectorLoop(Agent(), gymnasium.make("CartPole-v1"), seed_each_episode=False, num_envs=2)
    DefaultLoop(Agent(), gymnasium.make("CartPole-v1"), seed_each_episode=True)
    assert not (tmp_path / "episodes.csv").exists()


def test_train_with_vector_loop_and_seed_each_episode_is_refused_before_anything_is_written(tmp_path):
    spec = make_spec(max_episodes=2)
    spec["loop"] = {"class": "gym_loop.loops.vector_loop:VectorLoop", "parameters": {
        **spec["loop"]["parameters"], "num_envs": 2, "seed_each_episode": True}}
    write_spec(tmp_path / "vector.yaml", spec)
    result = run_cli("train", "-c", "vector.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.strip().splitlines()[-1] == f"Error: {REFUSAL}", result.stderr
    assert not (tmp_path / "run" / "episodes.csv").exists()


def q_agent(**parameters):
    return QLearningAgent(observation_space=gymnasium.spaces.Discrete(2), action_space=gymnasium.spaces.Discrete(2),
                          **parameters)


def test_epsilon_falls_linearly_over_epsilon_decay_steps():
    """tester8e-18: 1.0 -> 0.1 over 10 learning steps: 1.0, 0.91 after 1, 0.55 after 5, 0.1 from 10 on."""
    agent = q_agent(epsilon_start=1.0, epsilon_end=0.1, epsilon_decay_steps=10)
    seen = {}
    for step in range(13):
        seen[step] = agent.epsilon
        agent.memorize(0, 0, 0.0, False, 1, False)
    assert agent.steps == 13
    assert [seen[step] for step in (0, 1, 5, 10, 12)] == pytest.approx([1.0, 0.91, 0.55, 0.1, 0.1], abs=1e-12)
    assert q_agent(epsilon_start=1.0, epsilon_end=0.2, epsilon_decay_steps=0).epsilon == pytest.approx(0.2, abs=1e-12)


@pytest.mark.parametrize("terminated, expected", [(False, 0.9), (True, 0.0)])
def test_a_truncated_transition_bootstraps_a_terminated_one_does_not(terminated, expected):
    """tester8e-19: Q(s', .) = 1, reward 0, learning rate 1, discount 0.9: Q(s, a) = 0.9 after a truncation (the
    episode ended, done=True, but the state has a future), 0.0 after a termination."""
    agent = q_agent(learning_rate=1.0, discount=0.9)
    agent.q_table[1] = 1.0
    agent.memorize(0, 1, 0.0, True, 1, terminated)
    assert agent.q_table[0, 1] == pytest.approx(expected, abs=1e-12) and agent.q_table[0, 0] == 0.0
