"""loop.parameters.logdir: null turns TensorBoard off, as episodes_csv: null turns the CSV off (tester4a #16)."""

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("loop", ["gym_loop.loops.default_loop:DefaultLoop", "gym_loop.loops.vector_loop:VectorLoop"])
def test_logdir_null_writes_no_tensorboard_logs_and_resumes(tmp_path, loop):
    spec = make_spec(max_episodes=4, episodes_per_checkpoint=2, logdir=None)
    spec["loop"]["class"] = loop
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "INFO: results in run\n" in result.stderr and "tensorboard --logdir" not in result.stderr
    names = {path.name for path in (tmp_path / "run").iterdir()}
    assert "episodes.csv" in names and "logs" not in names and not any("tfevents" in name for name in names)
    result = run_cli("-q", "train", "--resume", "run", "--set", "loop.parameters.max_episodes=6", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len((tmp_path / "run" / "episodes.csv").read_text().splitlines()) >= 7
    assert not (tmp_path / "run" / "logs").exists()
