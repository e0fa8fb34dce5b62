"""fix15a: the default save keeps what it stores as it was (tester15a-1, -2, -7, -9, -12)."""

import enum

import gymnasium as gym
import numpy as np
import pytest

from gym_loop.agents import BaseAgent
from gym_loop.agents.protocol import bind_agent
from gym_loop.state import CheckpointError, read_state, write_state


def round_trip(tmp_path, state):
    path = str(tmp_path / "s.ckpt")
    write_state(path, state)
    return read_state(path)


def test_a_frozenset_loads_as_a_frozenset_also_as_a_key(tmp_path):  # tester15a-1
    state = {"visits": {frozenset({1, 2}): 3}, "pairs": {frozenset({1}), frozenset({2, 3})},
             "seen": frozenset({"a"}), "plain": {4, 5}}
    loaded = round_trip(tmp_path, state)
    assert loaded == state
    assert type(loaded["seen"]) is frozenset and type(loaded["plain"]) is set
    assert all(type(key) is frozenset for key in loaded["visits"])


class Level(enum.IntEnum):
    LOW = 1


def test_numpy_scalars_load_as_their_dtype(tmp_path):  # tester15a-2
    state = {"x": np.float64(1.5), "inf": np.float64("inf"), "xs": [np.float64(i) for i in range(15)],
             "s": np.str_("a"), "level": Level.LOW, "f": 2.5}
    loaded = round_trip(tmp_path, state)
    assert type(loaded["x"]) is np.float64 and loaded["x"] == 1.5
    assert type(loaded["inf"]) is np.float64 and np.isinf(loaded["inf"])
    assert [type(x) for x in loaded["xs"]] == [np.float64] * 15
    assert type(loaded["s"]) is np.str_
    assert loaded["level"] == 1 and type(loaded["f"]) is float


class ReadmeQ(BaseAgent):  # the seeds' README template, the learned table kept in self.parameters
    @staticmethod
    def get_default_parameters():
        return {"lr": 0.5, "sizes": [4, 2]}

    def __init__(self, **params):
        super().__init__()
        self.parameters = self.get_default_parameters()
        self.parameters.update(params)
        self.parameters["q"] = np.zeros(self.parameters["sizes"])
        self.parameters["steps"] = 0

    def act(self, state, episode_num):
        return 0


def test_an_entry_the_agent_added_to_its_parameters_is_saved_though_changed_in_place(tmp_path):  # tester15a-9
    env = gym.make("FrozenLake-v1")
    spaces = dict(observation_space=env.observation_space, action_space=env.action_space)
    agent = ReadmeQ(**spaces)
    bind_agent(agent)
    agent.parameters["q"][1, 1] = 7.0  # in place: the same array
    path = str(tmp_path / "agent.ckpt")
    agent.save(path)
    saved = read_state(path)["parameters"]
    assert set(saved) == {"q", "steps"}  # the spec's lr and sizes are not: --resume --set changes them
    fresh = ReadmeQ(**spaces)
    bind_agent(fresh)
    fresh.load(path)
    assert fresh.parameters["q"][1, 1] == 7.0


class Slotted:  # an agent of the seeds' kind with __slots__ and no __dict__ (tester15a-7)
    __slots__ = ("parameters", "action_space", "count", "table")

    def __init__(self, **params):
        self.parameters = params
        self.action_space = params["action_space"]
        self.count = 0
        self.table = np.zeros(3)

    def act(self, state, episode_num):
        return 0


def test_an_agent_with_slots_saves_and_loads_its_slots(tmp_path):
    env = gym.make("CartPole-v1")
    agent = Slotted(action_space=env.action_space)
    save, _ = bind_agent(agent).save, None
    agent.count, agent.table[1] = 5, 2.0
    path = str(tmp_path / "agent.ckpt")
    save(path)
    fresh = Slotted(action_space=env.action_space)
    bind_agent(fresh).load(path)
    assert fresh.count == 5 and fresh.table[1] == 2.0


class Noisy(BaseAgent):  # an exploration generator of the agent's own, not self.rng (tester15a-3)
    def __init__(self, **params):
        super().__init__(**params)
        self.noise = np.random.default_rng(1)
        self.draws = []

    def act(self, state, episode_num, evaluation=False):
        draw = self.noise.random()
        if not evaluation:
            self.draws.append(draw)
        return int(draw < 0.5)


def noisy_training(tmp_path, name, evaluate_between=False, **loop):
    from gym_loop.loops.default_loop import DefaultLoop

    env = gym.make("CartPole-v1")
    agent = Noisy(observation_space=env.observation_space, action_space=env.action_space)
    made = DefaultLoop(agent, env, seed=1, logdir=None, checkpoint_dir=str(tmp_path / name), eval_logdir=str(tmp_path / f"{name}-eval"),
                       episodes_csv=None, evals_csv=None, eval_env=gym.make("CartPole-v1"), eval_episodes=2, **loop)
    made.parameters["max_episodes"] = 3
    made.train()
    if evaluate_between:
        made.evaluate()
    made.parameters["max_episodes"] = 6
    made.train()
    return agent.draws


def test_evaluating_leaves_the_agents_own_generators_as_training_left_them(tmp_path):
    plain = noisy_training(tmp_path, "a")
    assert noisy_training(tmp_path, "b", episodes_per_eval=2) == plain
    assert noisy_training(tmp_path, "c", evaluate_between=True) == plain


def test_torch_dtypes_and_tensors_numpy_lacks_are_kept(tmp_path):  # tester15a-12
    torch = pytest.importorskip("torch")
    fp8 = torch.tensor([0.5, -2.0]).to(torch.float8_e4m3fn)
    state = {"dtype": torch.float32, "fp8": fp8, "half": torch.ones(2, dtype=torch.bfloat16),
             "c32": torch.ones(2, dtype=torch.complex32), "rows": [fp8] * 16}
    loaded = round_trip(tmp_path, state)
    assert loaded["dtype"] is torch.float32
    for name in ("fp8", "half", "c32"):
        assert loaded[name].dtype == state[name].dtype and torch.equal(loaded[name].view(torch.uint8),
                                                                       state[name].view(torch.uint8))
    assert loaded["rows"][15].dtype == torch.float8_e4m3fn
    quantized = torch.quantize_per_tensor(torch.ones(2), 0.1, 0, torch.quint8)
    with pytest.raises(CheckpointError, match=r"^cannot save q \(torch\.Tensor\) as plain data; it is a quantized "
                                              r"tensor: store it dequantized \(dequantize\(\)\)"):
        write_state(str(tmp_path / "q.ckpt"), {"q": quantized})


def test_a_pytorch_dtype_this_pytorch_lacks_is_named(tmp_path):
    torch = pytest.importorskip("torch")
    path = str(tmp_path / "d.ckpt")
    write_state(path, {"d": torch.float32})
    with np.load(path) as archive:
        structure = str(archive["__state__"]).replace('"float32"', '"float99"')
    with open(path, "wb") as file:
        np.savez(file, __state__=np.array(structure))
    with pytest.raises(CheckpointError, match=r"d\.ckpt: the state file holds the PyTorch dtype 'float99', which this "
                                              r"PyTorch \S+ lacks; load it where the PyTorch it was saved with is "
                                              r"installed$"):
        read_state(path)


def test_random_state_and_random_random_keep_their_states(tmp_path):  # tester15a-5
    import random

    legacy, stdlib = np.random.RandomState(0), random.Random(0)
    legacy.randint(5), legacy.standard_normal(), stdlib.random(), stdlib.gauss(0, 1)
    loaded = round_trip(tmp_path, {"legacy": legacy, "stdlib": stdlib})
    assert type(loaded["legacy"]) is np.random.RandomState and type(loaded["stdlib"]) is random.Random
    assert loaded["legacy"].standard_normal(3).tolist() == legacy.standard_normal(3).tolist()
    assert [loaded["stdlib"].gauss(0, 1) for _ in range(3)] == [stdlib.gauss(0, 1) for _ in range(3)]


def test_a_masked_array_keeps_its_mask(tmp_path):  # tester15a-8
    masked = np.ma.masked_array([1.0, 10.0, 3.0], mask=[0, 1, 0], fill_value=-1.0)
    loaded = round_trip(tmp_path, {"m": masked})["m"]
    assert isinstance(loaded, np.ma.MaskedArray) and loaded.mean() == 2.0 and loaded.fill_value == -1.0
    assert loaded.mask.tolist() == [False, True, False]


def test_a_structure_nested_too_deep_is_refused_naming_it(tmp_path):  # tester15a-6
    import sys

    tree = current = {}
    for _ in range(sys.getrecursionlimit()):
        current["n"] = current = {}
    with pytest.raises(CheckpointError, match=r"^cannot save tree: it is nested deeper than the default save can go "
                                              r"\(Python's recursion limit, \d+\); flatten it"):
        write_state(str(tmp_path / "t.ckpt"), {"ok": 1, "tree": tree})
    assert round_trip(tmp_path, {"tree": {"n": {"n": {}}}})["tree"] == {"n": {"n": {}}}


def test_a_state_too_deep_to_load_says_to_raise_the_limit(tmp_path):
    import sys

    tree = current = {}
    for _ in range(150):
        current["n"] = current = {}
    path = str(tmp_path / "t.ckpt")
    write_state(path, {"tree": tree})
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        with pytest.raises(CheckpointError, match=r"t\.ckpt holds a value nested deeper than Python's recursion limit "
                                                  r"\(200\) lets it load; raise the limit"):
            read_state(path)
    finally:
        sys.setrecursionlimit(limit)
