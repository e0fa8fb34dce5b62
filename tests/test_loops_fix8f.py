"""tester8f's defects about loops written against the original gym-loop: a ``**params`` loop gets the policy as
the original's build_loop gave it (tester8f-3)."""

import gymnasium
import pytest
from conftest import run_cli

from gym_loop.gym_loop import build_agent, build_env, build_loop, build_policy
from gym_loop.loops.base_loop import BaseLoop
from gym_loop.loops.default_loop import DefaultLoop

POLICY_LOOP = '''
from gym_loop.loops.base_loop import BaseLoop
class PolicyLoop(BaseLoop):
    @staticmethod
    def get_default_parameters():
        return {"max_episodes": 2, "load_from": None}
    def __init__(self, agent, env, **params):
        super().__init__(**params)
        self.agent, self.env = agent, env
        self.policy_at_init = self.policy
    def train(self):
        assert self.policy is self.agent.policy is self.policy_at_init and self.policy is not None
        print("loop got policy:", type(self.policy).__name__)
    evaluate = train
class Pol:
    def __init__(self, observation_space, action_space):
        self.action_space = action_space
    def __call__(self, state):
        return self.action_space.sample()
'''


@pytest.mark.parametrize("command", ["train", "eval"])
def test_a_seed_style_loop_gets_the_policy_as_self_policy(tmp_path, command):
    (tmp_path / "polloop.py").write_text(POLICY_LOOP)
    (tmp_path / "run.yaml").write_text(
        "agent: {class: gym_loop.agents.random_agent:RandomAgent, parameters: {}}\n"
        "policy: {class: polloop.py:Pol, parameters: {}}\nenv: {name: CartPole-v1}\n"
        "loop: {class: polloop.py:PolicyLoop, parameters: {max_episodes: 2}}\n")
    ran = run_cli("-q", command, "-c", "run.yaml", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "loop got policy: Pol" in ran.stdout


class Named(BaseLoop):
    @staticmethod
    def get_default_parameters():
        return {"max_episodes": 1}

    def __init__(self, agent, env, max_episodes=1):  # takes neither policy nor **params: gets the attribute
        super().__init__(max_episodes=max_episodes)
        self.agent, self.env = agent, env

    def train(self):
        pass


def test_build_loop_gives_the_policy_to_every_loop_kind():
    params = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
              "policy": {"class": f"{__name__}:Pol"}, "loop": {"parameters": {"max_episodes": 1}}}
    env = build_env(params)
    try:
        policy = build_policy(params, env)
        agent = build_agent(params, policy, env)
        assert build_loop(params, agent, policy, env).policy is policy  # DefaultLoop: through **params
        params["loop"]["class"] = f"{__name__}:Named"
        assert build_loop(params, agent, policy, env).policy is policy
    finally:
        env.close()


class Pol:
    def __init__(self, observation_space, action_space):
        self.action_space = action_space

    def __call__(self, state):
        return self.action_space.sample()


def test_default_loop_takes_and_keeps_the_policy_as_the_originals_build_loop_passed_it(tmp_path):
    from gym_loop.agents.random_agent import RandomAgent

    env = gymnasium.make("CartPole-v1")
    policy = Pol(env.observation_space, env.action_space)
    loop = DefaultLoop(agent=RandomAgent(action_space=env.action_space), env=env, policy=policy, max_episodes=1)
    assert loop.policy is policy and "policy" not in loop.parameters
    assert DefaultLoop(agent=RandomAgent(action_space=env.action_space), env=env).policy is None
    env.close()


OLD_API_LOOP = '''
from gym_loop.loops.base_loop import BaseLoop
class MyLoop(BaseLoop):
    """The original's DefaultLoop, in short: gym's reset and four-value step."""
    def __init__(self, agent, env, **params):
        super().__init__(**params)
        self.agent, self.env = agent, env
    def train(self):
        ob = self.env.reset()
        ob, reward, done, _ = self.env.step(self.agent.act(ob, 0))
    evaluate = train
'''


def old_api_loop(tmp_path):
    (tmp_path / "my_loop.py").write_text(OLD_API_LOOP)
    (tmp_path / "l.yaml").write_text("agent: {class: gym_loop.agents.random_agent:RandomAgent}\n"
                                     "env: {name: CartPole-v1}\nloop: {class: my_loop.py:MyLoop}\n")
    return ["train", "-c", "l.yaml"]


@pytest.mark.parametrize("command, method", [("train", "train"), ("eval", "evaluate")])
def test_a_loop_of_the_old_gym_api_is_told_so(tmp_path, command, method):
    old_api_loop(tmp_path)
    ran = run_cli("-q", command, "-c", "l.yaml", cwd=tmp_path)
    assert ran.returncode == 1
    assert ran.stderr.splitlines()[-1] == (
        f"Error: MyLoop.{method}() failed: ValueError: too many values to unpack (expected 4) (a loop written for the "
        "old gym API? Gymnasium's env.step returns obs, reward, terminated, truncated, info and env.reset returns "
        "obs, info) (--debug shows the traceback)")
