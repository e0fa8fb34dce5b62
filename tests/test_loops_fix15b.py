"""fix15b: the loops' side of tester15b's defects (seed of a subclass loop, blame of an env failure, ...)."""

import csv
import textwrap

import pytest

from gym_loop.gym_loop import train_agent


def _write(tmp_path, name, source):
    (tmp_path / name).write_text(textwrap.dedent(source))


def _lengths(run_dir):
    with open(run_dir / "episodes.csv") as rows:
        return [(row["return"], row["length"]) for row in csv.DictReader(rows)]


def test_a_subclass_loop_taking_params_gets_the_run_seed_for_seed_each_episode(tmp_path, monkeypatch):
    """tester15b-14: MyLoop.__init__(agent, env, **params) passed no seed on: each episode reset from OS entropy."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "myloop.py", """
        from gym_loop.loops.default_loop import DefaultLoop
        class MyLoop(DefaultLoop):
            def __init__(self, agent, env, **params):
                super().__init__(agent, env, **params)
        """)
    spec = {"agent": {"class": "gym_loop.agents.q_learning:QLearningAgent"}, "env": {"name": "FrozenLake-v1"},
            "seed": 4, "loop": {"class": "myloop.py:MyLoop",
                                "parameters": {"max_episodes": 20, "seed_each_episode": True}}}
    first, second = (train_agent(spec, name=name) for name in ("a", "b"))
    assert _lengths(first.run_dir) == _lengths(second.run_dir)


def test_episode_seed_refuses_no_seed():
    from gym_loop.seeding import episode_seed
    with pytest.raises(TypeError):
        episode_seed(None, 3)


def _buggy_env():
    """An env whose own step fails at step 3 (a float32 Box action)."""
    import gymnasium as gym
    import numpy as np
    from gymnasium import spaces

    class Buggy(gym.Env):
        action_space = spaces.Box(-1, 1, (1,), np.float32)
        observation_space = spaces.Box(-1, 1, (2,), np.float32)

        def reset(self, seed=None, options=None):
            super().reset(seed=seed)
            self.t = 0
            return np.zeros(2, np.float32), {}

        def step(self, action):
            self.t += 1
            if self.t == 3:
                return {}["missing_key"]
            return np.zeros(2, np.float32), 0.0, self.t >= 10, False, {}

    return Buggy()


def test_an_env_failure_after_a_float64_action_blames_the_env(tmp_path, monkeypatch):
    """tester15b-8: the blame used the strict in_space, the first-action check acceptable (which takes float64)."""
    import numpy as np

    from gym_loop.agents import BaseAgent
    from gym_loop.errors import GymLoopError
    from gym_loop.loops.default_loop import DefaultLoop

    class F64(BaseAgent):
        def act(self, state, episode_num):
            return np.array([0.5])

    monkeypatch.chdir(tmp_path)
    env = _buggy_env()
    agent = F64(observation_space=env.observation_space, action_space=env.action_space)
    with pytest.raises(GymLoopError) as caught:
        DefaultLoop(agent, env, max_episodes=1).train()
    assert str(caught.value) == ("env.step failed at episode 0, step 3 (agent.act returned array([0.5]), which the env "
                                 "may refuse: its dtype float64 cannot be cast safely to the space's float32: return "
                                 "action.astype(np.float32)): KeyError: 'missing_key'")


def test_eval_of_a_run_gives_act_global_step_the_checkpoints_count(tmp_path, monkeypatch):
    """tester15b-4: eval --run restarted act(state, global_step)'s count at 0 (docs: the count never goes back)."""
    from gym_loop.gym_loop import eval_agent

    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "gsagent.py", """
        from pathlib import Path
        from gym_loop.agents import BaseAgent
        class GS(BaseAgent):
            def act(self, state, global_step):
                if not Path("first").exists():
                    Path("first").write_text(str(global_step))
                return 0
        """)
    spec = {"agent": {"class": "gsagent.py:GS"}, "env": {"name": "CartPole-v1"}, "seed": 1,
            "loop": {"class": "gym_loop.loops.default_loop:DefaultLoop", "parameters": {"max_episodes": 3}}}
    trained = train_agent(spec, name="gs")
    (tmp_path / "first").unlink()
    eval_agent(None, run_dir=trained.run_dir, checkpoint="latest")
    assert int((tmp_path / "first").read_text()) == trained.steps


@pytest.mark.parametrize("loop_class", ["default_loop:DefaultLoop", "vector_loop:VectorLoop"])
def test_a_method_the_agent_assigns_itself_is_called_from_the_next_episode(tmp_path, monkeypatch, loop_class):
    """tester15b-2: the loops bound act once, so `self.act = self.greedy` in update went unused, silently."""
    import importlib

    import gymnasium as gym

    from gym_loop.agents import BaseAgent

    class Switch(BaseAgent):
        greedy_calls = 0

        def act(self, state, episode_num):
            return self.action_space.sample()

        def greedy(self, state, episode_num):
            Switch.greedy_calls += 1
            return 0

        def update(self, episode_num):
            if episode_num >= 1:
                self.act = self.greedy

        def _excluded_save_params(self):
            return [*super()._excluded_save_params(), "act"]

    monkeypatch.chdir(tmp_path)
    module, name = loop_class.split(":")
    loop = getattr(importlib.import_module(f"gym_loop.loops.{module}"), name)
    env = gym.make("CartPole-v1")
    agent = Switch(observation_space=env.observation_space, action_space=env.action_space)
    extra = {"num_envs": 1} if name == "VectorLoop" else {}
    loop(agent, env, max_episodes=4, seed=1, **extra).train()
    assert Switch.greedy_calls > 0


def test_a_normalized_env_sums_its_raw_float32_rewards_in_float64():
    """tester15b-13: RawReturn summed np.float32 rewards in float32 (999.90 for 10,000 rewards of 0.1)."""
    import gymnasium as gym
    import numpy as np

    from gym_loop.loops.raw_returns import RawReturn

    class F32(gym.Env):
        action_space = gym.spaces.Discrete(2)
        observation_space = gym.spaces.Box(-1, 1, (2,), np.float32)

        def reset(self, seed=None, options=None):
            return np.zeros(2, np.float32), {}

        def step(self, action):
            return np.zeros(2, np.float32), np.float32(0.1), False, False, {}

    env = RawReturn(F32())
    env.reset()
    total = 0.0
    for _ in range(10000):
        total += float(env.step(0)[1])
    assert type(env.raw_return) is float and env.raw_return == total


def test_first_action_refusals_name_a_fix_for_discrete_and_text():
    """tester15b-11: an int outside a Discrete with start != 0, a Python float, a too long Text: no fix named."""
    from gymnasium import spaces

    from gym_loop.loops.answers import action_fix

    assert action_fix(2, spaces.Discrete(3, start=-1)) == (
        " (a Discrete's actions are -1 to 1: return an int from self.action_space.start to start + n - 1)")
    assert action_fix(1.0, spaces.Discrete(3, start=-1)) == " (return int(action))"
    assert action_fix("abcdefg", spaces.Text(5)) == " (its length 7 is beyond the space's max_length 5)"
