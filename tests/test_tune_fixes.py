"""gym-loop tune after the faults new users met (tester4b): a full disk, a moved folder, changed settings."""

import os
import re
import resource
import signal
import subprocess
import time

import pytest
import yaml

from conftest import GYM_LOOP, make_spec, run_cli, write_spec

optuna = pytest.importorskip("optuna")

QLEARNING = "gym_loop.agents.q_learning:QLearningAgent"
SPACE = {"agent.parameters.discount": {"float": [0.9, 0.99]}}


def lake(tmp_path, **loop_parameters):
    """A small FrozenLake Q-learning spec that evaluates every 10 episodes."""
    spec = make_spec("FrozenLake-v1", QLEARNING, max_episodes=20, episodes_per_eval=10, eval_episodes=1,
                     episodes_per_checkpoint=10, max_episode_len=100)
    spec["loop"]["parameters"].update(loop_parameters)
    write_spec(tmp_path / "lake.yaml", spec)
    (tmp_path / "space.yaml").write_text(yaml.safe_dump(SPACE))
    return ["tune", "-c", tmp_path / "lake.yaml", "--space", tmp_path / "space.yaml", "--seeds", "0"]


def load_study(journal, name):
    return optuna.load_study(study_name=name, storage=_storage(journal))


def complete(study) -> int:
    return len(study.get_trials(states=(optuna.trial.TrialState.COMPLETE,)))


def limited_file_size(limit: int):
    """Run a command whose processes may write files of at most ``limit`` bytes (``ulimit -f``)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_journal_is_one_line_and_the_next_start_drops_its_cut_record(tmp_path):
    args = lake(tmp_path)
    limited = subprocess.run([GYM_LOOP, *map(str, args), "--trials", "3"], cwd=tmp_path, capture_output=True,
                             text=True, preexec_fn=limited_file_size(3 * 1024), timeout=300)
    journal = tmp_path / "tunes" / "lake" / "journal.log"
    assert limited.returncode == 1
    assert "Traceback" not in limited.stderr
    assert (f"ERROR: worker 0: File too large: {journal}; a file reached the largest size this process may "
            "write (ulimit -f) or the file system allows: raise that limit or choose another place; then re-run "
            "the same command to continue the study") in limited.stderr.splitlines()
    assert limited.stderr.splitlines()[-1] == ("Error: a worker stopped because a file could not be written (its "
                                               "error is above); the trials that ran are in trials.csv")
    assert not journal.read_bytes().endswith(b"\n")  # Optuna's append was cut short
    result = run_cli(*args, "--trials", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (f"WARNING: {journal}: dropped its last record, which a write cut short (a full disk?) left unfinished; "
            "the study goes on without it") in result.stderr.splitlines()
    assert complete(load_study(journal, "lake")) == 3


def test_a_record_joined_onto_a_cut_one_is_kept(tmp_path):
    """A journal an older gym-loop kept appending to after a cut record: the whole record after it is kept."""
    args = lake(tmp_path)
    assert run_cli(*args, "--trials", "1", cwd=tmp_path).returncode == 0
    journal = tmp_path / "tunes" / "lake" / "journal.log"
    first = journal.read_bytes().splitlines(keepends=True)[0]  # the study's creation: harmless when repeated
    journal.write_bytes(journal.read_bytes() + b'{"op_code":8,"worker_id":"w","trial_id":0,"user_attr":{"rea'
                        + first)
    result = run_cli(*args, "--trials", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "dropped a record a write cut short (a full disk?), kept the record written after it" in result.stderr
    assert complete(load_study(journal, "lake")) == 2


def test_a_journal_line_that_is_no_record_is_one_line(tmp_path):
    args = lake(tmp_path)
    assert run_cli(*args, "--trials", "1", cwd=tmp_path).returncode == 0
    journal = tmp_path / "tunes" / "lake" / "journal.log"
    lines = len(journal.read_bytes().splitlines())
    with journal.open("a") as stream:
        stream.write("garbage\n")
    result = run_cli(*args, "--trials", "2", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"Error: cannot read {journal}: line {lines + 1} is not an Optuna journal "
                                          "record; restore the file from a copy, or give a new --name for a new tune"]


def test_a_renamed_tune_folder_continues_its_study(tmp_path):
    args = lake(tmp_path)
    assert run_cli(*args, "--trials", "1", cwd=tmp_path).returncode == 0
    (tmp_path / "tunes" / "lake").rename(tmp_path / "tunes" / "lake-v1")
    result = run_cli(*args, "--trials", "2", "--name", "lake-v1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    tune = tmp_path / "tunes" / "lake-v1"
    assert f"INFO: tune {tune} continues its study 'lake' (the tune's name at its first start)" in result.stderr
    assert optuna.get_all_study_names(_storage(tune / "journal.log")) == ["lake"]
    assert complete(load_study(tune / "journal.log", "lake")) == 2
    rows = (tune / "trials.csv").read_text().splitlines()[1:]
    assert [row.split(",")[:2] for row in rows] == [["0", "COMPLETE"], ["1", "COMPLETE"]]


def test_an_older_renamed_tune_whose_journal_holds_several_studies_is_refused(tmp_path):
    import json

    args = lake(tmp_path)
    assert run_cli(*args, "--trials", "1", cwd=tmp_path).returncode == 0
    tune = tmp_path / "tunes" / "lake"
    settings = json.loads((tune / "tune.json").read_text())
    del settings["study"]  # as an older gym-loop wrote it
    (tune / "tune.json").write_text(json.dumps(settings))
    optuna.create_study(study_name="other", storage=_storage(tune / "journal.log"))
    tune = tune.rename(tmp_path / "tunes" / "moved")
    trials_csv = (tune / "trials.csv").read_text()
    result = run_cli(*args, "--trials", "2", "--name", "moved", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"Error: --name: {tune / 'journal.log'} holds the studies 'lake', 'other', none named 'moved', and "
        f"{tune / 'tune.json'} (of an older gym-loop) does not say which is this tune's; rename the folder back "
        "to its first name to continue it"]
    assert (tune / "trials.csv").read_text() == trials_csv


def test_each_start_records_its_sampler_and_pruner_and_a_change_is_warned_of(tmp_path):
    import json

    args = lake(tmp_path)
    assert run_cli(*args, "--trials", "1", "--sampler-seed", "7", cwd=tmp_path).returncode == 0
    result = run_cli(*args, "--trials", "2", "--sampler", "random", "--pruner", "none", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("WARNING: --sampler random (was tpe), --sampler-seed none (was 7), --pruner none (was median): the "
            "trials of this start use these, the earlier trials kept theirs (tune.json records each start's)"
            in result.stderr.splitlines())
    starts = json.loads((tmp_path / "tunes" / "lake" / "tune.json").read_text())["starts"]
    assert [(start["sampler"], start["sampler_seed"], start["pruner"]) for start in starts] == [
        ("tpe", 7, "median"), ("random", None, "none")]
    again = run_cli(*args, "--trials", "2", "--sampler", "random", "--pruner", "none", cwd=tmp_path)
    assert again.returncode == 0 and "(was" not in again.stderr  # all trials score 0 here: only that is warned of


def _storage(journal):
    from optuna.storages import JournalStorage
    from optuna.storages.journal import JournalFileBackend

    return JournalStorage(JournalFileBackend(str(journal)))


def test_a_changed_agent_file_is_warned_of_as_a_sweep_does(tmp_path):
    (tmp_path / "my_agent.py").write_text("from gym_loop.agents.q_learning import QLearningAgent\n\n\n"
                                          "class Agent(QLearningAgent):\n    pass\n")
    args = lake(tmp_path)
    spec = yaml.safe_load((tmp_path / "lake.yaml").read_text())
    spec["agent"]["class"] = "my_agent.py:Agent"
    write_spec(tmp_path / "lake.yaml", spec)
    assert run_cli(*args, "--trials", "1", cwd=tmp_path).returncode == 0
    unchanged = run_cli(*args, "--trials", "2", cwd=tmp_path)
    assert unchanged.returncode == 0 and "changed since" not in unchanged.stderr
    with (tmp_path / "my_agent.py").open("a") as stream:
        stream.write("    discount_bonus = 0\n")
    result = run_cli(*args, "--trials", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("WARNING: my_agent.py changed since 2 run(s) of this tune's trials trained with it: the study would mix "
            "two versions of the code, and best.yaml could be a trial of the old one; to tune the new one alone, "
            "give a new --name") in result.stderr.splitlines()


SLOW_IMPORT = '''import pathlib
import sys
import time

from gym_loop.agents.q_learning import QLearningAgent

if sys.argv[0].endswith("tuning/__main__.py"):  # in a tune worker, after it asked for its trial
    pathlib.Path("importing").touch()
    time.sleep(120)


class Agent(QLearningAgent):
    pass
'''


def test_ctrl_c_before_a_trial_runs_marks_it_fail_as_the_message_says(tmp_path):
    (tmp_path / "slow_agent.py").write_text(SLOW_IMPORT)
    args = lake(tmp_path)
    spec = yaml.safe_load((tmp_path / "lake.yaml").read_text())
    spec["agent"]["class"] = "slow_agent.py:Agent"
    write_spec(tmp_path / "lake.yaml", spec)
    driver = subprocess.Popen([GYM_LOOP, *map(str, args), "--trials", "2"], cwd=tmp_path, start_new_session=True,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not (tmp_path / "importing").exists() and time.time() < deadline:
        time.sleep(0.1)
    os.killpg(driver.pid, signal.SIGINT)  # Ctrl-C in a terminal, while the worker prepares trial 0
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == 130
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == ("Error: stopped; the trials that were running are marked FAIL and do not "
                                       "count; re-run the same command to continue the study")
    tune = tmp_path / "tunes" / "lake"
    assert [trial.state.name for trial in load_study(tune / "journal.log", "lake").trials] == ["FAIL"]
    assert (tune / "trials.csv").read_text().splitlines()[1].startswith("0,FAIL,")
    (tmp_path / "slow_agent.py").write_text(SLOW_IMPORT.replace("time.sleep(120)", "pass"))
    result = run_cli(*args, "--trials", "1", cwd=tmp_path)  # the stopped trial's parameters are tried again
    assert result.returncode == 0, result.stderr
    assert "INFO: trial 0 stopped by a signal: its parameters are tried again first" in result.stderr.splitlines()
    again = load_study(tune / "journal.log", "lake").trials[1]
    assert again.user_attrs["retry_of"] == 0 and again.state.name == "COMPLETE"


def test_a_worker_stopped_from_outside_while_the_others_finish_the_study_is_a_warning(tmp_path):
    args = lake(tmp_path, max_episodes=1500, episodes_per_eval=500, episodes_per_checkpoint=500)
    driver = subprocess.Popen([GYM_LOOP, *map(str, args), "--trials", "3", "--jobs", "2", "--pruner", "none"],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    tune, worker, deadline = tmp_path / "tunes" / "lake", None, time.time() + 120
    while worker is None and time.time() < deadline:
        time.sleep(0.2)
        if (tune / "trials" / "0" / "seed-0" / "episodes.csv").exists():
            worker = load_study(tune / "journal.log", "lake").trials[0].user_attrs["worker"]["pid"]
    os.kill(worker, signal.SIGTERM)  # as an out-of-memory handler or a cluster's scheduler would
    stdout, stderr = driver.communicate(timeout=240)
    assert driver.returncode == 0, stderr
    assert re.search(r"^WARNING: worker [01] was stopped by SIGTERM \(a trial left unfinished is FAIL and does not "
                     r"count\); the other workers finished the study$", stderr, re.MULTILINE)
    assert "best: trial" in stdout
    study = load_study(tune / "journal.log", "lake")
    assert complete(study) == 3 and study.trials[0].state.name == "FAIL"


def _train_of(run_dir) -> int:
    """The pid of the ``gym-loop train`` process whose --run-dir is ``run_dir`` (from /proc), or None."""
    from pathlib import Path

    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"train" in words and str(run_dir).encode() in words:
            return int(cmdline.parent.name)
    return None


def test_a_trial_whose_run_was_killed_says_by_which_signal(tmp_path):
    args = lake(tmp_path, max_episodes=3000, episodes_per_eval=1000, episodes_per_checkpoint=1000)
    driver = subprocess.Popen([GYM_LOOP, *map(str, args), "--trials", "1", "--pruner", "none"], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run, deadline = tmp_path / "tunes" / "lake" / "trials" / "0" / "seed-0", time.time() + 120
    while not (run / "episodes.csv").exists() and time.time() < deadline:
        time.sleep(0.1)
    os.kill(_train_of(run), signal.SIGKILL)
    _, stderr = driver.communicate(timeout=120)
    log = run.parent / "seed-0.log"
    assert f"WARNING: worker 0: trial 0 fail: run {run} was killed by signal 9 (SIGKILL) (log: {log})" in stderr


@pytest.mark.slow
def test_ray_workers_lines_are_gym_loops_lines_without_colour_codes(tmp_path, ray_address):
    args = lake(tmp_path)
    result = run_cli(*args, "--trials", "2", "--jobs", "2", "--backend", "ray", "--address", ray_address,
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stderr and "pid=" not in result.stderr
    assert all(re.match(r"(INFO|WARNING): ", line) for line in result.stderr.splitlines()), result.stderr
    # At least one: Ray may drop a task's last lines when the driver disconnects right after it.
    assert re.search(r"^INFO: worker [01]: trial [01]: ", result.stderr, re.MULTILINE)
