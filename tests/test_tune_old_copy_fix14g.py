"""fix14g: a tune begun before gym-loop quoted strings like 1e-3 (tester14a-12) keeps a copy of its spec and space
with them unquoted, which the workers read as numbers: continuing it rewrites the copy from the file given when the
two are the same document to the old reader (YAML 1.1) but not to gym-loop's (tester14g-10)."""

from gym_loop.tuning.folder import TuneFolder
from gym_loop.yaml_safety import load

OLD = "agent:\n  class: a.py:A\n  parameters: {lr: 1e-3, tag: 08}\nenv: {name: CartPole-v1}\nseed: 0\n"
NEW = "agent:\n  class: a.py:A\n  parameters: {lr: '1e-3', tag: '08'}\nenv: {name: CartPole-v1}\nseed: 0\n"
SETTINGS = {"seeds": [0], "storage": None, "study": "s"}


def test_an_old_copy_read_otherwise_is_rewritten(tmp_path):
    folder = TuneFolder(tmp_path / "t")
    folder.set_up(OLD, "agent.parameters.lr: {categorical: [1e-3, 1e-2]}\n", SETTINGS)
    folder.set_up(NEW, "agent.parameters.lr: {categorical: ['1e-3', '1e-2']}\n", SETTINGS)
    assert load(folder.spec_path.read_text(), "spec.yaml")["agent"]["parameters"] == {"lr": "1e-3", "tag": "08"}
    assert load(folder.space_path.read_text(), "space.yaml") == {"agent.parameters.lr": {"categorical": ["1e-3",
                                                                                                         "1e-2"]}}


def test_a_copy_the_same_to_both_readers_is_kept(tmp_path):
    folder = TuneFolder(tmp_path / "t")
    folder.set_up(NEW.replace("seed: 0", "seed: 3"), "x: {int: [1, 2]}\n", SETTINGS)
    folder.set_up(NEW, "x: {int: [1, 2]}\n", SETTINGS)
    assert "seed: 3" in folder.spec_path.read_text()  # no trial uses it
