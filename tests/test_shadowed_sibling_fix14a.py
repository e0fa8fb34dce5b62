"""tester14a-14: a module the agent file imports by a name that a file beside it has (test.py), but that comes from
elsewhere (the standard library's test), is warned of: python file.py would import the file beside it."""

import logging

from gym_loop.resolve import resolve_class

AGENT = ("import test\nimport helper14a\nfrom gym_loop.agents.base_agent import BaseAgent\n"
         "class A(BaseAgent):\n    def act(self, s, e): return 0\n")


def test_warned(tmp_path, caplog):
    (tmp_path / "test.py").write_text("X = 'mine'\n")
    (tmp_path / "helper14a.py").write_text("X = 1\n")  # imported from beside it: no warning
    (tmp_path / "ag14a.py").write_text(AGENT)
    with caplog.at_level(logging.WARNING):
        resolve_class(f"{tmp_path / 'ag14a.py'}:A")
    warned = [record.getMessage() for record in caplog.records if "beside it" in record.getMessage()]
    assert len(warned) == 1 and warned[0].startswith("ag14a.py: import test gives ")
    assert warned[0].endswith("not test.py beside it (a module of that name comes first); rename test.py")
