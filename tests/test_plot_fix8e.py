"""plot refuses --reps and --bootstrap-seed where no bootstrap is drawn (tester8e-7)."""

import pytest

from conftest import run_cli


@pytest.mark.parametrize("args, message", [
    (["--band", "none", "--reps", "1000"], "Error: --reps is for --band ci, --kind intervals or profile or --table, "
                                           "not --band none (see gym-loop plot --help)"),
    (["--band", "std", "--bootstrap-seed", "3"], "Error: --bootstrap-seed is for --band ci, --kind intervals or "
                                                 "profile or --table, not --band std (see gym-loop plot --help)"),
])
def test_bootstrap_options_without_a_bootstrap_are_refused(tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    result = run_cli("plot", "empty", "-o", "c.png", *args, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.strip().splitlines()[-1] == message, result.stderr
    assert not list(tmp_path.glob("c.*"))


@pytest.mark.parametrize("args", [["--band", "ci", "--reps", "1000"], ["--band", "none", "--reps", "1000", "--table"],
                                  ["--kind", "intervals", "--bootstrap-seed", "3"], ["--table", "--reps", "1000"]])
def test_bootstrap_options_where_a_bootstrap_is_drawn_pass_the_option_check(tmp_path, args):
    (tmp_path / "empty").mkdir()
    result = run_cli("plot", "empty", "-o", "c.png", *args, cwd=tmp_path)
    assert result.returncode == 2 and "no run folders under empty" in result.stderr, result.stderr
