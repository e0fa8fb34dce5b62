"""docs/errors.rst rows for fix10b2 (tester10b's defects); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_actions_fix10b2.py
    "an action of another shape than a Box's (a number for a Box of one)",
    "an action outside a Box's bounds (or holding NaN: ``(it holds NaN)``)",
    "a float array for an integer Box, or a float64 array that an env of your own refuses for its float32 Box",
}
TESTED_ELSEWHERE |= {
    # tests/test_env_imports_fix10b2.py
    "a file path in env.imports (as agent.class takes one)",
    "a file path as the module of env.name",
}
