"""llcjit's exceptions, and the Python exception of a C ABI status."""
from __future__ import annotations

from . import _native


class LlcjitError(RuntimeError):
    """An llcjit failure that is not a bad formula."""


class CompileError(ValueError):
    """A formula that does not compile; the message has the line, column and
    a caret under the offending text."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def _check(status):
    """Raises the Python exception of a C ABI status."""
    if status == _native.OK:
        return
    # Not strict UTF-8: a diagnostic quotes the formula's bytes.
    message = _native.last_error().decode("utf-8", "replace")
    if status == _native.COMPILE_ERROR:
        raise CompileError(message, _native.last_error_line(), _native.last_error_column())
    if status == _native.USAGE_ERROR:
        raise ValueError(message)
    if status == _native.OUT_OF_MEMORY:
        raise MemoryError(message)  # as NumPy and SciPy report it
    raise LlcjitError(message)


def _quote_whole_line(message, source, line, column):
    """`message` with the line of `source` (bytes) it is about quoted under
    it and a caret at `column`, as the compiler renders a diagnostic: control
    bytes show as their Unicode pictures (U+2400 + byte), one column each.
    For a NUL in an nquad bound, which llcjit_range's C strings cannot carry
    to the compiler."""
    lines = source.split(b"\n")
    text = lines[line - 1]
    shown = text.decode("utf-8", "replace")
    shown = "".join(chr(0x2400 + ord(c)) if ord(c) < 0x20 and c != "\t" else c for c in shown)
    caret = "".join("\t" if c == "\t" else " " for c in
                    text[:max(column - 1, 0)].decode("utf-8", "replace"))
    return f"{message}\n  {shown}\n  {caret}^"
