"""gym-loop tune after the faults tester5b met: a study of another tune, choices Python counts equal, records."""

import re

import pytest
import yaml

from conftest import make_spec, run_cli, write_spec

optuna = pytest.importorskip("optuna")

QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"


def lake(tmp_path, space=None, name="lake.yaml"):
    """A small FrozenLake Q-learning spec that evaluates every 5 episodes, and a space for it."""
    spec = make_spec("FrozenLake-v1", QLEARNING, max_episodes=5, episodes_per_eval=5, eval_episodes=1,
                     episodes_per_checkpoint=5, max_episode_len=50)
    write_spec(tmp_path / name, spec)
    (tmp_path / "space.yaml").write_text(yaml.safe_dump(space or {"agent.parameters.discount": {"float": [0.9, 0.99]}}))
    return ["tune", "-c", tmp_path / name, "--space", tmp_path / "space.yaml", "--seeds", "0"]


def test_a_new_tune_whose_storage_holds_a_study_of_its_name_is_refused(tmp_path):
    args = lake(tmp_path)
    shared = tmp_path / "shared.log"
    first = run_cli(*args, "--trials", "1", "--tunes-dir", "d1", "--storage", shared, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    result = run_cli(*args, "--trials", "1", "--tunes-dir", "d2", "--storage", shared, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"Error: --storage: {shared} already holds a study 'lake', of another tune folder; give a new --name for a "
        "new tune, or re-run in the tune folder that holds its tune.json to continue that study"]
    assert not (tmp_path / "d2" / "lake" / "trials.csv").exists()
    assert not (tmp_path / "d2" / "lake" / "best.yaml").exists()
    again = run_cli(*args, "--trials", "2", "--tunes-dir", "d1", "--storage", shared, cwd=tmp_path)
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("choices, shown", [([1, True, 0, False], "1 and true"), ([0, 2, False], "0 and false"),
                                            ([1, 1.0], "1 and 1.0")])
def test_choices_python_counts_equal_are_refused(tmp_path, choices, shown):
    args = lake(tmp_path, {"agent.parameters.discount": {"categorical": choices}})
    result = run_cli(*args, "--trials", "1", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"Error: space.agent.parameters.discount: categorical choices {shown} are one choice to Optuna (Python "
        "counts them equal), so a trial that ran one would be recorded as the other; keep one of them"]
    assert not (tmp_path / "tunes").exists()


@pytest.mark.parametrize("key, choices, why", [
    ("evals_csv", ["evals.csv", None], "tune reads each run's final periodic evaluation from this file"),
    ("episodes_per_eval", [None, 5], "tune scores each run by its final periodic evaluation")])
def test_a_space_choice_that_turns_off_the_score_is_refused(tmp_path, key, choices, why):
    args = lake(tmp_path, {f"loop.parameters.{key}": {"categorical": choices}})
    result = run_cli(*args, "--trials", "1", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"Error: space.loop.parameters.{key}: the choice null: {why}; leave it out "
                                          "of the choices"]
    assert not (tmp_path / "tunes").exists()


def test_parameter_values_are_spelt_as_yaml_in_every_record(tmp_path):
    args = lake(tmp_path, {"loop.parameters.seed_each_episode": {"categorical": [True, False]},
                           "loop.parameters.time_per_checkpoint": {"categorical": [None, 3600]}})
    result = run_cli(*args, "--trials", "2", "--sampler", "random", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = (tmp_path / "tunes" / "lake" / "trials.csv").read_text().splitlines()
    assert rows[0] == "number,state,value,loop.parameters.seed_each_episode,loop.parameters.time_per_checkpoint"
    cells = [row.split(",")[3:] for row in rows[1:]]
    assert all(flag in ("true", "false") and every in ("null", "3600") for flag, every in cells), cells
    summary = [line.strip() for line in result.stdout.splitlines() if line.startswith("  loop.parameters.")]
    best = dict(line.split(": ") for line in summary)
    assert [best["loop.parameters.seed_each_episode"], best["loop.parameters.time_per_checkpoint"]] in cells
    worker_lines = [line for line in result.stderr.splitlines() if "seed_each_episode=" in line]
    assert worker_lines and all(re.search(r"seed_each_episode=(true|false), "
                                          r"loop.parameters.time_per_checkpoint=(null|3600) ", line)
                                for line in worker_lines), worker_lines


def test_a_float_step_gives_the_grids_numbers_in_every_record(tmp_path):
    args = lake(tmp_path, {"agent.parameters.discount": {"float": [0.2, 1.0], "step": 0.2}})
    result = run_cli(*args, "--trials", "4", "--sampler", "random", "--sampler-seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    tune = tmp_path / "tunes" / "lake"
    grid = {"0.2", "0.4", "0.6", "0.8", "1.0"}
    for number in range(4):
        spec = yaml.safe_load((tune / "trials" / str(number) / "spec.yaml").read_text())
        assert str(spec["agent"]["parameters"]["discount"]) in grid
    assert {row.split(",")[3] for row in (tune / "trials.csv").read_text().splitlines()[1:]} <= grid
    assert str(yaml.safe_load((tune / "best.yaml").read_text())["agent"]["parameters"]["discount"]) in grid
    assert re.search(r"^  agent\.parameters\.discount: (0\.[2468]|1\.0)$", result.stdout, re.MULTILINE)
