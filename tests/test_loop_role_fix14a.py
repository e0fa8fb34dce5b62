"""tester14a-21: BaseLoop itself, or a loop on it defining neither training_episodes() nor train(), is refused at
loop.class up front (create-default, train), not by train's 'loop.parameters.agent: unknown key'."""

import pytest

from gym_loop.errors import SpecError
from gym_loop.spec import default_spec, role_problem, run_spec

STUB = "from gym_loop.loops.base_loop import BaseLoop\nclass L(BaseLoop):\n    pass\n"


def test_base_loop_refused():
    from gym_loop.loops.base_loop import BaseLoop

    assert role_problem("loop", BaseLoop).startswith("BaseLoop is the base class of loops")
    spec = default_spec()
    spec["env"]["name"] = "CartPole-v1"
    spec["loop"]["class"] = "gym_loop.loops.base_loop:BaseLoop"
    with pytest.raises(SpecError, match="BaseLoop is the base class of loops"):
        run_spec(spec)


def test_stub_refused_and_real_loops_pass(tmp_path):
    (tmp_path / "stub14a.py").write_text(STUB)
    spec = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"},
            "loop": {"class": f"{tmp_path / 'stub14a.py'}:L"}}
    with pytest.raises(SpecError, match=r"L does not define training_episodes\(\) \(BaseLoop's only raises"):
        run_spec(spec)
    from gym_loop.loops.default_loop import DefaultLoop
    from gym_loop.loops.vector_loop import VectorLoop

    assert role_problem("loop", DefaultLoop) is None and role_problem("loop", VectorLoop) is None
    (tmp_path / "own14a.py").write_text("from gym_loop.loops.base_loop import BaseLoop\nclass T(BaseLoop):\n"
                                        "    def train(self): return None\n")
    from gym_loop.resolve import resolve_class

    assert role_problem("loop", resolve_class(f"{tmp_path / 'own14a.py'}:T")) is None
