"""tester8b's envs the developers never saw: an env whose close() raises (tester8b-1)."""

import json
from pathlib import Path

import yaml

from conftest import run_cli
from fix8b_scenarios import write_envs


def _close_boom(tmp_path: Path, **loop) -> None:
    write_envs(tmp_path)
    spec = {"agent": {"class": "gym_loop.agents:RandomAgent"}, "env": {"name": "CloseBoom-v0", "imports": ["fix8b_envs"]},
            "loop": {"parameters": {"max_episodes": 4, "episodes_per_checkpoint": 2, **loop.pop("parameters", {})},
                     **loop}, "seed": 1}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec))


def _one_warning(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if "boom in close" in line]
    assert lines and all(line.startswith("WARNING: env.close() failed: RuntimeError: boom in close") for line in lines)


def test_close_failing_after_training_warns_and_the_run_finishes(tmp_path):
    _close_boom(tmp_path)
    result = run_cli("train", "-q", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    _one_warning(result.stderr)
    record = json.loads((tmp_path / "r" / "run.json").read_text())
    assert record["status"] == "finished"
    result = run_cli("eval", "-q", "--run", "r", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    _one_warning(result.stderr)


def test_close_failing_under_vector_loop_sync_warns(tmp_path):
    _close_boom(tmp_path, **{"class": "gym_loop.loops.vector_loop:VectorLoop", "parameters": {"num_envs": 2}})
    result = run_cli("train", "-q", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    _one_warning(result.stderr)
    assert json.loads((tmp_path / "r" / "run.json").read_text())["status"] == "finished"


def test_make_vec_failing_on_close_is_one_line(tmp_path):
    """async make_vec closes a probe env, whose close raises: one error line, no chained traceback."""
    _close_boom(tmp_path, **{"class": "gym_loop.loops.vector_loop:VectorLoop",
                             "parameters": {"num_envs": 2, "vectorization_mode": "async"}})
    result = run_cli("train", "-q", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "During handling" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and errors[0].startswith(
        "Error: env CloseBoom-v0: CloseBoom.close() failed as the async vector env closed the copy it makes to read "
        "the spaces: RuntimeError: boom in close; fix CloseBoom.close()")  # its message since tester10b-6
