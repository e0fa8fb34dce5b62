"""A new run is not made inside a run folder, where runs ls and plot (which do not enter run folders) would not find
it (tester9e-1)."""

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("option, message", [
    (("--runs-dir", "outer"), "runs_dir: outer is a run folder"),
    (("--run-dir", "outer/checkpoints/x"), "--run-dir: outer/checkpoints/x is inside the run folder outer"),
    (("--set", "runs_dir=outer/logs"), "runs_dir: outer/logs is inside the run folder outer"),
])
def test_a_run_inside_a_run_folder_is_refused(tmp_path, option, message):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "outer", cwd=tmp_path).returncode == 0
    before = sorted(path.name for path in (tmp_path / "outer").rglob("*"))
    result = run_cli("-q", "train", "-c", "run.yaml", *option, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (f"Error: {message}, where runs ls and plot would not find the new run; give a path "
                             "outside it\n")
    assert sorted(path.name for path in (tmp_path / "outer").rglob("*")) == before
