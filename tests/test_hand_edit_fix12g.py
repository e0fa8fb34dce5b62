"""fix12g: a resume of a run whose spec.yaml was edited by hand (its checksum line deleted, as docs/runs.rst says to
accept an edit) warns that the resume's record of changes starts from the edited file, and seals the file again,
so the next resume does not warn (tester12g-6: spec-before-resume-1.yaml and run.json's changed lost the edit,
silently)."""

import json
import logging

from conftest import make_spec
from gym_loop.gym_loop import train_agent


def test_a_hand_edited_spec_is_told_on_resume_and_sealed_again(tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    train_agent({**make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=2,
                             episodes_per_checkpoint=2), "seed": 1}, run_dir=tmp_path / "run")
    spec = tmp_path / "run" / "spec.yaml"
    body = spec.read_text().partition("\n")[2]
    assert "max_episode_len: 50" in body
    spec.write_text(body.replace("max_episode_len: 50", "max_episode_len: 40"))
    with caplog.at_level(logging.WARNING):
        train_agent({**make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=4,
                                 episodes_per_checkpoint=2, max_episode_len=40), "seed": 1}, resume=tmp_path / "run")
    assert ("run/spec.yaml was edited by hand (its checksum line deleted): this resume's record of changes (run.json, "
            "spec-before-resume-N.yaml) starts from the edited file, not from what the episodes before it trained "
            "with; to change a value, resume with the value in run_params instead") in caplog.text
    assert spec.read_text().startswith("# gym-loop sha256: ")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        train_agent({**make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=6,
                                 episodes_per_checkpoint=2, max_episode_len=40), "seed": 1}, resume=tmp_path / "run")
    assert "edited by hand" not in caplog.text
    assert len(json.loads((tmp_path / "run" / "run.json").read_text())["resumed"]) == 2
