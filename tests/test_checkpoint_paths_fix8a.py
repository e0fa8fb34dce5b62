"""fix8a: --checkpoint given a run folder, its checkpoints folder, the latest pointer or a checkpoint's file
(tester8a-3)."""

from conftest import make_spec, only_run, run_cli, write_spec


def test_what_a_newcomer_gives_as_checkpoint_is_taken_or_answered_with_the_fix(tmp_path):
    write_spec(tmp_path / "s.yaml", make_spec(episodes_per_checkpoint=None))
    assert run_cli("train", "-c", "s.yaml", "-q", cwd=tmp_path).returncode == 0
    run = only_run(tmp_path).relative_to(tmp_path)
    checkpoint = next((tmp_path / run / "checkpoints").glob("agent-*")).relative_to(tmp_path)

    def evaluate(given):
        return run_cli("eval", "-c", "s.yaml", "-q", "--checkpoint", given, "-o", "out", cwd=tmp_path)

    for given in (run / "checkpoints" / "latest", checkpoint / "agent.ckpt"):
        assert evaluate(given).returncode == 0, evaluate(given).stderr
    refused = evaluate(run)
    assert refused.returncode == 1 and refused.stderr.strip().splitlines()[-1] == (
        f"Error: {run} is a run folder, not a checkpoint: gym-loop eval --run {run} --checkpoint latest (or best, "
        "or a checkpoint's name)")
    refused = evaluate(run / "checkpoints")
    assert refused.returncode == 1 and refused.stderr.strip().splitlines()[-1] == (
        f"Error: {run}/checkpoints holds checkpoints ({checkpoint.name}), it is not one; give one of them: "
        f"--checkpoint {checkpoint}")
