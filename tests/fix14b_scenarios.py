"""The docs/errors.rst rows added for tester14b's defects (fix14b); tests/test_errors_table.py runs and counts them."""

SPEC = ("agent: {class: gym_loop.agents.random_agent:RandomAgent}\nenv: {name: CartPole-v1}\n"
        "loop: {parameters: {max_episodes: 1, episodes_per_eval: 1}}\n")


def _sweep(tmp_path, *args):
    (tmp_path / "s.yaml").write_text(SPEC)
    return ["sweep", "-c", "s.yaml", "--seeds", "0", *args]


SCENARIOS = {
    "a --grid or --zip value that YAML reads as no JSON value (a date: ``2020-01-01`` unquoted), which a config "
    "cannot hold": lambda p: _sweep(p, "--grid", "agent.parameters.since=[2020-01-01]", "--dry-run"),
}
