"""The default save of torch values (tester13c-1, -2, -4, -6, -8): a buffer of tensors stacked in columns, bfloat16
kept, a sparse tensor named, devices as the fresh agent has them, views warned of."""

import collections
import json
import logging

import gymnasium as gym
import numpy as np
import pytest

from gym_loop.agents import BaseAgent
from gym_loop.state import CheckpointError, read_state

torch = pytest.importorskip("torch")
ENV = gym.make("CartPole-v1")
SPACES = dict(observation_space=ENV.observation_space, action_space=ENV.action_space)


class Holder(BaseAgent):
    """An agent whose attributes a test sets."""

    ANY_PARAMETERS = True

    def __init__(self, **parameters):
        super().__init__(**parameters)
        self.dev = torch.device("cpu")
        self.obs_buf = torch.zeros(3, 4, device=self.dev)

    def act(self, state, episode_num):
        return 0


def _saved_structure(path):
    with np.load(path, allow_pickle=False) as archive:
        return json.loads(str(archive["__state__"])), len(archive.files) - 1


def _edited(path, old, new):
    """The state file at ``path`` with ``old`` replaced by ``new`` in its structure (what a GPU run's would say)."""
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    text = str(arrays["__state__"])
    assert old in text
    arrays["__state__"] = np.array(text.replace(old, new))
    with open(path, "wb") as file:
        np.savez(file, **arrays)


def test_a_deque_of_tensor_transitions_is_stored_in_stacked_columns(tmp_path):
    agent = Holder(**SPACES)
    agent.memory = collections.deque(maxlen=50)
    for i in range(40):
        agent.memory.append((torch.full((4,), float(i)), torch.tensor(i % 2), torch.tensor(1.0),
                             torch.full((4,), i + 1.0), torch.tensor(False)))
    agent.save(str(tmp_path / "agent.ckpt"))
    structure, entries = _saved_structure(tmp_path / "agent.ckpt")
    assert entries <= 8  # a column per place (and obs_buf), not 200 tensors
    fresh = Holder(**SPACES)
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert isinstance(fresh.memory, collections.deque) and fresh.memory.maxlen == 50 and len(fresh.memory) == 40
    for saved, loaded in zip(agent.memory, fresh.memory):
        for a, b in zip(saved, loaded):
            assert isinstance(b, torch.Tensor) and b.dtype == a.dtype and b.shape == a.shape and torch.equal(a, b)
            assert not b.requires_grad
    loaded = fresh.memory[3][0]
    loaded += 1  # an item of its own
    assert fresh.memory[4][0][0] == 4.0


def test_bfloat16_tensors_and_modules_round_trip(tmp_path):
    agent = Holder(**SPACES)
    agent.q = torch.nn.Linear(4, 2).to(torch.bfloat16)
    agent.x = torch.tensor([1.5, -2.25], dtype=torch.bfloat16)
    agent.save(str(tmp_path / "agent.ckpt"))
    fresh = Holder(**SPACES)
    fresh.q = torch.nn.Linear(4, 2).to(torch.bfloat16)
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.x.dtype == torch.bfloat16 and torch.equal(fresh.x, agent.x)
    assert torch.equal(fresh.q.weight, agent.q.weight)


def test_a_sparse_tensor_is_named(tmp_path):
    agent = Holder(**SPACES)
    agent.adj = torch.eye(3).to_sparse()
    with pytest.raises(CheckpointError) as error:
        agent.save(str(tmp_path / "agent.ckpt"))
    assert str(error.value) == ("cannot save adj (torch.Tensor) as plain data; it is a sparse_coo tensor: store it "
                                "dense (to_dense()), leave it out by adding its name to _excluded_save_params(), or "
                                "define save(path) and load(path)")


def test_a_saved_device_does_not_override_the_fresh_agent(tmp_path, caplog):
    agent = Holder(**SPACES)
    agent.extra = torch.ones(2)  # no counterpart in a fresh agent
    agent.save(str(tmp_path / "agent.ckpt"))
    structure, _ = _saved_structure(tmp_path / "agent.ckpt")
    assert {"tensor": 0, "requires_grad": False, "device": "cpu"} in [value for _, value in structure["dict"]]
    _edited(tmp_path / "agent.ckpt", '"device": "cpu"', '"device": "cuda:0"')  # what a GPU run's checkpoint says
    fresh = Holder(**SPACES)
    with caplog.at_level(logging.WARNING):
        fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.dev == torch.device("cpu")  # the spec's, not the checkpoint's
    assert fresh.obs_buf.device == torch.device("cpu")  # the fresh agent's tensor there decides
    assert fresh.extra.device == torch.device("cpu") and torch.equal(fresh.extra, torch.ones(2))
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    assert warnings[0].endswith(
        "agent.ckpt: extra is a tensor saved on cuda:0, which this machine does not have; loaded on the CPU (a tensor "
        "the fresh agent has at that place takes its device: make it in __init__ on the device the spec says)")


def test_a_tensor_without_counterpart_goes_to_its_saved_device(tmp_path):
    agent = Holder(**SPACES)
    agent.extra = torch.ones(2)
    agent.save(str(tmp_path / "agent.ckpt"))
    _edited(tmp_path / "agent.ckpt", '"requires_grad": false, "device": "cpu"}]]',
            '"requires_grad": false, "device": "meta"}]]')  # a device this machine has
    assert read_state(str(tmp_path / "agent.ckpt"))["extra"].device == torch.device("meta")


def test_a_checkpoint_without_devices_still_loads(tmp_path):
    agent = Holder(**SPACES)
    agent.extra = torch.ones(2)
    agent.save(str(tmp_path / "agent.ckpt"))
    _edited(tmp_path / "agent.ckpt", ', "device": "cpu"}', "}")  # as gym-loop wrote them before
    fresh = Holder(**SPACES)
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert torch.equal(fresh.extra, torch.ones(2)) and fresh.obs_buf.device == torch.device("cpu")


def test_a_view_of_a_saved_tensor_or_array_is_warned_of_once(tmp_path, caplog):
    agent = Holder(**SPACES)
    agent.storage = torch.zeros(5, 8)
    agent.obs = agent.storage[:, :4]
    agent.np_storage = np.zeros((5, 8), np.float32)
    agent.np_obs = agent.np_storage[:, :4]
    agent.w = np.arange(6.0).reshape(2, 3)  # a view of an array not saved: no warning
    with caplog.at_level(logging.WARNING):
        agent.save(str(tmp_path / "agent.ckpt"))
        agent.save(str(tmp_path / "agent2.ckpt"))
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings == [
        "obs is a view of storage: a checkpoint stores it as a copy of its own, so after a resume writes through one "
        "no longer reach the other; make it again in load(path) (super().load(path), then the slice), or leave it "
        "out by adding its name to _excluded_save_params()",
        "np_obs is a view of np_storage: a checkpoint stores it as a copy of its own, so after a resume writes "
        "through one no longer reach the other; make it again in load(path) (super().load(path), then the slice), "
        "or leave it out by adding its name to _excluded_save_params()"]


class Lazy(BaseAgent):
    """Builds its network at the first update (tester13c-7)."""

    def __init__(self, **parameters):
        super().__init__(**parameters)
        self.net = None

    def act(self, state, episode_num):
        return 0

    def update(self, episode_num):
        if self.net is None:
            self.net = torch.nn.Linear(4, 2)


def test_a_network_built_lazily_is_named_with_the_fix(tmp_path):
    agent = Lazy(**SPACES)
    agent.update(0)
    agent.save(str(tmp_path / "agent.ckpt"))
    with pytest.raises(CheckpointError) as error:
        Lazy(**SPACES).load(str(tmp_path / "agent.ckpt"))
    assert str(error.value).endswith(
        "agent.ckpt: net holds a state_dict (Linear), but a fresh Lazy has None there after __init__: build it in "
        "__init__ (a state_dict is loaded into the object the constructor built), or define save(path) and load(path)")


def test_a_deque_of_dict_transitions_is_stored_in_columns_per_key(tmp_path):
    agent = Holder(**SPACES)
    agent.memory = collections.deque(maxlen=64)
    for i in range(40):
        agent.memory.append({"s": np.full(4, i, np.float32), "a": i % 2, "r": 1.0, "s2": torch.full((4,), i + 1.0),
                             "info": {"i": i} if i else None})
    agent.save(str(tmp_path / "agent.ckpt"))
    _, entries = _saved_structure(tmp_path / "agent.ckpt")
    assert entries <= 6  # s, a, r, s2 stacked (and obs_buf); info item by item
    fresh = Holder(**SPACES)
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.memory.maxlen == 64 and len(fresh.memory) == 40
    for saved, loaded in zip(agent.memory, fresh.memory):
        assert list(loaded) == ["s", "a", "r", "s2", "info"]
        assert np.array_equal(loaded["s"], saved["s"]) and loaded["s"].dtype == np.float32
        assert type(loaded["a"]) is int and loaded["a"] == saved["a"] and loaded["r"] == 1.0
        assert torch.equal(loaded["s2"], saved["s2"]) and loaded["info"] == saved["info"]


def test_a_generator_saved_on_another_device_leaves_the_fresh_agent_its_own(tmp_path, caplog):
    agent = Holder(**SPACES)
    agent.gen = torch.Generator().manual_seed(3)
    agent.save(str(tmp_path / "agent.ckpt"))
    _edited(tmp_path / "agent.ckpt", '"device": "cpu"}]]', '"device": "cuda:0"}]]')  # a GPU run's generator
    fresh = Holder(**SPACES)
    fresh.gen = own = torch.Generator().manual_seed(4)
    with caplog.at_level(logging.WARNING):
        fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.gen is own and own.initial_seed() == 4
    assert [record.getMessage().partition(": ")[2] for record in caplog.records] == [
        "gen is a torch.Generator saved on cuda:0, and the fresh agent's there is on cpu, which cannot take its "
        "state: it keeps its own (the agent's draws from it differ from the run's)"]
