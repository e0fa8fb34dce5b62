"""gym-loop plot of a tune with FAIL and PRUNED trials (tester6c #8, #10), through the console script."""

import csv
import json
import shutil

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.fixture(scope="module")
def tune(tmp_path_factory):
    """tunes/t: trial 0 FAIL (its run interrupted), 1 and 3 COMPLETE, 2 PRUNED; runs copied from a small sweep."""
    root = tmp_path_factory.mktemp("plotfix6d")
    write_spec(root / "cp.yaml", make_spec(max_episodes=4, episodes_per_eval=2, eval_episodes=2,
                                           episodes_per_checkpoint=1000))
    result = run_cli("-q", "sweep", "-c", "cp.yaml", "--seeds", "0-1", cwd=root)
    assert result.returncode == 0, result.stderr
    runs, tune = root / "sweeps/cp/runs/base", root / "tunes/t"
    for number, seeds, status in ((0, [0], "interrupted"), (1, [0, 1], None), (2, [0], "pruned"), (3, [0, 1], None)):
        for seed in seeds:
            run = tune / "trials" / str(number) / f"seed-{seed}"
            shutil.copytree(runs / f"seed-{seed}", run)
            if status:
                record = json.loads((run / "run.json").read_text())
                (run / "run.json").write_text(json.dumps({**record, "status": status}))
    (tune / "tune.json").write_text(json.dumps({"seeds": [0, 1], "storage": "journal.log", "study": "t"}))
    (tune / "trials.csv").write_text("number,state,value\n0,FAIL,\n1,COMPLETE,1.0\n2,PRUNED,0.5\n3,COMPLETE,2.0\n")
    return root


def test_a_pruned_trial_is_left_out_of_the_final_scores_and_a_fail_trial_out_of_every_figure(tune):
    table = run_cli("plot", "tunes/t", "--table", cwd=tune)
    assert table.returncode == 0, table.stderr
    assert [line.split(" | ")[0] for line in table.stdout.splitlines()[2:]][:2] == ["| trial 1", "| trial 3"]
    assert "trial 2" not in table.stdout and "trial 0" not in table.stdout
    assert ("WARNING: trial 2: pruned before the end of training, so not scored at its end; left out of the final "
            "scores (--kind curves draws them)") in table.stderr.splitlines()
    assert "FAIL trial(s) 0 left out" in table.stderr
    curves = run_cli("plot", "tunes/t", "-o", "c.png", "--y", "eval", cwd=tune)
    assert curves.returncode == 0, curves.stderr
    with open(tune / "c.csv", newline="") as file:
        assert {row["config"] for row in csv.DictReader(file)} == {"trial 1", "trial 2 (pruned)", "trial 3"}


def test_final_scores_of_a_tune_whose_every_trial_was_pruned_say_so(tune, tmp_path):
    shutil.copytree(tune / "tunes/t", tmp_path / "t")
    (tmp_path / "t/trials.csv").write_text("number,state,value\n0,PRUNED,0.1\n1,PRUNED,1.0\n2,PRUNED,0.5\n3,PRUNED,2\n")
    result = run_cli("plot", "t", "--table", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == ("Error: every trial was pruned before the end of training: there are "
                                              "no final scores to compare; plot their curves (--kind curves)")
