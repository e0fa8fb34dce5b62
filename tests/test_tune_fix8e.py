"""tune --sampler tpe starts with random search, as its help and docs/tuning.rst say (tester8e-5)."""

from pathlib import Path

from conftest import run_cli
from gym_loop.tuning.study import STARTUP_TRIALS, make_sampler


def proposals(sampler, count):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=make_sampler(sampler, 3), direction="maximize")
    values = []
    for _ in range(count):
        trial = study.ask()
        values.append(trial.suggest_float("learning_rate", 0.01, 1.0, log=True))
        study.tell(trial, -(values[-1] - 0.3) ** 2)
    return values


def test_tpe_proposes_what_random_does_for_its_startup_trials_then_its_own():
    tpe, random = proposals("tpe", STARTUP_TRIALS + 2), proposals("random", STARTUP_TRIALS + 2)
    assert STARTUP_TRIALS == 10 and tpe[:STARTUP_TRIALS] == random[:STARTUP_TRIALS]
    assert tpe[STARTUP_TRIALS:] != random[STARTUP_TRIALS:]


def test_tune_help_says_tpe_starts_with_random_trials(tmp_path):
    result = run_cli("tune", "--help", cwd=tmp_path)
    assert result.returncode == 0 and f"first {STARTUP_TRIALS} trials" in " ".join(result.stdout.split())
    docs = " ".join((Path(__file__).parent.parent / "docs/tuning.rst").read_text().split())
    assert f"its first {STARTUP_TRIALS} trials of a study (Optuna's ``n_startup_trials``) are random search" in docs
