"""src/codegen/exp_table.inc is what tools/gen_exp_table.py writes, so the
table the inline exp uses can be rebuilt from its definition (and is checked
against libm's results by the C++ tests)."""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(os.environ.get("LLCJIT_SOURCE_DIR", pathlib.Path(__file__).parents[2]))


def test_committed_table_is_the_generated_one():
    generated = subprocess.run([sys.executable, str(ROOT / "tools/gen_exp_table.py")],
                               check=True, capture_output=True, text=True).stdout
    assert generated == (ROOT / "src/codegen/exp_table.inc").read_text()


def test_table_spans_one_octave():
    generated = subprocess.run([sys.executable, str(ROOT / "tools/gen_exp_table.py")],
                               check=True, capture_output=True, text=True).stdout
    entries = [int(word.rstrip(","), 16) for line in generated.splitlines()
               if line.startswith("0x") for word in line.split()]
    assert len(entries) == 256
    # k = 0: 2^0 is exactly 1, so no remainder.
    assert entries[0] == 0 and entries[1] == 0x3ff0000000000000
    # k = 64: 2^(1/2) = 0x1.6a09e667f3bcdp0 rounded, stored less 64 << 45.
    assert entries[129] == 0x3ff6a09e667f3bcd - (64 << 45)
