"""tester7c-15 (fix7d): a NUL character in a path parameter is refused at its key (was ValueError: embedded null byte)."""

import pytest

from conftest import make_spec
from gym_loop.errors import SpecError
from gym_loop.spec import run_spec


@pytest.mark.parametrize("where", ["logdir", "episodes_csv", "checkpoint_dir", "runs_dir"])
def test_a_path_with_a_nul_character_is_refused(where):
    spec = make_spec()
    key = where if where == "runs_dir" else f"loop.parameters.{where}"
    (spec if where == "runs_dir" else spec["loop"]["parameters"])[where] = "a\0b"
    with pytest.raises(SpecError) as error:
        run_spec(spec)
    nullable = " or null" if where in ("logdir", "episodes_csv") else ""
    assert str(error.value) == f'{key}: expected a path{nullable}, got "a\\u0000b"'
