"""An evaluation's summary-*.json names its folders absolutely, whatever directory eval ran in (tester13e-5)."""

import json
from pathlib import Path

from conftest import make_spec, run_cli, write_spec


def test_the_summary_names_its_logdir_and_checkpoint_absolutely(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2, episodes_per_checkpoint=2, max_episode_len=10))
    assert run_cli("train", "-c", "run.yaml", "--run-dir", "runs/r", cwd=tmp_path).returncode == 0
    (tmp_path / "elsewhere").mkdir()
    result = run_cli("eval", "--run", "../runs/r", "-s", "loop.parameters.eval_record=true", cwd=tmp_path / "elsewhere")
    assert result.returncode == 0, result.stderr
    [path] = (tmp_path / "runs" / "r" / "eval_logs").glob("summary-*.json")
    summary = json.loads(path.read_text())
    run = (tmp_path / "runs" / "r").resolve()
    assert summary["checkpoint"] == str(run / "checkpoints" / "agent-000002")
    assert summary["logdir"] == str(path.resolve().with_name(path.stem[len("summary-"):]))
    assert Path(summary["videos"]).is_absolute() and Path(summary["videos"]).parent == run / "eval_records"
