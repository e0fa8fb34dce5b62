"""left13b: a loop whose constructor takes eval_env and keeps it under another name (fix9b1's note): the run sees it
as the loop's eval_env (seeded, saved, checked), from the CLI and from Python."""

import gymnasium as gym
import pytest

from conftest import make_spec, run_cli, whole_and_resumed, write_spec
from gym_loop.agents import RandomAgent
from gym_loop.errors import GymLoopError
from gym_loop.loops import BaseLoop

OWN_LOOP = '''
import itertools

from gym_loop.agents.protocol import bind_agent
from gym_loop.loops import BaseLoop
from gym_loop.loops.base_loop import Episode


class OwnLoop(BaseLoop):
    """Keeps the env of periodic evaluations as self.second."""

    def __init__(self, agent, env, eval_env=None, **params):
        super().__init__(**params)
        self.agent, self.env, self.second = agent, env, eval_env
        self.calls = bind_agent(agent)
        self.episodes = self.steps = 0

    def training_episodes(self):
        while True:
            total, length = self._play(self.env, learn=True)
            self.episodes += 1
            yield [Episode(total, length, self.steps)]

    def evaluation_episodes(self, periodic):
        env = self.second if periodic else self.env
        for _ in itertools.count():
            total, length = self._play(env, learn=False)
            yield Episode(total, length, self.steps)

    def state(self):
        return {"episodes": self.episodes, "steps": self.steps}

    def restore(self, state):
        self.episodes, self.steps = state["episodes"], state["steps"]

    def _play(self, env, learn):
        obs, _ = env.reset()
        total, length, done = 0.0, 0, False
        while not done:
            action = self.calls.act(obs, self.episodes)
            obs, reward, terminated, truncated, _ = env.step(action)
            total, length, done = total + float(reward), length + 1, terminated or truncated
            self.steps += learn
        return total, length
'''


def test_its_evaluations_resume_exactly_from_the_cli(tmp_path):  # its eval env's generators are in the checkpoints
    (tmp_path / "own_loop.py").write_text(OWN_LOOP)
    spec = make_spec(episodes_per_eval=2, eval_episodes=2)
    ours = BaseLoop.get_default_parameters()
    spec["loop"] = {"class": "own_loop.py:OwnLoop", "parameters": {key: value for key, value in
                                                                   spec["loop"]["parameters"].items() if key in ours}}
    write_spec(tmp_path / "run.yaml", spec)
    part, whole = whole_and_resumed(tmp_path)
    assert (part / "evals.csv").read_text().count("\n") == 4  # header and 3 evaluations
    columns = lambda run: [line.split(",")[:3] for line in (run / "evals.csv").read_text().splitlines()]  # noqa
    assert columns(part) == columns(whole)


@pytest.fixture
def own_loop(tmp_path, monkeypatch):
    (tmp_path / "own_loop.py").write_text(OWN_LOOP)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    from own_loop import OwnLoop

    env = gym.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    yield lambda **given: OwnLoop(agent, env, max_episodes=4, episodes_per_eval=2, eval_episodes=2, **given)
    env.close()


def test_from_python_without_it_is_refused_before_playing(own_loop, tmp_path):
    with pytest.raises(GymLoopError) as refused:
        own_loop().train()
    assert str(refused.value) == ("episodes_per_eval needs a second env, and OwnLoop keeps none: "
                                  "OwnLoop(..., eval_env=gymnasium.make(...)), kept as self.eval_env")
    assert not (tmp_path / "episodes.csv").exists()


def test_from_python_the_training_env_is_refused_before_playing(own_loop, tmp_path):
    loop = own_loop()
    loop.second = loop.env
    with pytest.raises(GymLoopError, match="^episodes_per_eval needs a second env, and OwnLoop keeps none: "):
        loop.train()
    assert not (tmp_path / "episodes.csv").exists()


def test_from_python_a_second_env_is_the_loops_eval_env(own_loop, tmp_path):
    second = gym.make("CartPole-v1")
    loop = own_loop(eval_env=second)
    loop.train()
    assert loop.eval_env is second
    assert (tmp_path / "evals.csv").read_text().count("\n") == 3
