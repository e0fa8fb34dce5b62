"""gym-loop's click types: of every path option and argument (``click.Path`` with a leading ``~`` expanded first), and
of a number option that must be finite."""

import math
import os
from pathlib import Path
from typing import Any, Optional

import click


class UserPath(click.Path):
    """``click.Path`` that reads ``~/x`` (and ``~user/x``) as the home folder's ``x`` before it checks the path: bash
    leaves ``~`` as it is after ``=`` (``--sweeps-dir=~/sw``) and in quotes (job scripts), which would else make a
    folder named ``~`` in the working directory, or refuse ``~/x`` as missing. An empty path (or only spaces) is
    refused: click would read it as the working directory."""

    def convert(self, value: Any, param: Optional[click.Parameter], ctx: Optional[click.Context]) -> Any:
        if isinstance(value, str) and not value.strip():  # an unset shell variable ("$OUT"): not the working directory
            what = "a folder's" if not self.file_okay else "a file's" if not self.dir_okay else "a"
            raise click.BadParameter(f"empty; give {what} path", ctx=ctx, param=param)
        if isinstance(value, (str, os.PathLike)):
            value = os.path.expanduser(value)
        return super().convert(value, param, ctx)


class SpecFile(UserPath):
    """A spec file given with ``-c``: an existing file. A run folder or a sweep folder given instead (the likeliest
    slip beside ``--run``, ``--resume`` and ``SWEEP_DIR``) is told the command it stands for."""

    def __init__(self) -> None:
        super().__init__(exists=True, dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: Optional[click.Parameter], ctx: Optional[click.Context]) -> Any:
        if isinstance(value, (str, os.PathLike)) and os.path.isdir(os.path.expanduser(value)) and (
                advice := _folder_advice(Path(os.path.expanduser(value)), ctx.info_name if ctx else None)) is not None:
            self.fail(advice, param, ctx)
        path = super().convert(value, param, ctx)
        if path.suffix == ".py":  # the agent's source, given where its spec goes
            from gym_loop.errors import program, quoted

            self.fail(f"{path} is Python source, not a run spec; write one for its agent with: {program()} "
                      f"create-default -a {quoted(f'{path}:CLASS')} -c {quoted(path.with_suffix('.yaml'))}", param, ctx)
        return path


def _folder_advice(folder: Path, command: Optional[str]) -> Optional[str]:
    """What to give ``command`` instead of the run or sweep ``folder`` as its spec; None for another folder."""
    from gym_loop.errors import program, quoted

    spec, shown = quoted(folder / "spec.yaml"), quoted(folder)
    if (folder / "run.json").is_file() and (folder / "spec.yaml").is_file():
        if command == "eval":
            return f"{folder} is a run folder; evaluate its checkpoint with: {program()} eval --run {shown}"
        if command == "train":
            return (f"{folder} is a run folder; continue it with: {program()} train --resume {shown}, or start a new "
                    f"run from its spec: {program()} train -c {spec}")
        return f"{folder} is a run folder; give its spec: -c {spec}"
    if (folder / "manifest.json").is_file() and (folder / "spec.yaml").is_file():
        if command == "sweep":
            return f"{folder} is a sweep folder; continue it with: {program()} sweep {shown}"
        return f"{folder} is a sweep folder; give its spec: -c {spec}"
    return None


class FiniteRange(click.FloatRange):
    """``click.FloatRange`` that refuses ``nan`` and ``inf`` as no number, saying ``give`` (what to give instead):
    click's range lets ``nan`` through (it compares false), and ``inf`` through a range without a maximum."""

    def __init__(self, give: str, **bounds: Any) -> None:
        super().__init__(**bounds)
        self.give = give

    def convert(self, value: Any, param: Optional[click.Parameter], ctx: Optional[click.Context]) -> Any:
        try:
            finite = math.isfinite(float(value))
        except (TypeError, ValueError):  # no number: click's own message says so
            finite = True
        if not finite:
            self.fail(f"{value} is not a finite number; {self.give}", param, ctx)
        return super().convert(value, param, ctx)
