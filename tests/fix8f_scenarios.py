"""docs/errors.rst rows for fix8f (tester8f's defects); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_agents_fix8f.py
    "an agent calling the policy gym_loop.policies.base_policy:BasePolicy (the original's default)",
}
TESTED_ELSEWHERE |= {
    "``max_episodes: null`` without ``max_steps``",  # tests/test_budget_fix8f.py
}
