"""eval's --set help gives a key eval uses, and eval warns of a --set of a training-only loop parameter, which it
ignores (tester9e-16: the help's own example, max_episodes=100, played the default 10 episodes, silently)."""

from conftest import make_spec, run_cli, write_spec


def test_eval_help_example_is_eval_episodes(tmp_path):
    help_text = " ".join(run_cli("eval", "--help", cwd=tmp_path).stdout.split())
    assert "E.g. --set loop.parameters.eval_episodes=100" in help_text


def test_eval_warns_of_a_training_only_set(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1, eval_episodes=1))
    result = run_cli("-q", "eval", "-c", "run.yaml", "--set", "loop.parameters.max_episodes=100",
                     "--set", "loop.parameters.render=false", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "WARNING: loop.parameters.max_episodes: not used by eval, which plays eval_episodes episodes; set "
        "loop.parameters.eval_episodes instead",
        "WARNING: loop.parameters.render: not used by eval, which plays eval_episodes episodes; set "
        "loop.parameters.eval_render instead"]
