"""PyTorch's generator restored when torch is not imported yet (tester13c-10): an agent importing torch only when it
first acts resumes on the checkpoint's stream, and a first import during a periodic evaluation does not change
training's stream."""

import json
import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")


def _in_fresh_python(code):
    """What ``code`` prints, run where torch is not imported."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_checkpoint_torch_state_is_restored_before_torch_is_imported():
    generator = torch.Generator().manual_seed(7)
    generator.manual_seed(7)
    torch.rand(3, generator=generator)
    state = generator.get_state().tolist()
    expected = torch.rand(2, generator=generator).tolist()
    drawn = _in_fresh_python(f"""
import json, sys
from gym_loop.seeding import generator_states, restore_generator_states, seed_globals
seed_globals(5)  # as a resume seeds the run first: torch seeded as it is imported
states = {{**generator_states([]), "torch": {state}}}
assert "torch" not in sys.modules
restore_generator_states(states, [])
import torch
print(json.dumps(torch.rand(2).tolist()))
""")
    assert drawn == expected


def test_torch_first_imported_during_an_evaluation_gives_training_its_seeded_stream():
    drawn = _in_fresh_python("""
import json
from gym_loop.seeding import generator_states, restore_generator_states, seed_globals
seed_globals(5)
held = generator_states([])  # before a periodic evaluation: torch not imported
import torch  # the evaluation's act imports it and draws
torch.rand(4)
restore_generator_states(held, [])  # after it
print(json.dumps(torch.rand(2).tolist()))
""")
    torch.manual_seed(5)
    assert drawn == torch.rand(2).tolist()
