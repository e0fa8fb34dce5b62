"""The errors a user can fix: the CLI prints their message as one line, never a traceback."""


class GymLoopError(Exception):
    """A problem during a run that the user can act on (exit code 1)."""

    exit_code = 1


class SpecError(GymLoopError):
    """The run spec or a command-line value is wrong (exit code 2).

    Args:
        key: Dotted path of the offending key, e.g. ``loop.parameters.max_episodes``;
            empty when the problem is the file as a whole.
        problem: What is wrong and, where possible, how to fix it.
    """

    exit_code = 2

    def __init__(self, key: str, problem: str):
        super().__init__(f"{key}: {problem}" if key else problem)
        self.key = key
        self.problem = problem


class ResolveError(GymLoopError):
    """A class string cannot be turned into a class."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that files are closed as for Ctrl-C."""


class RunStopped(GymLoopError):
    """Training stopped by Ctrl-C (exit code 130) or SIGTERM (143); the message says how to resume."""

    def __init__(self, message: str, terminated: bool):
        super().__init__(message)
        self.exit_code = 143 if terminated else 130
