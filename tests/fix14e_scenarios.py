"""The docs/errors.rst rows and messages added for tester14e's defects; tests/test_errors_table.py counts them."""

# tests/test_python_errors_fix14e.py checks them, word for word
TESTED_ELSEWHERE = {
    "``DefaultLoop(agent, env, record=True)`` from Python with an env made without ``render_mode=\"rgb_array\"`` "
    "(before any file)",
    "``DefaultLoop(agent, env, render=True)`` from Python with an env made without ``render_mode=\"human\"`` "
    "(before any file)",
    "``DefaultLoop(agent, env)`` from Python with an agent that has no ``act``",
    "``BaseAgent(rng=...)`` from Python with a parameter named ``rng`` that is no NumPy generator",
    # tests/test_state_fix14e.py
    "``agent.load(path)`` from Python given a checkpoint's folder",
    "``agent.load(path)`` from Python given the run's ``latest`` (or ``best``) pointer",
    "``agent.load(path)`` from Python given a folder that is no checkpoint",
    # tests/test_loops_fix14e.py
    "a later ``loop.train()`` from Python, continuing the loop's run, with an ``eval_env`` given since (periodic "
    "evaluation turned on)",
    "a later ``loop.train()`` from Python, continuing the loop's run, with its ``eval_env`` taken away since",
    "Ctrl-C (a notebook's \"interrupt kernel\") during ``loop.train()`` from Python",
    "a second Ctrl-C during ``loop.train()`` from Python (stop at once)",
    "Ctrl-C during ``loop.evaluate()`` from Python",
    "Ctrl-C during ``loop.evaluate()`` from Python, before its first episode ended",
}
