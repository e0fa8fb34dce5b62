"""States pickled by an earlier gym-loop (before checkpoints were plain data): read through an allow-list, or as
they are with the user's consent (:data:`~gym_loop.state.TRUST_VARIABLE`; docs/agents.rst, "The default save")."""

import logging
import os
import pickle
from typing import Any, Dict

from gym_loop.files import shown
from gym_loop.state import TRUST_VARIABLE, CheckpointError, DamagedFile

logger = logging.getLogger(__name__)

# What a pickle written by an earlier gym-loop may name without the user's consent: NumPy arrays,
# scalars, dtypes and generators, and builtin containers. Each builds data, never runs a command.
_ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"), ("numpy", "ndarray"),
    ("numpy", "dtype"), ("numpy.random._pickle", "__generator_ctor"), ("numpy.random._pickle", "__bit_generator_ctor"),
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "complex"), ("builtins", "slice"),
    ("numpy.random.bit_generator", "SeedSequence"), ("numpy.random.bit_generator", "__pyx_unpickle_SeedSequence"),
    ("collections", "OrderedDict"), ("collections", "deque"), ("_codecs", "encode"),
    *((f"numpy.random.{module}", name) for module, name in (
        ("_pcg64", "PCG64"), ("_pcg64", "PCG64DXSM"), ("_mt19937", "MT19937"), ("_philox", "Philox"),
        ("_sfc64", "SFC64"), ("_generator", "Generator"))),
    *(("numpy.dtypes", f"{kind}DType") for kind in ("Float64", "Float32", "Float16", "Int64", "Int32", "Int16", "Int8",
                                                    "UInt64", "UInt32", "UInt16", "UInt8", "Bool")),
}


class _Unpickler(pickle.Unpickler):
    """Unpickles only what :data:`_ALLOWED` names, unless ``trusted``; spaces (persistent ids) from ``live``."""

    def __init__(self, file: Any, path: str, live: Any, trusted: bool):
        super().__init__(file)
        self.path, self.trusted = path, trusted
        parameters = getattr(live, "parameters", None)
        self.spaces = parameters if isinstance(parameters, dict) else {}

    def find_class(self, module: str, name: str) -> Any:
        if not self.trusted and (module, name) not in _ALLOWED:
            raise CheckpointError(
                f"{shown(self.path)} is a pickle that refers to {module}.{name}, and unpickling it could run code; "
                f"if you trust where this run folder came from, load it with {TRUST_VARIABLE}=1")
        return super().find_class(module, name)

    def persistent_load(self, name: Any) -> Any:
        if name not in ("observation_space", "action_space") or name not in self.spaces:
            raise CheckpointError(f"{shown(self.path)} refers to the env's {name!r}, which the agent was not given")
        return self.spaces[name]


def read_pickle(path: str, live: Any) -> Dict[str, Any]:
    """A state pickled by an earlier gym-loop: with the allow-list, or, with the user's consent, as it is."""
    with open(path, "rb") as file:
        try:
            state = _Unpickler(file, path, live, trusted=os.environ.get(TRUST_VARIABLE) == "1").load()
        except CheckpointError:
            raise
        except Exception as error:
            raise DamagedFile(f"{shown(path)} cannot be unpickled ({type(error).__name__}: {error})") from error
    if not isinstance(state, dict):
        raise CheckpointError(f"{shown(path)} holds a pickled {type(state).__name__}, not a dict of attributes")
    logger.info("%s is in the pickled format of an earlier gym-loop; the next checkpoint is plain data", path)
    return state
