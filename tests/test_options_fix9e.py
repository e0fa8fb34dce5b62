"""An option of one value given twice is refused, as a key given twice is (tester9e-20: the last one won)."""

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("args, message", [
    (["train", "-c", "run.yaml", "-c", "run.yaml"], "--run-config is given twice (run.yaml and run.yaml); give it "
                                                    "once (see gym-loop train --help)"),
    (["train", "-c", "run.yaml", "--seed", "1", "--seed=2"], "--seed is given twice (1 and 2); give it once (see "
                                                             "gym-loop train --help)"),
    (["create-default", "-a", "X", "--agent", "Y"], "--agent is given twice (X and Y); give it once (see gym-loop "
                                                    "create-default --help)"),
])
def test_an_option_given_twice_is_refused(tmp_path, args, message):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"Error: {message}\n"
    assert not (tmp_path / "runs").exists()


def test_repeatable_options_stay_repeatable(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    result = run_cli("-q", "train", "-c", "run.yaml", "-s", "seed=1", "-s", "loop.parameters.max_episodes=1",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
