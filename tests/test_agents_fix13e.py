"""What an agent's update() returns is ignored, and said once (tester13e-3)."""

import logging

import pytest

from conftest import make_spec, read_scalars
from gym_loop.agents import BaseAgent
from gym_loop.gym_loop import train_agent


class LossAgent(BaseAgent):
    def act(self, state, episode_num):
        return int(self.rng.integers(2))

    def update(self, episode_num):
        return {"loss": 0.5}


@pytest.mark.parametrize("loop", ["gym_loop.loops.default_loop:DefaultLoop", "gym_loop.loops.vector_loop:VectorLoop"])
def test_a_dict_returned_by_update_is_warned_of_once(tmp_path, caplog, loop):
    spec = make_spec(max_episodes=4, max_episode_len=5, **({"num_envs": 2} if "Vector" in loop else {}))
    spec["agent"]["class"] = f"{__name__}:LossAgent"
    spec["loop"]["class"] = loop
    with caplog.at_level(logging.WARNING):
        train_agent(spec, run_dir=tmp_path / "run")
    warned = [record.getMessage() for record in caplog.records if "agent.update returned" in record.getMessage()]
    assert warned == ["agent.update returned {'loss': 0.5} (a dict), which gym-loop ignores; to log it, return it "
                      "from agent.metrics(episode_num) (warned once)"]
    assert "loss" not in read_scalars(tmp_path / "run" / "logs")

