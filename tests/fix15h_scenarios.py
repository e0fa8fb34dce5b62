"""fix15h's rows of docs/errors.rst checked by its own tests (tests/test_agents_fix15h.py)."""

TESTED_ELSEWHERE = {
    "an agent class of your own (not on BaseAgent) without act, or with act only assigned in ``__init__``",
}
