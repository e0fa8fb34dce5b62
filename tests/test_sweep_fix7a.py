"""gym-loop sweep says when the spec's own seed is not one it runs (tester7b-10)."""

import pytest

from conftest import make_spec, run_cli, write_spec


@pytest.mark.parametrize("seeds, warned", [(None, True), ("7,8", False)])
def test_a_sweep_warns_that_the_spec_seed_is_not_among_its_seeds(tmp_path, seeds, warned):
    """tester7b-10: a ``seed:`` in the sweep's spec was dropped without a word."""
    spec = make_spec(max_episodes=2)
    spec["seed"] = 7
    write_spec(tmp_path / "s.yaml", spec)
    result = run_cli("sweep", "-c", "s.yaml", "--dry-run", *(["--seeds", seeds] if seeds else []), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    message = ("WARNING: seed: 7 of s.yaml is not used: each run of a sweep gets its seed from --seeds (0-4); to run "
               "it, give --seeds 7 (or list it among them)")
    assert (message in result.stderr.splitlines()) == warned, result.stderr
