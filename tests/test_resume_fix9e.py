"""train --resume RUN --set runs_dir=X is refused as --set seed= is: it would move nothing, yet the run's spec.yaml
would record it (tester9e-21)."""

from conftest import make_spec, run_cli, write_spec


def test_resume_refuses_another_runs_dir(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "rd1", cwd=tmp_path).returncode == 0
    spec = (tmp_path / "rd1/spec.yaml").read_text()
    result = run_cli("-q", "train", "--resume", "rd1", "-s", "runs_dir=zz", "-s", "loop.parameters.max_episodes=2",
                     cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("Error: runs_dir: --resume keeps the run's 'runs', not 'zz'; to change it, start a new "
                             "run: gym-loop train -c rd1/spec.yaml --set runs_dir=...\n")
    assert (tmp_path / "rd1/spec.yaml").read_text() == spec and not (tmp_path / "zz").exists()
