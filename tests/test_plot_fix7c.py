"""gym-loop plot of a sweep reads the runs its plan holds, as gym-loop aggregate does (tester7d-1), and says
why there is no final score while the runs have not finished (tester7d-4)."""

import json
import shutil

import pytest
from conftest import make_spec, run_cli, write_spec


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """sweeps/cp: RandomAgent on CartPole, 2 configs x 2 seeds, evaluating every 2 of 4 episodes."""
    root = tmp_path_factory.mktemp("plot7c")
    write_spec(root / "cp.yaml", make_spec(max_episodes=4, episodes_per_eval=2, eval_episodes=2,
                                           episodes_per_checkpoint=1000))
    result = run_cli("-q", "sweep", "-c", "cp.yaml", "--seeds", "0-1", "--jobs", "2",
                     "--grid", "loop.parameters.max_episode_len=[20,50]", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "sweeps/cp"


def copy(sweep, tmp_path):
    folder = shutil.copytree(sweep, tmp_path / "cp", ignore=shutil.ignore_patterns("lock"))
    short, long = sorted((folder / "runs").iterdir())  # max_episode_len=20-..., max_episode_len=50-...
    return folder, short, long


def test_a_run_moved_out_of_a_sweep_counts_as_not_started_in_plot_as_in_aggregate(sweep, tmp_path):
    folder, short, _ = copy(sweep, tmp_path)
    shutil.move(str(short / "seed-1"), str(tmp_path / "seed-1"))
    warning = f"{short.name}: 1 of 2 runs are not finished and have no final score (1 not started)"
    assert warning in run_cli("aggregate", folder, cwd=tmp_path).stderr
    result = run_cli("plot", folder, "--table", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert warning in result.stderr


def test_a_config_of_a_sweep_without_a_run_folder_is_named_by_plot(sweep, tmp_path):
    folder, short, long = copy(sweep, tmp_path)
    shutil.move(str(long), str(tmp_path / "moved"))
    result = run_cli("plot", folder, "--table", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{long.name}: 2 of 2 runs are not finished and have no final score (2 not started)" in result.stderr
    assert f"| {short.name} | 2 |" in result.stdout
    curves = run_cli("plot", folder, "-o", tmp_path / "c.png", "--dpi", 20, cwd=tmp_path)
    assert curves.returncode == 0, curves.stderr
    assert f"{long.name}: 2 of 2 runs are not started (no run folder) and are not drawn" in curves.stderr


def test_a_config_or_a_run_of_a_sweep_plotted_alone_is_not_short_of_the_others(sweep, tmp_path):
    _, short, _ = copy(sweep, tmp_path)
    for path in (short, short / "seed-0"):
        result = run_cli("plot", path, "--table", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "not finished" not in result.stderr and "not started" not in result.stderr


@pytest.mark.parametrize("score", ["final-eval", "last-100"])
def test_final_scores_of_runs_that_have_not_finished_say_so_not_to_set_episodes_per_eval(sweep, tmp_path, score):
    folder, _, long = copy(sweep, tmp_path)
    for record in folder.glob("runs/*/seed-*/run.json"):
        data = json.loads(record.read_text())
        record.write_text(json.dumps({**data, "status": "interrupted"}))
    shutil.rmtree(long / "seed-1")
    result = run_cli("plot", folder, "--table", "--score", score, cwd=tmp_path)
    assert result.returncode == 2
    line = result.stderr.strip().splitlines()[-1]
    assert line == ("Error: no run has reached its end yet (3 interrupted, 1 not started), so none has a final "
                    "score; let them finish (continue a stopped sweep with gym-loop sweep SWEEP_DIR, a run with "
                    "gym-loop train --resume RUN_FOLDER), or draw their data so far with --kind curves")
