"""Main module: build the env, policy, agent and loop of a run spec, and run them."""

import importlib.util
import inspect
from typing import Any, Callable, Dict, Optional

from gym_loop import DEFAULT_AGENT, DEFAULT_LOOP
from gym_loop.agents.protocol import accepted_keywords
from gym_loop.errors import GymLoopError, SpecError
from gym_loop.resolve import module_str_to_class, validate_module_str
from gym_loop.spec import agent_default_policy, default_spec, import_env_modules, resolve_spec

__all__ = [
    "build_agent", "build_env", "build_loop", "build_policy", "eval_agent", "get_default_params",
    "module_str_to_class", "train_agent", "validate_module_str",
]


def train_agent(run_params: Dict, progress: Optional[Callable] = None) -> Any:
    """Run training loop for run parameters.

    Args:
        run_params: Dictionary from parsed configuration file; checked and completed first.
        progress: Called by the loop after every episode with its running summary.

    Returns:
        Whatever the loop's ``train()`` returns (a :class:`~gym_loop.loops.summary.Summary`
        for ``DefaultLoop``).
    """
    return _run(run_params, progress, evaluation=False)


def eval_agent(run_params: Dict, progress: Optional[Callable] = None) -> Any:
    """Run loop without updating agent.

    Args:
        run_params: Dictionary from parsed configuration file; checked and completed first.
        progress: Called by the loop after every episode with its running summary.

    Returns:
        Whatever the loop's ``evaluate()`` returns.
    """
    return _run(run_params, progress, evaluation=True)


def build_env(params: Dict, evaluation: bool = False) -> Any:
    """Create gym env from run parameters.

    Imports ``env.imports`` (packages that register envs), then calls ``gymnasium.make`` with
    ``env.name`` and ``env.parameters``. The render mode follows the loop's ``record``/``render``
    (``eval_record``/``eval_render`` when ``evaluation``): ``rgb_array`` to record, ``human`` to render.

    Raises:
        SpecError: An import is missing, the env id is unknown, or its parameters are refused.
    """
    import gymnasium

    env_spec = params["env"]
    import_env_modules(env_spec.get("imports") or [])
    kwargs = dict(env_spec.get("parameters") or {})
    render_mode = _render_mode(params.get("loop", {}).get("parameters") or {}, evaluation)
    if render_mode:
        kwargs["render_mode"] = render_mode
    try:
        return gymnasium.make(env_spec["name"], **kwargs)
    except gymnasium.error.DependencyNotInstalled as error:
        raise GymLoopError(f"env {env_spec['name']}: {error}") from error
    except gymnasium.error.Error as error:
        raise SpecError("env.name", str(error)) from error
    except TypeError as error:
        raise SpecError("env.parameters", str(error)) from error


def build_policy(params: Dict, env: Any) -> Optional[Any]:
    """Create the policy of the spec's ``policy`` section, or else of the agent's default.

    Returns:
        The policy, or None when there is none.
    """
    if "policy" in params:
        policy_spec = params["policy"]
    else:
        policy_spec = agent_default_policy(module_str_to_class(params["agent"]["class"]))
    if policy_spec is None:
        return None
    policy_class = module_str_to_class(policy_spec["class"])
    return _construct(policy_class, policy_spec.get("parameters"),
                      observation_space=env.observation_space, action_space=env.action_space)


def build_agent(params: Dict, policy: Optional[Any], env: Any) -> Any:
    """Create agent from run parameters.

    The agent gets ``agent.parameters`` and, where its constructor takes them,
    ``observation_space``, ``action_space`` and ``policy``.
    """
    agent_class = module_str_to_class(params["agent"]["class"])
    return _construct(agent_class, params["agent"].get("parameters"), policy=policy,
                      observation_space=env.observation_space, action_space=env.action_space)


def build_loop(params: Dict, agent: Any, policy: Optional[Any], env: Any) -> Any:
    """Create loop from run parameters: ``Loop(agent=, env=, **loop.parameters)``.

    ``policy`` is passed too when the loop's constructor names it.
    """
    loop_spec = params.get("loop") or {}
    loop_class = module_str_to_class(loop_spec.get("class", DEFAULT_LOOP))
    parameters = dict(loop_spec.get("parameters") or {})
    if "policy" in inspect.signature(loop_class).parameters:
        parameters["policy"] = policy
    return loop_class(agent=agent, env=env, **parameters)


def get_default_params(agent_str: str = DEFAULT_AGENT, loop_str: str = DEFAULT_LOOP) -> Dict:
    """Build a dict with default run spec for the agent.

    Args:
        agent_str: agent class string, ``package.module:Class`` or ``agent_filepath.py:Class``.
        loop_str: loop class string, ``package.module:Class`` or ``loop_filepath.py:Class``.

    Returns:
        dict: default run spec dict.
    """
    return default_spec(agent_str, loop_str)


def _run(run_params: Dict, progress: Optional[Callable], evaluation: bool) -> Any:
    spec = resolve_spec(run_params)
    env = build_env(spec, evaluation=evaluation)
    try:
        policy = build_policy(spec, env)
        agent = build_agent(spec, policy, env)
        loop = build_loop(spec, agent, policy, env)
        loop.progress = progress
        return loop.evaluate() if evaluation else loop.train()
    finally:
        env.close()


def _render_mode(loop_parameters: Dict, evaluation: bool) -> Optional[str]:
    prefix = "eval_" if evaluation else ""
    if loop_parameters.get(prefix + "record"):
        if importlib.util.find_spec("moviepy") is None:
            raise SpecError(f"loop.parameters.{prefix}record",
                            "recording videos needs moviepy: pip install 'gym-loop[video]'")
        return "rgb_array"
    return "human" if loop_parameters.get(prefix + "render") else None


def _construct(component_class: type, parameters: Optional[Dict], **context: Any) -> Any:
    """``component_class(**parameters)`` plus the ``context`` entries its constructor accepts."""
    accepted = {name: context[name] for name in accepted_keywords(component_class, context)}
    return component_class(**{**(parameters or {}), **accepted})
