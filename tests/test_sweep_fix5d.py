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


def test_aggregate_warns_of_a_config_with_fewer_scored_runs_than_planned_as_plot_does(tmp_path):
    write_spec(tmp_path / "few.yaml", make_spec(max_episodes=2, episodes_per_eval=1, eval_episodes=1))
    assert run_cli("sweep", "-c", "few.yaml", "--seeds", "0-3", cwd=tmp_path).returncode == 0
    runs = tmp_path / "sweeps" / "few" / "runs" / "base"
    record = json.loads((runs / "seed-2" / "run.json").read_text())
    (runs / "seed-2" / "run.json").write_text(json.dumps({**record, "status": "failed"}))  # as a crash leaves it
    result = run_cli("aggregate", "sweeps/few", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("WARNING: base: 1 of 4 runs are not finished and have no final score (1 failed); its statistics cover "
            "the other 3") in result.stderr.splitlines()
    assert result.stdout.splitlines()[1].split()[:2] == ["base", "3"]
    plot = run_cli("plot", "sweeps/few", "--table", cwd=tmp_path)
    assert plot.returncode == 0, plot.stderr
    assert ("WARNING: base: 1 of 4 runs are not finished and have no final score (1 failed); its statistics cover "
            "the other 3") in plot.stderr.splitlines()
    (runs / "seed-1").rename(tmp_path / "moved")
    moved = run_cli("aggregate", "sweeps/few", cwd=tmp_path)
    assert ("WARNING: base: 2 of 4 runs are not finished and have no final score (1 failed, 1 not started); its "
            "statistics cover the other 2") in moved.stderr.splitlines()


@pytest.mark.parametrize("size, words", [
    (["--dpi", "20000"], "20000 with --width 6 --height 4 is a PNG of 120000 x 80000 pixels, more than 50 million (it "
                         "is drawn in memory); give --dpi 1443 or less (300 to 600 is print quality), or write .svg "
                         "or .pdf"),
    (["--width", "200", "--height", "200"], "200 with --width 200 --height 200 is a PNG of 40000 x 40000 pixels, "
                                            "more than 50 million (it is drawn in memory); give --dpi 35 or less (300 "
                                            "to 600 is print quality), or write .svg or .pdf")])
def test_a_png_too_large_to_draw_is_refused_in_one_line(tmp_path, size, words):
    result = run_cli("plot", ".", *size, "-o", "big.png", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"Error: Invalid value for '--dpi': {words} (see gym-loop plot --help)"]
    assert not (tmp_path / "big.png").exists()


def test_aggregate_reps_have_an_upper_bound(tmp_path):
    result = run_cli("aggregate", ".", "--reps", "100001", cwd=tmp_path)
    assert result.returncode == 2
    assert "give at most 100000 (twice rliable's 50000)" in result.stderr
    assert len(result.stderr.splitlines()) == 1
