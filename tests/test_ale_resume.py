"""An Atari game with sticky actions (the emulator's own random state) resumes exactly."""

import pytest

from conftest import AGENTS, make_spec, read_scalars, write_spec
from test_runs import episodes, train

pytest.importorskip("ale_py")


@pytest.mark.slow
def test_breakout_with_sticky_actions_resumed_equals_uninterrupted(tmp_path):
    spec = make_spec("ALE/Breakout-v5", agent=f"{AGENTS / 'observing_agent.py'}:ObservingAgent", max_episodes=4,
                     max_episode_len=60, episodes_per_checkpoint=2, seed_each_episode=True)
    spec["env"]["imports"] = ["ale_py"]
    assert spec["env"]["parameters"].get("repeat_action_probability") is None  # the default sticky actions, 0.25
    write_spec(tmp_path / "run.yaml", {**spec, "seed": 11})
    whole = train(tmp_path, "-c", "run.yaml")
    part = train(tmp_path, "-c", "run.yaml", "--set", "loop.parameters.max_episodes=2")
    train(tmp_path, "--resume", part, "--set", "loop.parameters.max_episodes=4")
    assert episodes(part) == episodes(whole)
    # Every frame seen counts: without per-episode seeding, the resumed emulator's sticky actions differ.
    digests = [read_scalars(run / "logs")["observation_digest"] for run in (whole, part)]
    assert digests[0] == digests[1] and len({value for _, value in digests[0]}) > 1
