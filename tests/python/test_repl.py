"""The REPL: through a pipe (a script: no prompts, no colour) and through a
pseudo-terminal (prompts, completion, history, multi-line entries, Ctrl-C
and Ctrl-D, colour), and its plots."""
import os
import pty
import re
import select
import signal
import struct
import subprocess
import time
import xml.etree.ElementTree as ElementTree

import fcntl
import pytest
import termios

TOOL = os.environ.get("LLCJIT_TOOL")


def script(text, **environment):
    return subprocess.run([TOOL], input=text, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **environment})


def test_a_pipe_runs_a_script_without_prompts_or_colour():
    assert script("sqrt(2)\n").stdout == "1.4142135623730951\n"
    result = script("exp(-a*x*x)\n:set a=2 x=0.5\n:params\n")
    assert result.stdout == ("quad integrand of x, parameters: a\n"
                             "(:set a=... x=... to evaluate)\n"
                             "0.6065306597126334\n"
                             "  parameter a = 2\n"
                             "  variable  x = 0.5\n")
    assert "\x1b" not in result.stdout + result.stderr and ">" not in result.stdout
    assert result.returncode == 0


def test_an_error_shows_the_caret_and_the_session_goes_on():
    result = script("exp(-a*x)*exq(x)\nmedian(values)\n:set values=4,1,3\n")
    assert result.stderr == ("1:11: error: unknown function 'exq'; did you mean 'exp'?\n"
                             "  exp(-a*x)*exq(x)\n"
                             "            ^~~\n")
    assert result.stdout.splitlines()[-1] == "3"
    assert result.returncode == 1  # a script that had an error says so


def test_an_open_bracket_continues_the_entry():
    assert script("max(1,\n  2,\n  3)\n").stdout == "3\n"


def test_commands():
    result = script(":help\nx^2 + c\n:set c=1 x=3\n:kind\n:ast\n:kind nquad\n:kind auto\n"
                    ":unset c\n:params\n:quad 0 1 c=0\n:quit\nsqrt(2)\n")
    out = result.stdout
    assert ":plot LO HI" in out and ":save FILE" in out
    assert "quad (inferred)\n" in out
    assert "+\n  ^\n    x\n    2\n  c\n" in out  # :ast, one node per line by depth
    assert "nquad integrand of x0, x1" not in out  # x is not x0: it stays a parameter
    assert "  parameter c = (unset)\n" in out
    assert "1.4142135623730951" not in out  # nothing runs after :quit


def test_quad_and_filter_commands_use_the_current_formula_and_bindings(tmp_path):
    result = script("exp(-a*x*x)\n:set a=2\n:quad -inf inf\n")
    assert "value=1.2533141373155017 abserr=4.4674503118420624e-09 neval=270 ier=0" \
        in result.stdout
    import numpy as np
    np.save(tmp_path / "in.npy", np.arange(12.0).reshape(3, 4))
    result = script(f"min(values)\n:filter {tmp_path}/in.npy {tmp_path}/out.npy --size 3\n")
    assert result.returncode == 0, result.stderr
    np.testing.assert_array_equal(np.load(tmp_path / "out.npy"),
                                  [[0, 0, 1, 2], [0, 0, 1, 2], [4, 4, 5, 6]])


def test_time_measures_each_tier_the_disk_cache_and_a_call(tmp_path):
    timed = "exp(-a*x*x)\n:set a=2 x=0.5\n:time\n"
    out = script(timed).stdout  # the tests run with LLCJIT_CACHE=off
    assert re.search(r"compile: quick tier [0-9.]+ ms, optimised tier [0-9.]+ ms, no disk cache "
                     r"\(LLCJIT_CACHE=off, or its directory is not writable\) \(best of 5, "
                     r"each in a new engine\)", out), out
    assert re.search(r"call: [0-9.]+ ns through 'double \(double, void \*\)' \(this formula's "
                     r"code: compiled at the quick tier; running (quick|optimised) now\)", out), out
    cached = script(timed, LLCJIT_CACHE="on", LLCJIT_CACHE_DIR=str(tmp_path)).stdout
    assert re.search(r", from the disk cache [0-9.]+ ms \(best of 5", cached), cached


def braille_rows(text):
    """The plot's rows of braille cells (after the y labels)."""
    return [line.split("┤", 1)[1] for line in text.splitlines() if "┤" in line]


def lowest_dot_columns(rows):
    """Dot columns holding the lowest dot of the plot."""
    bits = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
    lowest, columns = -1, []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            code = ord(cell) - 0x2800
            for i in range(4):
                for j in range(2):
                    if code & bits[i][j]:
                        dot_row, dot_column = 4 * r + i, 2 * c + j
                        if dot_row > lowest:
                            lowest, columns = dot_row, [dot_column]
                        elif dot_row == lowest:
                            columns.append(dot_column)
    return columns


def test_plot_of_x_squared_has_its_minimum_in_the_middle():
    out = script("x^2\n:plot -1 1\n").stdout
    rows = braille_rows(out)
    assert len(rows) == 18  # 24 lines when stdout is not a terminal, less the margins
    width = len(rows[0])
    assert all(len(row) == width for row in rows)
    # The lowest dots: a short run of dot columns centred on the middle two.
    lowest = lowest_dot_columns(rows)
    assert lowest[0] + lowest[-1] == 2 * width - 1 and width - 1 in lowest and width in lowest
    assert len(lowest) < 2 * width / 5
    assert out.splitlines()[2].startswith("        1 ┤")  # the top label: max of x^2
    assert out.splitlines()[-1].split() == ["-1", "1"]  # the x range underneath


def test_plot_names_a_limit_that_is_not_a_number():
    assert "error: HI 'q' is not a number" in script("x^2\n:plot 0 q\n").stderr


def test_plot_into_an_svg_file_that_parses_as_xml(tmp_path):
    svg = tmp_path / "gauss.svg"
    out = script(f"exp(-a*x*x)\n:set a=2\n:plot -2 2 --out {svg}\n").stdout
    assert f"wrote {svg}" in out
    root = ElementTree.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    line = root.find("{http://www.w3.org/2000/svg}polyline")
    points = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    assert len(points) == 400
    # The peak (smallest y on screen) at the middle of the plot area, x 70..620.
    assert min(points, key=lambda p: p[1])[0] == pytest.approx(345, abs=2)


def test_save_writes_a_script_that_replays_the_session(tmp_path):
    saved = tmp_path / "session.llcjit"
    script(f":set a=2 x=0.5\n:kind quad\nexp(-a*x*x)\n:save {saved}\n")
    assert saved.read_text() == ":kind quad\n:set a=2 x=0.5\nexp(-a*x*x)\n"
    assert script(saved.read_text()).stdout.splitlines()[-1] == "0.6065306597126334"


class Terminal:
    """llcjit on a pseudo-terminal of a given size, driven key by key.

    Keys are only sent once the REPL waits at a prompt with the terminal in
    raw mode: libedit prints the prompt before it leaves cooked mode, and a
    Ctrl-D typed in cooked mode is the terminal's end-of-file, which the
    switch to raw mode drops. (The pty master reports the slave's modes.)"""

    def __init__(self, home, columns=100, lines=30, **environment):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update({"HOME": str(home), "TERM": "xterm", **environment})
            os.environ.pop("NO_COLOR", None) if "NO_COLOR" not in environment else None
            os.execv(TOOL, [TOOL])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.output = ""
        self.wait_for_prompt()

    def read(self, done, timeout=20):
        end = time.time() + timeout
        while not done():
            assert time.time() < end, f"llcjit printed {self.output!r}"
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536).decode(errors="replace")
                except OSError:
                    break
        return self.output

    def read_until(self, text):
        return self.read(lambda: text in self.output)

    def wait_for_prompt(self):
        self.read(lambda: self.output.endswith(("> ", "... "))
                  and not termios.tcgetattr(self.fd)[3] & termios.ICANON)

    def send(self, keys, expect, at_prompt=True):
        """Types `keys` (at a fresh prompt unless at_prompt is False: in the
        middle of a line) and reads until `expect` is printed."""
        if at_prompt:
            self.wait_for_prompt()
        self.output = ""
        os.write(self.fd, keys.encode())
        return self.read_until(expect)

    def close(self):
        try:
            self.wait_for_prompt()
            os.write(self.fd, b"\x04")
            end = time.time() + 20
            while True:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    return os.waitstatus_to_exitcode(status)
                if time.time() > end:
                    while select.select([self.fd], [], [], 0.5)[0]:
                        self.output += os.read(self.fd, 65536).decode(errors="replace")
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    raise AssertionError(f"llcjit did not leave on Ctrl-D: {self.output!r}")
                time.sleep(0.05)
        finally:
            os.close(self.fd)


def test_terminal_completion_multiline_errors_and_ctrl_c(tmp_path):
    term = Terminal(tmp_path)
    # Tab completes a builtin, then a parameter of the current formula.
    assert "1.4142135623730951" in term.send("sq\t(2)\r", "1.41")
    term.send("exp(-alpha*x*x)\r", "parameters: alpha")
    # Only alp<Tab> = alpha gives the formula its value: exp(0) = 1.
    assert "ha=1" in term.send(":set alp\t=1 x=0\r", "\r\n1\r\n")
    # An open bracket continues on a "... " prompt.
    term.send("max(1,\r", "... ")
    assert "2\r\n" in term.send("2)\r", "2\r\n> ")
    # An error shows its caret; the next line works.
    out = term.send("1 +* 2\r", "> ")
    assert "^" in out and "error" in out
    assert "\r\n3\r\n" in term.send("1 + 2\r", "3\r\n> ")
    # Ctrl-C cancels the line being typed; the session goes on.
    out = term.send("sqrt(99", "sqrt(99")
    out = term.send("\x03", "> ", at_prompt=False)
    assert "9.9498" not in out
    assert "2\r\n" in term.send("sqrt(4)\r", "2\r\n> ")
    assert term.close() == 0


def test_terminal_history_is_kept_across_sessions(tmp_path):
    term = Terminal(tmp_path)
    term.send("6 * 7\r", "42")
    assert term.close() == 0
    assert "6\\040*\\0407" in (tmp_path / ".llcjit_history").read_text()  # libedit's format
    term = Terminal(tmp_path)
    assert "42" in term.send("\x1b[A\r", "42\r\n> ")  # Up recalls it
    term.close()


def test_terminal_colour_unless_no_color(tmp_path):
    term = Terminal(tmp_path)
    assert "\x1b[31m" in term.send("exq(1)\r", "> ")
    term.close()
    term = Terminal(tmp_path, NO_COLOR="1")
    out = term.send("exq(1)\r", "> ")
    assert "error" in out and "\x1b[31m" not in out
    term.close()


def test_terminal_plot_is_sized_to_the_terminal(tmp_path):
    term = Terminal(tmp_path, columns=60, lines=20)
    term.send("x^2\r", "> ")
    out = term.send(":plot -1 1\r", "\r\n> ")
    rows = braille_rows(out.replace("\r", ""))
    assert len(rows) == 14  # 20 lines less the margins
    assert len(rows[0]) == 60 - 14  # the columns less the labels
    term.close()
