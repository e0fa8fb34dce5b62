"""plot --width/--height nan, inf or huge, and an empty -o, are refused in one line at the option (tester13b-1, -2)."""

import pytest

from conftest import run_cli


@pytest.mark.parametrize("args, option, words", [
    (["--height", "nan"], "--height", "nan is not a finite number; give inches, 1 to 200"),
    (["--height", "inf"], "--height", "inf is not a finite number; give inches, 1 to 200"),
    (["--width", "-inf", "-o", "x.svg"], "--width", "-inf is not a finite number; give inches, 1 to 200"),
    (["-o", "x.svg", "--width", "nan"], "--width", "nan is not a finite number; give inches, 1 to 200"),
    (["--height", "1e308", "--dpi", "10"], "--height", "1e+308 is not in the range 1<=x<=200."),
    (["-o", "x.pdf", "--height", "1e308"], "--height", "1e+308 is not in the range 1<=x<=200."),
])
def test_a_size_that_is_no_finite_number_of_inches_is_refused_at_its_option(tmp_path, args, option, words):
    result = run_cli("plot", ".", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"Error: Invalid value for '{option}': {words} (see gym-loop plot --help)"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, option, words", [
    (["plot", ".", "-o", "", "--dpi", "100"], "'-o' / '--output'", "empty; give a file's path (see gym-loop plot"),
    (["plot", " "], "'PATHS...'", "empty; give a folder's path (see gym-loop plot"),
    (["eval", "-o", "", "--run", "runs/a"], "'-o' / '--output'", "empty; give a folder's path (see gym-loop eval"),
    (["sweep", "-c", "s.yaml", "--sweeps-dir", "", "--dry-run"], "'--sweeps-dir'", "empty; give a folder's path (see "
                                                                                  "gym-loop sweep"),
])
def test_an_empty_path_is_refused_as_empty_not_read_as_the_working_directory(tmp_path, args, option, words):
    (tmp_path / "runs" / "a").mkdir(parents=True)  # the other paths given exist: the empty one is what is refused
    (tmp_path / "s.yaml").write_text("env: {name: CartPole-v1}\n")
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"Error: Invalid value for {option}: {words} --help)"]
