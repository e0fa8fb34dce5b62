"""left7: gym-loop eval builds a Run too, and said what only training needs (the reward_threshold warning);
eval_agent's advice spoke CLI to a Python caller."""

from conftest import make_spec, run_cli, write_spec

WARNING = "WARNING: loop.parameters.reward_threshold: judged by the mean return"


def test_eval_does_not_warn_that_reward_threshold_cannot_stop_a_run(tmp_path):
    spec = make_spec(max_episodes=5, reward_threshold=1000, max_episode_len=5, logdir=None)
    write_spec(tmp_path / "run.yaml", {**spec, "seed": 1})
    result = run_cli("eval", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert WARNING not in result.stderr, result.stderr
    trained = run_cli("train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path)
    assert WARNING in trained.stderr, trained.stderr  # training still warns


def _train(path, seed, **loop_parameters):
    from gym_loop.gym_loop import train_agent

    spec = make_spec(max_episodes=2, episodes_per_checkpoint=1, logdir=None, **loop_parameters)
    train_agent({**spec, "seed": seed}, run_dir=path)
    return path


def test_eval_agent_advises_another_runs_checkpoint_in_python_terms(tmp_path, monkeypatch):
    import pytest

    from gym_loop.errors import SpecError
    from gym_loop.gym_loop import eval_agent

    monkeypatch.chdir(tmp_path)
    _train(tmp_path / "mine", 1), _train(tmp_path / "other", 2)
    given = "other/checkpoints/agent-000002"
    with pytest.raises(SpecError) as error:
        eval_agent(None, run_dir=tmp_path / "mine", checkpoint=given)
    assert str(error.value) == (
        f"checkpoint: {given} was saved by another run (other), not by {tmp_path / 'mine'}; evaluate it with its own "
        "run: eval_agent(None, run_dir='other', checkpoint='agent-000002'), or, to load it into this run's agent "
        f"anyway: eval_agent(run_params, checkpoint='{given}')")


def test_eval_agent_of_a_legacy_loops_run_advises_in_python_terms(tmp_path, monkeypatch):
    import pytest

    from gym_loop.errors import GymLoopError
    from gym_loop.gym_loop import eval_agent, train_agent
    from test_errors_table import LEGACY_LOOP

    monkeypatch.chdir(tmp_path)
    (tmp_path / "legacy_loop.py").write_text(LEGACY_LOOP)
    spec = {**make_spec(max_episodes=1), "loop": {"class": "legacy_loop.py:Loop"}, "seed": 1}
    train_agent(spec, run_dir=tmp_path / "r")
    with pytest.raises(GymLoopError) as error:
        eval_agent(None, run_dir=tmp_path / "r", checkpoint="latest")
    assert str(error.value).endswith(f"evaluate a fresh agent with: eval_agent(None, run_dir='{tmp_path / 'r'}')")


def test_eval_agent_of_a_spec_without_checkpoints_advises_in_python_terms(tmp_path, monkeypatch):
    import pytest

    from gym_loop.errors import GymLoopError
    from gym_loop.gym_loop import eval_agent

    monkeypatch.chdir(tmp_path)
    with pytest.raises(GymLoopError) as error:
        eval_agent({**make_spec(), "seed": 1}, checkpoint="latest")
    assert str(error.value).endswith("training saves them in its run folder: "
                                     "eval_agent(None, run_dir='runs/<run>', checkpoint='latest')")
