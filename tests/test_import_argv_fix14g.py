"""fix14g: a user module imported by gym-loop sees only its program name in sys.argv, as ``python file.py`` with no
arguments would give it: an unguarded argparse of options parses nothing instead of calling gym-loop's own arguments
unrecognized and exiting (tester14g-7)."""

import sys

from gym_loop.resolve import resolve_class

OPTIONS = ("import argparse, sys\nfrom gym_loop.agents.base_agent import BaseAgent\nARGV = list(sys.argv)\n"
           "p = argparse.ArgumentParser()\np.add_argument('--lr', type=float)\nargs = p.parse_args()\n"
           "class A(BaseAgent):\n    def act(self, s, e): return 0\n")


def test_an_unguarded_argparse_of_options_parses_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["gym-loop", "train", "-c", "s.yaml"])
    (tmp_path / "exargv.py").write_text(OPTIONS)
    agent = resolve_class(f"{tmp_path / 'exargv.py'}:A")
    assert sys.modules[agent.__module__].ARGV == ["gym-loop"]
    assert sys.argv == ["gym-loop", "train", "-c", "s.yaml"]
