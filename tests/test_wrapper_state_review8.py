"""review8: a checkpoint whose running statistics are of other env wrappers than the env now has (its module
changed) is refused by a resume and by eval --run, in one line (docs/errors.rst)."""

from conftest import run_cli
from test_wrapper_state_fix8b import WRAPPED, _setup

REFUSED = ("holds the running statistics of the env wrappers ['NormalizeReward', 'NormalizeObservation'], but the env "
           "now has ['NormalizeObservation']; use the env the run trained on")


def test_a_checkpoint_of_other_wrappers_is_refused_by_resume_and_eval(tmp_path):
    _setup(tmp_path)
    trained = run_cli("train", "-q", "-c", "s.yaml", "--run-dir", "run", "--set", "loop.parameters.max_episodes=2",
                      cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    unwrapped = WRAPPED.replace("NormalizeReward(NormalizeObservation(", "(NormalizeObservation(")  # one wrapper less
    (tmp_path / "wrapped_envs.py").write_text(unwrapped)
    resumed = run_cli("train", "-q", "--resume", "run", "--set", "loop.parameters.max_episodes=4", cwd=tmp_path)
    assert (resumed.returncode, resumed.stderr.splitlines()[-1]) == (1, f"Error: the checkpoint {REFUSED}")
    evaluated = run_cli("eval", "-q", "--run", "run", cwd=tmp_path)
    assert evaluated.returncode == 1 and evaluated.stderr.splitlines()[-1].endswith(REFUSED), evaluated.stderr
