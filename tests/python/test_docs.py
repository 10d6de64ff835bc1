"""Every llcjit example in README.md and docs/tutorial.md runs, and prints
what the document says it prints:

- ```console blocks: `$ build/bin/llcjit ...` lines and their output;
- ```repl blocks: a REPL session, `> ` (and `... `) lines typed, the others
  printed (run as a script, stdout and stderr together);
- ```pycon blocks: Python sessions, checked by doctest with the bridge;
- ```cpp blocks that hold a whole program (`int main(`), compiled against
  the build and run, followed by an ```output block with what they print.

The set-up commands (```sh) are not run."""
import doctest
import os
import pathlib
import re
import shlex
import subprocess
import sys

import pytest

ROOT = pathlib.Path(os.environ.get("LLCJIT_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
DOCUMENTS = ["README.md", "docs/tutorial.md"]


def blocks(kind):
    """(document, text, text of the block after it) for each block of `kind`."""
    for document in DOCUMENTS:
        text = (ROOT / document).read_text()
        found = list(re.finditer(r"```(\w+)\n(.*?)```", text, re.S))
        for i, match in enumerate(found):
            if match.group(1) == kind:
                following = found[i + 1] if i + 1 < len(found) else None
                yield document, match.group(2), following


def console_examples():
    for document, block, _ in blocks("console"):
        command, expected = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    yield document, command, expected
                command, expected = line[2:], []
            else:
                expected.append(line)
        if command:
            yield document, command, expected


def test_console_examples(llcjit):
    examples = list(console_examples())
    assert len(examples) >= 7
    for document, command, expected in examples:
        args = shlex.split(command, comments=True)
        assert args[0] == "build/bin/llcjit", (document, command)
        result = llcjit(*args[1:], check=False)
        shown = (result.stdout + result.stderr).splitlines()
        if expected:
            assert shown == expected, (document, command)
        else:
            assert result.returncode == 0 and shown, (document, command)


def test_repl_transcripts(tmp_path):
    transcripts = list(blocks("repl"))
    assert len(transcripts) >= 3
    for document, block, _ in transcripts:
        typed = [line[2:] if line.startswith("> ") else line[4:]
                 for line in block.splitlines() if line.startswith(("> ", "... "))]
        printed = [line for line in block.splitlines() if not line.startswith(("> ", "... "))]
        result = subprocess.run([os.environ["LLCJIT_TOOL"]], input="\n".join(typed) + "\n",
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                cwd=tmp_path, timeout=60)
        assert result.stdout.splitlines() == printed, (document, typed)


@pytest.mark.skipif(bool(os.environ.get("LLCJIT_SANITIZED")),
                    reason="the bridge loads libllcjit into python3, which is not instrumented")
def test_python_sessions(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "python"))
    monkeypatch.chdir(tmp_path)
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    sessions = list(blocks("pycon"))
    assert len(sessions) >= 2
    for document, block, _ in sessions:
        test = parser.get_doctest(block, {}, document, document, 0)
        result = runner.run(test, out=sys.stderr.write)
        assert result.failed == 0, f"{document}: {result.failed} example(s) failed (above)"


@pytest.mark.skipif(bool(os.environ.get("LLCJIT_SANITIZED")),
                    reason="needs the uninstrumented library of a plain build")
def test_cpp_programs(tmp_path):
    library = pathlib.Path(os.environ["LLCJIT_LIBRARY"]).resolve().parent
    programs = [(d, b, f) for d, b, f in blocks("cpp") if "int main(" in b]
    assert len(programs) >= 2
    for i, (document, program, following) in enumerate(programs):
        assert following is not None and following.group(1) == "output", document
        source = tmp_path / f"example{i}.cpp"
        source.write_text(program)
        binary = tmp_path / f"example{i}"
        subprocess.run(["g++", "-std=c++20", "-O1", f"-I{ROOT / 'include'}", str(source),
                        f"-L{library}", "-lllcjit", f"-Wl,-rpath,{library}", "-o", str(binary)],
                       check=True, timeout=300)
        result = subprocess.run([str(binary)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout == following.group(2), document
