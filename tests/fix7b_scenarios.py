"""The docs/errors.rst rows added for tester7c's defects; tests/test_errors_table.py counts them."""

from conftest import make_spec, write_spec

LOOP = """
from gym_loop.loops import DefaultLoop

class Loop(DefaultLoop):
    def __init__(self, **kwargs):
        raise ValueError("no loop today")
"""


def failing_loop(tmp_path):
    (tmp_path / "failing_loop.py").write_text(LOOP)
    spec = make_spec(max_episodes=1)
    spec["loop"]["class"] = "failing_loop.py:Loop"
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml"]


def env_parameter_refused(tmp_path):
    spec = make_spec("FrozenLake-v1", max_episodes=1)
    spec["env"]["parameters"] = {"map_name": "9x9"}
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml"]


SCENARIOS = {"the loop's constructor raises": failing_loop,
             "an env parameter the env refuses by value": env_parameter_refused}

# tests/test_yaml_fix7b.py: the messages of a spec file, of --set and of --grid
# tests/test_resolve_fix7b.py: a class string of a value that is no class
# tests/test_run_folder_fix7b.py: a sweep folder given to eval --run and train --resume
TESTED_ELSEWHERE = {
    "a YAML alias inside its own anchor", "a YAML tag its value does not fit", "a YAML date that is no date",
    "a class string naming a value that is not a class",
    "eval --run (or train --resume) of a sweep or a tune folder, or a folder of runs",
    "standard output that is full (create-default, runs ls, a table)",  # tests/test_stdout_fix7b.py
    "standard output that is closed",
}
