"""left15b: ``runs_dir: 007`` made the folder ``7``: YAML reads 007 as the number 7, and the text is gone by the time
the spec's rules know the key is a path (tester14a-22). The keys that are paths whatever the classes (runs_dir and
every loop's own path parameters) now keep a plain number's text, from a file and from --set."""

from gym_loop.spec import apply_overrides, load_spec
from tests.conftest import run_cli

LAKE = "env: {name: FrozenLake-v1}\nagent: {class: gym_loop.agents.q_learning:QLearningAgent}\n"


def test_a_path_key_keeps_the_text_of_a_number(tmp_path):
    text = "runs_dir: 007\nseed: 010\nloop:\n  parameters: {logdir: 1.50, max_episodes: 007}\n"
    (tmp_path / "s.yaml").write_text(text)
    document = load_spec(str(tmp_path / "s.yaml"))
    assert document["runs_dir"] == "007" and document["loop"]["parameters"] == {"logdir": "1.50", "max_episodes": 7}
    assert document["seed"] == 10  # not a path: YAML 1.2's number
    given = apply_overrides({}, ["runs_dir=008", "loop.parameters={checkpoint_dir: 09}", "seed=011"])
    assert given == {"runs_dir": "008", "loop": {"parameters": {"checkpoint_dir": "09"}}, "seed": 11}


def test_train_makes_the_folder_as_written(tmp_path):
    (tmp_path / "s.yaml").write_text(f"runs_dir: 007\n{LAKE}loop: {{parameters: {{max_episodes: 2}}}}\n")
    done = run_cli("-q", "train", "-c", "s.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "007").is_dir() and not (tmp_path / "7").exists()
