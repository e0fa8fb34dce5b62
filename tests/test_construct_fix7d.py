"""tester7c-16, -17 (fix7d): constructing the loop fails in one line; policy.class must be a policy."""

import pytest

from conftest import make_spec
from fix7d_scenarios import BOOM_LOOP
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import train_agent


def test_a_loop_whose_constructor_raises_fails_in_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "boom_loop.py").write_text(BOOM_LOOP)
    spec = make_spec(max_episodes=1)
    spec["loop"]["class"] = "boom_loop.py:BoomLoop"
    with pytest.raises(GymLoopError, match=r"^constructing the loop BoomLoop failed: RuntimeError: no loop today$"):
        train_agent(spec)
