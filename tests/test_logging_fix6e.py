"""gym-loop's log lines after the defects new users met (tester6b): INFO lines are gym-loop's own."""

from conftest import make_spec, run_cli, write_spec

NOISY = '''
import atexit
import logging

from gym_loop.agents.random_agent import RandomAgent

library = logging.getLogger("somelib")  # a library's logger left at its default level, as torch's are mid-import
library.info("somelib imported")
library.warning("somelib has a warning")
atexit.register(library.info, "somelib cache stats at exit")


class NoisyAgent(RandomAgent):
    pass
'''


def test_other_libraries_info_lines_stay_out_and_their_warnings_and_gym_loops_lines_show(tmp_path):
    """torch logs INFO lines at exit when Ctrl-C cut its import short; gym-loop's root logger at INFO let them out."""
    (tmp_path / "noisy.py").write_text(NOISY)
    spec = make_spec(agent="gym_loop.agents.random_agent:RandomAgent", max_episodes=2)
    spec["agent"]["class"] = "noisy.py:NoisyAgent"
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "somelib imported" not in result.stderr and "cache stats" not in result.stderr
    assert "WARNING: somelib has a warning" in result.stderr
    assert "INFO: run folder: " in result.stderr and "INFO: trained: 2 episodes" in result.stderr
    quiet = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run2", cwd=tmp_path)
    after = run_cli("train", "-c", "run.yaml", "--run-dir", "run3", "-q", cwd=tmp_path)
    for stderr in (quiet.stderr, after.stderr):
        assert "INFO" not in stderr and "WARNING: somelib has a warning" in stderr
