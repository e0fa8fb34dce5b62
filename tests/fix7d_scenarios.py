"""Scenarios of the docs/errors.rst rows added for tester7c's defects 11-17 (fix7d); tests/test_errors_table.py
runs them with the rest."""

from pathlib import Path

from conftest import make_spec, write_spec

BOOM_LOOP = """
from gym_loop.loops.default_loop import DefaultLoop


class BoomLoop(DefaultLoop):
    def __init__(self, *args, **kwargs):
        raise RuntimeError("no loop today")
"""


def failing_loop(tmp_path: Path) -> list:
    """``train -c run.yaml`` of a spec whose loop class raises in its constructor."""
    (tmp_path / "boom_loop.py").write_text(BOOM_LOOP)
    spec = make_spec(max_episodes=1)
    spec["loop"]["class"] = "boom_loop.py:BoomLoop"
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml"]


# tests/test_files_fix7d.py: a FIFO, with and without --force; tests/test_run_record_fix7d.py: "resumed": "twice"
TESTED_ELSEWHERE = {"create-default onto a path that is no regular file",
                    "resuming a run whose run.json has a resumed that is no list",
                    "a class set by --set and by -a or -l of create-default"}  # tests/test_create_default_fix7d.py

SCENARIOS = {
    "the loop's constructor raises": failing_loop,
}
