"""tester13g-3: an act or memorize naming env_id without a default is refused before the run, with the docs' fix."""

from conftest import run_cli

from gym_loop.agents import BaseAgent
from gym_loop.agents.signatures import call_problem

AGENTS = '''
from gym_loop.agents import BaseAgent
class M(BaseAgent):
    @staticmethod
    def get_default_parameters(): return {}
    def act(self, state, episode_num): return self.parameters["action_space"].sample()
    def memorize(self, last_ob, action, reward, done, ob, env_id): pass
'''


class Act(BaseAgent):
    def act(self, state, episode_num, env_id):
        return 0


class Defaulted(BaseAgent):
    def act(self, state, episode_num, env_id=0):
        return 0

    def memorize(self, last_ob, action, reward, done, ob, *, env_id=0):
        pass


def test_env_id_without_a_default_is_refused_with_the_fix():
    assert call_problem(Act) == ("Act.act(state, episode_num, env_id) names env_id without a default; DefaultLoop "
                                 "and evaluations pass none: def act(self, state, episode_num, env_id=0)")
    assert call_problem(Defaulted) is None


def test_vector_loop_refuses_a_memorize_requiring_env_id_before_the_run(tmp_path):
    (tmp_path / "ag.py").write_text(AGENTS)
    (tmp_path / "run.yaml").write_text(
        "agent: {class: ag.py:M}\nenv: {name: CartPole-v1}\nloop:\n  class: gym_loop.loops.vector_loop:VectorLoop\n"
        "  parameters: {num_envs: 2, max_episodes: 2}\n")
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "runs").exists()
    assert result.stderr.strip() == (
        "Error: agent.class: M.memorize(last_ob, action, reward, done, ob, env_id) names env_id without a default; "
        "DefaultLoop and evaluations pass none: def memorize(self, last_ob, action, reward, done, ob, env_id=0)")
