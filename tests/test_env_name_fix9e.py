"""env.name: a package's env not yet registered names the package to import (tester9e-17), an id without its
version names its latest (tester9e-18), an empty module before ':' is a spec error (tester9e-2)."""

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("name, message", [
    ("ALE/Pong-v5", "ALE/Pong-v5 is registered by ale_py, which is installed but not imported; add env.imports: "
                    "[ale_py] (or write env.name: ale_py:ALE/Pong-v5)"),
    ("MiniGrid-Empty-5x5-v0", "MiniGrid-Empty-5x5-v0 is registered by minigrid, which is installed but not imported; "
                              "add env.imports: [minigrid] (or write env.name: minigrid:MiniGrid-Empty-5x5-v0)"),
    ("CartPole", "CartPole has no version; give CartPole-v1 (its latest)"),
    (":CartPole-v1", "':CartPole-v1' has an empty module before ':'; write CartPole-v1 or module:CartPole-v1"),
])
def test_env_name_says_what_to_write(tmp_path, name, message):
    pytest.importorskip("ale_py")
    pytest.importorskip("minigrid")
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    result = run_cli("-q", "train", "-c", "run.yaml", "--set", f"env.name={name}", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"Error: env.name: {message}\n"
    assert not (tmp_path / "runs").exists()
