"""docs/errors.rst rows for fix9b2 (tester9b's defects); tests/test_errors_table.py counts them."""

import importlib

TESTED_ELSEWHERE = {
    # tests/test_extensions_fix9b2.py
    "train_agent(..., sinks=...) or extra_rules=... given one object, not a list, from Python",
    "a class instead of an instance in train_agent's sinks or extra_rules, from Python",
    "a sink of your own without every method of gym_loop.sinks.Sink, from Python",
    "a method of a sink or rule of your own that cannot take the run's arguments, from Python",
    "an object with none of a rule's methods in train_agent's extra_rules, from Python",
    "a schedule rule of your own that raises, from Python",
    "a schedule rule of your own returning what is no decision (True, a string), from Python",
    "a schedule rule of your own whose saving() returns no context manager, from Python",
}



def _from(function):
    """The scenario ``function`` of tests/test_loops_fix9b2.py, which writes its files and returns the command."""
    return lambda tmp_path: getattr(importlib.import_module("test_loops_fix9b2"), function)(tmp_path)


SCENARIOS = {
    "a loop of your own yielding an Episode whose fields are not numbers (a string return, a None global_step)":
        _from("wrong_field_spec"),
    "a loop of your own whose evaluation_episodes() ends before eval_episodes (training or gym-loop eval)":
        _from("short_eval_run"),
}
