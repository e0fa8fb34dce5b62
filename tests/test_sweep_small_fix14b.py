"""fix14b: tester14b's small sweep defects: 1 (a date on an axis), 6 (a seed range of 4301+ digits), 12 (runs ls
counts a row of another width), 13 (an axis key with an empty part), 14 (the same spec with a number written
otherwise), 15 (a sweep folder whose path starts with -)."""

import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.errors import SpecError, quoted
from gym_loop.sweeps.plan import parse_grid, parse_seeds, parse_zip
from gym_loop.sweeps.runinfo import count_rows


@pytest.mark.parametrize("text", ["1-" + "9" * 5000, "9" * 5000 + "-1", "0" * 5000 + "1-" + "9" * 30])
def test_a_seed_of_thousands_of_digits_is_refused_in_one_line(text):
    with pytest.raises(SpecError) as refused:
        parse_seeds(text)
    assert refused.value.problem.endswith("is not below 2**64; give seeds from 0 to 2**64-1")


def test_leading_zeros_are_no_digits_of_the_seed():
    assert parse_seeds("0" * 5000 + "1-0003") == [1, 2, 3]


@pytest.mark.parametrize("grid", ["agent.parameters.=[1]", "agent..x=[1]", ".x=[1]"])
def test_a_grid_key_with_an_empty_part_is_a_grid_error(grid):
    with pytest.raises(SpecError) as refused:
        parse_grid(grid)
    assert refused.value.key == "--grid" and f"got {grid!r}" in refused.value.problem


def test_a_zip_key_with_an_empty_part_is_a_zip_error():
    with pytest.raises(SpecError) as refused:
        parse_zip("agent.parameters.,loop.x=[[1,2]]")
    assert refused.value.key == "--zip" and "expected KEY1,KEY2=" in refused.value.problem


@pytest.mark.parametrize("parse, text", [(parse_grid, "agent.parameters.since=[2020-01-01]"),
                                         (parse_zip, "a.x,a.y=[[2020-01-01, 0.1]]"),
                                         (parse_grid, "a.x=[{when: 2020-01-01}]")])
def test_a_date_on_an_axis_is_refused_with_the_way_to_give_text(parse, text):
    with pytest.raises(SpecError) as refused:
        parse(text)
    assert "2020-01-01 is read as a date (YAML), which a config cannot hold; quote it" in refused.value.problem
    assert parse_grid('a.x=["2020-01-01"]').rows == (("2020-01-01",),)


def test_runs_ls_counts_no_row_of_another_width(tmp_path):
    episodes = tmp_path / "episodes.csv"
    episodes.write_text('episode,global_step,return\n1,5,1.0\n2,9\n3,12,"1,5"\n4,20,2.0,7\n5,2')
    assert count_rows(episodes) == 2  # 1 and 3 (quoted); not 2 (short), 4 (long) or 5 (cut short)
    assert count_rows(tmp_path / "none.csv") == 0


def test_a_path_starting_with_a_dash_is_pasted_after_dot_slash():
    assert quoted("-x") == "./-x" and quoted("sweeps/-x") == "sweeps/-x" and quoted("a b") == "'a b'"


def test_the_same_sweep_with_a_number_written_otherwise_is_continued(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(max_episodes=2, logdir=None, max_episode_len=5))
    command = ["sweep", "-c", "s.yaml", "--seeds", "0", "--grid", "loop.parameters.max_steps=[10]"]
    assert run_cli("-q", *command, cwd=tmp_path).returncode == 0
    for other in (["--set", "loop.parameters.max_episodes=2.0"], ["--set", "loop.parameters.max_episodes=2e0"]):
        again = run_cli(*command[:-2], "--grid", "loop.parameters.max_steps=[1e1]", *other, "--dry-run",
                        cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert [line.split()[2] for line in again.stdout.splitlines() if "/seed-" in line] == ["skip"], again.stdout
