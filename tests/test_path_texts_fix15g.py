"""fix15g (tester15g-1, -3): a path parameter's plain number is the folder named as written (``007``, not ``7``) in
every way a value is given: a spec file and --set did so, but not --grid, --zip or a tune's space, and not for
DefaultLoop's and VectorLoop's own path parameters (record_dir, eval_record_dir)."""

from gym_loop.loops.vector_loop import VectorLoop
from gym_loop.rules import inherited_rules
from gym_loop.spec import load_spec, path_keys, spec_given
from gym_loop.sweeps.plan import parse_grid, parse_zip
from gym_loop.tuning.space import read_space


def test_grid_and_zip_keep_a_paths_text():
    assert parse_grid("loop.parameters.logdir=[007, 008]").rows == (("007",), ("008",))
    assert parse_grid("loop.parameters=[{logdir: 009, max_episodes: 010}]").rows == (
        ({"logdir": "009", "max_episodes": 10},),)
    assert parse_zip("loop.parameters.max_episodes,loop.parameters.logdir=[[010, 007], [2, 1.50]]").rows == (
        (10, "007"), (2, "1.50"))
    assert parse_grid("agent.parameters.lr=[007]").rows == ((7,),)  # not a path: a number


def test_a_tune_space_keeps_a_paths_choices_as_written(tmp_path):
    (tmp_path / "space.yaml").write_text("loop.parameters.logdir: {categorical: [007, 008]}\n"
                                         "loop.parameters.max_episodes: {categorical: [010, 20]}\n"
                                         "loop: {categorical: [{parameters: {record_dir: 011}}]}\n")
    assert read_space(tmp_path / "space.yaml") == {"loop.parameters.logdir": {"categorical": ["007", "008"]},
                                                   "loop.parameters.max_episodes": {"categorical": [10, 20]},
                                                   "loop": {"categorical": [{"parameters": {"record_dir": "011"}}]}}


def test_the_built_in_loops_own_paths_are_kept(tmp_path):
    paths = [name for name, rule in inherited_rules(VectorLoop).items() if rule.is_path]
    assert {"record_dir", "eval_record_dir"} <= set(paths)
    assert {f"loop.parameters.{name}" for name in paths} <= set(path_keys())
    (tmp_path / "s.yaml").write_text("loop:\n  parameters: {record_dir: 008, eval_record_dir: 009}\n")
    assert load_spec(str(tmp_path / "s.yaml"))["loop"]["parameters"] == {"record_dir": "008", "eval_record_dir": "009"}
    given = spec_given(tmp_path / "s.yaml", ["loop.parameters.record_dir=010"])
    assert given["loop"]["parameters"]["record_dir"] == "010"
