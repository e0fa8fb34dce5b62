"""fix10c: resumes and their records (tester10c-1, -2, -3)."""

import json
import shutil

import yaml

from conftest import AGENTS, make_spec, run_cli, write_spec


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
