"""fix9a: run.json's git names the repository of code files outside the working directory's (tester9a-2)."""

import json
import subprocess

from conftest import make_spec
from gym_loop.gym_loop import train_agent

AGENT = "from gym_loop.agents.random_agent import RandomAgent\nclass Agent(RandomAgent):\n    pass\n"


def _repo(folder, **files):
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "add", "."], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=folder, check=True)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_an_agent_file_of_another_repository_is_recorded_with_that_repository_s_commit(tmp_path, monkeypatch):
    agents = _repo(tmp_path / "agents", **{"agent.py": AGENT})
    here = _repo(tmp_path / "here", **{"notes.txt": "x\n"})
    monkeypatch.chdir(tmp_path / "here")
    train_agent({**make_spec(agent=f"{tmp_path / 'agents' / 'agent.py'}:Agent", max_episodes=1), "seed": 1},
                run_dir=tmp_path / "here" / "run")
    git = json.loads((tmp_path / "here" / "run" / "run.json").read_text())["git"]
    assert git["commit"] == here
    assert git["dirty"] is True  # the working directory's commit does not hold the agent
    assert git["outside"] == {str(tmp_path / "agents" / "agent.py"): {"commit": agents, "dirty": False}}


def test_a_code_file_outside_any_repository_is_recorded_as_such(tmp_path, monkeypatch):
    (tmp_path / "loose").mkdir()
    (tmp_path / "loose" / "agent.py").write_text(AGENT)
    _repo(tmp_path / "here", **{"notes.txt": "x\n"})
    monkeypatch.chdir(tmp_path / "here")
    train_agent({**make_spec(agent=f"{tmp_path / 'loose' / 'agent.py'}:Agent", max_episodes=1), "seed": 1},
                run_dir=tmp_path / "here" / "run")
    git = json.loads((tmp_path / "here" / "run" / "run.json").read_text())["git"]
    assert (git["dirty"], git["outside"]) == (True, {str(tmp_path / "loose" / "agent.py"): None})


def test_run_json_records_the_version_of_installed_env_and_agent_packages(tmp_path, monkeypatch):
    # tester9a-4: minigrid (which defines the env's dynamics) was recorded nowhere
    from importlib import metadata

    import pytest

    pytest.importorskip("minigrid")
    monkeypatch.chdir(tmp_path)
    spec = make_spec("MiniGrid-Empty-5x5-v0", "gym_loop.agents.random_agent:RandomAgent", max_episodes=1)
    spec["env"]["imports"] = ["minigrid"]
    train_agent({**spec, "seed": 3}, run_dir=tmp_path / "run")
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert record["packages"] == {"minigrid": metadata.version("minigrid")}
