"""A run of a loop of the original's kind (its own train(), no training_episodes()) writes no TensorBoard logs
of gym-loop's and saves no checkpoints: the train summary does not point to tensorboard, and eval --run says so."""

import yaml

from conftest import make_spec, run_cli
from test_errors_table import LEGACY_LOOP


def test_a_legacy_loops_run_gets_no_tensorboard_hint_and_eval_run_says_why(tmp_path):
    (tmp_path / "legacy_loop.py").write_text(LEGACY_LOOP)
    spec = make_spec(max_episodes=1)
    spec["loop"] = {"class": "legacy_loop.py:Loop"}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    trained = run_cli("train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert "INFO: results in r\n" in trained.stderr and "tensorboard" not in trained.stderr
    evaluated = run_cli("eval", "--run", "r", cwd=tmp_path)
    assert evaluated.returncode == 1
    assert evaluated.stderr.splitlines()[-1] == (
        "Error: r was trained by Loop, a loop with its own train() (no training_episodes()), which saves no "
        "checkpoints; evaluate a fresh agent with: gym-loop eval -c r/spec.yaml")
