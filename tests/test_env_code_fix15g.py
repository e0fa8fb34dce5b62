"""fix15g (tester15g-10): another env module given (--set env.imports=[myenvs2]) to eval --run or train --resume was
warned of as an edit ("the env's file .../myenvs2.py changed since the run last trained"), a file the run never used;
it is now said as for another agent class: "env.imports: evaluating myenvs2, not the myenvs the run last trained"."""

from gym_loop.yaml_safety import dump
from tests.conftest import make_spec, run_cli

ENVS = 'import gymnasium\ngymnasium.register("MyCartFix15g-v0", entry_point="gymnasium.envs.classic_control:CartPoleEnv")\n'


def test_another_env_module_is_not_called_an_edit(tmp_path):
    (tmp_path / "myenvs.py").write_text(ENVS)
    (tmp_path / "myenvs2.py").write_text(f"{ENVS}# another module\n")
    spec = make_spec(max_episodes=2, logdir=None)
    spec["env"]["imports"] = ["myenvs"]
    (tmp_path / "e.yaml").write_text(dump(spec))
    assert run_cli("-q", "train", "-c", "e.yaml", "--run-dir", "E2", cwd=tmp_path).returncode == 0
    evaluated = run_cli("-q", "eval", "--run", "E2", "--set", "env.imports=[myenvs2]", cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
    assert evaluated.stderr == ("WARNING: env.imports: evaluating myenvs2, not the myenvs the run last trained "
                                "(another file)\n")
    resumed = run_cli("-q", "train", "--resume", "E2", "--set", "env.imports=[myenvs2]", "--set",
                      "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "env.imports: resuming with myenvs2, not the myenvs the run last trained" in resumed.stderr
    assert "changed since" not in resumed.stderr
