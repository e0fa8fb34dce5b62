"""fix15b's rows of docs/errors.rst checked by its own tests (tests/test_agents_fix15b.py, tests/test_loops_fix15b.py)."""

TESTED_ELSEWHERE = {
    "an agent (or policy) constructor taking the spaces, policy or rng positional-only",
    "memorize or act naming among its positional parameters what gym-loop passes by name",
    "memorize taking an extra positional-only after a parameter gym-loop does not fill",
    "``DefaultLoop(RandomAgent, env)`` from Python: the agent's class, not an agent",
    "an int outside a Discrete's values (with a start), a float for a Discrete, a string beyond a Text's length",
}
