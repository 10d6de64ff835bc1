"""What the tables of bad input share: a small image, a C integer that
ctypes would wrap, outputs llcjit must not write into, and a SciPy
LowLevelCallable that llcjit did not make. The test module imports llcjit
(its path set) before this one."""
import math

import numpy as np
import scipy

import llcjit

IMAGE = np.arange(20.0).reshape(4, 5)
INT_BIG = 2**32 + 3  # ctypes kept the low 32 bits of this: 3


def read_only(array):
    array = np.array(array, dtype=np.float64)
    array.flags.writeable = False
    return array


def from_bytes(shape):
    """A float64 array over an immutable bytes object (read-only)."""
    return np.frombuffer(bytes(8 * math.prod(shape)), dtype=np.float64).reshape(shape)


def filter_callable():
    """A LowLevelCallable not made by llcjit (generic_filter's other path)."""
    return scipy.LowLevelCallable(llcjit.filter_kernel("max(values)").function)
