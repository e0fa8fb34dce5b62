"""Parameter names an agent or a policy cannot take: those gym-loop fills itself, and those that would shadow
a method (docs/agents.rst, "Construction")."""

import inspect
from typing import Any, Iterable

from gym_loop.errors import SpecError
from gym_loop.state import PASSED


LOOP_PASSED = {"agent": "its agent", "env": "its env", "eval_env": "its evaluation env",
               "progress": "its progress callback"}
"""What the run gives every loop under these names, to its constructor or as attributes after it."""


def check_passed(section: str, parameters: Iterable[str], accepted: Iterable[str]) -> None:
    """Refuse a parameter named as something gym-loop passes to the constructor too (it would replace the value).

    Args:
        section: ``agent`` or ``policy``, for the key in the message.
        parameters: The names of the spec's parameters.
        accepted: The names of :data:`PASSED` the constructor accepts and gym-loop passes.

    Raises:
        SpecError: At ``<section>.parameters.<name>``, saying to rename it.
    """
    for name in parameters:
        if name in accepted:
            raise SpecError(f"{section}.parameters.{name}", f"gym-loop passes the {section} "
                                                             f"{PASSED.get(name) or LOOP_PASSED[name]} under "
                                                             f"this name, which would replace this value; rename it")


def check_attributes(owner: Any, section: str, parameters: Iterable[str]) -> None:
    """Refuse a parameter that, set as an attribute of ``owner``, would replace ``self.parameters`` or shadow a
    method or property of its class (the names of :data:`PASSED` are attributes by design and pass).

    Args:
        owner: The agent or policy being built (``BaseAgent.__init__`` or ``BasePolicy.__init__``), or its class
            (a spec checked before anything is built).
        section: ``agent`` or ``policy``, for the key in the message.
        parameters: The names of its parameters, about to become attributes.

    Raises:
        SpecError: At ``<section>.parameters.<name>``, naming what it would shadow and saying to rename it.
    """
    kind = owner if isinstance(owner, type) else type(owner)
    for name in parameters:
        if name == "parameters":
            raise SpecError(f"{section}.parameters.{name}", f"would replace self.parameters, the dict of all the "
                                                             f"{section}'s parameters; rename it")
        if name in PASSED:
            continue
        attribute = inspect.getattr_static(kind, name, None)
        # Descriptors only: a method, property, static or class method. A class attribute holding a class or a
        # builtin function (network_class = MLP) is a default a parameter may well replace; None is no attribute.
        if hasattr(type(attribute), "__get__"):
            what = f"property {name}" if isinstance(attribute, property) else f"method {name}()"
            raise SpecError(f"{section}.parameters.{name}", f"would shadow {kind.__name__}'s {what}, as each "
                                                             f"parameter becomes an attribute of the same name; "
                                                             f"rename it")


class Parameters(dict):
    """``self.parameters`` of an agent or policy whose class has a ``parameters()`` method of its own, as a
    ``torch.nn.Module`` has: the dict of its parameters (the README's ``self.parameters["lr"]``) that, called
    (``self.parameters()``, as an optimizer's constructor and ``Module.zero_grad`` call it), calls the class's
    method (docs/agents.rst, "An agent that is a torch.nn.Module")."""

    __slots__ = ("owner",)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return type(self.owner).parameters(self.owner, *args, **kwargs)


def own_parameters(owner: Any, parameters: dict) -> dict:
    """``parameters`` as ``owner.parameters``: a :class:`Parameters` if its class has a ``parameters()`` method
    (so that the instance's dict does not hide it), else the dict itself. Set it with ``vars(owner)`` (a class's
    property ``parameters`` then stays what ``self.parameters`` reads; gym-loop reads the instance's own)."""
    if not callable(inspect.getattr_static(type(owner), "parameters", None)):
        return parameters
    both = Parameters(parameters)
    both.owner = owner
    return both
