"""tester9b-7: a loop without state()/restore() (BaseLoop's) whose counters start over on resume: the error names the
missing methods and how to write them, not only that global_step went back."""

from conftest import PLAYS_EPISODES, run_cli

NO_STATE = '''
from gym_loop.loops import BaseLoop
from gym_loop.loops.base_loop import Episode
class NoState(BaseLoop):
''' + PLAYS_EPISODES


def test_a_resume_of_a_loop_without_state_names_the_missing_methods(tmp_path):
    (tmp_path / "nostate.py").write_text(NO_STATE)
    (tmp_path / "s.yaml").write_text("agent: {class: gym_loop.agents:RandomAgent}\nenv: {name: CartPole-v1}\n"
                                     "loop: {class: nostate.py:NoState, parameters: {max_episodes: 3}}\nseed: 1\n")
    assert run_cli("train", "-q", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    resumed = run_cli("train", "-q", "--resume", "r", "--set", "loop.parameters.max_episodes=5", cwd=tmp_path)
    assert resumed.returncode == 1
    assert resumed.stderr.splitlines()[-1].endswith(
        "must not go back; NoState does not define state() and restore(), so its counters started over on resume: "
        "return them from state() and set them back in restore(state) (docs/loops.rst, The loop protocol)"), resumed.stderr
