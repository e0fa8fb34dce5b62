"""left13b: review9-9, seed_each_episode's seeds without a SeedSequence per episode, the same words as before."""

import numpy as np
import pytest

from gym_loop.seeding import EPISODE_STREAMS, EVALUATION_STREAMS, episode_seed


@pytest.mark.parametrize("seed", [0, 1, 3, 2**31, 2**32 - 1, 2**32, 2**64 + 5, 2**127, 2**128 + 3, 2**200 + 7])
def test_episode_seeds_are_the_seed_sequences_words(seed):  # the seeds of runs made before: they resume alike
    for episode in (0, 1, 2, 99, 12345, 2**31, 2**32 - 1, 2**32, 2**40 + 1):
        for family, periodic in ((EPISODE_STREAMS, False), (EVALUATION_STREAMS, True)):
            expected = int(np.random.SeedSequence(seed, spawn_key=(family, episode)).generate_state(1)[0])
            assert episode_seed(seed, episode, periodic) == expected


def test_a_run_of_episodes_makes_no_seed_sequence_per_episode(monkeypatch):  # review9-9: 14.6 us each
    made = []

    class Counted(np.random.SeedSequence):
        def __init__(self, *args, **kwargs):
            made.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(np.random, "SeedSequence", Counted)
    seeds = [episode_seed(424242, episode) for episode in range(300)]
    seeds += [episode_seed(424242, episode, True) for episode in range(300)]
    assert len(set(seeds)) == 600
    assert len(made) <= 2  # one per run and family at most
