"""A parameter of the user's own agent or loop that looks like a relative path but has no rule is written where the
working directory is, shared by every run: training and a sweep warn of it; a path rule places it in the run folder
(tester7b-11)."""

from pathlib import Path

import pytest
import yaml

from conftest import make_spec, run_cli, run_folders, write_spec

SAVER = """
from gym_loop.agents import BaseAgent
from gym_loop.rules import PATH, TEXT

class Saver(BaseAgent):
    PARAMETER_RULES = {RULES}

    @staticmethod
    def get_default_parameters():
        return {"model_path": "./model.txt", "url_path": "s3://bucket/model", "checkpoint": "./ckpt.txt",
                "name": "model", "out": "/tmp/abs_fix7a_never_written.txt"}

    def act(self, state, episode_num):
        return self.action_space.sample()

    def metrics(self, episode_num):
        with open(self.model_path, "a") as file:
            file.write(f"episode {episode_num}\\n")
        return {}
"""


def warning(key, value, section="agent"):
    return (f"WARNING: {section}.parameters.{key}: {value!r} is relative to the working directory, shared by every run; "
            f"for a file the {section} writes, declare it a path to have it in the run folder: PARAMETER_RULES = "
            f"{{{key!r}: PATH}} (gym_loop.rules); for one it reads, any other rule (TEXT) ends this warning")


def setup(tmp_path, rules="{}"):
    (tmp_path / "saver.py").write_text(SAVER.replace("{RULES}", rules))
    spec = make_spec(agent=None, max_episodes=2)
    spec["agent"] = {"class": "saver.py:Saver", "parameters": {}}
    return write_spec(tmp_path / "s.yaml", spec)


def test_training_warns_of_a_relative_path_parameter_without_a_rule(tmp_path):
    setup(tmp_path)
    result = run_cli("train", "-c", "s.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "relative to the working directory" in line]
    assert warned == [warning("model_path", "./model.txt"), warning("checkpoint", "./ckpt.txt")]
    assert (tmp_path / "model.txt").read_text().count("episode") == 2  # as documented: where it says


def test_a_path_rule_places_it_in_the_run_folder_and_another_rule_ends_the_warning(tmp_path):
    setup(tmp_path, rules='{"model_path": PATH, "checkpoint": TEXT}')
    result = run_cli("train", "-c", "s.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "relative to the working directory" not in result.stderr
    assert not (tmp_path / "model.txt").exists()
    run = run_folders(tmp_path)[0]
    assert (run / "model.txt").read_text().count("episode") == 2
    assert yaml.safe_load((run / "spec.yaml").read_text())["agent"]["parameters"]["model_path"] == "./model.txt"


def test_a_sweep_warns_once_for_all_its_runs(tmp_path):
    setup(tmp_path)
    result = run_cli("sweep", "-c", "s.yaml", "--seeds", "0-2", "--grid", "agent.parameters.name=[a,b]", "--dry-run",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count(warning("model_path", "./model.txt")) == 1, result.stderr

