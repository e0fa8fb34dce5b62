"""fix14g: tester14a-24's advice for a .py file given as -c names the file's class when it defines one, and an agent
file without the class named lists the classes it has (tester14g-11: CLASS, followed literally, said only "has no
class 'CLASS'")."""

import pytest

from conftest import run_cli
from gym_loop.errors import ResolveError
from gym_loop.resolve import resolve_class

AGENT = ("import collections\nfrom gym_loop.agents.base_agent import BaseAgent\nclass MyAgent(BaseAgent):\n"
         "    def act(self, s, e): return 0\nclass Helper:\n    pass\n")


def test_the_advice_names_the_one_class(tmp_path):
    (tmp_path / "one_agent.py").write_text(AGENT.split("class Helper")[0])
    done = run_cli("train", "-c", "one_agent.py", cwd=tmp_path)
    assert done.returncode == 2 and "gym-loop create-default -a one_agent.py:MyAgent -c one_agent.yaml" in done.stderr


def test_no_such_class_lists_the_files_classes(tmp_path):
    (tmp_path / "two_classes.py").write_text(AGENT)
    with pytest.raises(ResolveError, match=r"two_classes.py has no class 'CLASS'; its classes: MyAgent, Helper$"):
        resolve_class(f"{tmp_path / 'two_classes.py'}:CLASS")
