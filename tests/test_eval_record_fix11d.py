"""fix11d: eval_record records every episode of gym-loop eval, beyond the first two that Gymnasium's default video
schedule (0, 1, 8, 27, ...) records too (tester11d-7)."""

from conftest import make_spec
from gym_loop.gym_loop import eval_agent


def test_eval_record_writes_a_video_of_each_of_four_evaluation_episodes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = {**make_spec(eval_episodes=4, eval_record=True, max_episode_len=5), "seed": 1}
    assert eval_agent(spec, output=tmp_path / "out").episodes == 4
    assert sorted(path.name for path in (tmp_path / "out").rglob("*.mp4")) == [
        f"rl-video-episode-{episode}.mp4" for episode in range(4)]
