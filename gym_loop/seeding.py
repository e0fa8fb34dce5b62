"""Seeds for a run, all derived from one (docs/runs.rst), and the state of every generator it uses, for resume."""

import contextlib
import ctypes
import functools
import random
import secrets
import struct
import sys
from typing import Any, Dict, Iterable, Iterator, Optional, Tuple

import numpy as np

from gym_loop.errors import GymLoopError, SpecError, from_cli, program
from gym_loop.loop_protocol import loop_state, own_generators, plain_state, seeded_generators
from gym_loop.state import UNSEEDED

RUN_STREAMS, SPACE_STREAMS, EPISODE_STREAMS, HELD_OUT_STREAMS, EVALUATION_STREAMS = 0, 1, 2, 3, 4  # families of seeds


def _derived(seed: int, family: int, count: int) -> Tuple[int, ...]:
    sequence = np.random.SeedSequence(seed, spawn_key=(family,))
    return tuple(int(word) for word in sequence.generate_state(count))


def run_seeds(seed: int) -> Tuple[int, ...]:
    """The agent's and the evaluation env's seeds in a run with seed ``seed``, streams independent of it."""
    return _derived(seed, RUN_STREAMS, 2)


def seed_agent(agent: Any, seed: int) -> None:
    """Give an agent that still holds the unseeded generator it was built with (no ``rng`` given; BaseAgent keeps
    it as its :data:`~gym_loop.state.UNSEEDED`) the run's derived one, as ``gym-loop train`` builds it with:
    ``DefaultLoop(agent, env, seed=3)`` (and VectorLoop) from Python then plays as the CLI does with the same seed.
    A generator the user gave, or set later, is kept."""
    unseeded = getattr(agent, "__dict__", {}).get(UNSEEDED)
    if unseeded is not None and getattr(agent, "rng", None) is unseeded:
        agent.rng = np.random.default_rng(run_seeds(seed)[0])


@contextlib.contextmanager
def seeded_run(loop: Any, training: bool) -> Iterator[None]:
    """:func:`seed_loop` for the loop's call this wraps (train() or evaluate()); PyTorch imported after it ends is
    not seeded with its seed (:func:`forget_torch_seed`). An evaluate() after the first goes on with the streams
    where the last one left them (training's in between put back: a train() restores its own)."""
    own = getattr(loop, "__dict__", {})
    streams = own.get("_evaluation_streams")
    kept = [] if training else own_generators(loop, seeded_generators(loop, own.get("spaces"), evaluation=False))
    states = [generator_state(generator) for generator in kept]  # the agent's own generators: training's again after
    if streams is not None and not training:
        restore_generator_states(streams, seeded_generators(loop, own.get("spaces"), evaluation=False))
    else:
        seed_loop(loop, training)
    try:
        yield
    finally:
        forget_torch_seed()
        for generator, state in zip(kept, states):
            set_generator_state(generator, state)
        if not training and "_evaluation_seeded" in own:
            loop._evaluation_streams = generator_states(seeded_generators(loop, own.get("spaces"), evaluation=False))


def seed_loop(loop: Any, training: bool) -> None:
    """Seed the run of ``loop`` (a DefaultLoop, VectorLoop) from its ``seed``, if given, as ``gym-loop train`` (or
    ``eval`` if not ``training``) does, once each: the first train() seeds training's streams (the global generators,
    ``env`` and its spaces, ``eval_env``, the agent's ``rng``) also after an evaluate(); the first evaluate() seeds
    the evaluation's (``env`` with eval's held-out seed, the global generators, an ``rng`` the run gave the agent)
    before or after a train() (a later train() restores training's, as after any evaluate()). So ``seed=3`` names one
    training run, an untrained agent evaluated first or not, and evaluate() plays the episodes of ``eval --run``. A
    loop seeded by ``build_loop`` (``build_env`` seeded it for the one or the other) is not seeded again."""
    own = getattr(loop, "__dict__", {})
    evaluated = own.get("_evaluation_seeded", False)  # False: not yet; else the agent's rng it seeded, or None
    trained = own.get("_run_rng")  # None: no train() seeded the run; else whether it gave the agent its rng
    if training and getattr(loop, "seed", None) is None and getattr(loop, "seed_each_episode", False):
        raise SpecError("loop.parameters.seed_each_episode", "seeds each episode from the run's seed, and there is "
                                                             f"none: {type(loop).__name__}(..., seed=N)")
    if own.get("seeded", True) and (training or trained is None or evaluated is not False):
        return  # seeded already; a loop of one's own without ``seeded`` seeds itself
    if loop.seed is None or (evaluated is not False and not training):
        return
    agent = loop.agent
    seed_globals(loop.seed)
    given = getattr(agent, "rng", None)
    if (evaluated is not False and evaluated is not None and given is evaluated) if training else trained:
        agent.rng = np.random.default_rng(run_seeds(loop.seed)[0])  # the run's: as seed_agent seeds a fresh agent
    seed_agent(agent, loop.seed)
    seed_envs(loop.seed, loop.env, getattr(loop, "eval_env", None) if training else None, evaluation=not training)
    rng = getattr(agent, "rng", None)
    if training:
        loop.seeded, loop._run_rng = True, rng is not given
    else:
        loop._evaluation_seeded = rng if rng is not given else None


def held_out_seed(seed: int) -> int:
    """The env seed of ``gym-loop eval`` with seed ``seed``: apart from training's and the periodic evaluations',
    so an evaluation of a saved run plays held-out episodes."""
    return _derived(seed, HELD_OUT_STREAMS, 1)[0]


def draw_seed() -> int:
    """A fresh seed for a run given none; it is recorded, so the run can be repeated."""
    return secrets.randbits(31)


class _SeedTorchOnImport:
    """A finder on ``sys.meta_path`` that seeds PyTorch with :attr:`seed` as it is imported: an agent importing it
    in its constructor (after the run seeded the globals) gets the generator it would have had importing it at the
    top of its file. It leaves ``sys.meta_path`` once torch is imported."""

    seed: Optional[int] = None

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "torch" or self.seed is None:
            return None
        found = next((spec for finder in list(sys.meta_path) if finder is not self and hasattr(finder, "find_spec")
                      for spec in [finder.find_spec(name, path, target)] if spec is not None), None)
        if found is None or not hasattr(found.loader, "exec_module"):
            return found
        execute, seed = found.loader.exec_module, self.seed

        def seeded(module: Any) -> None:
            execute(module)
            with contextlib.suppress(ValueError):
                sys.meta_path.remove(self)
            module.manual_seed(seed)

        found.loader.exec_module = seeded  # this spec's own loader object
        return found


_TORCH_ON_IMPORT = _SeedTorchOnImport()


def seed_globals(seed: int) -> None:
    """Seed Python's ``random``, NumPy's global generator and PyTorch: now if it is imported, else as it is."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)
        return
    _TORCH_ON_IMPORT.seed = seed
    if _TORCH_ON_IMPORT not in sys.meta_path:
        sys.meta_path.insert(0, _TORCH_ON_IMPORT)


def forget_torch_seed() -> None:
    """The run whose :func:`seed_globals` is waiting for PyTorch's import ended: a later ``import torch`` in this
    process is not seeded with that run's seed."""
    _TORCH_ON_IMPORT.seed = None
    with contextlib.suppress(ValueError):
        sys.meta_path.remove(_TORCH_ON_IMPORT)


def seed_env(env: Any, seed: int) -> None:
    """Reset ``env`` once with ``seed`` (later resets continue its stream) and seed its spaces.

    Raises:
        GymLoopError: The env's ``reset`` raised; the message names the env, the seed and the error.
    """
    try:
        env.reset(seed=seed)
    except Exception as error:
        name = getattr(env.spec, "id", None) or type(env.unwrapped).__name__
        old = isinstance(error, TypeError) and "unexpected keyword argument 'seed'" in str(error)  # reset(self)
        raise GymLoopError(f"env.reset failed before the first episode (env {name}, seed {seed}): "
                           f"{type(error).__name__}: {error}" + (
                               " (an env written for the old gym API? Gymnasium's reset takes seed=None, "
                               "options=None and returns obs, info; step returns five values)" if old else "")
                           ) from error
    action_seed, observation_seed = _derived(seed, SPACE_STREAMS, 2)
    env.action_space.seed(action_seed)
    env.observation_space.seed(observation_seed)


def seed_envs(seed: int, env: Any = None, eval_env: Any = None, evaluation: bool = False) -> None:
    """Seed the envs of a run with seed ``seed`` as ``gym-loop train`` (``eval`` if ``evaluation``) does, once
    :func:`seed_globals` has seeded the global generators (a run does so before it makes its envs): ``env`` with
    ``seed`` (``eval``'s held-out seed if ``evaluation``) and ``eval_env``, the periodic evaluations', with its own.

    Raises:
        GymLoopError: An env's ``reset`` raised (see :func:`seed_env`).
    """
    if env is not None:
        seed_env(env, held_out_seed(seed) if evaluation else seed)
    if eval_env is not None:
        seed_env(eval_env, run_seeds(seed)[1])


def episode_seed(seed: int, episode: int, periodic: bool = False) -> int:
    """The seed of training episode ``episode``'s reset in a run with seed ``seed`` (independent of other runs'), or
    if ``periodic`` of the run's ``episode``-th periodic evaluation episode: a 32-bit word, as every seed gym-loop
    gives (an env may seed a ``RandomState`` with it)."""
    family = EVALUATION_STREAMS if periodic else EPISODE_STREAMS
    if seed is None:  # SeedSequence(None) would draw fresh entropy: an unrepeatable run (tester15b-14)
        raise TypeError("episode_seed needs the run's seed, not None")
    if not (isinstance(seed, int) and seed >= 0 and 0 <= episode < 2**32):  # a word of its own
        return int(np.random.SeedSequence(seed, spawn_key=(family, episode)).generate_state(1)[0])
    # SeedSequence(seed, spawn_key=(family, episode)).generate_state(1), as NumPy's bit_generator.pyx hashes it, from
    # its pool with the seed and family mixed in, made once: 1 us an episode, not 12 (review9-9). Test: equal words.
    word, hash_constant = _episode_pool(seed, family)
    value = (episode ^ hash_constant) * (hash_constant * 0x931E8875 & 0xFFFFFFFF) & 0xFFFFFFFF  # hashmix
    value ^= value >> 16
    mixed = (0xCA01F9DD * word - 0x4973F715 * value) & 0xFFFFFFFF  # mix, into the pool's first word
    mixed ^= mixed >> 16
    value = (mixed ^ 0x8B51F9DD) * (0x8B51F9DD * 0x58F38DED & 0xFFFFFFFF) & 0xFFFFFFFF  # generate_state's first word
    return value ^ value >> 16


@functools.lru_cache(maxsize=8)
def _episode_pool(seed: int, family: int) -> Tuple[int, int]:
    """The first word of ``SeedSequence(seed, spawn_key=(family,))``'s pool, and the hash constant its mixing leaves
    for a next word of spawn key: INIT_A times MULT_A once per word hashed (4 for the pool, 12 to mix it, 4 for each
    word of entropy beyond the pool's 4: the seed's 32-bit words, padded to 4, and the family)."""
    hashed = 16 + 4 * (max(4, (seed.bit_length() + 31) // 32) + 1 - 4)
    pool = np.random.SeedSequence(seed, spawn_key=(family,)).pool
    return int(pool[0]), 0x43B0D7E5 * pow(0x931E8875, hashed, 2**32) & 0xFFFFFFFF


def generator_states(generators: Iterable[np.random.Generator]) -> Dict[str, Any]:
    """The state of Python's, NumPy's and PyTorch's global generators and of ``generators``, as plain data (JSON)."""
    torch = sys.modules.get("torch")
    return {
        "random": _random_global_state(),
        "numpy": _numpy_global_state(),
        "torch": torch.get_rng_state().tolist() if torch is not None else None,
        "generators": [generator_state(generator) for generator in generators],
    }


def generator_state(generator: Any) -> Any:
    """A NumPy generator's state as plain data, or a PyTorch generator's as ``{"torch_generator": [its bytes]}``."""
    if hasattr(generator, "bit_generator"):
        return plain_state(generator.bit_generator.state, "bit_generator")
    return {"torch_generator": generator.get_state().tolist()}


def set_generator_state(generator: Any, state: Any) -> None:
    """Put ``generator`` back in the ``state`` :func:`generator_state` gave."""
    if hasattr(generator, "bit_generator"):
        generator.bit_generator.state = loop_state(state)
    else:
        generator.set_state(sys.modules["torch"].tensor(state["torch_generator"], dtype=sys.modules["torch"].uint8))


# Python's global generator's state bytes at the last read, that read, and whether those bytes can be read (None: not
# known yet; never but on CPython, where id() is an address)
_RANDOM_READ: list = [None, None, None if sys.implementation.name == "cpython" else False]


def _random_global_state() -> list:
    """Python's global generator's state as plain data (``random.getstate()`` as a list), read again only when it
    moved. ``getstate()`` makes 625 ints, and telling whether they changed compares them all: ~180,000 instructions
    a checkpoint, most runs never drawing from it. Its C struct (CPython's ``_randommodule.c``: ``int index;
    uint32_t state[624]`` after the object's header) shows whether it moved, and ``gauss_next`` whether a held
    Gaussian was taken. The bytes are checked against ``getstate()`` at the first read; where they do not match
    (another Python), every read is a full one."""
    generator = random._inst  # type: ignore[attr-defined]  # what the module's functions draw from
    last_raw, last, readable = _RANDOM_READ
    raw = ctypes.string_at(id(generator) + object.__basicsize__, 4 + 624 * 4) if readable is not False else None
    if raw is not None and raw == last_raw and last[2] == generator.gauss_next:
        return last
    version, internal, gauss = random.getstate()
    if readable is None:  # the first read: are those bytes the state?
        index, *key = struct.unpack("i624I", raw)
        readable = (*key, index) == internal
    _RANDOM_READ[:] = [raw if readable else None, [version, list(internal), gauss], readable]
    return _RANDOM_READ[1]


_NUMPY_READ: list = [None, None]  # NumPy's global generator's MT19937 state bytes at the last read, and that read


def _numpy_global_state() -> Dict[str, Any]:
    """NumPy's global generator's state as plain data, read again only when it moved. ``np.random.get_state`` copies
    the 624 integers of its MT19937 key one by one (590,000 instructions with the plain data, a sixth of a CartPole
    checkpoint) and most runs never draw from it; its bytes, read through the ctypes interface of its bit
    generator, show whether it moved, except for a Gaussian held back (``has_gauss``: drawing it moves no byte),
    after which every read is a full one."""
    # NumPy's own global RandomState (np.random.set_bit_generator may have replaced its MT19937); a NumPy without
    # these private names gets a full read every time
    bit_generator = getattr(getattr(np.random.mtrand, "_rand", None), "_bit_generator", None)
    raw = (ctypes.string_at(bit_generator.ctypes.state_address, 624 * 4 + 4)  # struct {uint32 key[624]; int pos;}
           if isinstance(bit_generator, np.random.MT19937) else None)
    last_raw, last = _NUMPY_READ
    if raw is None or raw != last_raw or last is None or last["has_gauss"]:
        last = plain_state(np.random.get_state(legacy=False), "numpy.random")
        _NUMPY_READ[:] = [raw, last]
    return last


def restore_generator_states(states: Dict[str, Any], generators: Iterable[np.random.Generator]) -> None:
    """Put every generator back in the state :func:`generator_states` recorded.

    Raises:
        GymLoopError: The run now has different generators than the checkpoint (a changed env or agent).
    """
    generators = list(generators)
    if len(generators) != len(states["generators"]):
        raise GymLoopError(f"the checkpoint holds {len(states['generators'])} random generator states but the "
                           f"run has {len(generators)}: the env, agent or episodes_per_eval differ from the run's; "
                           + (f"resume without --set of them, or start a new run: {program()} train -c RUN/spec.yaml "
                              "--set ..." if from_cli() else "resume with the run's in run_params, or start a new "
                              "run: train_agent(run_params) without resume"))
    for generator, state in zip(generators, states["generators"]):
        set_generator_state(generator, state)
    version, internal, gauss = states["random"]
    random.setstate((version, tuple(internal), gauss))
    np.random.set_state(loop_state(states["numpy"]))
    torch = sys.modules.get("torch")
    if states["torch"] is not None and torch is None:  # the run had imported it: an agent importing it when it
        with contextlib.suppress(ImportError):  # first acts would otherwise draw from the run seed's start again
            import torch
    if torch is not None and states["torch"] is not None:
        torch.set_rng_state(torch.tensor(states["torch"], dtype=torch.uint8))
    elif torch is not None and _TORCH_ON_IMPORT.seed is not None:  # imported since (by a periodic evaluation): as
        torch.manual_seed(_TORCH_ON_IMPORT.seed)  # seeded on its import, for training to import it

