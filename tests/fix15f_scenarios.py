"""The docs/errors.rst rows added for tester15f's defects; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_leftovers_fix15f.py
    "the agent's (or the env's) code left a thread or a ``multiprocessing.Process`` running that is not a daemon (a "
    "logger, an uploader): once the run is recorded, gym-loop gives it 3 s, then exits with the command's status "
    "without it (Python would wait for it for ever, silently, and a sweep with it)",
    # tests/test_policy_save_fix15f.py
    "a policy with its own ``save(path)`` and ``load(path)`` whose save writes nothing",
    "a policy with its own ``save(path)`` and ``load(path)`` whose save raises",
    "a policy with its own ``save(path)`` and ``load(path)`` whose load raises (eval --run, train --resume)",
    # tests/test_generator_methods_fix15f.py
    "an agent method (``act``, ``memorize``, ``update``, ``metrics``, ``save``, ``load``) with a ``yield`` in its body "
    "(a leftover of debugging), so a call runs none of it",
    "an agent method written as ``async def`` (its call makes a coroutine nobody awaits)",
    # tests/test_base_exceptions_fix15f.py
    "the agent's code raises an exception that derives from ``BaseException`` only (``gevent.Timeout``, "
    "``trio.Cancelled``, a ``GeneratorExit``), in any of its methods, its constructor or as its file is imported: "
    "told as any exception is",
    # tests/test_resume_load_exits_fix15f.py
    "the agent's ``load`` calls ``sys.exit()`` while ``train --resume`` loads the checkpoint (the resume has not "
    "begun)",
    "the agent's ``load`` raises ``KeyboardInterrupt`` while ``train --resume`` loads the checkpoint (no Ctrl-C came)",
    "the agent's constructor raises ``KeyboardInterrupt`` (no Ctrl-C came)",
    # tests/test_replaced_sigint_fix15f.py
    "Ctrl-C after the agent's (or the env's) code put another SIGINT handler in place of gym-loop's (a library "
    "restoring Python's ``signal.default_int_handler``): the run stops at once, without waiting for the episode's "
    "end, and is resumable from its last checkpoint",
    # tests/test_error_text_fix15f.py
    "a ``breakpoint()`` (or ``pdb.set_trace()``) left in the agent's code, run with no terminal (a sweep's run, a "
    "batch job: stdin is /dev/null)",
    "an exception of the agent's code whose ``__str__`` raises",
    # tests/test_eval_place_fix15f.py
    "the agent raises KeyboardInterrupt in a periodic evaluation (``episodes_per_eval``)",
    # tests/test_required_parameter_fix15f.py
    "an agent (or policy) constructor that requires a parameter neither the spec's parameters nor gym-loop "
    "(``observation_space``, ``action_space``, ``policy``, ``rng``) gives (train, eval, create-default)",
    # tests/test_getattr_agents_fix15f.py
    "an agent whose ``__getattr__`` raises another error than AttributeError for a name it lacks (a dict-backed "
    "config raising KeyError)",
    "an agent whose ``__getattr__`` answers every name, so a method gym-loop looks up (``memorize``, ``update``, ...) "
    "is no method",
}
