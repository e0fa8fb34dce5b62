"""note15's leftover (fix12b): a base agent of the user's own, with its own save and load, subclassed again: the
run saves and loads the attributes the subclasses add (as the default save would), beside the file the inherited
save writes, so a resume equals the uninterrupted run; agents of the seeds' README (no save or load) are as before."""

import filecmp
import json

import gymnasium as gym
from conftest import run_cli, whole_and_resumed

from gym_loop.agents.base_agent import BaseAgent
from gym_loop.agents.protocol import bind_agent
from gym_loop.agents.random_agent import RandomAgent
from gym_loop.state import added_attributes

OWN_BASE = '''
import json
from gym_loop.agents import BaseAgent
class OwnBase(BaseAgent):
    """A base agent of the user's own: its save writes JSON, which the default save could not read."""
    def __init__(self, **p):
        super().__init__(**p)
        self.visits = 0
    def act(self, state, episode_num):
        return 0 if (self.count // 7) % 2 == 0 else 1
    def save(self, path):
        with open(path, "w") as file:
            json.dump({"visits": self.visits}, file)
    def load(self, path):
        with open(path) as file:
            self.visits = json.load(file)["visits"]
class Counting(OwnBase):
    def __init__(self, **p):
        super().__init__(**p)
        self.count = 0
    def update(self, episode_num):
        self.count += 1
        self.visits += 2
'''


def _write_agent(tmp_path):
    (tmp_path / "own.py").write_text(OWN_BASE)
    (tmp_path / "run.yaml").write_text("agent: {class: own.py:Counting}\nenv: {name: CartPole-v1}\n"
                                       "loop: {parameters: {episodes_per_checkpoint: 5}}\n")


def test_a_resumed_run_of_a_subclass_of_an_own_base_agent_equals_the_uninterrupted_one(tmp_path):
    _write_agent(tmp_path)
    part, whole = whole_and_resumed(tmp_path, episodes=10, cut=5)
    rows = [[line.split(",")[:4] for line in (run / "episodes.csv").read_text().splitlines()] for run in (part, whole)]
    assert rows[0] == rows[1]  # count restarted at 0 on resume: the actions of episodes 5-9 differed
    visits = json.loads((part / "checkpoints" / "agent-000010" / "agent.ckpt").read_text())  # as the base's save wrote
    assert list(visits) == ["visits"] and visits["visits"] > 0


def test_eval_run_evaluates_the_subclass_s_attributes_as_saved(tmp_path):
    _write_agent(tmp_path)
    done = run_cli("-q", "train", "-c", "run.yaml", "--seed", "1", "--run-dir", "r",
                   "--set", "loop.parameters.max_episodes=5", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (tmp_path / "own.py").write_text(OWN_BASE + "    def act(self, state, episode_num):\n"
                                                "        assert self.count > 0, 'count not loaded'\n"
                                                "        return 0\n")
    evaluated = run_cli("-q", "eval", "--run", "r", cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr


class OwnBase(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.table = {}

    def act(self, state, episode_num):
        return 0

    def save(self, path):
        with open(path, "w") as file:
            json.dump(self.table, file)

    def load(self, path):
        with open(path) as file:
            self.table = json.load(file)


class Mixin:
    def remember(self):
        self.seen = [1, 2]


class Child(Mixin, OwnBase):
    def __init__(self, **params):
        super().__init__(**params)
        self.count, self.table = 0, {"a": 1}  # table: the base's save keeps it

    @property
    def total(self):
        return self.count

    @total.setter
    def total(self, value):
        self.count = value


class OwnSaveBelow(Child):  # saves for itself, as it likes: nothing is added to its files
    def save(self, path):
        OwnBase.save(self, path)

    def load(self, path):
        OwnBase.load(self, path)


class Readme(BaseAgent):  # the seeds' README: no save or load, its parameters set by itself
    def __init__(self, **params):
        super().__init__()
        self.parameters = self.get_default_parameters()
        self.parameters.update(params)

    def act(self, state, episode_num):
        return 0


class ReadmeChild(Readme):
    def update(self, episode_num):
        self.count = episode_num


def _agent(cls):
    env = gym.make("CartPole-v1")
    return cls(observation_space=env.observation_space, action_space=env.action_space)


def test_the_attributes_subclasses_add_are_those_their_code_sets_and_the_base_s_does_not():
    assert added_attributes(Child) == {"count", "seen"}  # not table (the base sets it), not total (a property)
    for cls in (OwnBase, OwnSaveBelow, RandomAgent, BaseAgent, Readme, ReadmeChild):
        assert added_attributes(cls) == frozenset(), cls  # own save and load, or the default's: all are saved


def test_the_run_s_save_and_load_keep_what_a_subclass_adds_beside_the_base_s_own_file(tmp_path):
    saved = _agent(Child)
    saved.count, saved.table = 7, {"b": 2}
    saved.remember()
    bind_agent(saved).save(str(tmp_path / "agent.ckpt"))
    OwnBase.save(saved, str(tmp_path / "base.json"))
    assert filecmp.cmp(tmp_path / "agent.ckpt", tmp_path / "base.json", shallow=False)  # the base's file as it was
    loaded = _agent(Child)
    bind_agent(loaded).load(str(tmp_path / "agent.ckpt"))
    assert (loaded.count, loaded.table, loaded.seen) == (7, {"b": 2}, [1, 2])


def test_a_checkpoint_without_the_added_file_loads_as_before(tmp_path):
    saved = _agent(Child)
    OwnBase.save(saved, str(tmp_path / "agent.ckpt"))  # a checkpoint an earlier gym-loop wrote
    loaded = _agent(Child)
    bind_agent(loaded).load(str(tmp_path / "agent.ckpt"))
    assert (loaded.count, loaded.table) == (0, {"a": 1})


class CountingRandom(RandomAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.count = 0


def test_random_agent_is_served_by_the_same_rule(tmp_path):
    from gym_loop.state import read_state

    saved = _agent(CountingRandom)
    saved.count, saved.global_step = 4, 9
    bind_agent(saved).save(str(tmp_path / "agent.ckpt"))
    assert set(read_state(str(tmp_path / "agent.ckpt"))) == {"global_step", "batch_size", "batch_generators"}
    loaded = _agent(CountingRandom)
    bind_agent(loaded).load(str(tmp_path / "agent.ckpt"))
    assert (loaded.count, loaded.global_step) == (4, 9)
