"""Sphinx configuration for gym-loop's documentation."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

from gym_loop import __version__  # noqa: E402

project = "gym-loop"
author = "gym-loop developers"
version = release = __version__
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
exclude_patterns = ["_build"]
html_theme = "alabaster"
nitpicky = False
