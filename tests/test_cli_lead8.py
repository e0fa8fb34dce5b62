"""train --resume and eval --run given a path inside a run folder name the run folder to give (tester8g-6: click's
bare "Directory ... is a file.")."""

import pytest
from conftest import make_spec, run_cli, write_spec


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inside")
    write_spec(folder / "s.yaml", make_spec(max_episodes=2, episodes_per_checkpoint=1))
    assert run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "part", cwd=folder).returncode == 0
    return folder


@pytest.mark.parametrize("inside, resume, evaluate", [
    ("part/spec.yaml", "--resume part", "--run part"),
    ("part/checkpoints/latest", "--resume part", "--run part --checkpoint latest"),
    ("part/checkpoints/agent-000002", "--resume part", "--run part --checkpoint agent-000002"),
])
def test_a_path_inside_a_run_is_told_the_run_folder(run, inside, resume, evaluate):
    for command, given in (("train", f"--resume {resume.split()[1]}"), ("eval", "--run")):
        option = given.split()[0]
        result = run_cli(command, option, inside, cwd=run)
        fix = resume if command == "train" else evaluate
        assert result.returncode == 2
        assert result.stderr.strip().splitlines()[-1] == (
            f"Error: Invalid value for '{option}': {inside} is inside the run folder part; give the run folder: "
            f"{fix} (see gym-loop {command} --help)")


def test_a_file_outside_a_run_is_not_a_run_folder(tmp_path):
    (tmp_path / "afile").write_text("")
    result = run_cli("eval", "--run", "afile", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for '--run': afile is a file, not a run folder; give the folder gym-loop train made "
        "(see gym-loop eval --help)")


def test_eval_of_a_checkpoint_of_another_agent_class_warns(run, tmp_path):
    """tester8g-8: it loaded a RandomAgent checkpoint into another agent and said only 'loaded checkpoint'."""
    from conftest import make_spec, write_spec

    spec = make_spec(max_episodes=1)
    spec["agent"] = {"class": "gym_loop.agents.cross_entropy:CrossEntropyAgent"}
    write_spec(tmp_path / "ce.yaml", spec)
    result = run_cli("eval", "-c", str(tmp_path / "ce.yaml"), "--checkpoint", "part/checkpoints/latest", "-s",
                     "loop.parameters.eval_episodes=1", "-o", str(tmp_path / "out"), cwd=run)
    saved = make_spec()["agent"]["class"]
    assert f"was saved by a run of the agent {saved}, not CrossEntropyAgent" in result.stderr, result.stderr
