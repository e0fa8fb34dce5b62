"""Advice in a message, followed literally (its commands pasted as they are into a shell), works (tester12e).
The quoting of pasted paths (tester12e-5, -6) is tested in tests/test_quoting_lead12.py."""

import os
import shutil
import subprocess
from pathlib import Path

from conftest import GYM_LOOP, make_spec, run_cli, write_spec

SHELL_ENV = {**os.environ, "PATH": f"{os.path.dirname(GYM_LOOP)}:{os.environ['PATH']}"}


def paste(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """``command`` as a user pastes it into bash in ``cwd``."""
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, env=SHELL_ENV,
                          timeout=300)


def test_a_tune_given_the_spec_file_it_was_started_with_continues_that_tune(tmp_path):
    """tester12e-4: "differs from tunes/ce/spec.yaml ..., which this tune was started with; give the same file":
    ``-c tunes/ce/spec.yaml`` continues tune ce (not a new tune named spec)."""
    write_spec(tmp_path / "ce.yaml", make_spec(max_episodes=2, episodes_per_eval=1, eval_episodes=1))
    (tmp_path / "space.yaml").write_text("loop.parameters.max_episode_len: {int: [10, 20]}\n")
    tune = ("tune", "-q", "--space", "space.yaml", "--seeds", "0")
    assert run_cli(*tune, "-c", "ce.yaml", "--trials", 1, cwd=tmp_path).returncode == 0
    drifted = run_cli(*tune, "-c", "ce.yaml", "--trials", 2, "-s", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert drifted.returncode == 2 and "which this tune was started with; give the same file" in drifted.stderr
    again = run_cli(*tune, "-c", "tunes/ce/spec.yaml", "--trials", 2, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(path.name for path in (tmp_path / "tunes").iterdir()) == ["ce"]
    assert sorted(path.name for path in (tmp_path / "tunes/ce/trials").iterdir()) == ["0", "1"]


def test_a_run_killed_before_it_began_started_again_as_advised_is_named_like_it(tmp_path):
    """tester12e-2: "start it again with: gym-loop train -c runs/ce-<time>/spec.yaml" names the new run ce-<time>."""
    (tmp_path / "runs/ce-20261201-120000").mkdir(parents=True)
    write_spec(tmp_path / "runs/ce-20261201-120000/spec.yaml", make_spec(max_episodes=1))
    resumed = run_cli("train", "--resume", "runs/ce-20261201-120000", cwd=tmp_path)
    assert resumed.returncode == 2 and "start it again with: " in resumed.stderr
    command = resumed.stderr.split("start it again with: ")[1].split(" (or remove")[0]
    assert paste(f"{command} -q", cwd=tmp_path).returncode == 0
    names = sorted(path.name for path in (tmp_path / "runs").iterdir())
    assert len(names) == 2 and all(name.startswith("ce-") for name in names), names


def test_a_sweep_of_a_run_folders_spec_as_advised_is_named_like_the_run(tmp_path):
    """tester12e-9: "A is a run folder; give its spec: -c A/spec.yaml": the sweep is sweeps/A, not sweeps/spec
    (which a second run's spec was then refused for)."""
    write_spec(tmp_path / "c.yaml", make_spec(max_episodes=1))
    for run, episodes in (("A", 1), ("B", 2)):
        assert run_cli("train", "-q", "-c", "c.yaml", "--run-dir", run, "-s",
                       f"loop.parameters.max_episodes={episodes}", cwd=tmp_path).returncode == 0
    refused = run_cli("sweep", "-c", "A", "--seeds", 0, cwd=tmp_path)
    assert "A is a run folder; give its spec: -c A/spec.yaml" in refused.stderr, refused.stderr
    for run in ("A", "B"):
        swept = run_cli("sweep", "-q", "-c", f"{run}/spec.yaml", "--seeds", 0, cwd=tmp_path)
        assert swept.returncode == 0, swept.stderr
    assert sorted(path.name for path in (tmp_path / "sweeps").iterdir()) == ["A", "B"]


def test_a_checkpoint_folder_copied_from_another_run_says_so_and_offers_no_checkpoint_of_that_run(tmp_path):
    """tester12e-7: B's checkpoints replaced by A's: the folder's run-id names A, so the message says the folder is
    another run's (not "write an earlier checkpoint into latest", which named one A saved too); one checkpoint of A
    among B's own: only B's own are offered."""
    write_spec(tmp_path / "c.yaml", make_spec(max_episodes=3, episodes_per_checkpoint=1))
    for run in ("A", "B", "C"):
        assert run_cli("train", "-q", "-c", "c.yaml", "--run-dir", run, cwd=tmp_path).returncode == 0
    a_id = (tmp_path / "A/checkpoints/run-id").read_text().strip()
    shutil.rmtree(tmp_path / "B/checkpoints")
    shutil.copytree(tmp_path / "A/checkpoints", tmp_path / "B/checkpoints")
    longer = ("-s", "loop.parameters.max_episodes=4")
    for command in (("train", "-q", "--resume", "B", *longer), ("eval", "-q", "--run", "B")):
        result = run_cli(*command, cwd=tmp_path)
        assert result.returncode == 1 and result.stderr.startswith(
            f"Error: B/checkpoints holds the checkpoints of another run (id {a_id}), not of B (id "), result.stderr
        assert "else start a new run: gym-loop train -c B/spec.yaml" in result.stderr
    for name in ("agent-000002", "agent-000003"):  # C's own agent-000001 is the only one to offer
        shutil.rmtree(tmp_path / "C/checkpoints" / name)
        shutil.copytree(tmp_path / "A/checkpoints" / name, tmp_path / "C/checkpoints" / name)
    result = run_cli("train", "-q", "--resume", "C", *longer, cwd=tmp_path)
    assert result.returncode == 1 and ("write the name of an earlier checkpoint folder (agent-000001) into "
                                       "C/checkpoints/latest") in result.stderr, result.stderr
    (tmp_path / "C/checkpoints/latest").write_text("agent-000002\n")  # followed once more: none of C's later
    result = run_cli("train", "-q", "--resume", "C", *longer, cwd=tmp_path)
    assert "write the name of an earlier checkpoint folder (agent-000001)" in result.stderr, result.stderr
    (tmp_path / "C/checkpoints/latest").write_text("agent-000001\n")
    assert run_cli("train", "-q", "--resume", "C", *longer, cwd=tmp_path).returncode == 0


MOVING = '''
import os
import time
from gym_loop.agents.random_agent import RandomAgent

class Moving(RandomAgent):
    def update(self, episode_num):
        time.sleep(0.002)  # per step: the worker commits a checkpoint meanwhile
        if os.path.exists("R 1/checkpoints/latest") and not os.path.exists("moved"):  # once: not when resumed
            os.rename("R 1/checkpoints", "R 1/old")
            open("moved", "w").close()
'''


def test_a_checkpoint_folder_moved_beside_itself_while_training_is_moved_back_and_resumed(tmp_path):
    """tester12e-11: the checkpoint folder moved (not deleted) while training: move it back and resume, as pasted,
    instead of starting again."""
    (tmp_path / "moving.py").write_text(MOVING)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path}/moving.py:Moving", max_episodes=40,
                                                episodes_per_checkpoint=2))
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "R 1", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: the checkpoint folder R 1/checkpoints was moved to R 1/old while training, and this run stopped; "
        "move it back (mv 'R 1/old' 'R 1/checkpoints'), then resume with: gym-loop train --resume 'R 1'"]
    command = result.stderr.split("move it back (")[1].replace("), then resume with: ", " && ").strip()
    resumed = paste(command, cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert len((tmp_path / "R 1/episodes.csv").read_text().splitlines()) == 41  # a header and 40 episodes


def test_eval_of_a_specs_latest_checkpoint_names_the_run_to_evaluate(tmp_path):
    """tester12e-3: ``eval -c a1/spec.yaml --checkpoint latest`` advised ``gym-loop eval --run runs/<run>`` (a shell
    syntax error, under the wrong folder); now the run, pasted as it is."""
    write_spec(tmp_path / "ce.yaml", {**make_spec(max_episodes=1, eval_episodes=1), "runs_dir": "my runs"})
    none = run_cli("eval", "-q", "-c", "ce.yaml", "--checkpoint", "latest", cwd=tmp_path)
    assert "train one with: gym-loop train -c ce.yaml, then evaluate it with: " in none.stderr, none.stderr
    assert run_cli("train", "-q", "-c", "ce.yaml", cwd=tmp_path).returncode == 0
    assert run_cli("train", "-q", "-c", "ce.yaml", "--run-dir", "a1", cwd=tmp_path).returncode == 0
    for spec, run in (("a1/spec.yaml", "a1"), ("ce.yaml", "'my runs/ce-")):
        result = run_cli("eval", "-q", "-c", spec, "--checkpoint", "latest", cwd=tmp_path)
        assert result.returncode == 1
        command = result.stderr.split("training saves them in its run folder: ")[1].strip()
        assert command.startswith(f"gym-loop eval --run {run}"), command
        assert paste(command, cwd=tmp_path).returncode == 0


def test_a_sweep_or_tune_run_again_with_only_the_unused_seed_changed_continues(tmp_path):
    """tester12e-10: the spec's top-level seed, which no run of a sweep or a tune uses, made the same command a
    different sweep ("exists with other spec (spec: seed 4, was 3)") or tune ("differs from ... (seed 4, was 3)")."""
    write_spec(tmp_path / "s.yaml", {**make_spec(max_episodes=1, episodes_per_eval=1, eval_episodes=1), "seed": 3})
    (tmp_path / "space.yaml").write_text("loop.parameters.max_episode_len: {int: [10, 20]}\n")
    commands = (("sweep", "-q", "-c", "s.yaml", "--seeds", 0),
                ("tune", "-q", "-c", "s.yaml", "--space", "space.yaml", "--seeds", 0, "--trials", 1))
    for command in commands:
        assert run_cli(*command, cwd=tmp_path).returncode == 0
    (tmp_path / "s.yaml").write_text((tmp_path / "s.yaml").read_text().replace("seed: 3", "seed: 4"))
    for command in commands:
        again = run_cli(*command, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
    assert sorted(path.name for path in (tmp_path / "sweeps").iterdir()) == ["s"]
    assert sorted(path.name for path in (tmp_path / "tunes").iterdir()) == ["s"]
    changed = run_cli("sweep", "-q", "-c", "s.yaml", "--seeds", 0, "-s", "loop.parameters.max_episodes=2",
                      cwd=tmp_path)
    assert changed.returncode == 2 and "exists with other spec (spec: loop.parameters.max_episodes 2, was 1)" \
        in changed.stderr, changed.stderr
