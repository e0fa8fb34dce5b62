"""The ``gym-loop`` console script (and ``python -m gym_loop``): the CLI is imported inside :func:`main`.

Loading the CLI's modules takes a few tenths of a second; Ctrl-C then is ``Error: interrupted``, exit 130,
as everywhere else (docs/errors.rst), not Python's traceback. Only the standard library is imported here.
"""

import os
import sys

TRUE = ("1", "true", "t", "yes", "y", "on")  # what click reads as true in GYM_LOOP_DEBUG


def main() -> None:
    """Run :func:`gym_loop.cli.main`; Ctrl-C while it loads ends with ``Error: interrupted`` and exit code 130.

    With ``--debug`` on the command line or ``GYM_LOOP_DEBUG`` set true, the traceback is shown instead. A closed
    standard error (``2>&-``, a daemon's) is the null device: the command runs, as quietly as it then must.
    """
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (open until the process ends)
    try:
        from gym_loop.cli import main as cli
    except KeyboardInterrupt:
        if "--debug" in sys.argv[1:] or os.environ.get("GYM_LOOP_DEBUG", "").strip().lower() in TRUE:
            raise
        sys.stderr.write("Error: interrupted\n")
        raise SystemExit(130) from None
    cli()
