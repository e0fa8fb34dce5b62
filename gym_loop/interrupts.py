"""Ctrl-C and SIGTERM during training: the first asks for a stop after the current episode, the second stops at once."""

import logging
import signal
import threading
from typing import Any, Optional

from gym_loop.errors import Terminated

logger = logging.getLogger(__name__)

NAMES = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}


class GracefulStop:
    """While active, the first SIGINT or SIGTERM sets ``loop.stop_requested``; the loop then finishes
    its episode and saves a checkpoint. A second signal raises ``KeyboardInterrupt`` (``Terminated``).

    Args:
        loop: A loop with a ``stop_requested`` attribute.
    """

    def __init__(self, loop: Any):
        self.loop = loop
        self.received: Optional[int] = None
        self._previous = {}

    def __enter__(self) -> "GracefulStop":
        if threading.current_thread() is threading.main_thread():  # signals only reach the main thread
            self._previous = {number: signal.signal(number, self._handle) for number in NAMES}
        return self

    def __exit__(self, *exc_info: Any) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    @property
    def reason(self) -> Optional[str]:
        """``interrupted`` or ``terminated`` once a signal came, else None."""
        return NAMES.get(self.received)

    def _handle(self, number: int, frame: Any) -> None:
        if self.received is not None:
            raise Terminated() if number == signal.SIGTERM else KeyboardInterrupt()
        self.received = number
        self.loop.stop_requested = NAMES[number]
        logger.warning("%s: finishing this episode and saving a checkpoint; send it again to stop at once",
                       NAMES[number])
