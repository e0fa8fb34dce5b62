"""A resumed run equals the run never interrupted whatever spaces hold spaces (tester4a #1): a ``Sequence``
samples its elements from its ``feature_space``, a ``Graph`` from its ``node_space`` and ``edge_space``."""

import gymnasium
import pytest
from gymnasium import spaces

from conftest import whole_and_resumed
from gym_loop.state import space_generators

ENV = """
import zlib

import gymnasium
from gymnasium import spaces


class Spaced(gymnasium.Env):
    \"\"\"An env whose action space is picked by ``act``; the reward shows which action was played.\"\"\"

    def __init__(self, act="seq"):
        self.observation_space = spaces.Discrete(2)
        self.action_space = {
            "seq": spaces.Sequence(spaces.Discrete(3)),
            "graph": spaces.Graph(node_space=spaces.Box(-1, 1, (2,)), edge_space=spaces.Discrete(2)),
            "nested": spaces.Tuple((spaces.Dict({"s": spaces.Sequence(spaces.Box(-1, 1, (1,)))}),
                                    spaces.Sequence(spaces.Sequence(spaces.Discrete(4))))),
        }[act]
        self.t = 0

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return 0, {}

    def step(self, action):
        self.t += 1
        return 0, zlib.crc32(repr(action).encode()) % 1000 / 1000, False, self.t >= 5, {}


gymnasium.register("Spaced-v0", entry_point=Spaced, disable_env_checker=True)
"""


def _spec(act: str, episodes: int) -> str:
    return (f"agent: {{class: gym_loop.agents.random_agent:RandomAgent}}\n"
            f"env: {{name: Spaced-v0, imports: [spaced], parameters: {{act: {act}}}}}\n"
            f"loop: {{parameters: {{max_episodes: {episodes}, episodes_per_checkpoint: 2, episodes_per_eval: 2, "
            f"eval_episodes: 1}}}}\n")


def _played(run) -> list:
    """The rows of the run's episodes.csv and evals.csv without the seconds they took."""
    episodes = [line.rsplit(",", 1)[0] for line in (run / "episodes.csv").read_text().splitlines()]
    return episodes + (run / "evals.csv").read_text().splitlines()


@pytest.mark.parametrize("act", ["seq", "graph", "nested"])
def test_a_run_whose_action_space_holds_spaces_resumes_exactly(tmp_path, act):
    (tmp_path / "spaced.py").write_text(ENV)
    (tmp_path / "run.yaml").write_text(_spec(act, 3))
    part, whole = whole_and_resumed(tmp_path)
    assert _played(part) == _played(whole)


class Pair(spaces.Space):
    """A user's space of two spaces, kept in attributes of its own names."""

    def __init__(self, left: spaces.Space, right: spaces.Space):
        super().__init__()
        self.left, self.right = left, right

    def sample(self, mask=None, probability=None):
        return self.left.sample(), self.right.sample()


def test_the_generators_of_a_space_are_those_of_every_space_it_holds_whatever_its_kind():
    inner = spaces.Discrete(2)
    pair = Pair(spaces.Sequence(inner), spaces.Dict({"g": spaces.Graph(spaces.Discrete(3), spaces.Discrete(4))}))
    generators = list(space_generators(pair))
    graph = pair.right["g"]
    for space in (pair, pair.left, inner, pair.right, graph, graph.node_space, graph.edge_space):
        assert any(generator is space.np_random for generator in generators)
    assert generators[:3] == [pair.np_random, pair.left.np_random, inner.np_random]  # depth first, in order
    assert isinstance(gymnasium.spaces.Tuple((pair,)).sample()[0], tuple)
