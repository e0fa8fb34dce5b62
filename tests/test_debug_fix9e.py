"""--debug reaches the processes a command starts: a sweep's runs write their traceback to their logs (tester9e-13:
the relayed "(--debug shows the traceback)" could not be followed; only GYM_LOOP_DEBUG=1 worked)."""

from conftest import make_spec, run_cli, write_spec

FAILING = """
from gym_loop.agents import BaseAgent

class Bad(BaseAgent):
    def act(self, state, episode_num):
        return self.parameters["action_space"].sample()

    def memorize(self, last_ob, action, reward, done, ob):
        pass

    def update(self, episode_num):
        raise ValueError("boom")
"""


def test_sweep_debug_puts_the_runs_traceback_in_its_log(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.py").write_text(FAILING)
    write_spec(tmp_path / "bad.yaml", make_spec("CartPole-v1", "bad.py:Bad", max_episodes=2))
    result = run_cli("sweep", "-c", "bad.yaml", "--seeds", "0", "--debug", cwd=tmp_path)
    assert result.returncode == 1
    log = (tmp_path / "sweeps/bad/logs/base/seed-0.log").read_text()
    assert "Traceback (most recent call last)" in log and "ValueError: boom" in log
