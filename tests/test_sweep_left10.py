"""left10: fix9d's leftovers. A sweep config whose class takes no parameter the base spec sets says so, with the
fix, as tune's class choice does; killed tune workers are not said to resume from their checkpoints."""

import logging
import signal

from conftest import make_spec, run_cli, write_spec

ONLY_A = '''
from gym_loop.agents import BaseAgent
class A(BaseAgent):
    @classmethod
    def get_default_parameters(cls): return {"only_a": 1}
    def act(self, state, episode_num): return 0
class B(BaseAgent):
    def act(self, state, episode_num): return 0
'''


def test_a_grid_over_agent_class_names_the_parameter_one_class_lacks_and_the_fix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ab.py").write_text(ONLY_A)
    spec = make_spec(agent="ab.py:A")
    spec["agent"]["parameters"] = {"only_a": 2}
    config = write_spec(tmp_path / "r.yaml", spec)
    done = run_cli("sweep", "-c", config, "--seeds", 0, "--grid", "agent.class=[ab.py:A,ab.py:B]", "--dry-run",
                   cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert '"ab.py:B" takes no agent.parameters.only_a, which the base spec (-c) sets; leave only_a out of it ' \
           "(each class's defaults fill in its own parameters), or sweep each class on its own (config class=ab.py_B" \
           in done.stderr, done.stderr


class _Stuck:
    """A backend whose one job stops only when killed; the second and third Ctrl-C land while it waits."""

    def __init__(self):
        self.sent, self.signals = [], 2

    def signal(self, handles, number):
        self.sent.append(number)

    def wait(self, handles, timeout):
        if self.signals:
            self.signals -= 1
            raise KeyboardInterrupt
        return [(handle, -9) for handle in handles] if signal.SIGKILL in self.sent else []


def test_killed_tune_workers_are_said_to_be_retried_not_resumed(caplog):
    from gym_loop.sweeps.launch import Job, wind_down

    backend, ended = _Stuck(), []
    with caplog.at_level(logging.WARNING):
        wind_down(backend, {1: Job("worker 0", (), "", "")}, signal.SIGINT, lambda job, code: ended.append(job.key),
                  killed="their trials' parameters are tried again first when the tune is re-run")
    assert ended == ["worker 0"] and backend.sent == [signal.SIGINT, signal.SIGINT, signal.SIGKILL]
    assert "killed 1 run(s) that did not stop (SIGKILL): worker 0; their trials' parameters are tried again first " \
           "when the tune is re-run" in caplog.text and "checkpoint" not in caplog.text.split("SIGKILL")[-1]
