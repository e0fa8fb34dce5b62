"""env.imports given a path without ".py" (``sub/myenvs``, or Windows' ``sub\\myenvs``) is refused as a file path,
with the module's name to write and the folder to put on PYTHONPATH (review10-12: no test gave one)."""

import pytest
from test_env_imports_fix10b2 import envs  # noqa: F401  (the fixture: the env modules in the working directory)

from gym_loop.errors import SpecError
from gym_loop.spec import registered_env

SUB = "write imports: [other_fix10b2] and put sub on PYTHONPATH (PYTHONPATH=sub gym-loop ..., or sys.path)"


@pytest.mark.parametrize("path, how", [
    ("sub/other_fix10b2", SUB),
    ("sub\\other_fix10b2", SUB),
    ("sub\\other_fix10b2.py", SUB),
    ("pkg_fix10b2/inner", "write imports: [pkg_fix10b2.inner] (a module in the working directory"),
])
def test_a_path_without_py_in_env_imports_says_the_module_to_write(envs, path, how):  # noqa: F811
    with pytest.raises(SpecError) as raised:
        registered_env("Fix10b2Walk-v0", [path])
    assert str(raised.value).startswith(f"env.imports: {path!r} is a file path, not a module; {how}"), raised.value
