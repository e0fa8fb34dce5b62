"""The docs/errors.rst rows added for tester7b's defects (fix7a); tests/test_errors_table.py runs and counts them."""

from pathlib import Path

from conftest import make_spec, write_spec


def eval_render_headless(tmp_path: Path):
    """``eval -c`` of a spec with eval_render, on a Linux machine without a display."""
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1, eval_render=True))
    return ["eval", "-c", "run.yaml"], {"DISPLAY": "", "WAYLAND_DISPLAY": "", "SDL_VIDEODRIVER": ""}


SCENARIOS = {
    "evaluating with eval_render on Linux without a display": eval_render_headless,
}

TESTED_ELSEWHERE = set()
