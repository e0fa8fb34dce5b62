"""tester12b-2/3: a subclass of RandomAgent (whose save, load, act_batch and memorize_batch are its own) keeps what it
adds: its attributes are saved and loaded (a resume equals the uninterrupted run), and under VectorLoop its own act
and memorize are called, not RandomAgent's batched ones, which RandomAgent itself still uses."""

import filecmp

import gymnasium as gym
import pytest
from conftest import run_cli, whole_and_resumed

from gym_loop.agents.protocol import bind_agent
from gym_loop.agents.random_agent import RandomAgent
from gym_loop.loops.vector_loop import bind_batch, batch_method

COUNTING = '''
from gym_loop.agents.random_agent import RandomAgent
class Counting(RandomAgent):
    def __init__(self, **p):
        super().__init__(**p)
        self.count = 0
    def act(self, state, episode_num):
        return 0 if (self.count // 7) % 2 == 0 else 1
    def update(self, episode_num):
        self.count += 1
'''


class Counting(RandomAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.count, self.table = 0, {"seen": [1.5, 2.5]}


def _agent(cls=RandomAgent):
    env = gym.make("CartPole-v1")
    return cls(observation_space=env.observation_space, action_space=env.action_space)


def test_a_subclass_of_random_agent_saves_and_loads_the_attributes_it_adds(tmp_path):
    saved = _agent(Counting)
    saved.count, saved.table, saved.global_step = 41, {"seen": [3.0]}, 17
    bind_agent(saved).save(str(tmp_path / "a.npz"))  # as the run saves and loads it (left13a: beside a.npz)
    loaded = _agent(Counting)
    bind_agent(loaded).load(str(tmp_path / "a.npz"))
    assert (loaded.count, loaded.table, loaded.global_step) == (41, {"seen": [3.0]}, 17)


def test_random_agent_itself_writes_the_same_file_as_before(tmp_path):
    from gym_loop.state import space_generators, write_state

    agent = _agent()
    agent.global_step = 5
    agent.act_batch(None, [0, 1, 2])
    agent.save(str(tmp_path / "new.npz"))
    write_state(str(tmp_path / "old.npz"), {"global_step": 5, "batch_size": 3,  # RandomAgent.save's fixed dict
                                            "batch_generators": list(space_generators(agent.batch_action_space))})
    assert filecmp.cmp(tmp_path / "new.npz", tmp_path / "old.npz", shallow=False)


def test_a_resumed_run_of_a_random_agent_subclass_equals_the_uninterrupted_one(tmp_path):
    (tmp_path / "sub.py").write_text(COUNTING)
    (tmp_path / "run.yaml").write_text("agent: {class: sub.py:Counting}\nenv: {name: CartPole-v1}\n"
                                       "loop: {parameters: {episodes_per_checkpoint: 5}}\n")
    part, whole = whole_and_resumed(tmp_path, episodes=10, cut=5)
    rows = [[line.split(",")[:4] for line in (run / "episodes.csv").read_text().splitlines()] for run in (part, whole)]
    assert rows[0] == rows[1]


class AlwaysLeft(RandomAgent):
    def act(self, state, episode_num):
        return 0

    def memorize(self, last_ob, action, reward, done, ob):
        self.memorized = getattr(self, "memorized", 0) + 1


class OwnBatch(AlwaysLeft):
    def act_batch(self, states, episode_nums):
        return [1] * len(episode_nums)


@pytest.mark.parametrize("cls, act, memorize", [
    (RandomAgent, "RandomAgent", "RandomAgent"),   # RandomAgent's own batched methods: VectorLoop's fast path
    (AlwaysLeft, None, None),                      # act and memorize overridden: called per sub-env
    (OwnBatch, "OwnBatch", None),                  # act_batch overridden again below act: used
])
def test_batched_methods_are_used_only_when_defined_at_least_as_far_down_as_act_and_memorize(cls, act, memorize):
    owner = lambda method: method and getattr(method, "__func__", method).__qualname__.split(".")[0]
    assert (owner(batch_method(cls, "act_batch", "act")), owner(batch_method(cls, "memorize_batch", "memorize"))) \
           == (act, memorize)
    assert owner(batch_method(_agent(cls), "act_batch", "act")) == act  # an instance as its class


ALWAYS_LEFT = """
from gym_loop.agents.random_agent import RandomAgent
class AlwaysLeft(RandomAgent):
    def act(self, state, episode_num):
        return 0
    def memorize(self, last_ob, action, reward, done, ob):
        assert action == 0, action
"""


def test_vector_loop_calls_a_random_agent_subclass_s_own_act_and_memorize(tmp_path):
    (tmp_path / "sub.py").write_text(ALWAYS_LEFT)
    (tmp_path / "run.yaml").write_text("agent: {class: sub.py:AlwaysLeft}\nenv: {name: CartPole-v1}\n"
                                       "loop: {class: gym_loop.loops.vector_loop:VectorLoop, "
                                       "parameters: {num_envs: 2, max_episodes: 6}}\n")
    done = run_cli("-q", "train", "-c", "run.yaml", "--seed", "1", "--run-dir", "v", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lengths = [int(line.split(",")[3]) for line in (tmp_path / "v" / "episodes.csv").read_text().splitlines()[1:]]
    assert len(lengths) >= 6 and max(lengths) <= 12, lengths  # always left: CartPole falls within 8 to 10 steps


FAILING_ACT = """
from gym_loop.agents.random_agent import RandomAgent
class FailingAct(RandomAgent):
    def act(self, state, episode_num):
        raise ValueError("no action")
"""


def test_a_failure_of_the_subclass_s_act_under_vector_loop_names_act(tmp_path):
    (tmp_path / "sub.py").write_text(FAILING_ACT)
    (tmp_path / "run.yaml").write_text("agent: {class: sub.py:FailingAct}\nenv: {name: CartPole-v1}\n"
                                       "loop: {class: gym_loop.loops.vector_loop:VectorLoop, "
                                       "parameters: {num_envs: 2, max_episodes: 2}}\n")
    done = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "v", cwd=tmp_path)
    assert done.returncode == 1 and "agent.act failed after 0 episodes" in done.stderr, done.stderr
