"""Scenarios of the docs/errors.rst rows added for tester6a's defects (fix6b); tests/test_errors_table.py runs them
with the rest."""

from pathlib import Path

from conftest import make_spec, write_spec


def spec_of(tmp_path: Path, change) -> list:
    """``train -c run.yaml`` of a small CartPole spec that ``change`` edits."""
    spec = make_spec(max_episodes=1)
    change(spec)
    write_spec(tmp_path / "run.yaml", spec)
    return ["train", "-c", "run.yaml"]


PREDICT_AGENT = """
from gym_loop.agents import BaseAgent


class Predict(BaseAgent):
    def act(self, state, episode_num):
        return (0, None)  # what Stable-Baselines3's model.predict(obs) returns
"""


def predict_pair(tmp_path: Path, loop: str) -> list:
    """``train`` of an agent whose act returns Stable-Baselines3's predict() pair, under ``loop``."""
    (tmp_path / "predict.py").write_text(PREDICT_AGENT)

    def change(spec):
        spec["agent"] = {"class": "predict.py:Predict"}
        spec.pop("policy", None)
        if loop == "VectorLoop":
            spec["loop"] = {"class": "gym_loop.loops.vector_loop:VectorLoop",
                            "parameters": {"max_episodes": 1, "num_envs": 2, "vectorization_mode": "sync"}}
    return spec_of(tmp_path, change)


SCENARIOS = {
    "an act returning Stable-Baselines3's predict() pair (action, state)": lambda p: predict_pair(p, "DefaultLoop"),
    "VectorLoop: an act (called per sub-env) returning what is not an action": lambda p: predict_pair(p, "VectorLoop"),
    "render_mode given in env.parameters": lambda p: spec_of(p, lambda s: s["env"].update(
        parameters={"render_mode": "human"})),
}
