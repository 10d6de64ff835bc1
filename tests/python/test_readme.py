"""The README's console tour is executed and its printed output compared."""
import os
import pathlib
import re
import shlex
import subprocess

ROOT = pathlib.Path(os.environ.get("LLCJIT_SOURCE_DIR", pathlib.Path(__file__).parents[2]))


def console_examples():
    text = (ROOT / "README.md").read_text()
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        command, expected = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    yield command, expected
                command, expected = line[2:], []
            else:
                expected.append(line)
        if command:
            yield command, expected


def test_readme_console_examples(llcjit):
    examples = list(console_examples())
    assert len(examples) >= 4
    for command, expected in examples:
        args = shlex.split(command, comments=True)
        assert args[0] == "build/bin/llcjit"
        result = llcjit(*args[1:], check=False)
        shown = (result.stdout + result.stderr).splitlines()
        if expected:
            assert shown == expected, command
        else:
            assert result.returncode == 0 and shown, command
