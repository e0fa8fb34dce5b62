"""Whether a process recorded by pid (and host) still lives: for runs and tune workers left behind."""

import os
import socket
from pathlib import Path
from typing import Any, List, Optional


def process_alive(pid: Any, host: Optional[str] = None, started: Optional[str] = None) -> Optional[bool]:
    """Whether process ``pid`` lives on this machine.

    A process that ended but was not yet reaped by its parent (a zombie, e.g. a killed worker
    whose parent was killed too) counts as dead, and so does one that started at another time than
    ``started`` says (the pid taken by another process since: after a reboot, or pids wrapping).

    Args:
        pid: The recorded process id.
        host: The host it was recorded on; None for this one.
        started: Its :func:`process_start` as recorded; None: not recorded (an older record, or no ``/proc``).

    Returns:
        True or False; None when that cannot be told here (no pid recorded, or another host).
    """
    if type(pid) is not int or pid <= 0 or host not in (None, socket.gethostname()):  # bool is no pid
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: /proc, which any user reads, still tells its state and start
        pass
    fields = _stat(pid)
    if fields is None:  # no /proc (macOS): kill(0) said it exists
        return True
    return fields[0] != "Z" and (started is None or _start(fields) in (None, started))


def process_start(pid: int) -> Optional[str]:
    """When process ``pid`` started, as ``<boot id>:<clock ticks after boot>`` (Linux's ``/proc``), unique to it on
    this machine, so a pid another process took since is told apart; None where ``/proc`` cannot tell."""
    fields = _stat(pid)
    return None if fields is None else _start(fields)


def _stat(pid: int) -> Optional[List[str]]:
    """The fields of ``/proc/<pid>/stat`` after the command's name (the state first), or None where it cannot be
    read."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split() or None
    except (OSError, IndexError):
        return None


def _start(fields: List[str]) -> Optional[str]:
    """:func:`process_start` from a process's :func:`_stat` fields."""
    try:
        return f"{Path('/proc/sys/kernel/random/boot_id').read_text().strip()}:{fields[19]}"  # field 22, starttime
    except (OSError, IndexError):
        return None
