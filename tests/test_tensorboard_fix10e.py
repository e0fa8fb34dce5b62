"""A resume hides in TensorBoard what the attempt before it logged after its checkpoint (tester10e-3): a purge event
at the step after the checkpoint's last episode, and the closing scalars of a resume that plays nothing there."""

import csv
import json

from conftest import read_scalars, run_cli, write_spec

# Fails in episode 6 of the first attempt (while the file "crash" exists): episodes 4 and 5 are logged after the
# checkpoint of episodes 0-3.
CRASH_AGENT = '''from pathlib import Path

from gym_loop.agents.random_agent import RandomAgent


class CrashAgent(RandomAgent):
    def act(self, state, episode_num):
        if episode_num == 6 and Path("crash").exists():
            raise RuntimeError("crash")
        return super().act(state, episode_num)
'''


def steps(run):
    with open(run / "episodes.csv", newline="") as file:
        return [int(row["global_step"]) for row in csv.DictReader(file)]


def purges(logdir):
    """The steps of the SessionLog START events (TensorBoard's purge) in ``logdir``'s event files."""
    from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

    found = []
    for path in sorted(logdir.glob("events.out.tfevents.*")):
        found += [event.step for event in EventFileLoader(str(path)).Load()
                  if event.HasField("session_log") and event.session_log.status == event.session_log.START]
    return found


def test_a_resume_hides_the_points_the_failed_attempt_logged_after_its_checkpoint(tmp_path):
    (tmp_path / "crash_agent.py").write_text(CRASH_AGENT)
    write_spec(tmp_path / "run.yaml", {"agent": {"class": "crash_agent.py:CrashAgent"}, "env": {"name": "CartPole-v1"},
                                       "loop": {"parameters": {"max_episodes": 8, "episodes_per_checkpoint": 4}},
                                       "seed": 1})
    (tmp_path / "crash").touch()
    failed = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert failed.returncode == 1 and "RuntimeError: crash" in failed.stderr, failed.stderr
    assert len(steps(tmp_path / "run")) == 6  # episodes 4 and 5 played after the checkpoint
    (tmp_path / "crash").unlink()
    resumed = run_cli("-q", "train", "--resume", "run", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    played = steps(tmp_path / "run")
    assert len(played) == 8
    assert purges(tmp_path / "run" / "logs") == [played[3] + 1]
    scalars = read_scalars(tmp_path / "run" / "logs")
    assert [value for _, value in scalars["episode/index"]] == list(range(8))  # 4 and 5 of the failed attempt hidden
    assert [step for step, _ in scalars["episode/return"]] == played


def test_a_resume_that_plays_no_episode_writes_its_closing_scalars_after_its_last_episode(tmp_path):
    """A run killed after its last checkpoint, before its run.json said finished (kill -9 or a power cut there): its
    resume plays nothing, and writes final/mean_return where the killed attempt did, one step after the last
    episode, not at step 1 (which TensorBoard would take for a restart, hiding the run's other points)."""
    write_spec(tmp_path / "run.yaml", {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"},
                                       "env": {"name": "CartPole-v1"}, "seed": 1,
                                       "loop": {"parameters": {"max_episodes": 4, "episodes_per_checkpoint": 2}}})
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path).returncode == 0
    record = tmp_path / "run" / "run.json"
    record.write_text(json.dumps({**json.loads(record.read_text()), "status": "running", "ended": None}))  # died
    resumed = run_cli("-q", "train", "--resume", "run", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    played = steps(tmp_path / "run")
    assert len(played) == 4
    scalars = read_scalars(tmp_path / "run" / "logs")
    assert [step for step, _ in scalars["final/mean_return"]] == [played[-1] + 1]
    assert [value for _, value in scalars["episode/index"]] == list(range(4))
