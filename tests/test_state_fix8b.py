"""The namedtuple save error names the agent's file as the user wrote it, not its internal module (tester8b-7)."""

import textwrap

import yaml

from conftest import run_cli

LOCAL_NT = textwrap.dedent('''
    import collections
    from gym_loop.agents import BaseAgent
    def make():
        return collections.namedtuple("T", "s a")
    class LocalNT(BaseAgent):
        def __init__(self, **p):
            super().__init__(**p); self.mem = [make()(1, 2)]
        def act(self, state, episode_num):
            return 0
''')


def test_a_local_namedtuple_is_named_by_the_agent_file(tmp_path):
    (tmp_path / "eagents.py").write_text(LOCAL_NT)
    spec = {"agent": {"class": "eagents.py:LocalNT"}, "env": {"name": "CartPole-v1"},
            "loop": {"parameters": {"max_episodes": 1, "episodes_per_checkpoint": 1}}}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec))
    result = run_cli("train", "-q", "-c", "s.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "cannot save mem[0]: the namedtuple eagents.T (s, a) is not at module level" in result.stderr, result.stderr
    assert "gym_loop_file_" not in result.stderr


MAIN_SCRIPT = textwrap.dedent('''
    from gym_loop.agents import BaseAgent
    from gym_loop.gym_loop import train_agent
    class MainAgent(BaseAgent):
        def act(self, state, episode_num):
            return int(self.rng.integers(2))
    train_agent({"agent": {"class": "__main__:MainAgent"}, "env": {"name": "CartPole-v1"},
                 "loop": {"parameters": {"max_episodes": 1}}, "seed": 1}, run_dir="r")
''')
MY_CLASSES = textwrap.dedent('''
    from gym_loop.agents import BaseAgent
    class MainAgent(BaseAgent):
        def act(self, state, episode_num):
            return int(self.rng.integers(2))
''')


def test_eval_of_another_class_file_is_not_called_a_changed_file(tmp_path):
    """tester8b-9: the run trained __main__:MainAgent of a script; eval with the class put in a file says so."""
    import subprocess
    import sys

    (tmp_path / "t3.py").write_text(MAIN_SCRIPT)
    (tmp_path / "my_classes.py").write_text(MY_CLASSES)
    subprocess.run([sys.executable, "t3.py"], cwd=tmp_path, check=True, capture_output=True)
    result = run_cli("eval", "-q", "--run", "r", "--set", "agent.class=my_classes.py:MainAgent", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "changed since the run last trained" not in result.stderr
    assert ("WARNING: agent.class: evaluating my_classes.py:MainAgent, not the __main__:MainAgent the run last "
            "trained (another file)") in result.stderr
