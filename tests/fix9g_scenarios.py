"""docs/errors.rst rows for fix9g (tester9g's defects); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_loop_params_fix9g.py
    "a loop parameter named as what the run gives the loop (agent, env, eval_env, progress)",
}
TESTED_ELSEWHERE |= {
    # tests/test_given_list_fix9g.py
    "train_agent(..., sinks=...) or extra_rules=... given a value that is not a list (a number)",
}
