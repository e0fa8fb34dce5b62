"""tester14a-13: --checkpoint ./agent-000001 (a path from the working directory, where there is none) names the path
as given and the run's own checkpoint of that name, not 'no checkpoint agent-000001' and a list holding it."""

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.random_agent:RandomAgent}\nenv: {name: CartPole-v1}\n"
        "loop: {parameters: {max_episodes: 1, episodes_per_checkpoint: 1}}\n")


def test_dot_slash_name(tmp_path):
    (tmp_path / "run.yaml").write_text(SPEC)
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    done = run_cli("-q", "eval", "--run", "r", "--checkpoint", "./agent-000001", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "Error: no checkpoint ./agent-000001 (a path from the working directory); the run's own " \
                          "is: --checkpoint agent-000001\n"
