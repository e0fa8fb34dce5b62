"""docs/errors.rst rows for fix8a (tester8a's defects); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    "an empty spec that is not a regular file (/dev/null, an empty pipe)",  # test_spec_fix8a
}
TESTED_ELSEWHERE |= {  # test_checkpoint_paths_fix8a
    "evaluating a run folder as a checkpoint (--checkpoint RUN)",
    "evaluating a run's checkpoints folder as a checkpoint",
}
TESTED_ELSEWHERE |= {  # test_python_runs_fix8a
    "train_agent(..., resume=RUN, run_dir=...) from Python",
    "train_agent(..., name=...) that is not a folder name (empty, or with a '/') from Python",
}
# test_install_hint_fix8a
TESTED_ELSEWHERE |= {"agent file needs PyTorch, not installed (examples/dqn.py, ppo.py)"}


def misspelt_env_parameter(tmp_path):
    """``train`` of FrozenLake-v1 with ``is_slipery``."""
    from conftest import make_spec, write_spec

    spec = make_spec("FrozenLake-v1")
    spec["env"]["parameters"] = {"is_slipery": False}
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml"]


SCENARIOS = {"a misspelt env parameter": misspelt_env_parameter}
TESTED_ELSEWHERE |= {"a run's agent file moved or deleted (train --resume, eval --run)"}  # test_python_runs_fix8a
