"""gym-loop sweep, aggregate and plot after the faults tester5b met, through the console script."""

import json

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("evaluate", [1, None])
def test_a_solved_run_whose_run_json_is_damaged_is_recovered_not_trained_on(tmp_path, evaluate):
    spec = make_spec(max_episodes=300, episodes_per_eval=evaluate, eval_episodes=2, episodes_per_checkpoint=50,
                     reward_threshold=5, max_episode_len=50)
    write_spec(tmp_path / "thr.yaml", spec)
    first = run_cli("sweep", "-c", "thr.yaml", "--seeds", "0", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    run = tmp_path / "sweeps" / "thr" / "runs" / "base" / "seed-0"
    record = json.loads((run / "run.json").read_text())
    assert record["reason"].startswith("solved after")
    episodes = (run / "episodes.csv").read_text()
    (run / "run.json").write_text((run / "run.json").read_text()[:50])
    assert "base/seed-0  0     recover" in run_cli("sweep", "sweeps/thr", "--dry-run", cwd=tmp_path).stdout
    result = run_cli("sweep", "sweeps/thr", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "sweep sweeps/thr: 1 of 1 runs finished" in result.stdout
    assert json.loads((run / "run.json").read_text())["status"] == "finished"
    assert (run / "episodes.csv").read_text() == episodes  # not trained on past its stop
