"""A run spec written as YAML without PyYAML, whose import alone would slow ``create-default`` by a fifth.

The text is what ``yaml.safe_dump(spec, sort_keys=True)`` writes for the values a spec holds
(block style, sorted keys), except that a string that could read back as anything else is
written in double quotes. ``tests/test_spec_yaml.py`` checks both against PyYAML.
"""

import json
import math
import re
from typing import Any, List

PLAIN = re.compile(r"(?:[A-Za-z_]|\.{1,2}/|/|~/)[A-Za-z0-9_./:~+-]*(?<!:)\Z")  # read back as this very string
KEYWORDS = re.compile(r"(?i)(?:y|n|yes|no|on|off|true|false|null)\Z")  # YAML 1.1 booleans and null


def dump(document: Any) -> str:
    """YAML text of ``document``: mappings, lists, strings, numbers, booleans and nulls.

    Raises:
        TypeError: A value of another type.
    """
    return "\n".join(_block(document, "")) + "\n" if _is_block(document) else _inline(document) + "\n"


def _is_block(value: Any) -> bool:
    return isinstance(value, (dict, list, tuple)) and len(value) > 0


def _block(value: Any, indent: str) -> List[str]:
    """The lines of a non-empty mapping or list whose entries start at ``indent``."""
    if isinstance(value, dict):
        return [line for key in sorted(value, key=str) for line in _entry(f"{indent}{_scalar(key)}:", value[key], indent)]
    return [line for item in value for line in _item(item, indent)]


def _entry(head: str, value: Any, indent: str) -> List[str]:
    if not _is_block(value):
        return [f"{head} {_inline(value)}"]
    return [head, *_block(value, indent + "  " if isinstance(value, dict) else indent)]


def _item(item: Any, indent: str) -> List[str]:
    if not _is_block(item):
        return [f"{indent}- {_inline(item)}"]
    first, *rest = _block(item, indent + "  ")
    return [f"{indent}- {first[len(indent) + 2:]}", *rest]


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, (list, tuple)):
        return "[]"
    return _scalar(value)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return value if PLAIN.match(value) and not KEYWORDS.match(value) else _quoted(value)
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as YAML")


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text  # YAML 1.1 needs the dot


def _quoted(text: str) -> str:
    """A double-quoted scalar: JSON's escapes, plus YAML's for the characters YAML may not hold raw."""
    return "".join(char if _printable(char) else f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF
                   else f"\\U{ord(char):08x}" for char in json.dumps(text, ensure_ascii=False))


def _printable(char: str) -> bool:
    """Printable and not a line break (YAML 1.1 breaks lines at NEL, LS and PS too)."""
    code = ord(char)
    return (0x20 <= code <= 0x7E or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029))
            or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF)
