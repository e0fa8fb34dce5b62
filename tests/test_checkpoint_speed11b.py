"""Checkpoints written with less work (speed11b): the same text and files, the same guarantees."""

import json
import math
import os
import random

import numpy as np

from conftest import make_spec
from gym_loop.gym_loop import train_agent
from gym_loop.run_checkpoints import Checkpoints
from gym_loop.seeding import generator_states

LAKE = "gym_loop.agents.q_learning:QLearningAgent"


def test_state_text_is_json_dumps_whatever_the_returns_hold(tmp_path):
    checkpoints = Checkpoints(tmp_path / "checkpoints", lambda path: None, 3, [], None)
    try:
        generator = np.random.default_rng(0)
        odd = [0.0, -0.0, 1, 1.0, True, np.float64(2.5), np.float32(0.1), math.inf, -math.inf, math.nan, 1e300, None]
        for step in range(12):
            returns = [float(step % 3), 2.5, odd[step], 0.1 * step, float(step % 3)] + (
                [0.0] * 30 + [step + 0.25 * index for index in range(20)] if step % 4 == 1 else [])
            state = {"format": 1, "run": {"summary": {"episodes": step, "returns": returns, "lengths": [3, 4]},
                                          "best_eval_return": None, "generators": generator_states([generator]),
                                          "rest": [[1.5, 2]]}, "loop": {"episodes": step, "x": {"y": [1.5]}}}
            expected = json.dumps(state, default=lambda value: value.item())
            assert checkpoints._state_text(state) == expected
            if step == 5:
                random.random()
                np.random.rand()
        for other in ({}, {"run": {}}, {"run": {"summary": {"returns": [1.0]}}}, {"run": {"generators": {}}},
                      {"run": {"summary": {"returns": (1.5,)}, "generators": {"random": [1], "torch": None}}}):
            assert checkpoints._state_text(other) == json.dumps(other)
    finally:
        checkpoints.close()


def test_a_commit_fsyncs_what_it_renames_before_and_the_folder_after(tmp_path, monkeypatch):
    """The commit's fsyncs run at once (run_checkpoints._fsync_all), yet in order where a crash needs it: each
    checkpoint's files, its staging folder and the CSV records are on disk before its folder is renamed, a
    pointer's new text before it is moved in place, and the checkpoints folder (the renames) is fsynced after
    them, before the next checkpoint's rename."""
    events, real_fsync, real_replace = [], os.fsync, os.replace

    def fsync(descriptor):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{descriptor}")))
        real_fsync(descriptor)

    def replace(source, destination, *args, **kwargs):
        events.append(("replace", str(source), str(destination)))
        return real_replace(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    run = tmp_path / "run"
    train_agent(make_spec("FrozenLake-v1", LAKE, max_episodes=6, episodes_per_checkpoint=2, episodes_per_eval=3,
                          keep_checkpoints=None), run_dir=run)
    checkpoints = str(run / "checkpoints")

    def renamed(event, names=(".saving-", ".best.tmp", ".latest.tmp")):
        return event[0] == "replace" and event[1].startswith(checkpoints) and event[1].rsplit("/", 1)[1].startswith(
            names)

    renames = [index for index, event in enumerate(events) if renamed(event)]
    moved = [events[index][1].rsplit("/", 1)[1] for index in renames]
    assert moved[0].startswith(".saving-") and ".best.tmp" in moved and ".latest.tmp" in moved
    for index in renames:
        source = events[index][1]
        folder = source.rsplit("/", 1)[1].startswith(".saving-")
        before = max([-1, *(at for at in renames if at < index and (
            renamed(events[at], (".saving-",)) if folder else events[at][1] == source))])
        synced = {event[1] for event in events[before + 1:index] if event[0] == "fsync"}
        if folder:
            assert {source, f"{source}/agent.ckpt", f"{source}/state.json", str(run / "episodes.csv")} <= synced
        else:
            assert source in synced
        folder_synced = next(at for at in range(index, len(events)) if events[at] == ("fsync", checkpoints))
        assert not any(renamed(event, (".saving-",)) for event in events[index + 1:folder_synced])
    assert (run / "checkpoints" / "latest").read_text().startswith("agent-000006")


def test_the_global_random_state_is_read_again_when_it_moved():
    from gym_loop.seeding import _RANDOM_READ, _random_global_state

    def full():
        version, internal, gauss = random.getstate()
        return [version, list(internal), gauss]

    random.seed(3)
    for step in range(9):
        assert _random_global_state() == full(), step
        if step == 1:
            random.random()
        if step in (2, 3):  # the first draws two and holds a Gaussian back; the second takes it: no byte moves
            random.gauss(0, 1)
        if step == 5:
            random.seed(3)
        if step == 6:
            random.setstate(random.getstate())
    assert _RANDOM_READ[2]  # on CPython the bytes are read (else every read is a full one)
