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
