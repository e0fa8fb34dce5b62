"""How a run ended when a signal came: a Ctrl-C after the last planned episode does not cut it short."""

from typing import Any, Dict, Optional


def signal_that_cut(summary: Any, spec: Dict, signal_name: Optional[str]) -> Optional[str]:
    """``signal_name`` if that signal stopped training before it did all it planned, else None.

    A signal that came during the last episode, or after it, stopped nothing: the run finished,
    and resuming it would only say that it already ran every episode. The summary's
    ``stop_reason``, which the signal set, is then cleared.
    """
    if signal_name is None or not _ran_everything(summary, spec):
        return signal_name
    if getattr(summary, "stop_reason", None) == signal_name:
        summary.stop_reason = None
    return None


def _ran_everything(summary: Any, spec: Dict) -> bool:
    episodes, planned = getattr(summary, "episodes", None), getattr(summary, "planned", None)
    if episodes is not None and planned is not None and episodes >= planned:
        return True
    max_steps = spec["loop"]["parameters"].get("max_steps")
    return max_steps is not None and getattr(summary, "steps", 0) >= max_steps
