"""tester13g-7 and -10: a working directory whose name is not ASCII, under an ASCII locale (LC_ALL=C)."""

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.random_agent:RandomAgent}\nenv: {name: CartPole-v1}\n"
        "loop: {parameters: {max_episodes: 1}}\nseed: 1\n")
ASCII = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}


def test_a_sweep_starts_its_runs(tmp_path):
    here = tmp_path / "dé"
    here.mkdir()
    (here / "run.yaml").write_text(SPEC)
    result = run_cli("-q", "sweep", "-c", "run.yaml", "--name", "s", "--seeds", "1-2", cwd=here, env=ASCII)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (here / "sweeps" / "s" / "runs" / "base").iterdir()) == ["seed-1", "seed-2"]


def _paths(record, found):
    """Every string of a JSON record that names a path."""
    if isinstance(record, dict):
        for value in record.values():
            _paths(value, found)
    elif isinstance(record, list):
        for value in record:
            _paths(value, found)
    elif isinstance(record, str) and "/" in record:
        found.append(record)
    return found


def test_every_record_holds_the_path_as_run_json_s_cwd(tmp_path):
    import json

    here = tmp_path / "dé"
    here.mkdir()
    (here / "run.yaml").write_text(SPEC.replace("max_episodes: 1", "max_episodes: 2, episodes_per_eval: 1, "
                                                "eval_episodes: 1"))
    (here / "space.yaml").write_text("loop.parameters.eval_episodes: {categorical: [1, 2]}\n")
    for command in (["train", "-c", "run.yaml", "--run-dir", "run"],
                    ["train", "--resume", "run", "--set", "loop.parameters.max_episodes=3"], ["eval", "--run", "run"],
                    ["tune", "-c", "run.yaml", "--space", "space.yaml", "--trials", "1", "--seeds", "1", "--name", "t"]):
        result = run_cli("-q", *command, cwd=here, env=ASCII)
        assert result.returncode == 0, (command, result.stderr)
    files = [here / "run" / "run.json", *(here / "run" / "eval_logs").glob("summary-*.json"),
             here / "tunes" / "t" / "worker.json", *(here / "tunes" / "t" / "trials").glob("*/*.trial.json")]
    paths = [path for file in files for path in _paths(json.loads(file.read_text()), [])]
    assert len(files) == 4, files
    assert any("checkpoint" in path for path in paths)
    assert all(path.startswith(str(here)) for path in paths if path.startswith(str(tmp_path))), paths
