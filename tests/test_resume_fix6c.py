"""tester6b's resume and checkpoint defects (docs/runs.rst, docs/errors.rst): damaged or missing checkpoints,
files of the run record, and a changed eval_episodes, each told in one line with what to do."""

import json
import shutil
import signal
import subprocess
import time

import pytest

from conftest import GYM_LOOP, make_spec, run_cli, write_spec

LAKE = "gym_loop.agents.q_learning:QLearningAgent"
MORE = ("--set", "loop.parameters.max_episodes=12")  # a finished run of 6 episodes trains on


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A FrozenLake run of 6 episodes: checkpoints agent-2, -3 (best), -4, -6 (latest), evaluations after 3 and 6."""
    folder = tmp_path_factory.mktemp("trained")
    write_spec(folder / "lake.yaml", make_spec("FrozenLake-v1", LAKE, max_episodes=6, episodes_per_checkpoint=2,
                                               episodes_per_eval=3, keep_checkpoints=None))
    result = run_cli("train", "-c", "lake.yaml", "--run-dir", "run", "-q", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "run"


@pytest.fixture
def run(trained, tmp_path):
    """A copy of the trained run in ``tmp_path/run``; commands run in ``tmp_path``."""
    shutil.copytree(trained, tmp_path / "run")
    return tmp_path / "run"


def error_line(result):
    """The one line a failed command printed (no traceback)."""
    lines = [line for line in result.stderr.splitlines() if not line.startswith("INFO: ")]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize("missing, kept", [("run.json", "spec.yaml"), ("spec.yaml", "run.json")])
def test_resume_of_a_run_folder_missing_one_file_names_it(run, missing, kept):
    (run / missing).unlink()
    result = run_cli("train", "--resume", "run", *MORE, cwd=run.parent)
    assert result.returncode == 2
    line = error_line(result)
    assert f"run has no {missing} (deleted?); restore it from a copy of the run" in line
    assert kept not in line and "is not a run folder" not in line


def checkpoint(run, name):
    """The checkpoint folder agent-<name> of ``run`` (its commit suffix, if any, included)."""
    (folder,) = (run / "checkpoints").glob(f"agent-{name:06d}*")
    return folder


@pytest.mark.parametrize("text, lacking", [('{"format": 1}', "loop"), ("[]", "loop"), ("null", "loop"),
                                           ('{"format": 1, "loop": {}, "run": {"best_eval_return": 0}}',
                                            "run.summary"),
                                           ('{"format": 1, "loop": {}, "run": {"summary": {}, '
                                            '"best_eval_return": 0}}', "run.summary.episodes")])
def test_a_state_json_without_its_parts_is_one_line_naming_an_earlier_checkpoint(run, text, lacking):
    (checkpoint(run, 6) / "state.json").write_text(text)
    result = run_cli("train", "--resume", "run", *MORE, cwd=run.parent)
    assert result.returncode == 1
    line = error_line(result)
    assert line.startswith("Error: ") and f"state.json is not a checkpoint's state (it has no {lacking}); " in line
    assert line.endswith(f"the checkpoint is damaged: write the name of an earlier checkpoint folder "
                         f"({checkpoint(run, 4).name}) into run/checkpoints/latest to resume from it")
    (run / "checkpoints" / "latest").write_text(checkpoint(run, 4).name)  # the advice works
    assert run_cli("train", "--resume", "run", *MORE, "-q", cwd=run.parent).returncode == 0


@pytest.mark.parametrize("damage", ["cut", "empty"])
def test_a_damaged_agent_ckpt_names_an_earlier_checkpoint(run, damage):
    agent = checkpoint(run, 6) / "agent.ckpt"
    agent.write_bytes(agent.read_bytes()[:50] if damage == "cut" else b"")
    evaluated = run_cli("eval", "--run", "run", cwd=run.parent)
    assert evaluated.returncode == 1
    why = "(BadZipFile: File is not a zip file)" if damage == "cut" else "(an .npz archive)"
    assert error_line(evaluated).split(" (--debug")[0].endswith(
        f"is not a gym-loop state file {why}; evaluate another checkpoint: --checkpoint {checkpoint(run, 4).name}")
    resumed = run_cli("train", "--resume", "run", *MORE, cwd=run.parent)
    assert resumed.returncode == 1
    assert (f"; the checkpoint is damaged: write the name of an earlier checkpoint folder ({checkpoint(run, 4).name})"
            f" into run/checkpoints/latest to resume from it") in error_line(resumed)


def test_a_deleted_agent_ckpt_falls_back_to_the_previous_checkpoint(run):
    (checkpoint(run, 6) / "agent.ckpt").unlink()
    result = run_cli("train", "--resume", "run", *MORE, cwd=run.parent)
    assert result.returncode == 0, result.stderr
    assert f"using the newest complete checkpoint run/checkpoints/{checkpoint(run, 4).name}" in result.stderr
    rows = (run / "episodes.csv").read_text().splitlines()[1:]
    assert [int(row.split(",")[0]) for row in rows] == list(range(12))


def test_an_incomplete_checkpoint_named_by_eval_says_what_it_lacks(run):
    (checkpoint(run, 4) / "agent.ckpt").unlink()
    result = run_cli("eval", "--run", "run", "--checkpoint", checkpoint(run, 4).name, cwd=run.parent)
    assert result.returncode == 1
    assert error_line(result) == (f"Error: run/checkpoints/{checkpoint(run, 4).name} is incomplete (it has no "
                                  f"agent.ckpt); evaluate another checkpoint: --checkpoint {checkpoint(run, 6).name}")


def test_latest_naming_the_only_checkpoint_deleted_says_so(run):
    gone = checkpoint(run, 6).name
    for folder in (run / "checkpoints").glob("agent-*"):
        shutil.rmtree(folder)
    for command in (["train", "--resume", "run", *MORE], ["eval", "--run", "run"]):
        result = run_cli(*command, cwd=run.parent)
        assert result.returncode == 1
        assert error_line(result) == (f"Error: run/checkpoints/latest names {gone}, which is missing (deleted?); the "
                                      "run has no other complete checkpoint; start again with: gym-loop train -c "
                                      "run/spec.yaml")


def test_a_stopped_run_without_checkpoints_is_not_told_to_wait(run):
    shutil.rmtree(run / "checkpoints")
    result = run_cli("eval", "--run", "run", cwd=run.parent)
    assert result.returncode == 1
    line = error_line(result)
    assert "wait" not in line and line.endswith("the run has none (it saved none before it stopped, or they were "
                                                "deleted); start again with: gym-loop train -c run/spec.yaml")


def test_a_deleted_best_checkpoint_names_another_not_the_setting(run):
    best = (run / "checkpoints" / "best").read_text().strip()
    shutil.rmtree(run / "checkpoints" / best)
    result = run_cli("eval", "--run", "run", "--checkpoint", "best", cwd=run.parent)
    assert result.returncode == 1
    line = error_line(result)
    assert line.startswith(f"Error: run/checkpoints/best names {best}, which is missing (deleted?); evaluate another "
                           "checkpoint: --checkpoint agent-")
    assert "episodes_per_eval" not in line


SLOW = """
import time
from gym_loop.agents import BaseAgent

class Agent(BaseAgent):
    def act(self, state, episode_num):
        time.sleep(0.01)
        return 0
"""


def test_a_run_still_training_is_told_to_wait_for_its_first_checkpoint(tmp_path):
    (tmp_path / "slow.py").write_text(SLOW)
    spec = make_spec("FrozenLake-v1", max_episodes=100000, episodes_per_checkpoint=100000)
    spec["agent"] = {"class": "slow.py:Agent", "parameters": {}}
    write_spec(tmp_path / "slow.yaml", spec)
    training = subprocess.Popen([GYM_LOOP, "train", "-c", "slow.yaml", "--run-dir", "run", "-q"], cwd=tmp_path,
                                stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "run" / "episodes.csv").is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        result = run_cli("eval", "--run", "run", cwd=tmp_path)
    finally:
        training.send_signal(signal.SIGTERM)
        training.wait(timeout=60)
    assert result.returncode == 1
    assert error_line(result).endswith("none was saved yet (one is saved every episodes_per_checkpoint episodes and "
                                       "when training ends); wait for the first, or start again with: gym-loop train "
                                       "-c run/spec.yaml")


@pytest.mark.parametrize("damage", ["cut", "deleted"])
def test_a_resume_never_leaves_a_hole_in_episodes_csv(run, damage):
    csv = run / "episodes.csv"
    text = csv.read_text()
    if damage == "cut":
        csv.write_text(text[:text.index("\n3,") + 4])  # rows 0-2 whole, row 3 cut
    else:
        csv.unlink()
    before = sorted(path.name for path in run.rglob("*"))
    result = run_cli("train", "--resume", "run", *MORE, cwd=run.parent)
    assert result.returncode == 1
    kept, missing = (3, "3-5") if damage == "cut" else (0, "0-5")
    earlier = (f" or resume from the earlier checkpoint {checkpoint(run, 3).name}, which it covers: write that name "
               "into run/checkpoints/latest, then resume;" if damage == "cut" else "")  # next7: rows 0-2 cover it
    assert error_line(result) == (
        f"Error: run/episodes.csv has {kept} of the 6 episodes checkpoint {checkpoint(run, 6).name} holds (cut short "
        f"or deleted?): a resume would leave episodes {missing} out of it for good; restore it from a copy of the run, "
        f"then resume;{earlier} or start a new run: gym-loop train -c run/spec.yaml")
    assert sorted(path.name for path in run.rglob("*")) == before  # nothing changed
    if damage == "cut":
        csv.write_text(text)  # restored: the resume continues the record
        assert run_cli("train", "--resume", "run", *MORE, "-q", cwd=run.parent).returncode == 0
        assert [int(row.split(",")[0]) for row in csv.read_text().splitlines()[1:]] == list(range(12))


def test_a_resume_never_leaves_out_the_evaluations_of_a_deleted_evals_csv(run):
    (run / "evals.csv").unlink()
    result = run_cli("train", "--resume", "run", *MORE, cwd=run.parent)
    assert result.returncode == 1
    line = error_line(result)
    assert line.startswith(f"Error: run/evals.csv lacks evaluations checkpoint {checkpoint(run, 6).name} holds, its "
                           "best (mean return ")
    assert line.endswith("(cut short or deleted?): a resume would leave them out of it for good; restore it from a "
                         f"copy of the run, then resume; or resume from the earlier checkpoint {checkpoint(run, 2).name}, "
                         "which it covers: write that name into run/checkpoints/latest, then resume; or start a new "
                         "run: gym-loop train -c run/spec.yaml")  # next7: agent-2 is before the first evaluation
    assert not (run / "evals.csv").exists()


def test_a_cut_evaluation_resumed_with_fewer_eval_episodes_counts_the_first_of_them(tmp_path):
    (tmp_path / "slow.py").write_text(SLOW)
    spec = make_spec("CartPole-v1", max_episodes=4, episodes_per_eval=2, eval_episodes=5000,
                     episodes_per_checkpoint=1)
    spec["agent"] = {"class": "slow.py:Agent", "parameters": {}}
    write_spec(tmp_path / "slow.yaml", spec)
    training = subprocess.Popen([GYM_LOOP, "train", "-c", "slow.yaml", "--run-dir", "run", "-q"], cwd=tmp_path,
                                stderr=subprocess.PIPE, text=True)
    csv, deadline = tmp_path / "run" / "episodes.csv", time.monotonic() + 60
    while not (csv.is_file() and len(csv.read_text().splitlines()) == 3) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1)  # well inside the evaluation after episode 2, which plays ~10 episodes a second
    training.send_signal(signal.SIGINT)
    _, stderr = training.communicate(timeout=60)
    assert training.returncode == 130 and "interrupted during the evaluation after 2 episodes" in stderr, stderr
    state = json.loads(next((tmp_path / "run" / "checkpoints").glob("agent-000002*/state.json")).read_text())
    played = state["run"]["evaluation"]
    assert len(played) >= 2
    result = run_cli("train", "--resume", "run", "--set", "loop.parameters.eval_episodes=1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (f"WARNING: the evaluation after 2 episodes that a stop cut short had played {len(played)} episodes; it "
            "counts the first 1 (eval_episodes is now 1)") in result.stderr.splitlines()
    row, _ = (tmp_path / "run" / "evals.csv").read_text().splitlines()[1:]  # after episodes 2 and 4
    assert row.split(",")[0] == "2" and float(row.split(",")[2]) == played[0][0]
    assert json.loads((tmp_path / "run" / "run.json").read_text())["status"] == "finished"
