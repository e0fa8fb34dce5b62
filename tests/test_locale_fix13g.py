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
