"""YAML that cannot exhaust the machine: run specs and ``--set`` values are parsed within limits (docs/errors.rst).

``yaml.safe_load`` runs no code, but nested aliases expand to billions of values when walked, deep nesting
overflows the recursive composer and a long integer Python's conversion limit: :func:`load` checks the events
first, then the composed nodes, before anything is built.
"""

import codecs
import functools
import re
from pathlib import Path
from typing import Any, Collection, Dict, List, Optional, Tuple

from gym_loop.errors import SpecError

BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))  # UTF-32 first: its little-endian mark begins as UTF-16's
MAX_BYTES = 1_000_000  # a complete spec is about 2 kB
MAX_DEPTH = 50  # nested mappings and lists; a spec needs 4 or 5
MAX_VALUES = 100_000  # scalars and collections, every alias counted at its full size
MAX_DIGITS = 100  # of an integer
EXPONENT_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")  # 1e-3, 1.0e3
SURROGATE = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair, from a \\u escape
LONE_SURROGATE = re.compile("[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]")
DECIMAL_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")  # 008: YAML 1.2's integer 8, which YAML 1.1 has as no number


def read_text(path: Path) -> str:
    """The text of a YAML file of at most :data:`MAX_BYTES` bytes: UTF-8, or UTF-16 or UTF-32 with a byte order mark
    (as YAML readers must take it: what PowerShell 5's ``>`` and Notepad's "Unicode" write).

    Raises:
        SpecError: The file is larger, or not UTF-8 (naming the line and column of the first byte that is not).
        OSError: It cannot be read.
    """
    with open(path, "rb") as file:
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise SpecError("", f"{path} is larger than {MAX_BYTES:,} bytes; a run spec is a few kB, "
                            "is this the right file?")
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = data.count(b"\n", 0, error.start) + 1, error.start - data.rfind(b"\n", 0, error.start)
        raise SpecError("", f"{path}:{line}:{column}: not UTF-8 (byte 0x{data[error.start]:02x}); save the file as "
                            "UTF-8") from error


def load(text: str, source: str, key: str = "", texts: Collection[str] = ()) -> Any:
    """Parse ``text`` like ``yaml.safe_load`` (with libyaml's ``CSafeLoader`` if PyYAML has it), within the limits.

    Args:
        text: The YAML document.
        source: The file it comes from, named with line and column in messages; for a command-line value, its
            option (``--set``, ``--grid``).
        key: For a command-line value (``--set KEY=VALUE``), the key, named in messages with ``source``.
        texts: Dotted keys (of the document, or ``key``) whose plain number is read as the text written: a path's,
            as ``runs_dir: 007`` is the folder ``007``, not ``7``.

    Raises:
        SpecError: The document is not valid YAML (in the words of the pure-Python parser, which says more
            than libyaml), passes a limit (aliases, depth, integer size) or gives a key twice, naming where.
    """
    import yaml

    for loader_class in safe_loaders():
        try:
            _check_events(yaml.parse(text, Loader=loader_class), source, key)
            loader = loader_class(text)
            try:
                node = loader.get_single_node()
                if node is None:
                    return None
                _check_nodes(node, "", source, key)
                for dotted in texts:  # below a --set KEY's value: the rest of the key
                    if not key or dotted == key or dotted.startswith(f"{key}."):
                        _keep_text(node, dotted[len(key) + 1:] if key else dotted)
                try:
                    return _unshared(loader.construct_document(node))
                except _PythonObject as error:
                    _refuse(source, key, error.node, "a NumPy value written by PyYAML's dump (the original gym-loop's "
                                                     "create-default wrote them so); write the plain number, or "
                                                     "regenerate the spec with gym-loop create-default")
                except (ValueError, KeyError, AttributeError, TypeError, OverflowError):  # !!int "12abc": the tag's
                    bad = _unbuildable(node, loader_class)  # constructor fails in its own words, not a YAMLError
                    tag = bad.tag.replace("tag:yaml.org,2002:", "!!")
                    if bad.tag == loader.resolve(yaml.ScalarNode, bad.value, (True, False)):  # untagged: 2026-13-45
                        _refuse(source, key, bad, f"{bad.value!r} reads as a {tag[2:]} but is not a valid one; "
                                                  "quote it to keep it a string, or fix it")
                    _refuse(source, key, bad, f"{tag} {bad.value!r} is not what its tag says; remove the tag or "
                                              "fix the value")
            finally:
                loader.dispose()
        except yaml.YAMLError as error:
            if loader_class is safe_loaders()[-1]:
                raise _invalid(error, text, source, key) from error


def as_written_before(text: str, document: Any) -> Any:
    """``document``, which :func:`load` read from ``text``, a file gym-loop wrote, with each number that YAML 1.1
    reads as a string (``1e-3``, ``08``) as that string: gym-loop wrote such strings unquoted until it quoted what
    :func:`load` reads as a number (:func:`dump`), and :func:`dump` writes no number YAML 1.1 reads otherwise."""
    import yaml

    def meant(new: Any, old: Any) -> Any:
        if isinstance(new, dict) and isinstance(old, dict) and list(new) == list(old):
            return {key: meant(new[key], old[key]) for key in new}
        if isinstance(new, list) and isinstance(old, list) and len(new) == len(old):
            return [meant(*pair) for pair in zip(new, old)]
        return old if isinstance(old, str) and type(new) in (int, float) else new

    try:
        return meant(document, yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.YAMLError:  # a tag YAML 1.1's safe reader does not build (python/tuple): as read
        return document


def dump(document: Any, unicode: bool = True) -> str:
    """``document`` as YAML (keys sorted, no anchors) that :func:`load` reads back as it is: every gym-loop file of
    YAML (a run's spec.yaml, create-default's spec, a sweep's or tune's) is written so.

    Args:
        document: Plain data (what ``yaml.safe_dump`` writes).
        unicode: Write non-ASCII characters as they are (``résultats``), not escaped.

    Raises:
        yaml.YAMLError: ``document`` holds a value YAML's safe representer cannot write.
    """
    import yaml

    return yaml.dump(document, Dumper=_dumper(), sort_keys=True, allow_unicode=unicode)


@functools.lru_cache(maxsize=None)
def _dumper() -> type:
    """PyYAML's safe dumper, resolving plain scalars as :func:`safe_loaders` does (so it quotes a string like
    ``1e-3`` or ``08``, which those read as numbers) and writing a value given twice twice, with no anchor."""
    import yaml

    resolvers = safe_loaders()[-1].yaml_implicit_resolvers
    dumper = type("Dumper", (yaml.SafeDumper,), {"yaml_implicit_resolvers": resolvers,
                                                 "ignore_aliases": lambda self, data: True})
    dumper.add_representer(str, lambda self, data: self.represent_scalar(  # U+0085 (NEL) escaped: unescaped, a
        "tag:yaml.org,2002:str", data, style='"' if "\x85" in data else None))  # reader folds it into a space
    return dumper


@functools.lru_cache(maxsize=None)
def safe_loaders() -> Tuple[type, ...]:
    """PyYAML's safe loaders (libyaml's first, if PyYAML has it; then the pure-Python one), reading a number
    with an exponent as YAML 1.2 does: ``1e-3`` and ``1.0e3`` are floats, not the strings YAML 1.1 makes them; and
    integers as YAML 1.2 does (:func:`_yaml12_number`): ``010`` is 10, not octal 8, and ``1:30`` is a string, not
    90 in base 60."""
    import yaml

    bases = (getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader)
    loaders = tuple(type(base.__name__, (base,), {}) for base in dict.fromkeys(bases))
    for loader in loaders:
        loader.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT_FLOAT, list("-+0123456789."))
        loader.add_implicit_resolver("tag:yaml.org,2002:int", DECIMAL_INT, list("-+0123456789"))
        loader.add_constructor("tag:yaml.org,2002:int", _yaml12_number)
        loader.add_constructor("tag:yaml.org,2002:float", _yaml12_number)
        # What the original gym-loop's create-default (yaml.dump) wrote for a tuple default: a list, running no code.
        loader.add_constructor("tag:yaml.org,2002:python/tuple", lambda self, node: self.construct_sequence(node))
        loader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:numpy", _numpy_object)
    return loaders


def _yaml12_number(loader: Any, node: Any) -> Any:
    """A number YAML 1.1 resolves, as YAML 1.2 reads it: zero-padded decimals are decimal (``010`` is 10, YAML 1.1's
    octal 8), and YAML 1.1's base 60 (``1:30``, 90) is the string it is in YAML 1.2."""
    from yaml.constructor import SafeConstructor

    text = loader.construct_scalar(node)
    if ":" in text:
        return text
    if node.tag.endswith(":int") and re.fullmatch(r"[-+]?0[0-9_]+", text):
        return int(text.replace("_", ""), 10)
    method = SafeConstructor.construct_yaml_int if node.tag.endswith(":int") else SafeConstructor.construct_yaml_float
    return method(loader, node)


def _unshared(value: Any) -> Any:
    """``value`` with a mapping or list of its own at each place: an alias (``*shared``) is a copy of its anchor's
    value, so setting a key at one place (``--set``, a sweep's axis, a tune's trial) leaves the others as written.
    Within the limits :func:`load` checked: a few levels deep, at most :data:`MAX_VALUES` values."""
    if isinstance(value, dict):
        return {key: _unshared(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unshared(item) for item in value]
    return value


class _PythonObject(Exception):
    """A NumPy object's tag (``!!python/object/apply:numpy...``), which a safe loader does not build."""

    def __init__(self, node: Any):
        super().__init__(node.tag)
        self.node = node


def _numpy_object(loader: Any, suffix: str, node: Any) -> Any:
    raise _PythonObject(node)


def _invalid(error: Exception, text: str, source: str, key: str) -> SpecError:
    """The error for ``text``, which does not parse: where the parser marked it, and why."""
    import yaml

    if isinstance(error, yaml.reader.ReaderError):  # a character YAML allows nowhere: no mark, a position
        return _unacceptable(error, text, source, key)
    if key:
        problem = getattr(error, "problem", None) or getattr(error, "context", None) or error
        hint = f"; to give it as a string, quote it: --set {_shell_word(f'{key}={yaml_text(text)}')}" if (
            source == "--set") else ""  # JSON's string is YAML's double-quoted one
        return SpecError(key, f"{source} value {text!r} cannot be read as YAML: {problem}{hint}")
    if not isinstance(error, yaml.MarkedYAMLError):
        return SpecError("", f"{source}: invalid YAML: {error}")
    mark = error.problem_mark or error.context_mark
    where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
    if "'\\t'" in (error.problem or ""):  # PyYAML's "found character '\t' that cannot start any token"
        return SpecError("", f"{where}: a tab character; YAML indents with spaces only: replace the tab with spaces")
    if error.context == "expected a single document in the stream":  # PyYAML's problem: "but found another document"
        return SpecError("", f"{where}: a second YAML document (a --- line); a spec is one document: remove the --- "
                             "line and merge the keys")
    context, start = error.context, error.context_mark  # where what the problem cuts short began: an unclosed { or "
    began = f" ({context} started at line {start.line + 1}, column {start.column + 1})" if (
        context and start and error.problem and start.line != mark.line) else ""
    return SpecError("", f"{where}: invalid YAML: {error.problem or context}{began}")


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _unacceptable(error: Any, text: str, source: str, key: str) -> SpecError:
    """The error for a character YAML does not allow (a control character: a terminal colour code pasted in; NULs:
    a UTF-16 file without a byte order mark), at its line and column."""
    position = error.position
    line, column = text.count("\n", 0, position) + 1, position - text.rfind("\n", 0, position)
    where = f"{source} value {text!r}:" if key else f"{source}:{line}:{column}:"
    if error.character == 0 and text.count("\0") * 4 >= len(text):
        fix = "the file is UTF-16 without a byte order mark; save it as UTF-8"
    else:
        fix = "delete it (a terminal's colour code pasted in?)"
    message = f"{where} the control character #x{error.character:04x}, which YAML does not allow; {fix}"
    return SpecError(key, message) if key else SpecError("", message)


def _check_events(events: Any, source: str, key: str) -> None:
    """Walk the parser's events, counting values as if aliases were expanded; refuse past a limit of depth or size."""
    import yaml

    anchors: Dict[str, Optional[int]] = {}  # anchor -> the size of its value; None while its collection is open
    open_collections: List[List[Any]] = [[0, None]]  # [values inside, anchor] of each, the document's at the bottom
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_collections) > MAX_DEPTH:
                _refuse(source, key, event, f"nested deeper than {MAX_DEPTH} levels; a run spec needs a few")
            open_collections.append([1, event.anchor])
            if event.anchor is not None:
                anchors[event.anchor] = None
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            size, anchor = open_collections.pop()
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in anchors and anchors[event.anchor] is None:  # a value containing itself: endless
                _refuse(source, key, event, f"the alias *{event.anchor} is inside the value of its own anchor "
                                            f"&{event.anchor}, which would contain itself; write the value out")
            size, anchor = anchors.get(event.anchor) or 1, None
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        else:
            continue
        if anchor is not None:
            anchors[anchor] = size
        open_collections[-1][0] += size
        if open_collections[-1][0] > MAX_VALUES:
            _refuse(source, key, event, f"its aliases expand to more than {MAX_VALUES:,} values; "
                                   "write the values out instead of nesting aliases")


def _check_nodes(node: Any, path: str, source: str, key: str) -> None:
    """Refuse an integer too long to convert, and a key given twice in one mapping (``yaml.safe_load`` silently
    keeps the last; merge keys may repeat). ``path`` names the node: ``loop.parameters``, ``env.imports[1]``.

    Walks the tree :func:`_check_events` let through: a few levels deep, aliases a bounded number of times.
    """
    import yaml

    if isinstance(node, yaml.ScalarNode):
        if SURROGATE.search(node.value):  # "\\ud83d\\ude00", as JSON writes U+1F600: YAML decodes each escape alone
            if lone := LONE_SURROGATE.search(node.value):
                _refuse(source, key, node, f"the escape \\u{ord(lone.group()):04x} is half of a surrogate pair, which "
                                           "no file can hold; write the character itself, or both halves "
                                           "(\\ud83d\\ude00 is U+1F600)")
            node.value = node.value.encode("utf-16", "surrogatepass").decode("utf-16")
        digits = sum(char.isdigit() for char in node.value)
        if digits > MAX_DIGITS and node.tag == "tag:yaml.org,2002:int":
            _refuse(source, key, node, f"an integer of {digits} digits; "
                                       f"numbers in a run spec have at most {MAX_DIGITS}")
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check_nodes(item, f"{path}[{index}]", source, key)
    elif isinstance(node, yaml.MappingNode):
        lines: Dict[Any, int] = {}  # (tag, text) of each key -> its line
        for key_node, value in node.value:
            _check_nodes(key_node, path, source, key)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                _check_nodes(value, path, source, key)
                continue
            name = f"{path}.{key_node.value}" if path else key_node.value
            tagged = (key_node.tag, key_node.value)
            if tagged in lines:
                _refuse(source, key, key_node, f"{name} is given twice (also line {lines[tagged]}); keep one of them")
            lines[tagged] = key_node.start_mark.line + 1
            _check_nodes(value, name, source, key)


def _keep_text(node: Any, path: str) -> None:
    """Have the plain number at dotted ``path`` below ``node`` (``""``: ``node`` itself) built as the text written."""
    import yaml

    for part in path.split(".") if path else []:
        if not isinstance(node, yaml.MappingNode):
            return
        node = next((value for name, value in node.value if isinstance(name, yaml.ScalarNode) and name.value == part),
                    None)
    if isinstance(node, yaml.ScalarNode) and not node.style and node.tag.endswith((":int", ":float")):
        node.tag = "tag:yaml.org,2002:str"


def _unbuildable(node: Any, loader_class: type) -> Any:
    """The first scalar node of the tree ``node`` that ``loader_class`` cannot build (``node`` if none is)."""
    import yaml

    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, yaml.ScalarNode):
            loader = loader_class("")
            try:
                loader.construct_object(item)
            except Exception:  # noqa: BLE001 (any error of the tag's constructor)
                return item
            finally:
                loader.dispose()
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(reversed(item.value))
        elif isinstance(item, yaml.MappingNode):
            stack.extend(child for pair in reversed(item.value) for child in reversed(pair))
    return node


def _refuse(source: str, key: str, marked: Any, problem: str) -> None:
    if key:
        raise SpecError(key, f"{source} value refused: {problem}")
    mark = marked.start_mark  # PyYAML's and libyaml's parsers mark every event and node
    raise SpecError("", f"{source}:{mark.line + 1}:{mark.column + 1}: {problem}")


_YAML_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")  # read otherwise in YAML


def yaml_text(value: Any) -> str:
    """``value`` as one line of YAML that ``--set`` reads back as this very value: JSON (which is YAML), with
    ``.inf``, ``-.inf`` and ``.nan`` for the floats JSON lacks (its ``Infinity`` is YAML text), and text's
    characters as they are (JSON's ASCII escape of one outside the BMP reads as two lone surrogates), escaped where
    YAML would refuse them or take them as a line break."""
    import json  # here: create-default imports this module without json
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    if isinstance(value, (list, tuple)):
        return f"[{', '.join(map(yaml_text, value))}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_text(key)}: {yaml_text(item)}" for key, item in value.items()) + "}"
    return _YAML_ESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(value, ensure_ascii=False))
