"""A run whose checkpoints/ (or episodes.csv) is a symbolic link out of the run folder (moved to scratch, received
so by rsync -a) is refused naming the link and its target, and how to put the folder in its place; a link to
nothing says so, not 'the run has none ... start again' (tester14d-2)."""

import shutil

import pytest

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 4, episodes_per_checkpoint: 2, eval_episodes: 2, reward_threshold: null}}\n")


@pytest.fixture
def run(tmp_path):
    (tmp_path / "lake.yaml").write_text(SPEC)
    done = run_cli("-q", "train", "-c", "lake.yaml", "--run-dir", "runs/r", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path / "runs" / "r"


@pytest.mark.parametrize("name", ["checkpoints", "episodes.csv"])
def test_a_link_out_of_the_run_folder_is_named(run, tmp_path, name):
    scratch = tmp_path / "scratch" / name
    scratch.parent.mkdir()
    shutil.move(run / name, scratch)
    (run / name).symlink_to(scratch)
    link = "runs/r/" + name
    for command in (["eval", "--run", "runs/r"], ["train", "--resume", "runs/r", "--set",
                                                  "loop.parameters.max_episodes=6"]):
        result = run_cli(*command, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert (f"{link} is a symbolic link to {scratch}, out of the run folder, which a run reads and writes only "
                f"inside: put what it links to in its place (rm {link} && cp -r {scratch} {link})") \
            in result.stderr, result.stderr
    (run / name).unlink()
    (run / name).symlink_to(tmp_path / "elsewhere" / name)  # as received on another machine
    result = run_cli("eval", "--run", "runs/r", cwd=tmp_path)
    assert result.returncode == (1 if name == "checkpoints" else 2), result.stderr  # 1: a checkpoint not there
    assert (f"{link} is a symbolic link to {tmp_path / 'elsewhere' / name}, which does not exist here (copied "
            "without it?), out of the run folder, which a run reads and writes only inside: copy what it linked to "
            f"in its place (rm {link}, then cp -r FROM {link})") in result.stderr, result.stderr
