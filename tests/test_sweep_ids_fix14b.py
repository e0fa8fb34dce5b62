"""fix14b: a sweep whose folders have an earlier gym-loop's config ids (``max_steps=10.0-<hash>``) continues in them
when the same command (``-c``) is run again, and without its state.json too (tester14b-3)."""

import json
import shutil

from conftest import make_spec, run_cli, write_spec

COMMAND = ("sweep", "-c", "s.yaml", "--seeds", "0-1", "--grid", "loop.parameters.max_steps=[1e1]")


def _made_by_an_earlier_gym_loop(tmp_path):
    """A finished sweep of two runs whose config folders, logs and state.json say ``max_steps=10.0-<hash>``."""
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=1, logdir=None, max_episode_len=5))
    made = run_cli("-q", *COMMAND, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    sweep = tmp_path / "sweeps" / "s"
    new = next((sweep / "runs").iterdir()).name
    old = new.replace("=10-", "=10.0-")
    for folder in ("runs", "logs"):
        shutil.move(sweep / folder / new, sweep / folder / old)
    for name in ("state.json", "configs.csv", "scores.csv", "aggregate.csv"):
        (sweep / name).write_text((sweep / name).read_text().replace(new, old))
    return sweep, old


def test_the_same_command_continues_in_the_earlier_folders(tmp_path):
    sweep, old = _made_by_an_earlier_gym_loop(tmp_path)
    planned = run_cli(*COMMAND, "--dry-run", cwd=tmp_path)
    assert planned.returncode == 0, planned.stderr
    rows = [line.split() for line in planned.stdout.splitlines() if "/seed-" in line]
    assert [row[:3] for row in rows] == [[f"{old}/seed-0", "0", "skip"], [f"{old}/seed-1", "1", "skip"]], \
        planned.stdout
    again = run_cli("-q", *COMMAND, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert [path.name for path in (sweep / "runs").iterdir()] == [old]
    assert {entry["config"] for entry in json.loads((sweep / "state.json").read_text())["runs"].values()} == {old}


def test_without_state_json_the_earlier_folders_are_found_by_their_hash(tmp_path):
    sweep, old = _made_by_an_earlier_gym_loop(tmp_path)
    (sweep / "state.json").unlink()
    planned = run_cli("sweep", str(sweep), "--dry-run", cwd=tmp_path)
    assert planned.returncode == 0, planned.stderr
    assert [line.split()[2] for line in planned.stdout.splitlines() if "/seed-" in line] == ["skip", "skip"], \
        planned.stdout
    table = run_cli("aggregate", str(sweep), cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert next(line for line in table.stdout.splitlines() if line.startswith(old)).split()[1] == "2", table.stdout
