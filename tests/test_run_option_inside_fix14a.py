"""tester14a-6: --run/--resume given a checkpoint (or the checkpoints folder) by a path from inside the run is told
the run folder to give (..), as the same path given from above is, not 'is not a run folder'."""

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.random_agent:RandomAgent}\nenv: {name: CartPole-v1}\n"
        "loop: {parameters: {max_episodes: 1, episodes_per_checkpoint: 1}}\n")


def test_from_inside_the_checkpoints(tmp_path):
    (tmp_path / "run.yaml").write_text(SPEC)
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    inside = tmp_path / "r" / "checkpoints"
    for args, message in (
            (["eval", "--run", "agent-000001"], "agent-000001 is inside the run folder ..; give the run folder: --run "
                                                ".. --checkpoint agent-000001"),
            (["eval", "--run", "."], ". is inside the run folder ..; give the run folder: --run .."),
            (["train", "--resume", "agent-000001"], "agent-000001 is inside the run folder ..; give the run folder: "
                                                    "--resume ..")):
        done = run_cli(*args, cwd=inside)
        assert done.returncode == 2 and message in done.stderr, done.stderr
