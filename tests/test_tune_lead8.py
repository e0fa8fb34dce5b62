"""tune warns, as sweep does, that runs stopping at reward_threshold are scored by the number that stopped them."""

import pytest

from conftest import make_spec, run_cli, write_spec
from test_sweep_fix8d import WARNING

pytest.importorskip("optuna")


@pytest.mark.parametrize("threshold, warned", [(20.0, True), (None, False)])
def test_a_tune_whose_runs_stop_at_a_threshold_warns_its_scores_are_biased(tmp_path, threshold, warned):
    spec = make_spec(max_episodes=1, episodes_per_eval=1, eval_episodes=1, max_episode_len=5, logdir=None,
                     reward_threshold=threshold)
    write_spec(tmp_path / "s.yaml", spec)
    (tmp_path / "space.yaml").write_text("loop.parameters.eval_episodes: {categorical: [1, 2]}\n")
    result = run_cli("tune", "-c", "s.yaml", "--space", "space.yaml", "--trials", 1, "--seeds", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    line = WARNING.replace("in {} of 2 configs", "in the tune's spec").format(20.0)
    assert (line in result.stderr.splitlines()) == warned, result.stderr
