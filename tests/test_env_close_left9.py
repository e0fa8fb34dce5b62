"""An env whose close() raises: create-default's check of the agent's spaces says so in one line (left9-2)."""

import textwrap

from conftest import run_cli

BADCLOSE = textwrap.dedent('''
    import gymnasium
    from gymnasium.envs.toy_text import FrozenLakeEnv
    class BadClose(FrozenLakeEnv):
        def close(self):
            raise RuntimeError("socket gone")
    gymnasium.register("BadClose-v0", entry_point=BadClose)
''')


def test_create_default_with_an_env_whose_close_raises_warns_in_one_line(tmp_path):
    (tmp_path / "badclose.py").write_text(BADCLOSE)
    done = run_cli("create-default", "-a", "gym_loop.agents.q_learning:QLearningAgent", "-s", "env.name=BadClose-v0",
                   "-s", "env.imports=[badclose]", "-c", "s.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if "close" in line] == [
        "WARNING: env.close() failed: RuntimeError: socket gone; what ran is kept (fix the env's close())"]
    assert (tmp_path / "s.yaml").is_file()
