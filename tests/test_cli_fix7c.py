"""Advice of the CLI followed literally works (tester7a)."""

from conftest import run_cli


def test_the_empty_spec_advice_runs_as_written_and_a_spec_of_comments_is_kept(tmp_path):
    (tmp_path / "run.yaml").write_text(" \n")
    refused = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().endswith("run.yaml is empty; write a spec with: gym-loop create-default -c run.yaml")
    made = run_cli("create-default", "-c", "run.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "agent:" in (tmp_path / "run.yaml").read_text()

    (tmp_path / "notes.yaml").write_text("# my spec, to be written\n")
    refused = run_cli("train", "-c", "notes.yaml", cwd=tmp_path)
    assert refused.stderr.strip().endswith(
        "notes.yaml is empty; write a spec with: gym-loop create-default --force -c notes.yaml")
    kept = run_cli("create-default", "-c", "notes.yaml", cwd=tmp_path)
    assert kept.returncode == 2 and "notes.yaml exists; pass --force to overwrite it" in kept.stderr
    assert (tmp_path / "notes.yaml").read_text() == "# my spec, to be written\n"


def test_a_run_started_again_from_a_run_folders_spec_keeps_the_runs_name(tmp_path):
    from conftest import make_spec, run_folders, write_spec

    write_spec(tmp_path / "cp.yaml", make_spec(max_episodes=1))
    assert run_cli("-q", "train", "-c", "cp.yaml", cwd=tmp_path).returncode == 0
    (first,) = run_folders(tmp_path)
    again = run_cli("-q", "train", "-c", first / "spec.yaml", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    names = sorted(folder.name for folder in run_folders(tmp_path))
    assert len(names) == 2 and all(name.startswith("cp-2") for name in names), names


def test_the_name_of_a_run_made_from_a_spec(tmp_path):
    from gym_loop.run_folder import run_name

    for folder, name in (("cp-20261130-230124", "cp"), ("cp-20261130-230124-2", "cp"), ("my-run", "my-run"),
                         ("default-run-20260101-120000", "default-run")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "spec.yaml").write_text("seed: 1\n")
        (tmp_path / folder / "run.json").write_text("{}")
        assert run_name(tmp_path / folder / "spec.yaml") == name
    assert run_name(tmp_path / "lake.yaml") == "lake"
    (tmp_path / "conf").mkdir()
    assert run_name(tmp_path / "conf" / "spec.yaml") == "spec"  # not in a run folder: the file's name


SHADOWING_AGENT = """
from gym_loop.agents import BaseAgent


class Bad(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"update": 1}

    def act(self, state, episode_num):
        return self.action_space.sample()
"""


def test_create_default_refuses_a_default_parameter_that_shadows_a_method_as_train_does(tmp_path):
    (tmp_path / "ag2.py").write_text(SHADOWING_AGENT)
    line = ("Error: agent.parameters.update: would shadow Bad's method update(), as each parameter becomes an "
            "attribute of the same name; rename it")
    made = run_cli("create-default", "-a", "ag2.py:Bad", "-c", "bad.yaml", cwd=tmp_path)
    assert made.returncode == 2 and made.stderr.strip().splitlines()[-1] == line
    assert not (tmp_path / "bad.yaml").exists()
    (tmp_path / "bad.yaml").write_text("agent: {class: ag2.py:Bad}\nenv: {name: CartPole-v1}\n")
    trained = run_cli("train", "-c", "bad.yaml", cwd=tmp_path)
    assert trained.returncode == 2 and trained.stderr.strip().splitlines()[-1] == line


def test_a_class_file_not_found_from_the_working_directory_says_where_it_is_and_how_to_run(tmp_path):
    import shutil
    from pathlib import Path

    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent.parent / "examples", repo / "examples")
    (tmp_path / "fx").mkdir()
    result = run_cli("train", "-c", "../repo/examples/hill_climbing.yaml", cwd=tmp_path / "fx")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: agent.class: no such file: examples/hill_climbing.py from the working directory, but "
        "../repo/examples/hill_climbing.py is; run from ../repo (a class's file path is taken from the working "
        "directory), or give that path: --set agent.class=../repo/examples/hill_climbing.py:HillClimbingAgent")
    nowhere = run_cli("create-default", "-a", "nowhere/agent.py:Agent", cwd=tmp_path)
    assert nowhere.returncode == 2 and ("no such file: nowhere/agent.py (a relative path is taken from the working "
                                        "directory); run from the folder it is relative to, or give its absolute "
                                        "path") in nowhere.stderr
