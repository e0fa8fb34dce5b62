"""The policy interface: a mapping from states to actions that an agent can own and train."""

import sys
from typing import Any, Dict, Optional

from gym_loop.agents.reserved import check_attributes, own_parameters
from gym_loop.rules import inherited_defaults
from gym_loop.state import PlainState, remember_given


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
        parameters = vars(self)["parameters"] = own_parameters(self, {**inherited_defaults(self, BasePolicy), **params})
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
        if module is not None and cls.__call__ is BasePolicy.__call__:  # BasePolicy before nn.Module in the bases
            cls.__call__ = _act_or_forward  # type: ignore[method-assign]


def _torch_module(cls: type) -> Optional[type]:
    """``torch.nn.Module`` if ``cls`` is a subclass of it (torch is then imported), else None."""
    module = getattr(sys.modules.get("torch.nn"), "Module", None)
    return module if module is not None and issubclass(cls, module) else None


def _act_or_forward(self: Any, *args: Any, **kwargs: Any) -> Any:
    """``__call__`` of a policy on BasePolicy and ``nn.Module`` (in that order): given a tensor, the module's
    (``forward``, so ``self(x)`` inside ``act`` is what torch code means), else :meth:`BasePolicy.act`
    (``self.policy(state)`` in an agent, as the seeds call it)."""
    import torch

    if args and isinstance(args[0], torch.Tensor):
        return torch.nn.Module.__call__(self, *args, **kwargs)
    return self.act(*args, **kwargs)
