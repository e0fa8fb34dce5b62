"""tester15f-6: agent methods written as generator or async functions never run their body: refused before the run."""

import pytest

from tests.conftest import make_spec, run_cli, write_spec

AGENTS = """
from gym_loop.agents import BaseAgent
class GenMemorize(BaseAgent):
    def act(self, state, episode_num):
        return 1
    def memorize(self, last_ob, action, reward, done, ob):
        if False:
            yield "never"
class GenAct(BaseAgent):
    def act(self, state, episode_num):
        yield 1
class AsyncUpdate(BaseAgent):
    def act(self, state, episode_num):
        return 1
    async def update(self, episode_num):
        pass
class AsyncGenMetrics(BaseAgent):
    def act(self, state, episode_num):
        return 1
    async def metrics(self, episode_num):
        yield {}
"""


@pytest.mark.parametrize("agent, method, what", [
    ("GenMemorize", "memorize", "contains yield"), ("GenAct", "act", "contains yield"),
    ("AsyncUpdate", "update", "is an async def"), ("AsyncGenMetrics", "metrics", "is an async def")])
def test_a_generator_or_async_method_is_refused_before_the_run(tmp_path, agent, method, what):
    (tmp_path / "gen.py").write_text(AGENTS)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'gen.py'}:GenMemorize"))
    done = run_cli("train", "-c", "run.yaml", "--run-dir", "r", "--set", f"agent.class=gen.py:{agent}", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    fix = "the yield" if what == "contains yield" else "async"
    assert (f"Error: agent.class: {agent}.{method} {what}, so calling it runs none of its body; remove {fix} from "
            f"{method}\n") in done.stderr, done.stderr
    assert not (tmp_path / "r").exists()
