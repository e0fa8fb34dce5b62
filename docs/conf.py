"""Sphinx configuration for gym-loop's documentation."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))
sys.path.insert(0, os.path.abspath("_ext"))  # parameter_tables: docs tables generated from the code

from gym_loop import __version__  # noqa: E402

project = "gym-loop"
author = "gym-loop developers"
version = release = __version__
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode", "sphinx_click", "parameter_tables"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
exclude_patterns = ["_build"]
smartquotes = False  # keep --option as typed: a command line's "--" must not become a dash
html_theme = "furo"  # made for code-heavy pages: wide code blocks scroll instead of being cut
html_title = f"gym-loop {version}"
highlight_language = "none"  # a bare "::" block is a command line or output, never Python: say the language
pygments_style = "friendly"
pygments_dark_style = "monokai"
nitpicky = False
