"""review8: a tune whose trials budget in env steps alone (the space gives max_steps, the base spec leaves
max_episodes out) keeps each seed's reports apart: the stride between seeds is the trials' max_steps, not the base
spec's default of 5 episodes, which the trials do not have."""

import csv

import pytest

from conftest import run_cli
from test_tune import load_study

pytest.importorskip("optuna")


def test_a_tune_of_max_steps_alone_keeps_each_seeds_reports_apart(tmp_path):
    (tmp_path / "t.yaml").write_text("agent: {class: gym_loop.agents.random_agent:RandomAgent}\n"
                                     "env: {name: CartPole-v1}\n"
                                     "loop: {parameters: {episodes_per_eval: 2, eval_episodes: 1, logdir: null}}\n")
    (tmp_path / "sp.yaml").write_text("loop.parameters.max_steps: {categorical: [120]}\n")
    ran = run_cli("-q", "tune", "-c", "t.yaml", "--space", "sp.yaml", "--trials", 1, "--pruner", "none", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    trial = load_study(tmp_path / "tunes" / "t").trials[0]
    reported = {}
    for position, seed in enumerate((0, 1)):
        with open(tmp_path / "tunes/t/trials/0" / f"seed-{seed}" / "evals.csv", newline="") as stream:
            reported.update({position * 120 + int(row["episode"]): float(row["mean_return"])
                             for row in csv.DictReader(stream)})
    assert len(reported) > 4 and trial.intermediate_values == reported
