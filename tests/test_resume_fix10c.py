"""fix10c: resumes and their records (tester10c-1, -2, -3)."""

import filecmp
import json
import resource
import shutil
import signal
import subprocess
import time

import yaml

from conftest import AGENTS, GYM_LOOP, make_spec, run_cli, write_spec


def _episodes(run):
    return len((run / "episodes.csv").read_text().splitlines()) - 1


def test_a_resume_from_another_directory_keeps_the_relative_agent_file_in_spec_yaml(tmp_path):
    """tester10c-1: spec.yaml keeps ``my_agent.py:Class`` as written (found from run.json's cwd at load time), so a
    resume from elsewhere records only what --set changed, and the moved folder resumes with the working directory's
    file."""
    made_in, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    made_in.mkdir(), elsewhere.mkdir()
    shutil.copy(AGENTS / "slow_random_agent.py", made_in / "my_agent.py")
    spec = make_spec(max_episodes=2, episodes_per_checkpoint=1)
    spec["agent"] = {"class": "my_agent.py:SlowRandomAgent", "parameters": {}}
    write_spec(made_in / "run.yaml", spec)
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", cwd=made_in).returncode == 0
    run = made_in / "run"
    resumed = run_cli("-q", "train", "--resume", run, "--set", "loop.parameters.max_episodes=3", cwd=elsewhere)
    assert resumed.returncode == 0, resumed.stderr
    saved = yaml.safe_load((run / "spec.yaml").read_text())
    assert saved["agent"]["class"] == "my_agent.py:SlowRandomAgent"
    (entry,) = json.loads((run / "run.json").read_text())["resumed"]
    assert entry["changed"] == {"loop.parameters.max_episodes": [2, 3]}
    # the folder and the project moved elsewhere, the directory the run was made in gone
    moved = tmp_path / "other"
    shutil.copytree(run, moved / "run")
    shutil.move(str(made_in), str(moved / "proj"))
    again = run_cli("-q", "train", "--resume", "../run", "--set", "loop.parameters.max_episodes=4",
                    cwd=moved / "proj")
    assert again.returncode == 0, again.stderr
    assert _episodes(moved / "run") == 4


def _same_files(one, other):
    compared = filecmp.dircmp(one, other)
    return not (compared.left_only or compared.right_only or compared.diff_files) and all(
        _same_files(one / name, other / name) for name in compared.common_dirs)


def test_a_resume_in_an_evaluation_refuses_max_episodes_below_the_episodes_run(tmp_path):
    """tester10c-2: a run stopped during its evaluation after episode 2 of 6 is refused ``max_episodes=1`` as one
    stopped between episodes is (exit 1, the folder untouched); ``max_episodes=2`` finishes that evaluation."""
    agent = f"{AGENTS / 'slow_evaluation_agent.py'}:SlowEvaluationAgent"
    spec = {**make_spec(agent=agent, max_episodes=6, max_episode_len=200, episodes_per_checkpoint=2,
                        episodes_per_eval=2, eval_episodes=60), "seed": 4}
    write_spec(tmp_path / "run.yaml", spec)
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml", "--run-dir", "run"], cwd=tmp_path,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "evaluating").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert "terminated during the evaluation after 2 episodes of 6" in stderr, stderr
    run = tmp_path / "run"
    shutil.copytree(run, tmp_path / "before")
    refused = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=1", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "Error: run already ran 2 of 1 episodes; to train longer: gym-loop train --resume run --set "
        "loop.parameters.max_episodes=N"]
    assert _same_files(run, tmp_path / "before")
    done = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "never evaluates" not in done.stderr
    assert len((run / "evals.csv").read_text().splitlines()) == 2 and _episodes(run) == 2


def test_a_resume_that_cannot_write_before_it_begins_says_to_run_the_same_command_again(tmp_path):
    """tester10c-3: the advice repeats the command (a plain --resume would drop its --set); the run's own run-id in
    its checkpoints folder is not written again."""
    write_spec(tmp_path / "lake.yaml", {**make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent",
                                                    max_episodes=4, episodes_per_checkpoint=2), "seed": 1})
    assert run_cli("-q", "train", "-c", "lake.yaml", "--run-dir", "imm", cwd=tmp_path).returncode == 0
    run = tmp_path / "imm"
    run_id = (run / "checkpoints" / "run-id").stat()
    shutil.copytree(run, tmp_path / "before")
    command = [GYM_LOOP, "-q", "train", "--resume", "imm", "--set", "loop.parameters.max_episodes=6"]
    refused = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300,  # as ulimit -f 1
                             preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512)))
    assert refused.returncode == 1
    [line] = refused.stderr.splitlines()
    assert line.startswith("Error: File too large: imm/spec-before-resume-1.yaml; ") and line.endswith(
        ", then run the same command again (the resume had not begun: the run is as it was) (--debug shows the "
        "traceback)"), line
    assert (run / "spec.yaml").read_text() == (tmp_path / "before" / "spec.yaml").read_text()
    assert json.loads((run / "run.json").read_text())["status"] == "finished"
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _episodes(run) == 6
    assert (run / "checkpoints" / "run-id").stat().st_mtime_ns == run_id.st_mtime_ns
