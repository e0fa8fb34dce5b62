"""fix8a: train_agent(resume=RUN) and eval_agent(run_dir=RUN) from Python run the run's own files, as --resume and
eval --run do (tester8a-13)."""

import pytest

from gym_loop.errors import GymLoopError, SpecError
from gym_loop.gym_loop import eval_agent, get_default_params, train_agent

PLAIN = ("class Plain:\n    def __init__(self, action_space=None, **kw):\n        self.action_space = action_space\n"
         "    def act(self, s, e):\n        return self.action_space.sample()\n")


def _run_made_in_a(tmp_path, monkeypatch):
    (tmp_path / "A").mkdir()
    (tmp_path / "B").mkdir()
    (tmp_path / "A" / "plain.py").write_text(PLAIN)
    (tmp_path / "B" / "plain.py").write_text('raise SystemExit("WRONG FILE USED")\n')
    monkeypatch.chdir(tmp_path / "A")
    spec = get_default_params("plain.py:Plain", "gym_loop.loops.default_loop:DefaultLoop")
    spec["env"]["name"] = "CartPole-v1"
    spec["loop"]["parameters"].update(max_episodes=2, eval_episodes=1, max_episode_len=20)
    run = train_agent(spec, name="cd").run_dir.resolve()
    monkeypatch.chdir(tmp_path / "B")
    return spec, run


def test_python_eval_and_resume_of_a_run_use_its_own_file(tmp_path, monkeypatch):
    spec, run = _run_made_in_a(tmp_path, monkeypatch)
    eval_agent(None, run_dir=run, checkpoint="latest")  # not B/plain.py
    eval_agent(spec, run_dir=run, checkpoint="latest")  # the spec dict too
    with pytest.raises(GymLoopError, match="already ran 2 of 2"):  # past importing the agent's file
        train_agent(None, resume=run)
    spec["loop"]["parameters"]["max_episodes"] = 3
    assert train_agent(spec, resume=run).episodes == 3


def test_train_agent_checks_name_and_run_dir_in_python_words(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = get_default_params("gym_loop.agents.random_agent:RandomAgent", "gym_loop.loops.default_loop:DefaultLoop")
    spec["env"]["name"] = "CartPole-v1"
    spec["loop"]["parameters"].update(max_episodes=1, logdir=None)
    train_agent(spec, run_dir="fixed")
    with pytest.raises(SpecError, match=r"^run_dir: fixed is a run folder \(finished\); continue it with: "
                                        r"train_agent\(None, resume='fixed'\), or give a new path$"):  # fix14a
        train_agent(spec, run_dir="fixed")
    with pytest.raises(SpecError, match=r"^run_dir: train_agent\(resume=\.\.\.\) keeps the run's own folder; leave "
                                        r"out run_dir$"):
        train_agent(spec, run_dir="fixed2", resume="fixed")
    for name in ("a/b", ""):
        with pytest.raises(SpecError, match=f"^name: {name!r} is not a folder name; give one name without '/', such "
                                            r"as lake-lr \(the folder goes under runs_dir\)$"):
            train_agent(spec, name=name)
    assert not (tmp_path / "fixed2").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["fixed"]


def test_a_run_whose_agent_file_is_gone_says_how_to_give_another(tmp_path, monkeypatch):
    from conftest import run_cli

    spec, run = _run_made_in_a(tmp_path, monkeypatch)
    (tmp_path / "A" / "plain.py").rename(tmp_path / "B" / "good.py")
    (tmp_path / "B" / "plain.py").unlink()  # else the working directory's file of the name is used (runs.rst)
    gone = "plain.py"
    with pytest.raises(SpecError, match=(
            rf"^agent.class: no such file: {gone} \(the run's agent file: moved or deleted\?\); restore it, or give "
            r"the file to use: agent.class=PATH.py:Plain in run_params$")):
        eval_agent(None, run_dir=run, checkpoint="latest")
    refused = run_cli("eval", "--run", run, "-q", cwd=tmp_path / "B")
    assert refused.returncode == 2 and refused.stderr.strip().splitlines()[-1] == (
        f"Error: agent.class: no such file: {gone} (the run's agent file: moved or deleted?); restore it, or give the "
        "file to use: --set agent.class=PATH.py:Plain")
    assert run_cli("eval", "--run", run, "-q", "--set", "agent.class=good.py:Plain", cwd=tmp_path / "B").returncode == 0
