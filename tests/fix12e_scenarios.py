"""docs/errors.rst rows of fix12e's messages: scenarios, and rows tests/test_pasted_advice_fix12e.py checks."""

from conftest import make_spec, run_cli, write_spec

TESTED_ELSEWHERE = {"the run's checkpoint folder moved beside itself (mv RUN/checkpoints RUN/old) while training"}


def _trained(tmp_path, *run_dir):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    assert run_cli("train", "-q", "-c", "run.yaml", *run_dir, cwd=tmp_path).returncode == 0
    return ["eval", "-c", "a1/spec.yaml" if run_dir else "run.yaml", "--checkpoint", "latest"]


SCENARIOS = {
    "eval -c SPEC --checkpoint latest, SPEC trained before": _trained,
    "eval -c RUN/spec.yaml --checkpoint latest (a run's spec)":
        lambda p: _trained(p, "--run-dir", "a1"),
}
