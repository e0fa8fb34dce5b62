"""tester14a-17: 'quote it to keep it a string' says how to quote a --set value, where the shell eats the quotes
the user would type around it (--set agent.parameters.tag='007' is --set agent.parameters.tag=007 to gym-loop)."""

from conftest import run_cli

AGENT = ("from gym_loop.agents.base_agent import BaseAgent\nclass A(BaseAgent):\n    @staticmethod\n"
         "    def get_default_parameters(): return {'tag': '007'}\n    def act(self, state, episode_num): return 0\n")


def test_hint_gives_the_set_form_that_works(tmp_path):
    (tmp_path / "strdef.py").write_text(AGENT)
    (tmp_path / "s.yaml").write_text("agent: {class: strdef.py:A}\nenv: {name: CartPole-v1}\n"
                                     "loop: {parameters: {max_episodes: 1}}\n")
    refused = run_cli("train", "-c", "s.yaml", "-q", "--set", "agent.parameters.tag=007", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.endswith(
        "with --set, quote inside the shell's quotes: --set \"KEY='VALUE'\")\n")
    followed = run_cli("train", "-c", "s.yaml", "-q", "--set", "agent.parameters.tag='007'", cwd=tmp_path)
    assert followed.returncode == 0, followed.stderr
