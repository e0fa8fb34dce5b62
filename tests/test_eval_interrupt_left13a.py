"""note15's leftover (fix12b): a KeyboardInterrupt that the agent's code raises during ``gym-loop eval`` is a failure
naming where (exit 1), not Ctrl-C's 'interrupted' (exit 130); a real SIGINT still stops the evaluation as Ctrl-C."""

import signal
import subprocess
import time

from conftest import GYM_LOOP, run_cli

AGENT = '''
import pathlib, time
from gym_loop.agents.random_agent import RandomAgent
class Raising(RandomAgent):
    def act(self, state, episode_num):
        if episode_num == 1:
            raise KeyboardInterrupt
        return 0
class Slow(RandomAgent):
    def act(self, state, episode_num):
        pathlib.Path("acting").touch()
        time.sleep(0.01)
        return 0
'''


def _spec(tmp_path, agent):
    (tmp_path / "ag.py").write_text(AGENT)
    (tmp_path / "run.yaml").write_text(f"agent: {{class: ag.py:{agent}}}\nenv: {{name: CartPole-v1}}\n"
                                       "loop: {parameters: {eval_episodes: 3}}\n")


def test_a_keyboard_interrupt_of_the_agent_in_eval_is_a_failure_naming_where(tmp_path):
    _spec(tmp_path, "Raising")
    done = run_cli("eval", "-c", "run.yaml", "--seed", "1", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[-1] == ("Error: KeyboardInterrupt was raised by agent.act, at episode 1, step 1, "
                                            "not by Ctrl-C; nothing was evaluated (--debug shows the traceback)")
    assert not list((tmp_path / "eval_logs").glob("summary-*.json"))


def test_ctrl_c_in_eval_is_still_an_interruption(tmp_path):
    _spec(tmp_path, "Slow")
    process = subprocess.Popen([GYM_LOOP, "eval", "-c", "run.yaml", "--seed", "1"], cwd=tmp_path,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (tmp_path / "acting").exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1].startswith("Error: interrupted"), stderr
