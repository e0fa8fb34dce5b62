"""The docs/errors.rst rows added for tester13b's defects (fix13b); tests/test_errors_table.py runs and counts them."""

SPEC = "agent: {class: gym_loop.agents.random_agent:RandomAgent}\nenv: {name: CartPole-v1}\n"


def spec_text(tmp_path, text, *args):
    """``train`` of a spec file holding ``text``."""
    (tmp_path / "run.yaml").write_text(text)
    return ["train", "-c", "run.yaml", *args]


SCENARIOS = {
    "plot --width or --height not a finite number": lambda p: ["plot", ".", "--height", "nan"],
    "an empty path option or argument (an unset shell variable: -o \"$OUT\"), which click would read as the working "
    "directory": lambda p: ["plot", ".", "-o", ""],
    "an empty key (``\"\": 1``; quoted, so the line names it)": lambda p: spec_text(p, SPEC + '"": 1\n'),
    "--set with an empty key, given twice (``--set =1 --set =2``: its form is checked first)":
        lambda p: spec_text(p, SPEC, "--set", "=1", "--set", "=2"),
    "a spec of two YAML documents (a second one after a ``---`` line)":
        lambda p: spec_text(p, SPEC + "loop: {parameters: {max_episodes: 2}}\n---\nseed: 1\n"),
}
