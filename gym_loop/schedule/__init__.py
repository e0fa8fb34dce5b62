"""Schedule rules: small objects a run asks, as training goes, whether to stop it.

A rule given to :func:`gym_loop.gym_loop.train_agent` as ``extra_rules`` is asked after every
periodic evaluation (loop parameter ``episodes_per_eval``)::

    class MyRule:
        def after_evaluation(self, episode: int, global_step: int, mean_return: float) -> Optional[Stop]:
            ...

The first :class:`Stop` returned ends the run after a checkpoint, and ``run.json`` records its
status and reason.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stop:
    """The end of a run that a rule asks for.

    Args:
        status: What ``run.json`` records as the run's status, e.g. ``finished`` or ``pruned``.
        reason: Why, in words, for ``run.json`` and the log.
    """

    status: str
    reason: str
