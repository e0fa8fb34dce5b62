"""Specs written by the original's create-default (yaml.dump): !!python/tuple is read as a list, a NumPy value is
refused with the fix (tester8f-18)."""

from conftest import run_cli

AGENT = '''
from gym_loop.agents import BaseAgent
class T(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"hidden": (64, 64), "gamma": 0.99}
    def act(self, state, episode_num):
        assert list(self.hidden) == [64, 32]
        return self.action_space.sample()
'''

TAIL = ("env: {imports: [], name: CartPole-v1, parameters: {}}\n"
        "loop: {class: gym_loop.loops.default_loop:DefaultLoop, parameters: {max_episodes: 1}}\n")


def test_a_python_tuple_tag_is_read_as_a_list(tmp_path):
    (tmp_path / "t.py").write_text(AGENT)
    (tmp_path / "run.yaml").write_text("agent:\n  class: t.py:T\n  parameters:\n    hidden: !!python/tuple\n"
                                       "    - 64\n    - 32\n" + TAIL)
    ran = run_cli("-q", "train", "-c", "run.yaml", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr


def numpy_scalar_spec(tmp_path):
    (tmp_path / "t.py").write_text(AGENT)
    (tmp_path / "run.yaml").write_text(
        "agent:\n  class: t.py:T\n  parameters:\n    gamma: !!python/object/apply:numpy._core.multiarray.scalar\n"
        "    - !!python/object/apply:numpy.dtype\n      args: [f8, false, true]\n    - !!binary |\n"
        "      rkfhehSu7z8=\n" + TAIL)
    return ["train", "-c", "run.yaml"]


def test_a_numpy_value_is_refused_with_the_fix(tmp_path):
    ran = run_cli("-q", *numpy_scalar_spec(tmp_path), cwd=tmp_path)
    assert ran.returncode == 2
    assert ran.stderr == ("Error: run.yaml:4:12: a NumPy value written by PyYAML's dump (the original gym-loop's "
                          "create-default wrote them so); write the plain number, or regenerate the spec with gym-loop "
                          "create-default\n")
