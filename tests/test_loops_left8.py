"""left8: the check_training hook docs/loops.rst now describes for loop writers: train refuses before making a run
folder, create-default before writing, eval plays the spec anyway."""

from conftest import make_spec, run_cli, write_spec

LOOP = """
from gym_loop.errors import SpecError
from gym_loop.loops.default_loop import DefaultLoop


class PickyLoop(DefaultLoop):
    @staticmethod
    def check_training(agent, parameters):
        if parameters["max_episodes"] > 2:
            raise SpecError("loop.parameters.max_episodes", "PickyLoop trains at most 2 episodes; lower it")
"""
REFUSED = "Error: loop.parameters.max_episodes: PickyLoop trains at most 2 episodes; lower it"


def test_a_loop_check_training_refuses_train_and_create_default_not_eval(tmp_path):
    (tmp_path / "picky.py").write_text(LOOP)
    spec = make_spec(max_episodes=3)
    spec["loop"]["class"] = "picky.py:PickyLoop"
    write_spec(tmp_path / "s.yaml", spec)
    train = run_cli("train", "-c", "s.yaml", cwd=tmp_path)
    assert (train.returncode, train.stderr.strip()) == (2, REFUSED)
    assert not (tmp_path / "runs").exists()
    made = run_cli("create-default", "-l", "picky.py:PickyLoop", "-s", "loop.parameters.max_episodes=3", "-c", "d.yaml",
                   cwd=tmp_path)
    assert (made.returncode, made.stderr.strip()) == (2, REFUSED)
    assert not (tmp_path / "d.yaml").exists()
    evaluated = run_cli("eval", "-c", "s.yaml", cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
