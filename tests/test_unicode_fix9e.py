"""create-default and a run's spec.yaml keep non-ASCII characters as written, not escaped (tester9e-11)."""

from conftest import run_cli


def test_create_default_and_the_runs_spec_keep_unicode(tmp_path):
    result = run_cli("create-default", "-c", "s.yaml", "-s", "runs_dir=résultats", "-s",
                     "loop.parameters.max_episodes=1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "runs_dir: résultats" in (tmp_path / "s.yaml").read_text(encoding="utf-8")
    assert run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    assert "runs_dir: résultats" in (tmp_path / "r/spec.yaml").read_text(encoding="utf-8")
    printed = run_cli("create-default", "-s", "runs_dir=résultats", cwd=tmp_path, env={"PYTHONIOENCODING": "utf-8"})
    assert "runs_dir: résultats" in printed.stdout
    ascii_out = run_cli("create-default", "-s", "runs_dir=résultats", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert ascii_out.returncode == 0 and 'runs_dir: "r\\xE9sultats"' in ascii_out.stdout
