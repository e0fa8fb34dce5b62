"""docs/errors.rst rows of left13a (note15's leftovers), each checked by a test file of left13a."""

TESTED_ELSEWHERE = {
    "the agent raises KeyboardInterrupt in an evaluation",  # tests/test_eval_interrupt_left13a.py
    "a list or mapping default that holds itself (``p = []; p.append(p)``)",  # tests/test_defaults_left13a.py
}
