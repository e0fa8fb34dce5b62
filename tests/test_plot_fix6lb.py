"""gym-loop plot of runs scoring near the largest float, and the counts of a tune with a FAIL trial (fix6 left6b)."""

import json
import shutil

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """sweeps/cp: one config, seeds 0 and 1, two evaluations each."""
    root = tmp_path_factory.mktemp("plotfix6l")
    write_spec(root / "cp.yaml", make_spec(max_episodes=4, episodes_per_eval=2, eval_episodes=2,
                                           episodes_per_checkpoint=1000))
    result = run_cli("-q", "sweep", "-c", "cp.yaml", "--seeds", "0-1", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize("kind", ["intervals", "profile", "curves"])
def test_runs_scoring_near_the_largest_float_are_drawn_on_a_scaled_axis(sweep, tmp_path, kind):
    shutil.copytree(sweep / "sweeps/cp", tmp_path / "cp")
    for seed, (first, last) in enumerate([(-1e308, 1e308), (-9e307, 9e307)]):
        (tmp_path / f"cp/runs/base/seed-{seed}/evals.csv").write_text(
            "episode,global_step,mean_return,std_return,min_return,max_return,mean_length\n"
            f"2,30,{first},0,{first},{first},20\n4,60,{last},0,{last},{last},20\n")
    result = run_cli("plot", "cp", "--kind", kind, "-o", f"{kind}.png",
                     *(["--y", "eval"] if kind == "curves" else []), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / f"{kind}.png").stat().st_size > 0
    numbers = (tmp_path / f"{kind}.csv").read_text()
    assert "nan" not in numbers and "inf" not in numbers  # the CSV keeps the numbers unscaled
    assert "e+307" in numbers or "e+308" in numbers


def test_the_count_of_unfinished_runs_leaves_out_the_runs_of_fail_trials_as_the_figure_does(sweep, tmp_path):
    tune = tmp_path / "t"
    for number, seed in ((0, 0), (1, 0), (1, 1)):  # trial 0 FAIL, its run interrupted; trial 1 with one interrupted
        run = tune / "trials" / str(number) / f"seed-{seed}"
        shutil.copytree(sweep / f"sweeps/cp/runs/base/seed-{seed}", run)
        if (number, seed) != (1, 0):
            record = json.loads((run / "run.json").read_text())
            (run / "run.json").write_text(json.dumps({**record, "status": "interrupted"}))
    (tune / "tune.json").write_text(json.dumps({"seeds": [0, 1], "storage": "journal.log", "study": "t"}))
    (tune / "trials.csv").write_text("number,state,value\n0,FAIL,\n1,COMPLETE,1.0\n")
    result = run_cli("plot", "t", "-o", "c.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "INFO: 1 of 2 runs have not reached their end (interrupted): curves show their data so far" in lines
    assert "INFO: 2 runs in 1 configs" in lines
    assert "FAIL trial(s) 0 left out" in result.stderr
