"""The docs/errors.rst rows added for tester7b's defects (fix7a); tests/test_errors_table.py runs and counts them."""

from pathlib import Path

from conftest import make_spec, write_spec


def eval_render_headless(tmp_path: Path):
    """``eval -c`` of a spec with eval_render, on a Linux machine without a display."""
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1, eval_render=True))
    return ["eval", "-c", "run.yaml"], {"DISPLAY": "", "WAYLAND_DISPLAY": "", "SDL_VIDEODRIVER": ""}


def env_seed(tmp_path: Path):
    """``train`` of a spec seeding the env as the original gym-loop did, in env.parameters."""
    spec = make_spec(max_episodes=1)
    spec["env"]["parameters"] = {"seed": 3}
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml"]


SCENARIOS = {
    "env.parameters.seed, the original gym-loop's way to seed the env, which takes no seed argument": env_seed,
    "evaluating with eval_render on Linux without a display": eval_render_headless,
}

# tests/test_policy_fix7a.py: each message word for word, exit 2 and no run folder
TESTED_ELSEWHERE = {"a function given as the policy", "a policy class with neither __call__ nor act",
                    "a parameter for a class without get_default_parameters() (a plain class of the seeds' kind)"}
