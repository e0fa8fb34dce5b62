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


SCENARIOS = {
    "a loop on the loop protocol unpacking the old gym API's four-value env.step":
        _from("test_old_api_fix9b1", "old_episodes_loop"),
}
