"""left10: a resume's warning that a file class's code changed names the file, as eval's does (fix9a's leftover)."""

import logging

from conftest import make_spec

AGENT = '''
from gym_loop.agents import BaseAgent
class Still(BaseAgent):
    def act(self, state, episode_num): return 0
'''


def test_a_resume_names_the_agent_file_that_changed(tmp_path, monkeypatch, caplog):
    from gym_loop.gym_loop import train_agent

    monkeypatch.chdir(tmp_path)
    (tmp_path / "still.py").write_text(AGENT)
    spec = make_spec(agent="still.py:Still", max_episodes=1, logdir=None)
    train_agent(spec, run_dir=tmp_path / "run")
    (tmp_path / "still.py").write_text(AGENT + "# a fix\n")
    spec["loop"]["parameters"]["max_episodes"] = 2
    with caplog.at_level(logging.WARNING):
        assert train_agent(spec, resume=tmp_path / "run").episodes == 2
    assert f"the agent's file {tmp_path / 'still.py'} changed since the run last trained (sha256 " in caplog.text
