"""Rows of docs/errors.rst added by fix11a1 (tester11a-2, -3, -5, -6, -8, -9, -14, -15); tests/test_reimport_fix11a1.py
checks them."""

TESTED_ELSEWHERE = {
    "a class of ``__main__`` misspelt (``__main__:Nb`` where the notebook defines ``NB``; test_reimport_fix11a1.py)",
    "from Python (train_agent, get_default_params), a class of ``__main__`` not defined yet (its cell not run; "
    "test_reimport_fix11a1.py)",
}
