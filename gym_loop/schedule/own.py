"""A schedule rule of the user's own (``train_agent(extra_rules=[...])``), checked when given, whose exceptions are
told in one line naming it and where the run was, and whose answers are checked as it gives them."""

import numbers
import reprlib
from typing import Any, Callable, Iterable, List

from gym_loop.errors import GymLoopError, SpecError, given_list, of_gym_loop
from gym_loop.schedule import CHECKPOINT, EVALUATE, Stop

HOOKS = {"after_episode": "progress", "after_evaluation": "episode, global_step, mean_return",
         "during_evaluation": "progress", "after_checkpoint": "progress", "quiet": "progress, episodes, global_step",
         "quiet_until": "progress", "saving": ""}
DECISIONS = (EVALUATE, CHECKPOINT)
# Where the run is when it asks each hook, for a message; {} is the episodes done (a count: "episode 3" is the
# number of episodes.csv's row 3, as the loops' messages say it).
WHERE = {"after_episode": "after {} episodes", "after_evaluation": "in the evaluation after {} episodes",
         "during_evaluation": "in the evaluation after {} episodes",
         "after_checkpoint": "after the checkpoint after {} episodes"}
ASKED = tuple(WHERE)  # a rule has one or more


def own_rules(rules: Iterable[Any], key: str = "extra_rules") -> List[Any]:
    """``rules`` (given as ``key``), each of the user's own as an :class:`OwnRule`; gym-loop's own (``OnSignal``,
    gym-loop tune's pruner) and those wrapped already pass as they are.

    Raises:
        SpecError: One rule, not a list; a class, not an instance; an object with none of the rule methods, or one
            that cannot take the run's arguments.
    """
    checked = []
    for index, rule in enumerate(given_list(rules, key, "rules", HOOKS)):
        if not isinstance(rule, OwnRule) and not of_gym_loop(rule):
            if not any(hasattr(rule, hook) for hook in ASKED):
                raise SpecError(f"{key}[{index}]", f"{type(rule).__name__} has none of {', '.join(ASKED)} "
                                                   "(gym_loop.schedule)")
            rule = OwnRule(rule)
        checked.append(rule)
    return checked


class OwnRule:
    """Asks ``rule`` for the run: it has the hooks ``rule`` has (the run asks a rule only for those), each
    turning ``rule``'s exception into ``<Rule>.<hook>() failed <where>: <type>: <message>`` and refusing an
    answer that is no decision (``StopAt2.after_episode() returned True after 2 episodes; ...``)."""

    def __init__(self, rule: Any):
        self.rule, self.name = rule, type(rule).__name__
        for hook, where in WHERE.items():
            if hasattr(rule, hook):
                setattr(self, hook, self._asked(hook, getattr(rule, hook), where))
        for hook in ("quiet", "quiet_until"):  # its answer is a bool (any is taken), or two bounds
            if hasattr(rule, hook):
                setattr(self, hook, self._asked(hook, getattr(rule, hook), "after {} episodes"))
        if hasattr(rule, "saving"):
            self.saving = self._saving

    def _asked(self, hook: str, method: Callable, where: str) -> Callable:
        """``method`` as the run calls it, its failure and a wrong answer (:func:`_fits`) told in one line saying
        ``where``."""
        accepted = ACCEPTED.get(hook, "return None or Stop(status, reason) (gym_loop.schedule)")

        def asked(*arguments: Any) -> Any:
            try:
                answer = method(*arguments)
            except GymLoopError:  # Stop('failed', ...) said it already
                raise
            except Exception as error:
                raise GymLoopError(f"{self.name}.{hook}() failed {where.format(_episodes(arguments[0]))}: "
                                   f"{type(error).__name__}: {error}") from error
            if _fits(hook, answer):
                return answer
            raise GymLoopError(f"{self.name}.{hook}() returned {reprlib.repr(answer)} "
                               f"{where.format(_episodes(arguments[0]))}; {accepted}")
        return asked

    def _saving(self) -> Any:
        try:
            held = self.rule.saving()
        except GymLoopError:
            raise
        except Exception as error:
            raise GymLoopError(f"{self.name}.saving() failed: {type(error).__name__}: {error}") from error
        if not (hasattr(held, "__enter__") and hasattr(held, "__exit__")):
            raise GymLoopError(f"{self.name}.saving() returned {reprlib.repr(held)}; it must return a context "
                               "manager (e.g. contextlib.nullcontext())")
        return held


ACCEPTED = {"after_episode": "return None, EVALUATE, CHECKPOINT or Stop(status, reason) (gym_loop.schedule)",
            "quiet_until": "return two numbers (episodes, env steps; math.inf for no bound)"}


def _fits(hook: str, answer: Any) -> bool:
    """Whether ``answer`` is one the run takes from ``hook``: any from ``quiet`` (true or not), two numbers from
    ``quiet_until``, a decision from the others."""
    if hook == "quiet":
        return True
    if hook == "quiet_until":
        return isinstance(answer, (tuple, list)) and len(answer) == 2 and all(
            isinstance(bound, numbers.Real) and not isinstance(bound, bool) for bound in answer)
    return answer is None or isinstance(answer, Stop) or (
        hook == "after_episode" and type(answer) is str and answer in DECISIONS)


def _episodes(first: Any) -> Any:
    """The episodes done, from a hook's first argument: ``progress``, or ``after_evaluation``'s ``episode``."""
    return getattr(first, "episodes", first)
