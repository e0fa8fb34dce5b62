"""The policy interface: a mapping from states to actions that an agent can own and train."""

import contextvars
import functools
import sys
from typing import Any, Callable, Dict, Optional

from gym_loop.agents.reserved import check_attributes, own_parameters
from gym_loop.rules import inherited_defaults
from gym_loop.state import PlainState, own_dict, remember_given


class BasePolicy(PlainState):
    """Base class for policies, framework-agnostic.

    The spec's ``policy.parameters`` and the env's spaces are in ``self.parameters`` and are attributes
    of the same names, as for :class:`~gym_loop.agents.BaseAgent` (a parameter that would shadow a method,
    such as ``act`` or ``save``, is refused with a :class:`~gym_loop.errors.SpecError`). The spaces may also
    come first by position, as the original's ``BasePolicy(observation_space, action_space)`` took them.
    """

    def __init__(self, observation_space: Optional[Any] = None, action_space: Optional[Any] = None, **params: Any):
        super().__init__()
        spaces = {"observation_space": observation_space, "action_space": action_space}
        params = {**{name: space for name, space in spaces.items() if space is not None}, **params}
        parameters = own_parameters(self, {**inherited_defaults(self, BasePolicy), **params})
        own_dict(self, parameters=parameters)  # not vars(self)'s: see own_dict
        check_attributes(self, "policy", parameters)
        self.__dict__.update(parameters)
        remember_given(self)  # what save compares self.parameters with

    @staticmethod
    def get_default_parameters() -> Dict:
        """Specifies tweakable parameters for the policy: returns the dict ``create-default`` writes to the YAML."""
        return {}

    def act(self, state: Any) -> Any:
        """Act on state.

        Args:
            state: An observation.

        Returns:
            The action for it.
        """
        if type(self) is BasePolicy:  # named in a spec, as the original's create-default wrote it for every agent
            raise NotImplementedError("the policy is gym_loop's BasePolicy, which only stands for no particular "
                                      "policy (the original gym-loop's default); name a policy class of your own "
                                      "in the spec's policy section")
        raise NotImplementedError(f"{type(self).__name__} must implement act(state)")

    def __call__(self, state: Any) -> Any:
        """Same as :meth:`act`."""
        return self.act(state)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        module = _torch_module(cls)
        if module is not None and cls.__call__ in (BasePolicy.__call__, _act_or_forward):  # BasePolicy first
            cls.__call__ = _act_or_forward  # type: ignore[method-assign]
            act = cls.__dict__.get("act")
            if callable(act) and not getattr(act, "_marks_acting", False):
                cls.act = _marking_acting(act)  # type: ignore[method-assign]


def _torch_module(cls: type) -> Optional[type]:
    """``torch.nn.Module`` if ``cls`` is a subclass of it (torch is then imported), else None."""
    module = getattr(sys.modules.get("torch.nn"), "Module", None)
    return module if module is not None and issubclass(cls, module) else None


_ACTING: contextvars.ContextVar = contextvars.ContextVar("gym_loop_acting", default=frozenset())  # ids of policies


def _marking_acting(act: Callable) -> Callable:
    """``act`` of a policy on BasePolicy and ``nn.Module``, keeping the policy in :data:`_ACTING` while it runs."""
    @functools.wraps(act)
    def marked(self: Any, *args: Any, **kwargs: Any) -> Any:
        token = _ACTING.set(_ACTING.get() | {id(self)})
        try:
            return act(self, *args, **kwargs)
        finally:
            _ACTING.reset(token)

    marked._marks_acting = True  # type: ignore[attr-defined]
    return marked


def _act_or_forward(self: Any, *args: Any, **kwargs: Any) -> Any:
    """``__call__`` of a policy on BasePolicy and ``nn.Module`` (in that order): while its own ``act`` runs, the
    module's (``forward``, so ``self(x)`` inside ``act`` is what torch code means), else :meth:`BasePolicy.act`
    (``self.policy(state)`` in an agent, with a state or a tensor, as the seeds call it)."""
    if id(self) in _ACTING.get():
        import torch

        return torch.nn.Module.__call__(self, *args, **kwargs)
    return self.act(*args, **kwargs)
