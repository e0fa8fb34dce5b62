"""tester14a-16: an empty spec.yaml of a run (or sweep) folder given to train -c is told to restore it, not to write
it with create-default, which refuses a file of a run folder."""

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.random_agent:RandomAgent}\nenv: {name: CartPole-v1}\n"
        "loop: {parameters: {max_episodes: 1}}\n")


def test_empty_spec_of_a_run(tmp_path):
    (tmp_path / "run.yaml").write_text(SPEC)
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    (tmp_path / "r" / "spec.yaml").write_text("")
    done = run_cli("train", "-c", "r/spec.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "Error: r/spec.yaml is empty; it is a file of the run folder r: restore it from a copy of " \
                          "the run\n"
    (tmp_path / "empty.yaml").write_text("")
    other = run_cli("train", "-c", "empty.yaml", cwd=tmp_path)
    assert "write a spec with: gym-loop create-default -c empty.yaml" in other.stderr
