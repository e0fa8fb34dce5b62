"""The one click type of every path option and argument: ``click.Path`` with a leading ``~`` expanded first."""

import os
from typing import Any, Optional

import click


class UserPath(click.Path):
    """``click.Path`` that reads ``~/x`` (and ``~user/x``) as the home folder's ``x`` before it checks the path: bash
    leaves ``~`` as it is after ``=`` (``--sweeps-dir=~/sw``) and in quotes (job scripts), which would else make a
    folder named ``~`` in the working directory, or refuse ``~/x`` as missing."""

    def convert(self, value: Any, param: Optional[click.Parameter], ctx: Optional[click.Context]) -> Any:
        if isinstance(value, (str, os.PathLike)):
            value = os.path.expanduser(value)
        return super().convert(value, param, ctx)
