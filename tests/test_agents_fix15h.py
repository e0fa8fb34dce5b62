"""fix15h: tester15h's defects of the agent binding (agents/protocol.py, agents/signatures.py)."""

import functools
import importlib

import pytest

from tests.conftest import make_spec, run_cli

SWITCH = '''import pickle
class Sw:
    def __init__(self, observation_space, action_space): self.action_space = action_space
    def explore(self, state, episode_num): print("EXPLORE", episode_num, flush=True); return 0
    def greedy(self, state, episode_num): print("GREEDY", episode_num, flush=True); return 1
    act = explore
    def memorize(self, state, action, reward, next_state, done): pass
    def update(self, episode_num):
        if episode_num >= 1: self.act = self.greedy
    def save(self, path):
        with open(path, "wb") as f: pickle.dump({"greedy": "act" in self.__dict__}, f)
    def load(self, path):
        with open(path, "rb") as f:
            if pickle.load(f)["greedy"]: self.act = self.greedy
'''


def acted(output):
    """The set of (kind, episode) lines the agent printed."""
    return sorted({tuple(line.split()) for line in output.splitlines()})


def test_a_method_the_agent_assigns_itself_in_load_is_called_by_eval_and_resume(tmp_path):
    """tester15h-2: rebound took its baseline after load, so eval --run and a resume called the class's act."""
    from gym_loop.yaml_safety import dump

    (tmp_path / "sw.py").write_text(SWITCH)
    spec = make_spec(max_episodes=3, max_episode_len=2, logdir=None)
    spec["agent"] = {"class": "sw.py:Sw", "parameters": {}}
    (tmp_path / "sw.yaml").write_text(dump(spec))
    trained = run_cli("-q", "train", "-c", "sw.yaml", "--run-dir", "R", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert acted(trained.stdout) == [("EXPLORE", "0"), ("EXPLORE", "1"), ("GREEDY", "2")]
    evaluated = run_cli("-q", "eval", "--run", "R", "--set", "loop.parameters.eval_episodes=1", cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
    assert acted(evaluated.stdout) == [("GREEDY", "0")]
    resumed = run_cli("-q", "train", "--resume", "R", "--set", "loop.parameters.max_episodes=4", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert acted(resumed.stdout) == [("GREEDY", "3")]


@pytest.mark.parametrize("loop_class", ["default_loop:DefaultLoop", "vector_loop:VectorLoop"])
def test_a_method_assigned_after_the_loop_is_built_is_called_from_the_first_episode(tmp_path, monkeypatch,
                                                                                      loop_class):
    """tester15h-2, the Python API: an act assigned between building the loop and its first episode (a load)."""
    import gymnasium as gym

    from gym_loop.agents import BaseAgent

    called = []

    class Switch(BaseAgent):
        def act(self, state, episode_num):
            called.append("act")
            return 0

        def greedy(self, state, episode_num):
            called.append("greedy")
            return 1

        def _excluded_save_params(self):
            return [*super()._excluded_save_params(), "act"]

    monkeypatch.chdir(tmp_path)
    module, name = loop_class.split(":")
    env = gym.make("CartPole-v1")
    agent = Switch(observation_space=env.observation_space, action_space=env.action_space)
    extra = {"num_envs": 1} if name == "VectorLoop" else {}
    loop = getattr(importlib.import_module(f"gym_loop.loops.{module}"), name)(
        agent, env, max_episodes=1, max_episode_len=2, eval_episodes=1, seed=1, **extra)
    agent.act = agent.greedy
    loop.evaluate()
    assert called and set(called) == {"greedy"}
    called.clear()
    loop.train()
    assert called and set(called) == {"greedy"}


def timed(method):
    def wrapper(*args, **kwargs):  # no functools.wraps: seen as (*args, **kwargs)
        return method(*args, **kwargs)
    return wrapper


@pytest.mark.parametrize("loop_class", ["default_loop:DefaultLoop", "vector_loop:VectorLoop"])
def test_a_memorize_wrapped_without_functools_wraps_gets_the_five_arguments(tmp_path, monkeypatch, loop_class):
    """tester15h-3: a memorize seen only as (*args, **kwargs) got the four extras by name: 'unexpected keyword
    argument terminated' at step 1."""
    import gymnasium as gym

    from gym_loop.agents import BaseAgent
    from gym_loop.agents.signatures import call_problem

    got = []

    class Dec(BaseAgent):
        @timed
        def act(self, state, episode_num):
            return 0

        @timed
        def memorize(self, last_ob, action, reward, done, ob):
            got.append(done)

    assert call_problem(Dec) is None
    monkeypatch.chdir(tmp_path)
    module, name = loop_class.split(":")
    env = gym.make("CartPole-v1")
    agent = Dec(observation_space=env.observation_space, action_space=env.action_space)
    extra = {"num_envs": 1} if name == "VectorLoop" else {}
    getattr(importlib.import_module(f"gym_loop.loops.{module}"), name)(
        agent, env, max_episodes=1, max_episode_len=3, seed=1, **extra).train()
    assert got


PARTIAL = '''import functools
class Partial:
    def __init__(self, observation_space, action_space):
        self.act = functools.partial(self._act, eps=0.1)
    def _act(self, state, episode_num, eps): return 0
'''


def test_a_plain_class_whose_act_is_assigned_in_init_is_told_to_define_act(tmp_path):
    """tester15h-5: it was told it is 'not an agent class (give ..., or your own on BaseAgent)', which leads to
    BaseAgent's other refusal; it is now told to define act in the class, calling what it assigns."""
    (tmp_path / "p.py").write_text(PARTIAL)
    refused = run_cli("create-default", "-a", "p.py:Partial", "-c", "p.yaml", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr == (
        "Error: Invalid value for '-a' / '--agent': Partial has no act() method: it is not an agent class (give one "
        "of gym_loop.agents, or a class of your own defining act(self, state, episode_num); one assigned in "
        "__init__, self.act = ..., is not seen before the run starts: define act in the class, calling it) (see "
        "gym-loop create-default --help)\n")
    (tmp_path / "p.py").write_text(PARTIAL.replace("self.act = functools", "self.policy = functools")
                                   + "    def act(self, state, episode_num): return self.policy(state, episode_num)\n")
    made = run_cli("create-default", "-a", "p.py:Partial", "-c", "p.yaml", "--set", "env.name=CartPole-v1",
                   "--set", "loop.parameters.max_episodes=1", "--set", "loop.parameters.logdir=null", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    trained = run_cli("-q", "train", "-c", "p.yaml", "--run-dir", "P", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
