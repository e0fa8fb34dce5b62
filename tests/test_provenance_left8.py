"""left8 (tidy): a run start or resume asks git for its commit once (git rev-parse): the checkpoints' names take
the commit the run folder recorded, as run.json has it."""

import json
import os
import shutil
import subprocess

from conftest import make_spec, pointed, run_cli, write_spec


def test_a_run_start_and_a_resume_each_call_git_rev_parse_once(tmp_path):
    real = shutil.which("git")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").write_text(f'#!/bin/sh\necho "$1" >> {tmp_path / "calls.log"}\nexec {real} "$@"\n')
    (bin_dir / "git").chmod(0o755)
    repo = tmp_path / "repo"
    repo.mkdir()
    for command in (["init", "-q"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty",
                                     "-m", "first"]):
        subprocess.run([real, *command], cwd=repo, check=True)
    write_spec(repo / "s.yaml", make_spec(max_episodes=2, logdir=None))
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    assert run_cli("train", "-c", "s.yaml", "--run-dir", "run", cwd=repo, env=env).returncode == 0
    assert (tmp_path / "calls.log").read_text().split().count("rev-parse") == 1
    resumed = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=3", cwd=repo, env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert (tmp_path / "calls.log").read_text().split().count("rev-parse") == 2
    commit = json.loads((repo / "run" / "run.json").read_text())["git"]["commit"]
    assert pointed(repo / "run" / "checkpoints").name == f"agent-000003-{commit[:8]}"


def test_a_run_start_finds_the_env_local_modules_once(tmp_path, monkeypatch):
    from gym_loop import provenance
    from gym_loop.gym_loop import train_agent

    calls = []
    found = provenance.env_sources
    monkeypatch.setattr(provenance, "env_sources", lambda modules: calls.append(list(modules)) or found(modules))
    monkeypatch.chdir(tmp_path)
    train_agent(make_spec(max_episodes=1, logdir=None), run_dir=tmp_path / "run")
    assert len(calls) == 1


def test_a_checkpoint_name_is_read_by_one_pattern():
    from gym_loop.run_checkpoints import checkpoint_episodes

    assert checkpoint_episodes("agent-000004-1a2b3c4d") == checkpoint_episodes("agent-000004") == 4
    assert checkpoint_episodes("agent-4x") is None and checkpoint_episodes("latest") is None


def test_the_names_gym_loop_passes_an_agent_are_listed_once():
    from gym_loop import state
    from gym_loop.agents import reserved

    assert reserved.PASSED is state.PASSED
    assert set(state.PASSED) == {"policy", "rng", "observation_space", "action_space"}
