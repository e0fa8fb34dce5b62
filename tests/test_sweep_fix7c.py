"""The order of a sweep's axes as documented (tester7d-2); runs ls in csv/json carries episodes.csv's seconds
(tester7d-3)."""

import json
from pathlib import Path

from conftest import make_spec, run_cli, write_spec

DOCS = Path(__file__).parent.parent / "docs"


def test_grid_axes_come_before_zip_axes_whatever_the_command_line_order_as_documented(tmp_path):
    write_spec(tmp_path / "fl.yaml", make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent"))
    result = run_cli("sweep", "-c", "fl.yaml", "--seeds", "0", "--dry-run",
                     "--zip", "agent.parameters.learning_rate,agent.parameters.discount=[[0.1,0.9],[0.5,0.99]]",
                     "--grid", "agent.parameters.epsilon_end=[0.05,0.1]", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    runs = [line.split()[0] for line in result.stdout.splitlines()[2:]]
    assert [run.split(",")[0] for run in runs] == ["epsilon_end=0.05"] * 2 + ["epsilon_end=0.1"] * 2
    text = " ".join((DOCS / "sweeps.rst").read_text().split())
    assert "the ``--grid`` axes in their order, then the ``--zip`` axes in theirs, whatever the order" in text
    assert "after every --grid axis" in " ".join(run_cli("sweep", "--help", cwd=tmp_path).stdout.split())


def test_runs_ls_csv_and_json_carry_the_seconds_of_episodes_csv_unrounded(tmp_path):
    write_spec(tmp_path / "cp.yaml", make_spec(max_episodes=2))
    assert run_cli("-q", "train", "-c", "cp.yaml", "--run-dir", "runs/a", cwd=tmp_path).returncode == 0
    episodes = tmp_path / "runs/a/episodes.csv"
    header, *rows = episodes.read_text().splitlines()
    rows[-1] = ",".join([*rows[-1].split(",")[:-1], "0.035"])
    episodes.write_text("\n".join([header, *rows]) + "\n")
    (row,) = json.loads(run_cli("runs", "ls", "--format", "json", cwd=tmp_path).stdout)
    assert row["train_seconds"] == 0.035
    listed = run_cli("runs", "ls", "--format", "csv", cwd=tmp_path).stdout.splitlines()
    assert listed[1].split(",")[listed[0].split(",").index("train_seconds")] == "0.035"
    assert "0.035" in run_cli("runs", "ls", cwd=tmp_path).stdout
