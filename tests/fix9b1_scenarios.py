"""docs/errors.rst rows for fix9b1 (tester9b's defects on loops of your own); tests/test_errors_table.py counts them."""

# tests/test_loop_checks_fix9b1.py checks each word for word, with `gym-loop train` (exit 2)
TESTED_ELSEWHERE = {
    "a loop parameter that would shadow a method of the loop",
    "a loop's check_training without @staticmethod",
    "a loop's check_training raising another exception than SpecError",
    "a loop on BaseLoop without the attribute agent (or env)",
}


def _from(module, function):
    """The scenario ``function`` of the test file ``module``, which writes its files and returns the command."""
    import importlib

    return lambda tmp_path: getattr(importlib.import_module(module), function)(tmp_path)


def _stateless_resume(tmp_path):
    """A finished 3-episode run of a loop without state(); its resume to 5 episodes."""
    from conftest import run_cli
    from test_stateless_resume_fix9b1 import NO_STATE

    (tmp_path / "nostate.py").write_text(NO_STATE)
    (tmp_path / "s.yaml").write_text("agent: {class: gym_loop.agents:RandomAgent}\nenv: {name: CartPole-v1}\n"
                                     "loop: {class: nostate.py:NoState, parameters: {max_episodes: 3}}\nseed: 1\n")
    assert run_cli("train", "-q", "-c", "s.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    return ["train", "--resume", "r", "--set", "loop.parameters.max_episodes=5"]


SCENARIOS = {
    "a resume of a loop without state() and restore() (its counters start over)": _stateless_resume,
    "a loop on the loop protocol unpacking the old gym API's four-value env.step":
        _from("test_old_api_fix9b1", "old_episodes_loop"),
}
