"""fix8a: a class's file importing a module that is not installed says how to install it into this Python; torch
gets PyTorch's CPU build (tester8a-7)."""

import sys

import pytest

from gym_loop.errors import ResolveError, quoted
from gym_loop.resolve import module_str_to_class


@pytest.mark.parametrize("module, hint", [
    ("not_installed_xyz", "install the package that provides 'not_installed_xyz' into this Python: {python} -m pip "
                          "install PACKAGE"),
    ("torch", "install PyTorch's CPU build into this Python: {python} -m pip install torch==2.13.0 --index-url "
              "https://download.pytorch.org/whl/cpu"),
])
def test_a_missing_module_in_a_class_file_names_its_install(tmp_path, monkeypatch, module, hint):
    (tmp_path / "needs.py").write_text(f"import {module}\n")
    monkeypatch.setitem(sys.modules, "torch", None)  # as if torch were not installed
    with pytest.raises(ResolveError) as error:
        module_str_to_class(f"{tmp_path / 'needs.py'}:Agent")
    assert str(error.value).endswith(f"(needs.py, line 1); " + hint.format(python=quoted(sys.executable)))
