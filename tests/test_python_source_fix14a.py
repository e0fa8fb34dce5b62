"""tester14a-23/24: a .py file given as -c: create-default refuses to write a spec over it even with --force (the
agent's own code would be lost); train, eval and sweep say it is Python source and how to write its spec."""

from conftest import run_cli

AGENT = ("from gym_loop.agents.base_agent import BaseAgent\nclass A(BaseAgent):\n"
         "    def act(self, s, e): return 0\n")


def test_create_default_keeps_the_source(tmp_path):
    (tmp_path / "victim.py").write_text(AGENT)
    done = run_cli("create-default", "-a", "victim.py:A", "-c", "victim.py", "--force", cwd=tmp_path)
    assert done.returncode == 2 and (tmp_path / "victim.py").read_text() == AGENT
    assert "victim.py is Python source, where a YAML spec would overwrite the code; give the spec a .yaml path, " \
           "e.g. -c victim.yaml" in done.stderr


def test_run_commands_name_the_fix(tmp_path):
    (tmp_path / "myagent.py").write_text(AGENT)
    for command in ("train", "eval", "sweep"):
        done = run_cli(command, "-c", "myagent.py", cwd=tmp_path)
        assert done.returncode == 2 and "myagent.py is Python source, not a run spec; write one for its agent with: " \
            "gym-loop create-default -a myagent.py:CLASS -c myagent.yaml" in done.stderr, done.stderr
