"""Sphinx directive ``parameter-table``: a class's ``PARAMETERS`` as a table of default, rule and documentation."""

import importlib
from typing import Any, Dict, List

import yaml
from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.statemachine import StringList


def parameters_of(target: str) -> Dict[str, Any]:
    """The parameters named by ``package.module:Name``: a class's ``PARAMETERS`` or the mapping itself."""
    module, name = target.split(":")
    found = getattr(importlib.import_module(module), name)
    return getattr(found, "PARAMETERS", found)


def table_lines(parameters: Dict[str, Any], exclude: Dict[str, Any]) -> List[str]:
    """The reStructuredText list-table of ``parameters`` not in ``exclude``: name, default, value, meaning."""
    lines = [".. list-table::", "   :header-rows: 1", "   :widths: 22 14 20 44", "",
             "   * - parameter", "     - default", "     - value", "     - meaning"]
    for name, parameter in parameters.items():
        if name in exclude:
            continue
        default = yaml.safe_dump(parameter.default, default_flow_style=True).strip().removesuffix("...").strip()
        rule = parameter.rule.description if parameter.rule else "anything"
        lines += [f"   * - ``{name}``", f"     - ``{default}``", f"     - {rule}", f"     - {parameter.doc}"]
    return lines


class ParameterTable(Directive):
    """``.. parameter-table:: package.module:Class``, and ``:exclude: package.module:Base`` to leave out a base's."""

    required_arguments = 1
    option_spec = {"exclude": directives.unchanged}

    def run(self) -> List[nodes.Node]:
        exclude = parameters_of(self.options["exclude"]) if "exclude" in self.options else {}
        container = nodes.container()
        self.state.nested_parse(StringList(table_lines(parameters_of(self.arguments[0]), exclude)),
                                self.content_offset, container)
        return container.children


def setup(app: Any) -> Dict[str, Any]:
    app.add_directive("parameter-table", ParameterTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
