"""The default save keeps namedtuples as their own classes, and refuses one it could not find again."""

import collections
import sys
import textwrap
import types
import typing

import numpy as np
import pytest

from conftest import make_spec, write_spec
from gym_loop.agents import BaseAgent
from gym_loop.state import CheckpointError, read_state, write_state
from test_runs import episodes, train

Transition = collections.namedtuple("Transition", "s a r s2 d")


class Buffer:
    class Item(typing.NamedTuple):  # found through its qualname, Buffer.Item
        step: int
        weights: np.ndarray


class Replay(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.memory = collections.deque(maxlen=3)
        self.items = {"first": None}


def test_a_namedtuple_in_a_deque_round_trips_as_its_class(tmp_path):
    saved, fresh = Replay(), Replay()
    for step in range(4):
        saved.memory.append(Transition(np.full(2, step), step % 2, 0.5 * step, np.zeros(2), step == 3))
    saved.items["first"] = Buffer.Item(7, np.arange(3.0))
    saved.save(str(tmp_path / "agent.ckpt"))
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.memory.maxlen == 3 and [type(item) for item in fresh.memory] == [Transition] * 3
    assert [item.r for item in fresh.memory] == [0.5, 1.0, 1.5] and fresh.memory[-1].d is True
    assert all(np.array_equal(new.s, old.s) for new, old in zip(fresh.memory, saved.memory))
    item = fresh.items["first"]
    assert type(item) is Buffer.Item and item.step == 7 and np.array_equal(item.weights, np.arange(3.0))
    inspected = read_state(str(tmp_path / "agent.ckpt"))  # without the agent: plain tuples, equal to the originals
    assert type(inspected["memory"][0]) is tuple and inspected["memory"][0][2] == 0.5


def local_namedtuple():
    Local = collections.namedtuple("Local", "x y")
    return Local(1, 2)


def test_a_namedtuple_whose_class_cannot_be_found_again_fails_the_save_with_one_line(tmp_path):
    agent = Replay()
    agent.memory.append(local_namedtuple())
    with pytest.raises(CheckpointError) as raised:
        agent.save(str(tmp_path / "agent.ckpt"))
    assert str(raised.value) == (
        f"cannot save memory[0]: the namedtuple {__name__}.Local (x, y) is not at module level in a loaded module; "
        "define it at module level in the agent's module, or define save(path) and load(path)")
    assert not (tmp_path / "agent.ckpt").exists()


@pytest.mark.parametrize("module, qualname, fields", [
    ("gym_loop_no_such_module", "Gone", "s a r s2 d"),  # a module that is not loaded is not imported
    (__name__, "Missing", "s a r s2 d"),
    (__name__, "Transition", "s a r"),  # the class now has other fields
    (__name__, "Replay", "s a r s2 d"),  # not a namedtuple
])
def test_a_namedtuple_whose_class_is_gone_fails_the_load_with_one_line(tmp_path, monkeypatch, module, qualname,
                                                                       fields):
    Stored = collections.namedtuple(qualname, fields)
    Stored.__module__ = module
    monkeypatch.setitem(sys.modules, module, types.ModuleType(module))  # where the saving process found it
    setattr(sys.modules[module], qualname, Stored)
    write_state(str(tmp_path / "agent.ckpt"), {"memory": collections.deque([Stored(*range(len(Stored._fields)))])})
    monkeypatch.undo()
    with pytest.raises(CheckpointError) as raised:
        Replay().load(str(tmp_path / "agent.ckpt"))
    assert str(raised.value) == (
        f"{tmp_path / 'agent.ckpt'}: cannot load memory[0]: the namedtuple {module}.{qualname} "
        f"({', '.join(fields.split())}) is not at module level in a loaded module"
        f"{'' if module == __name__ else f' (looked in {module} and {__name__})'}; define it at module level in the agent's module, or define save(path) and "
        "load(path)")
    assert read_state(str(tmp_path / "agent.ckpt"))["memory"][0] == tuple(range(len(Stored._fields)))


DQN_STYLE = '''
    import collections

    from gym_loop.agents import BaseAgent

    Transition = collections.namedtuple("Transition", "s a r s2 d")


    class ReplayAgent(BaseAgent):
        def __init__(self, **params):
            super().__init__(**params)
            self.memory = collections.deque(maxlen=50)
            self.total = 0.0

        def act(self, state, episode_num):
            return int(self.rng.integers(2))

        def memorize(self, last_ob, action, reward, done, ob):
            self.memory.append(Transition(last_ob, action, reward, ob, done))

        def update(self, episode_num):
            self.total += self.memory[0].r + float(self.memory[-1].s2[0])

        def metrics(self, episode_num):
            return {"replay/total": self.total}
'''


def test_a_dqn_style_agent_resumed_through_the_cli_equals_an_uninterrupted_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "replay_agent.py").write_text(textwrap.dedent(DQN_STYLE))
    spec = {**make_spec(agent="replay_agent.py:ReplayAgent", max_episodes=14, max_episode_len=20,
                        episodes_per_checkpoint=10), "seed": 3}
    write_spec(tmp_path / "run.yaml", spec)
    whole = train(tmp_path, "-c", "run.yaml")
    part = train(tmp_path, "-c", "run.yaml", "--set", "loop.parameters.max_episodes=12")
    train(tmp_path, "--resume", part, "--set", "loop.parameters.max_episodes=14")
    assert len(episodes(part)) == 14 and episodes(part) == episodes(whole)
    saved = read_state(str(part / "checkpoints/agent-000014/agent.ckpt"))
    assert saved["total"] == read_state(str(whole / "checkpoints/agent-000014/agent.ckpt"))["total"]
