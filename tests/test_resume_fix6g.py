"""A pruned run resumed with a plain --resume says it was pruned, and trains on (tester6d #13)."""

import json

from conftest import make_spec, run_cli
from gym_loop.gym_loop import train_agent


class PruneAt:
    def after_episode(self, progress):
        from gym_loop.schedule import Stop

        return Stop("pruned", f"pruned after {progress.episodes} episodes") if progress.episodes >= 2 else None


def test_a_pruned_run_resumed_with_a_plain_resume_says_it_was_pruned_and_trains_on(tmp_path):
    train_agent(make_spec(max_episodes=4), run_dir=tmp_path / "run", extra_rules=[PruneAt()])
    assert json.loads((tmp_path / "run" / "run.json").read_text())["status"] == "pruned"
    result = run_cli("train", "--resume", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "run was pruned (pruned after 2 episodes); --resume trains it on to its max_episodes" in result.stderr
    assert len((tmp_path / "run" / "episodes.csv").read_text().splitlines()) == 5
