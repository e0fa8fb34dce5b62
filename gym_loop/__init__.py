"""Gym Loop: run your reinforcement learning agent on Gymnasium environments from a YAML run spec."""

import sys

# Not 0.3.0: state.json gained run.generators since, and 0.3.0 cannot resume such runs (docs/runs.rst).
__version__ = "0.4.0.dev0"

# The classes of a default spec: here, not in gym_loop.spec, so that --help (which shows them) imports no YAML.
DEFAULT_AGENT = "gym_loop.agents.random_agent:RandomAgent"
DEFAULT_LOOP = "gym_loop.loops.default_loop:DefaultLoop"
# Its signals (SIGHUP, SIGALRM), locks (fcntl) and processes are POSIX's: gym-loop's entry and gym_loop.errors say so.
ON_WINDOWS = "gym-loop runs on Linux and macOS, not on Windows; install and run it in WSL (Windows Subsystem for Linux)"
FILE_MODULE_PREFIX = "gym_loop_file_"  # a file class's module: gym_loop_file_<stem>_<sha256 of its path, 16 digits>


class _FileModules:
    """Finds a file class's module (``my_agent.py:MyAgent``'s) that the process has not loaded: one that
    multiprocessing started with spawn or forkserver (an async vector env's worker, an agent's own
    ``multiprocessing.Pool``) and that unpickles a function or class of the file. Here, as any process that
    imports gym-loop (the ``gym-loop`` script, which such a process runs first, or a run worker's module) has it;
    the search is :func:`gym_loop.resolve.file_module_spec`'s."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> object:
        if path is not None or not name.startswith(FILE_MODULE_PREFIX):
            return None
        from gym_loop.resolve import file_module_spec

        return file_module_spec(name)


sys.meta_path.append(_FileModules)
