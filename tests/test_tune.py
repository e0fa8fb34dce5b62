"""gym-loop tune through the console script: a study of real runs, read back with Optuna's own API."""

import csv
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from conftest import GYM_LOOP, make_spec, run_cli, write_spec

optuna = pytest.importorskip("optuna")

QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"
SPACE = {  # a learning rate of 0 never learns: such trials fall below the median and are pruned
    "agent.parameters.learning_rate": {"categorical": [0.5, 0.0, 0.9]},
    "agent.parameters.discount": {"float": [0.9, 0.99]},
}
MAX_EPISODES = 300


def frozen_lake(tmp_path: Path, **loop_parameters) -> Path:
    """Non-slippery FrozenLake: greedy evaluation is 0 until Q-learning finds the goal, then 1."""
    spec = make_spec("FrozenLake-v1", QLEARNING, max_episodes=MAX_EPISODES, episodes_per_eval=50,
                     eval_episodes=1, episodes_per_checkpoint=100, max_episode_len=100)
    spec["env"]["parameters"] = {"is_slippery": False}
    spec["agent"]["parameters"]["epsilon_decay_steps"] = 1000
    spec["loop"]["parameters"].update(loop_parameters)
    return write_spec(tmp_path / "lake.yaml", spec)


def write_space(tmp_path: Path, space) -> Path:
    path = tmp_path / "space.yaml"
    path.write_text(space if isinstance(space, str) else yaml.safe_dump(space))
    return path


def load_study(tune: Path):
    """The study as Optuna itself reads it from the journal file."""
    from optuna.storages import JournalStorage
    from optuna.storages.journal import JournalFileBackend

    storage = JournalStorage(JournalFileBackend(str(tune / "journal.log")))
    return optuna.load_study(study_name=tune.name, storage=storage)


def states(study) -> dict:
    counts = {}
    for trial in study.trials:
        counts[trial.state.name] = counts.get(trial.state.name, 0) + 1
    return counts


def children(pid: int) -> list:
    """The pids of the processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_eight_trials_two_jobs(tmp_path):
    spec, space = frozen_lake(tmp_path), write_space(tmp_path, SPACE)
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 8, "--jobs", 2, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    tune = tmp_path / "tunes" / "lake"
    study = load_study(tune)
    assert len(study.trials) == 8
    assert states(study).get("COMPLETE", 0) + states(study).get("PRUNED", 0) == 8
    assert study.user_attrs["seeds"] == [0, 1]
    assert len({json.dumps(t.user_attrs["worker"]["sampler_seed"]) for t in study.trials}) == 2
    for trial in study.get_trials(states=(optuna.trial.TrialState.COMPLETE,)):
        finals = [_final_return(tune / "trials" / str(trial.number) / f"seed-{seed}") for seed in (0, 1)]
        assert trial.value == pytest.approx(sum(finals) / 2)
    with open(tune / "trials.csv", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["number"] for row in rows] == [str(n) for n in range(8)]
    assert {row["state"] for row in rows} <= {"COMPLETE", "PRUNED"}
    assert set(rows[0]) == {"number", "state", "value", *SPACE}
    best = yaml.safe_load((tune / "best.yaml").read_text())
    assert best["agent"]["parameters"]["learning_rate"] == study.best_params["agent.parameters.learning_rate"]
    assert "chosen on the tuning seeds" in result.stdout
    assert (f"gym-loop sweep -c {tune / 'best.yaml'} --seeds 100-109 --name lake-trial-{study.best_trial.number}"
            in result.stdout)
    trained = run_cli("train", "-c", tune / "best.yaml", "--seed", 5, "--set",
                      "loop.parameters.max_episodes=20", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert json.loads(next((tmp_path / "runs").glob("*/run.json")).read_text())["status"] == "finished"


def _final_return(run: Path) -> float:
    with open(run / "evals.csv", newline="") as stream:
        return float(list(csv.DictReader(stream))[-1]["mean_return"])


def test_pruned_trials_stop_their_run_with_a_checkpoint(tmp_path):
    # One worker, random sampler: its seed fixes the proposals; trial 7 is the first with learning
    # rate 0 after the median pruner's 5 start-up trials, and the trials before it found the goal.
    spec, space = frozen_lake(tmp_path), write_space(tmp_path, SPACE)
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 8, "--seeds", 0, "--sampler", "random",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    tune = tmp_path / "tunes" / "lake"
    pruned = load_study(tune).get_trials(states=(optuna.trial.TrialState.PRUNED,))
    assert pruned, "expected a trial with learning rate 0 to be pruned"
    for trial in pruned:
        run = tune / "trials" / str(trial.number) / "seed-0"
        record = json.loads((run / "run.json").read_text())
        assert record["status"] == "pruned"
        assert "pruned" in record["reason"]
        episodes = (run / "episodes.csv").read_text().splitlines()[1:]
        assert 0 < len(episodes) < MAX_EPISODES
        assert (run / "checkpoints" / "latest").exists()
        assert trial.intermediate_values  # reported at each periodic evaluation


def test_killed_study_resumes_to_the_same_total(tmp_path):
    spec, space = frozen_lake(tmp_path), write_space(tmp_path, SPACE)
    args = ["tune", "-c", spec, "--space", space, "--trials", 8, "--jobs", 2, "--seeds", 0]
    driver = subprocess.Popen([GYM_LOOP, *map(str, args)], cwd=tmp_path, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    trials = tmp_path / "tunes" / "lake" / "trials"
    deadline = time.time() + 240
    while not (trials / "3" / "seed-0" / "episodes.csv").exists() and time.time() < deadline:
        time.sleep(0.2)
    os.kill(driver.pid, signal.SIGSTOP)  # no worker started after the list below
    for worker in children(driver.pid):  # each worker has a session and process group of its own
        os.killpg(worker, signal.SIGKILL)  # the worker and its run
    os.killpg(driver.pid, signal.SIGKILL)  # and the driver: all of it, as a crash would
    driver.wait()
    killed = states(load_study(tmp_path / "tunes" / "lake"))
    assert killed.get("RUNNING", 0) >= 1 and sum(killed.values()) < 8
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "marked FAIL" in result.stderr
    after = states(load_study(tmp_path / "tunes" / "lake"))
    assert after.get("COMPLETE", 0) + after.get("PRUNED", 0) == 8
    assert after["FAIL"] == killed["RUNNING"] and "RUNNING" not in after


@pytest.mark.parametrize("space, words", [
    ({"agent.parameters.learning_rate": {"float": [0.5]}},
     "space.agent.parameters.learning_rate: expected float: [low, high]"),
    ({"agent.parameters.learning_rate": {"float": [0.0, 1.0], "log": True}},
     "space.agent.parameters.learning_rate: log: true needs low > 0"),
    ({"agent.parameters.learning_rat": {"float": [0.1, 1.0]}},
     "space.agent.parameters.learning_rat: unknown key; did you mean 'learning_rate'?"),
    ({"agent.parameters.discount": 0.9}, "space.agent.parameters.discount: expected one of {float: [low, high]}"),
    ({"agent.parameters.epsilon_decay_steps": {"int": [10, 100], "steps": 5}},
     "space.agent.parameters.epsilon_decay_steps.steps: unknown option of a int distribution"),
    ({"agent.parameters.discount": {"categorical": []}}, "space.agent.parameters.discount: expected categorical"),
    ({"agent.parameters.discount": {"categorical": ["high"]}},
     "space.agent.parameters.discount: expected a number from 0 to 1, got \"high\""),
    ("[1, 2]", "space: expected a mapping of spec keys to distributions"),
    ({"agent.parameters.learning_rate": {"float": [0.01, 1.0], "step": 0.3}},
     "Error: space.agent.parameters.learning_rate.step: 0.3 does not divide the range from 0.01 to 1.0; "
     "give high 0.91, or a step that divides 0.99"),
    ({"agent.parameters.epsilon_decay_steps": {"int": [10, 100], "step": 25}},
     "Error: space.agent.parameters.epsilon_decay_steps.step: 25 does not divide the range from 10 to 100; "
     "give high 85, or a step that divides 90"),
    ({"seed": {"int": [100, 200]}}, "space.seed: a tune runs every trial on each of its --seeds (default 0,1), "
                                    "which beat the spec's seed; leave seed out of the space and give --seeds"),
])
def test_bad_spaces_are_one_line_errors(tmp_path, space, words):
    result = run_cli("tune", "-c", frozen_lake(tmp_path), "--space", write_space(tmp_path, space),
                     "--trials", 2, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"Error: {result.stderr.strip()[7:]}"]
    assert words in result.stderr
    assert not (tmp_path / "tunes").exists()


def test_spec_without_periodic_evaluation_is_refused(tmp_path):
    result = run_cli("tune", "-c", frozen_lake(tmp_path, episodes_per_eval=None), "--space",
                     write_space(tmp_path, SPACE), "--trials", 2, cwd=tmp_path)
    assert result.returncode == 2
    assert "loop.parameters.episodes_per_eval:" in result.stderr and "set it" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_spec_without_evals_csv_is_refused(tmp_path):
    result = run_cli("tune", "-c", frozen_lake(tmp_path, evals_csv=None), "--space", write_space(tmp_path, SPACE),
                     "--trials", 2, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Error: loop.parameters.evals_csv: tune reads each run's final periodic evaluation from this file; "
        "give it a name such as evals.csv instead of null"]
    assert not (tmp_path / "tunes").exists()


def test_an_absurd_seed_range_is_refused_at_once(tmp_path):
    result = run_cli("tune", "-c", frozen_lake(tmp_path), "--space", write_space(tmp_path, SPACE), "--trials", 2,
                     "--seeds", "0-99999999", cwd=tmp_path)
    assert result.returncode == 2
    assert "Error: --seeds: 0-99999999 gives more than 10000 seeds (runs per config); give fewer" in result.stderr
    assert not (tmp_path / "tunes").exists()


@pytest.mark.parametrize("seeds, message", [  # the same rule and words as gym-loop sweep's --seeds
    ("1,1", "Error: --seeds: 1 is given twice in '1,1'; give each seed once"),
    ("0-2,1", "Error: --seeds: 1 is given twice in '0-2,1'; give each seed once"),
    ("", "Error: --seeds: expected seeds such as 0-9 or 0,3,7, got ''"),
    ("-1", "Error: --seeds: expected seeds such as 0-9 or 0,3,7, got '-1'"),
])
def test_bad_seeds_are_refused_as_sweep_refuses_them(tmp_path, seeds, message):
    result = run_cli("tune", "-c", frozen_lake(tmp_path), "--space", write_space(tmp_path, SPACE), "--trials", 2,
                     "--seeds", seeds, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [message]
    assert not (tmp_path / "tunes").exists()


def test_rerun_with_other_seeds_is_refused(tmp_path):
    spec, space = frozen_lake(tmp_path, max_episodes=50), write_space(tmp_path, SPACE)
    assert run_cli("tune", "-c", spec, "--space", space, "--trials", 1, "--seeds", 0, cwd=tmp_path).returncode == 0
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 2, "--seeds", "3,4", cwd=tmp_path)
    assert result.returncode == 2
    assert "--seeds: this tune's trials ran on seeds 0; give --seeds 0" in result.stderr


def test_without_optuna_the_hint(tmp_path):
    fake = tmp_path / "fake"
    (fake / "optuna").mkdir(parents=True)
    (fake / "optuna" / "__init__.py").write_text("raise ImportError('No module named optuna')\n")
    result = run_cli("tune", "-c", frozen_lake(tmp_path), "--space", write_space(tmp_path, SPACE), "--trials", 2,
                     cwd=tmp_path, env={"PYTHONPATH": os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")])})
    assert result.returncode == 2
    assert "gym-loop tune needs optuna: " in result.stderr and " -m pip install " in result.stderr


@pytest.mark.slow
def test_ray_backend_completes_a_small_study(tmp_path, ray_address):
    spec, space = frozen_lake(tmp_path, max_episodes=100), write_space(tmp_path, SPACE)
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 3, "--jobs", 2, "--seeds", 0,
                     "--backend", "ray", "--address", ray_address, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    study = load_study(tmp_path / "tunes" / "lake")
    assert states(study).get("COMPLETE", 0) + states(study).get("PRUNED", 0) == 3
    assert (tmp_path / "tunes" / "lake" / "trials" / "0" / "seed-0" / "evals.csv").exists()


@pytest.mark.slow
def test_ray_workers_lines_all_reach_the_terminal(tmp_path, ray_address):
    """Two workers' result lines differ only in their numbers: Ray's deduplication held one worker's back and lost
    them at the driver's disconnect."""
    spec, space = frozen_lake(tmp_path, max_episodes=20), write_space(tmp_path, SPACE)
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 4, "--jobs", 2, "--seeds", 0, "--pruner", "none",
                     "--backend", "ray", "--address", ray_address, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = re.findall(r"^INFO: worker (\d): trial (\d+): .* -> ", result.stderr, re.MULTILINE)
    assert sorted(int(trial) for _, trial in shown) == [0, 1, 2, 3], result.stderr
    assert {worker for worker, _ in shown} == {"0", "1"} and "repeated" not in result.stderr


def test_killed_worker_is_reported_and_its_trial_retried(tmp_path):
    spec, space = frozen_lake(tmp_path, max_episodes=150), write_space(tmp_path, SPACE)
    args = ["tune", "-c", spec, "--space", space, "--trials", 4, "--jobs", 2, "--seeds", 0]
    driver = subprocess.Popen([GYM_LOOP, *map(str, args)], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    journal = tmp_path / "tunes" / "lake" / "journal.log"
    worker, deadline = None, time.time() + 240
    while worker is None and time.time() < deadline:
        time.sleep(0.2)
        running = load_study(journal.parent).get_trials(states=(optuna.trial.TrialState.RUNNING,)) \
            if journal.exists() and journal.stat().st_size else []
        worker = next((t.user_attrs["worker"]["pid"] for t in running if t.number >= 1 and "worker" in t.user_attrs),
                      None)
    os.kill(worker, signal.SIGKILL)  # one worker dies, as under the out-of-memory killer
    _, stderr = driver.communicate(timeout=240)
    assert driver.returncode == 1
    assert re.search(r"worker [01] was killed by signal 9; re-run the same command to finish the study",
                     stderr.splitlines()[-1])
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    after = states(load_study(journal.parent))
    assert after.get("COMPLETE", 0) + after.get("PRUNED", 0) == 4 and after["FAIL"] == 1


def test_train_refuses_a_bad_trial_file(tmp_path):
    trial = tmp_path / "trial.json"
    trial.write_text(json.dumps({"storage": str(tmp_path / "journal.log"), "study": "lake"}))
    result = run_cli("train", "-c", frozen_lake(tmp_path), "--run-dir", tmp_path / "run", "--trial", trial,
                     cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"Error: --trial: {trial} lacks trial, pruner, step_offset; "
                                     "gym-loop tune writes these files")
    assert not (tmp_path / "run" / "run.json").exists()


def test_ctrl_c_stops_the_study_and_fails_its_running_trials(tmp_path):
    spec, space = frozen_lake(tmp_path, max_episodes=3000), write_space(tmp_path, SPACE)
    driver = subprocess.Popen([GYM_LOOP, "tune", "-c", str(spec), "--space", str(space), "--trials", "4",
                               "--seeds", "0"], cwd=tmp_path, start_new_session=True, stderr=subprocess.PIPE, text=True)
    episodes, deadline = tmp_path / "tunes" / "lake" / "trials" / "0" / "seed-0" / "episodes.csv", time.time() + 120
    while not episodes.exists() and time.time() < deadline:
        time.sleep(0.1)
    os.killpg(driver.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the driver's process group
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == 130
    assert stderr.splitlines()[-1] == ("Error: stopped; the trials that were running are marked FAIL and do not "
                                       "count; re-run the same command to continue the study")
    assert states(load_study(tmp_path / "tunes" / "lake")) == {"FAIL": 1}
    record = json.loads((episodes.parent / "run.json").read_text())
    assert record["status"] == "interrupted"


def test_a_trial_stopped_by_ctrl_c_is_tried_again_first(tmp_path):
    # 3000 episodes: trial 0 is still training when the signal lands (400 could end first on a loaded machine)
    spec, space = frozen_lake(tmp_path, max_episodes=3000, episodes_per_eval=750), write_space(tmp_path, SPACE)
    args = ["tune", "-c", str(spec), "--space", str(space), "--seeds", "0", "--pruner", "none"]
    driver = subprocess.Popen([GYM_LOOP, *args, "--trials", "2"], cwd=tmp_path, start_new_session=True,
                              stderr=subprocess.DEVNULL)
    episodes, deadline = tmp_path / "tunes" / "lake" / "trials" / "0" / "seed-0" / "episodes.csv", time.time() + 120
    while not episodes.exists() and time.time() < deadline:
        time.sleep(0.05)
    os.killpg(driver.pid, signal.SIGINT)
    assert driver.wait(timeout=120) == 130
    result = run_cli(*args, "--trials", 2, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "INFO: trial 0 stopped by a signal: its parameters are tried again first" in result.stderr
    trials = load_study(tmp_path / "tunes" / "lake").trials
    assert [trial.state.name for trial in trials] == ["FAIL", "COMPLETE", "COMPLETE"]
    assert trials[1].params == trials[0].params and trials[1].user_attrs["retry_of"] == 0
    assert trials[2].params != trials[0].params
    again = run_cli(*args, "--trials", 3, cwd=tmp_path)  # retried once only
    assert again.returncode == 0, again.stderr
    assert "tried again" not in again.stderr


def test_a_killed_unreaped_worker_counts_as_dead():
    """A killed worker whose parent has not reaped it (a zombie) leaves its trial to be marked FAIL."""
    from gym_loop.liveness import process_alive

    worker = subprocess.Popen(["sleep", "60"])
    assert process_alive(worker.pid) is True
    os.kill(worker.pid, signal.SIGKILL)
    deadline = time.time() + 10
    while process_alive(worker.pid) and time.time() < deadline:  # not waited for: a zombie
        time.sleep(0.05)
    assert process_alive(worker.pid) is False
    assert process_alive(worker.pid, host="another-host") is None and process_alive(None) is None
    worker.wait()


@pytest.mark.slow
def test_a_run_at_its_final_evaluation_on_the_last_seed_is_not_pruned(tmp_path):
    # As above, but each run's only periodic evaluation is its final one (after episode 300): pruning
    # there would save nothing, so the learning-rate-0 trials complete with their value, not PRUNED.
    spec = frozen_lake(tmp_path, episodes_per_eval=MAX_EPISODES)
    space = write_space(tmp_path, SPACE)
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 8, "--seeds", 0, "--sampler", "random",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    tune = tmp_path / "tunes" / "lake"
    study = load_study(tune)
    assert states(study) == {"COMPLETE": 8}
    assert 0.0 in [trial.params["agent.parameters.learning_rate"] for trial in study.trials[5:]]
    for trial in study.trials:
        run = tune / "trials" / str(trial.number) / "seed-0"
        assert json.loads((run / "run.json").read_text())["status"] == "finished"
        assert trial.value == _final_return(run)
        assert list(trial.intermediate_values) == [MAX_EPISODES]


def test_tuned_max_episodes_keeps_each_seeds_reports_apart(tmp_path):
    # The base spec plans 100 episodes, the trial 300: seed 1's reports start after the longest
    # run the space allows (300), so none collides with seed 0's and Optuna keeps all 12.
    spec = frozen_lake(tmp_path, max_episodes=100)
    space = write_space(tmp_path, {"loop.parameters.max_episodes": {"categorical": [300]}})
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 1, "--pruner", "none", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    trial = load_study(tmp_path / "tunes" / "lake").trials[0]
    assert sorted(trial.intermediate_values) == [*range(50, 301, 50), *range(350, 601, 50)]
    for position, seed in enumerate((0, 1)):
        run = tmp_path / "tunes" / "lake" / "trials" / "0" / f"seed-{seed}"
        with open(run / "evals.csv", newline="") as stream:
            evals = {int(row["episode"]): float(row["mean_return"]) for row in csv.DictReader(stream)}
        assert {position * 300 + episode: value for episode, value in evals.items()} == \
            {step: value for step, value in trial.intermediate_values.items() if (step - 1) // 300 == position}


def _suggested_sweep(stdout: str) -> list:
    """The arguments after ``gym-loop`` of the re-evaluation command the tune printed."""
    import shlex

    return shlex.split(stdout.split("re-evaluate it on fresh seeds: gym-loop ", 1)[1].splitlines()[0])


@pytest.mark.slow
def test_the_printed_sweep_command_works_for_every_study(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=50)
    space = write_space(tmp_path, {"agent.parameters.learning_rate": {"float": [0.5, 0.9]}})
    commands = []
    for name in ("first", "second"):
        result = run_cli("tune", "-c", spec, "--space", space, "--trials", 1, "--name", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        commands.append(_suggested_sweep(result.stdout))
        assert commands[-1][:3] == ["sweep", "-c", str(tmp_path / "tunes" / name / "best.yaml")]
    for command in [*commands, commands[0]]:  # the first again: it continues its sweep
        seeds = command.index("--seeds") + 1
        swept = run_cli("-q", *command[:seeds], 100, *command[seeds + 1:], cwd=tmp_path)  # one fresh seed is enough
        assert swept.returncode == 0, swept.stderr
    assert sorted(path.name for path in (tmp_path / "sweeps").iterdir()) == ["first-trial-0", "second-trial-0"]


def test_quiet_tune_prints_no_summary(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=10, episodes_per_eval=5)
    space = write_space(tmp_path, {"agent.parameters.learning_rate": {"float": [0.5, 0.9]}})
    result = run_cli("-q", "tune", "-c", spec, "--space", space, "--trials", 1, "--seeds", 0, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "INFO" not in result.stderr
    assert (tmp_path / "tunes" / "lake" / "best.yaml").is_file()


def test_a_tune_name_is_one_folder_name(tmp_path):
    spec, space = frozen_lake(tmp_path), write_space(tmp_path, SPACE)
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 1, "--name", "../up", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Error: --name: '../up' is not a folder name; give one name without '/'" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["lake.yaml", "space.yaml"]


def test_exponent_numbers_without_a_dot_are_numbers_in_the_space_and_the_spec(tmp_path):
    # YAML 1.1 (PyYAML) reads 1e-3 as a string; gym-loop reads it as the number an RL Zoo user means.
    spec = frozen_lake(tmp_path, max_episodes=10, episodes_per_eval=5)
    text = spec.read_text().replace("learning_rate: 0.1", "learning_rate: 1e-1")
    assert "learning_rate: 1e-1" in text
    spec.write_text(text)
    space = write_space(tmp_path, "agent.parameters.learning_rate: {float: [1e-3, 1E+0], log: true}\n")
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 1, "--seeds", 0, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [trial] = load_study(tmp_path / "tunes" / "lake").trials
    assert trial.distributions["agent.parameters.learning_rate"].low == 0.001
    assert trial.distributions["agent.parameters.learning_rate"].high == 1.0


def test_a_folder_that_is_not_a_tune_is_left_alone(tmp_path):
    (tmp_path / "tunes" / "lake").mkdir(parents=True)
    (tmp_path / "tunes" / "lake" / "best.yaml").write_text("mine\n")
    result = run_cli("tune", "-c", frozen_lake(tmp_path), "--space", write_space(tmp_path, SPACE), "--trials", 1,
                     cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: --name: {tmp_path / 'tunes' / 'lake'} is not empty and is not a tune (it has no tune.json); "
        "give a new --name, or another --tunes-dir"]
    assert [path.name for path in (tmp_path / "tunes" / "lake").iterdir()] == ["best.yaml"]


@pytest.mark.parametrize("text, words", [
    ('{"seeds": [0, 1], "stor', "tune.json: Unterminated string"),
    ("x", "tune.json: Expecting value"),
    ("[1]", "tune.json is not a tune's settings (it has no seeds)"),
])
def test_a_cut_or_foreign_tune_json_is_one_line(tmp_path, text, words):
    (tmp_path / "tunes" / "lake").mkdir(parents=True)
    (tmp_path / "tunes" / "lake" / "tune.json").write_text(text)
    result = run_cli("tune", "-c", frozen_lake(tmp_path), "--space", write_space(tmp_path, SPACE), "--trials", 1,
                     cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert words in line and "restore it from a copy, or give a new --name for a new tune" in line


BROKEN_AGENT = '''from gym_loop.agents.q_learning import QLearningAgent


class Broken(QLearningAgent):
    def act(self, state, episode_num):
        raise RuntimeError("boom")
'''


def test_failed_trials_are_warnings_and_the_stop_names_each_trials_logs(tmp_path):
    (tmp_path / "broken.py").write_text(BROKEN_AGENT)
    spec = frozen_lake(tmp_path, max_episodes=10, episodes_per_eval=5)
    spec.write_text(spec.read_text().replace(QLEARNING, "broken.py:Broken"))
    space = write_space(tmp_path, {"agent.parameters.learning_rate": {"float": [0.5, 0.9]}})
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 5, "--seeds", 0, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "WARNING: worker 0: trial 0 fail: run " in result.stderr
    trials = tmp_path / "tunes" / "lake" / "trials"
    assert (f"trials 0, 1, 2 failed in a row; their logs are {trials / '0'}/seed-*.log, {trials / '1'}/seed-*.log, "
            f"{trials / '2'}/seed-*.log") in result.stderr
    assert result.stderr.splitlines()[-1] == ("Error: a worker stopped after failed trials (its error is above); "
                                              "the trials that ran are in trials.csv")


@pytest.mark.slow
def test_sampler_seed_makes_replicate_studies(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=10, episodes_per_eval=5)
    space = write_space(tmp_path, {"agent.parameters.learning_rate": {"float": [0.1, 0.9]}})
    proposed = {}
    for name, seed in (("a", 1), ("b", 2), ("c", 1)):
        result = run_cli("tune", "-c", spec, "--space", space, "--trials", 1, "--seeds", 0, "--sampler", "random",
                         "--sampler-seed", seed, "--name", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        proposed[name] = load_study(tmp_path / "tunes" / name).trials[0].params
        assert json.loads((tmp_path / "tunes" / name / "tune.json").read_text())["starts"][-1]["sampler_seed"] == seed
    assert proposed["a"] == proposed["c"] != proposed["b"]


def test_a_timeout_that_ends_the_study_early_says_so(tmp_path):
    spec, space = frozen_lake(tmp_path), write_space(tmp_path, SPACE)
    result = run_cli("tune", "-c", spec, "--space", space, "--trials", 5, "--timeout", 0.001, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == ("--timeout 0.001 s passed: 1 of 5 trials counted; re-run the same "
                                              "command for another 0.001 s, or without --timeout to run the rest")  # the worker's first trial runs


def test_an_env_keyword_the_env_does_not_take_is_refused_before_any_trial(tmp_path):
    space = write_space(tmp_path, {"env.parameters.is_slipery": {"categorical": [True, False]}})
    result = run_cli("tune", "-c", frozen_lake(tmp_path), "--space", space, "--trials", 3, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: env.parameters.is_slipery: FrozenLake-v1 takes no such argument; did you mean "
                           "'is_slippery'?")  # fix8a
    assert line.endswith("(space.env.parameters.is_slipery: true)")
    assert not (tmp_path / "tunes").exists()


def test_set_changes_the_base_spec_and_a_comment_is_no_other_tune(tmp_path):
    spec = frozen_lake(tmp_path)
    space = write_space(tmp_path, {"agent.parameters.learning_rate": {"float": [0.5, 0.9]}})
    args = ["tune", "-c", spec, "--space", space, "--seeds", 0, "-s", "loop.parameters.max_episodes=10",
            "--set", "loop.parameters.episodes_per_eval=5"]
    assert run_cli(*args, "--trials", 1, cwd=tmp_path).returncode == 0
    tune = tmp_path / "tunes" / "lake"
    assert len((tune / "trials" / "0" / "seed-0" / "episodes.csv").read_text().splitlines()) == 11
    assert yaml.safe_load((tune / "best.yaml").read_text())["loop"]["parameters"]["max_episodes"] == 10
    spec.write_text("# a note\n" + spec.read_text())
    space.write_text("# a note\n" + space.read_text())
    again = run_cli(*args, "--trials", 2, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert len(load_study(tune).trials) == 2
    other = run_cli(*[arg.replace("max_episodes=10", "max_episodes=20") for arg in map(str, args)], "--trials", 3,
                    cwd=tmp_path)
    assert other.returncode == 2
    assert "Error: -c/--run-config and --set: differs from" in other.stderr
def test_a_max_episodes_that_is_no_multiple_of_episodes_per_eval_is_scored_after_its_last_episode(tmp_path):
    spec = frozen_lake(tmp_path, max_episodes=10, episodes_per_eval=4)
    space = write_space(tmp_path, {"agent.parameters.learning_rate": {"float": [0.5, 0.9]}})
    result = run_cli("-q", "tune", "-c", spec, "--space", space, "--trials", 1, "--seeds", 0, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    evals = (tmp_path / "tunes" / "lake" / "trials" / "0" / "seed-0" / "evals.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in evals[1:]] == ["4", "8", "10"]
