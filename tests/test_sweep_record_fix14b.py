"""fix14b: a sweep's run whose run.json was deleted (its checkpoints kept) is rebuilt from the plan, as an unreadable
one is: recovered as finished at its planned end, resumed before it (tester14b-4)."""

import json

from conftest import make_spec, run_cli, write_spec


def test_a_run_json_deleted_is_rebuilt_not_resumed_into_a_refusal(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2, logdir=None, max_episode_len=5,
                                              episodes_per_checkpoint=1))
    assert run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0-1", cwd=tmp_path).returncode == 0
    runs = tmp_path / "sweeps" / "s" / "runs" / "base"
    (runs / "seed-0" / "run.json").unlink()  # at its planned end: recovered, nothing trains
    (runs / "seed-1" / "run.json").unlink()
    checkpoints = runs / "seed-1" / "checkpoints"
    latest = sorted(path.name for path in checkpoints.iterdir() if path.is_dir())[0]
    (checkpoints / "latest").write_text(latest + "\n")  # seed-1 as if stopped after its first episode
    planned = run_cli("sweep", "sweeps/s", "--dry-run", cwd=tmp_path)
    assert [line.split()[2] for line in planned.stdout.splitlines() if "/seed-" in line] == ["recover", "resume"], \
        planned.stdout
    done = run_cli("sweep", "sweeps/s", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "base/seed-1: run.json is missing; rebuilt from the sweep's plan" in done.stderr
    for seed in (0, 1):
        assert json.loads((runs / f"seed-{seed}" / "run.json").read_text())["status"] == "finished"
