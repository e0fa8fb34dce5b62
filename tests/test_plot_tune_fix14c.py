"""fix14c: gym-loop plot of a tune (tester14c-7: while it runs; -5: every trial FAIL; -11: a damaged tune.json)."""

import csv
import json
import shutil

import pytest

from conftest import make_spec, run_cli, write_spec

optuna = pytest.importorskip("optuna")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two finished runs (seeds 0 and 1) of a small sweep, to copy into tune folders."""
    root = tmp_path_factory.mktemp("plotfix14c")
    write_spec(root / "cp.yaml", make_spec(max_episodes=4, episodes_per_eval=2, eval_episodes=2,
                                           episodes_per_checkpoint=1000))
    result = run_cli("-q", "sweep", "-c", "cp.yaml", "--seeds", "0-1", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "sweeps/cp/runs/base"


def make_tune(runs, tune, trials, table):
    """``trials``: (number, seeds, status of their runs or None); ``table``: trials.csv's text."""
    for number, seeds, status in trials:
        for seed in seeds:
            run = tune / "trials" / str(number) / f"seed-{seed}"
            shutil.copytree(runs / f"seed-{seed}", run)
            if status:
                record = json.loads((run / "run.json").read_text())
                (run / "run.json").write_text(json.dumps({**record, "status": status}))
    (tune / "tune.json").write_text(json.dumps({"seeds": [0, 1], "storage": "journal.log", "study": "t"}))
    (tune / "trials.csv").write_text(table)
    return tune


def test_a_running_tunes_pruned_run_is_left_out_of_the_final_scores(runs, tmp_path):  # tester14c-7
    """Trial 1's run was pruned; its worker has not told the study yet: trials.csv still says RUNNING."""
    make_tune(runs, tmp_path / "t", ((0, [0, 1], None), (1, [0], "pruned")),
              "number,state,value\n0,COMPLETE,1.0\n1,RUNNING,\n")
    table = run_cli("plot", "t", "--table", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert [line.split(" | ")[0] for line in table.stdout.splitlines() if line.startswith("| trial")] == ["| trial 0"]
    assert ("WARNING: trial 1: pruned before the end of training, so not scored at its end; left out of the final "
            "scores (--kind curves draws them)") in table.stderr.splitlines()


def test_a_worker_writes_trials_csv_as_it_asks_and_tells(tmp_path):  # tester14c-7
    from gym_loop.tuning.folder import TuneFolder
    from gym_loop.tuning.worker import _next_trial

    study = optuna.create_study(direction="maximize")
    space = {"agent.parameters.learning_rate": optuna.distributions.FloatDistribution(0.1, 0.9)}
    trial = _next_trial(study, space, TuneFolder(tmp_path), {"trials": 2}, seed=0, first=True)
    with (tmp_path / "trials.csv").open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(row["number"], row["state"]) for row in rows] == [("0", "RUNNING")]
    assert float(rows[0]["agent.parameters.learning_rate"]) == trial.params["agent.parameters.learning_rate"]


def test_a_tune_whose_every_trial_failed_says_so(runs, tmp_path):  # tester14c-5
    make_tune(runs, tmp_path / "t", ((0, [0], "failed"), (1, [0, 1], "failed")),
              "number,state,value\n0,FAIL,\n1,FAIL,\n")
    for args in (["--table"], ["-o", "c.png"]):
        result = run_cli("plot", "t", *args, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.splitlines()[-1] == (
            f"Error: every trial of {tmp_path / 't'} with runs FAILed (trial(s) 0,1), and FAIL trials are left out: "
            f"nothing to plot; see why in their logs ({tmp_path / 't'}/trials/<n>/seed-*.log)")


def test_a_tune_with_a_damaged_tune_json_is_plotted(runs, tmp_path):  # tester14c-11
    tune = make_tune(runs, tmp_path / "t", ((0, [0, 1], None),), "number,state,value\n0,COMPLETE,1.0\n")
    (tune / "tune.json").write_text('{"seeds": [0, 1]')  # cut short
    result = run_cli("plot", "t", "--table", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [line.split(" | ")[:2] for line in result.stdout.splitlines() if line.startswith("| trial")] == [
        ["| trial 0", "2"]]
    assert (f"WARNING: cannot read {tune / 'tune.json'} (Expecting ',' delimiter: line 1 column 17 (char 16)): every "
            "trials/<n>/seed-<s> run folder below it is plotted (a copy named so too); restore it from a copy of the "
            "tune") in result.stderr.splitlines()
