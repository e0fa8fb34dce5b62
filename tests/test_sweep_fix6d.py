"""gym-loop aggregate and plot after the faults tester6c met (#2, #3), through the console script."""

import csv
import json

from conftest import make_spec, run_cli, write_spec


def test_a_finished_run_left_out_for_a_non_finite_score_is_not_counted_as_covered(tmp_path):
    write_spec(tmp_path / "few.yaml", make_spec(max_episodes=2, episodes_per_eval=1, eval_episodes=1))
    assert run_cli("sweep", "-c", "few.yaml", "--seeds", "0-5", cwd=tmp_path).returncode == 0
    runs = tmp_path / "sweeps" / "few" / "runs" / "base"
    record = json.loads((runs / "seed-2" / "run.json").read_text())
    (runs / "seed-2" / "run.json").write_text(json.dumps({**record, "status": "failed"}))  # as a crash leaves it
    evals = (runs / "seed-1" / "evals.csv").read_text().splitlines()
    last = evals[-1].split(",")
    (runs / "seed-1" / "evals.csv").write_text("\n".join(evals[:-1] + [",".join(last[:2] + ["nan"] + last[3:])]) + "\n")
    expected = ("WARNING: base: 1 of 6 runs are not finished and have no final score (1 failed); 1 finished run has no "
                "final-eval score (said above); its statistics cover the other 4")
    result = run_cli("aggregate", "sweeps/few", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert expected in result.stderr.splitlines()
    assert result.stdout.splitlines()[1].split()[:2] == ["base", "4"]
    plot = run_cli("plot", "sweeps/few", "--table", cwd=tmp_path)
    assert plot.returncode == 0, plot.stderr
    assert expected in plot.stderr.splitlines()
    assert "| base | 4 |" in plot.stdout


def test_one_scored_run_has_no_interval_and_says_so(tmp_path):
    write_spec(tmp_path / "one.yaml", make_spec(max_episodes=2, episodes_per_eval=1, eval_episodes=1))
    result = run_cli("sweep", "-c", "one.yaml", "--seeds", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("WARNING: base: 1 scored run: no interval (a bootstrap of one score is that score); run more seeds"
            in result.stderr)
    assert "intervals are wide" not in result.stderr
    with open(tmp_path / "sweeps" / "one" / "aggregate.csv") as file:
        row = next(csv.DictReader(file))
    assert row["n"] == "1" and row["iqm"] != ""
    assert [row[key] for key in ("iqm_low", "iqm_high", "mean_low", "mean_high")] == ["", "", "", ""]
    plot = run_cli("plot", "sweeps/one", "--table", cwd=tmp_path)
    assert plot.returncode == 0, plot.stderr
    assert "[no interval: 1 run]" in plot.stdout
    assert "WARNING: base: 1 run: no interval (a bootstrap of one score is that score); run more seeds" in plot.stderr
    figure = run_cli("plot", "sweeps/one", "--kind", "intervals", "-o", "one.png", cwd=tmp_path)
    assert figure.returncode == 0, figure.stderr
    with open(tmp_path / "one.csv") as file:
        assert {row["low"] for row in csv.DictReader(file)} == {""}  # empty, as an n=0 row's
