"""docs/errors.rst rows for fix10b2 (tester10b's defects); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_actions_fix10b2.py
    "an action of another shape than a Box's (a number for a Box of one)",
    "an action outside a Box's bounds",
    "a float array for an integer Box, or a float64 array that an env of your own refuses for its float32 Box",
}
TESTED_ELSEWHERE |= {
    # tests/test_env_imports_fix10b2.py
    "a file path in env.imports (as agent.class takes one)",
    "a file path as the module of env.name",
}
TESTED_ELSEWHERE |= {
    # tests/test_vector_make_fix10b2.py
    "the env's vector entry point does not take what Gymnasium's make_vec passes it (with no vector_kwargs given; in "
    "sync or async mode, make_vec's failure is ``gymnasium.make_vec failed (sync): ...``)",
    "an env whose close() raises, under an async VectorLoop (which closes a copy of the env as it starts)",
}
