"""A run folder whose spec.yaml got CRLF line endings (a Git for Windows checkout, autocrlf=true) is not 'cut short
or changed after gym-loop wrote it' (tester14d-3)."""

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 2, eval_episodes: 2}}\n")


def test_crlf_line_endings_keep_the_seal(tmp_path):
    (tmp_path / "lake.yaml").write_text(SPEC)
    assert run_cli("-q", "train", "-c", "lake.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    spec = tmp_path / "r" / "spec.yaml"
    spec.write_bytes(spec.read_bytes().replace(b"\n", b"\r\n"))
    result = run_cli("eval", "--run", "r", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    spec.write_bytes(spec.read_bytes().replace(b"max_episodes: 2", b"max_episodes: 3"))
    changed = run_cli("eval", "--run", "r", cwd=tmp_path)
    assert changed.returncode == 2 and "was cut short or changed after gym-loop wrote it" in changed.stderr
