"""left8: a continued sweep warns of a changed ``module:Class`` agent (a local module) as of a ``file.py:Class`` one,
as train --resume and eval --run compare both."""

import os

from conftest import make_spec, run_cli, write_spec

AGENT = """from gym_loop.agents.random_agent import RandomAgent


class LocalAgent(RandomAgent):
    pass
"""


def test_a_continued_sweep_warns_of_a_changed_module_class(tmp_path):
    (tmp_path / "localagent8.py").write_text(AGENT)
    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))}  # not installed
    spec = make_spec(max_episodes=2)
    spec["agent"]["class"] = "localagent8:LocalAgent"
    write_spec(tmp_path / "cp.yaml", spec)
    made = run_cli("-q", "sweep", "-c", "cp.yaml", "--seeds", "0-1", cwd=tmp_path, env=env)
    assert made.returncode == 0, made.stderr
    same = run_cli("sweep", "sweeps/cp", "--add-seeds", "2", cwd=tmp_path, env=env)
    assert same.returncode == 0, same.stderr
    assert "changed since" not in same.stderr
    (tmp_path / "localagent8.py").write_text(AGENT + "# a fix\n")
    changed = run_cli("sweep", "sweeps/cp", "--add-seeds", "3", cwd=tmp_path, env=env)
    assert changed.returncode == 0, changed.stderr
    assert ("WARNING: localagent8.py changed since 3 run(s) of this sweep trained with it: the sweep "
            "would mix two versions of the code; to run every seed on the new one, give a new --name"
            ) in changed.stderr.splitlines()
