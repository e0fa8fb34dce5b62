"""left15a: one mechanism where there were several; what each says stays."""

import logging

from conftest import make_spec

AGENT = '''
from gym_loop.agents import BaseAgent
class Still(BaseAgent):
    def act(self, state, episode_num): return 0
'''


def test_one_check_says_what_code_changed_for_eval_and_resume(tmp_path, monkeypatch, caplog):
    """The 'code changed since the run trained' check of eval, of a resume and of a failed load is one function."""
    from gym_loop.gym_loop import eval_agent, train_agent
    from gym_loop.resume import code_changes
    from gym_loop.run_folder import RunFolder
    from gym_loop.spec import run_spec

    monkeypatch.chdir(tmp_path)
    (tmp_path / "still.py").write_text(AGENT)
    (tmp_path / "other.py").write_text(AGENT + "# another\n")
    spec = make_spec(agent="still.py:Still", max_episodes=1, logdir=None)
    train_agent(spec, run_dir=tmp_path / "run")
    run = RunFolder(tmp_path / "run")
    assert code_changes(run, run_spec(spec), "evaluating") == {}
    (tmp_path / "still.py").write_text(AGENT + "# a fix\n")
    (edited, said), = code_changes(run, run_spec(spec), "evaluating").values()
    assert edited and said.startswith(f"the agent's file {tmp_path / 'still.py'} changed since the run last "
                                      "trained (sha256 ")
    other = {**spec, "agent": {**spec["agent"], "class": "other.py:Still"}}
    assert code_changes(run, run_spec(other), "evaluating") == {"agent": (False, (
        "agent.class: evaluating other.py:Still, not the still.py:Still the run last trained (another file)"))}
    with caplog.at_level(logging.WARNING):
        eval_agent(None, run_dir=tmp_path / "run", checkpoint="latest")
        spec["loop"]["parameters"]["max_episodes"] = 2
        train_agent(spec, resume=tmp_path / "run")
    assert f"{said}; the evaluation runs the new code" in caplog.text
    assert f"{said}; the episodes before this resume came from the old code" in caplog.text


def test_a_run_s_checkpoint_dir_is_found_one_way(tmp_path):
    """gym_loop's own _checkpoint_dir and Run's paths are run_paths.loop_path, which always gives a checkpoint_dir."""
    from pathlib import Path

    from gym_loop import gym_loop
    from gym_loop.run import _paths
    from gym_loop.run_paths import loop_path

    assert not hasattr(gym_loop, "_checkpoint_dir")
    assert loop_path(Path("r"), {"checkpoint_dir": None}, "checkpoint_dir") == Path("r", "checkpoints")
    assert loop_path(Path("r"), {"episodes_csv": None}, "episodes_csv") is None
    assert _paths({"checkpoint_dir": "~/c", "logdir": "l"}, str(tmp_path)) == {
        "episodes_csv": None, "evals_csv": None, "logdir": tmp_path / "l", "checkpoint_dir": Path.home() / "c"}


def test_another_library_s_loop_key_is_named_alike_flat_and_under_loop_parameters():
    import pytest

    from gym_loop.errors import SpecError
    from gym_loop.spec import run_spec

    spec = {"agent": {"class": "gym_loop.agents.random_agent:RandomAgent"}, "env": {"name": "CartPole-v1"}}
    with pytest.raises(SpecError) as flat:
        run_spec({**spec, "total_timesteps": 10})
    with pytest.raises(SpecError) as nested:
        run_spec({**spec, "loop": {"parameters": {"total_timesteps": 10}}})
    assert str(flat.value) == "total_timesteps: unknown key; gym-loop's name for it is 'loop.parameters.max_steps'"
    assert str(nested.value) == "loop.parameters.total_timesteps: unknown key; gym-loop's name for it is 'max_steps'"


def test_a_tune_s_parameters_are_set_as_set_sets_them():
    """with_parameters walks the key path as apply_overrides does: ``schedule.100`` is the integer key 100."""
    import pytest

    from gym_loop.errors import SpecError
    from gym_loop.tuning.space import with_parameters

    base = {"agent": {"parameters": {"schedule": {0: 1.0, 100: 0.5}, "discount": 0.9}}}
    tuned = with_parameters(base, {"agent.parameters.schedule.100": 0.1, "loop.parameters.max_episodes": 3})
    assert tuned == {"agent": {"parameters": {"schedule": {0: 1.0, 100: 0.1}, "discount": 0.9}},
                     "loop": {"parameters": {"max_episodes": 3}}}
    assert base["agent"]["parameters"]["schedule"][100] == 0.5
    with pytest.raises(SpecError, match=r"^space.agent.parameters.discount.x: agent.parameters.discount is 0.9 in "
                                        r"the spec, not a mapping"):
        with_parameters(base, {"agent.parameters.discount.x": 1})


def test_a_continued_sweep_and_a_spec_run_elsewhere_look_for_the_same_code(tmp_path, monkeypatch):
    """One lister (resolve.code_not_found) for refuse_missing_code and refuse_files_found_elsewhere: the first now
    also sees a nested policy's file and a local module's agent class."""
    import pytest

    from gym_loop.errors import SpecError
    from gym_loop.resolve import code_not_found
    from gym_loop.spec import refuse_files_found_elsewhere
    from gym_loop.sweeps.envs import refuse_missing_code

    spec = {"agent": {"class": "pkgleft15a.agents:A", "policy": {"class": "pol.py:P"}}, "env": {"name": "CartPole-v1"}}
    assert list(code_not_found(spec, tmp_path)) == [("agent.policy.class", "pol.py", False),
                                                    ("agent.class", "pkgleft15a", True)]
    where = ("this sweep's runs start", "made", str(tmp_path))
    with pytest.raises(SpecError, match=rf"^agent.policy.class: no such file: pol.py in {tmp_path}, where this "
                                        r"sweep's runs start; put it there, then continue: x$"):
        refuse_missing_code(spec, str(tmp_path), where, "continue: x")
    (tmp_path / "pol.py").write_text("")
    with pytest.raises(SpecError, match=rf"^agent.class: no module pkgleft15a in {tmp_path}, where this sweep's runs "
                                        r"start, nor beside the agent file, nor installed; put pkgleft15a.py there"):
        refuse_missing_code(spec, str(tmp_path), where, "continue: x")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    with pytest.raises(SpecError, match=r"^agent.policy.class: no such file: pol.py from the working directory, but "
                                        r"\.\./pol.py is; run from \.\. \(a class's file path is taken from the "
                                        r"working directory\), or give that path: --set agent.policy.class=\.\./pol"):
        refuse_files_found_elsewhere(spec, tmp_path / "s.yaml")


def test_a_resume_with_a_setting_is_advised_by_one_call_in_python_too():
    from gym_loop.errors import resume_call

    assert resume_call("runs/x") == "train_agent(None, resume='runs/x')"
    assert resume_call("runs/x", "loop.parameters.max_episodes=N") == (
        "train_agent(run_params, resume='runs/x') with loop.parameters.max_episodes=N in run_params (the run's "
        "runs/x/spec.yaml)")
