"""docs/errors.rst rows of tester15d's defects (tests/test_errors_table.py runs SCENARIOS; TESTED_ELSEWHERE's rows are
checked by tests/test_platform_fix15d.py)."""

from pathlib import Path

from conftest import make_spec, write_spec


def backslashed(tmp_path: Path) -> list:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "my_agent.py").write_text(
        "from gym_loop.agents import BaseAgent\nclass MyAgent(BaseAgent):\n    def act(self, s, e): return 0\n")
    spec = make_spec()
    spec["agent"] = {"class": "sub\\my_agent.py:MyAgent"}
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml"]


SCENARIOS = {"an agent file path written with ``\\`` (a spec from Windows) on Linux or macOS": backslashed}
TESTED_ELSEWHERE = {"any command on Windows (the Python API: this ``ImportError``)"}
