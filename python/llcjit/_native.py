"""ctypes declarations of llcjit's C ABI (include/llcjit/llcjit.h)."""
import ctypes
import os
import pathlib

_HERE = pathlib.Path(__file__).resolve().parent


def _candidates():
    explicit = os.environ.get("LLCJIT_LIBRARY")
    if explicit:
        yield explicit
    # Installed by pip, the package carries its library (setup.py).
    yield str(_HERE / "libllcjit.so.0")
    # The build tree, when the package is imported from the source checkout.
    yield str(_HERE.parents[1] / "build" / "lib" / "libllcjit.so.0")
    yield "libllcjit.so.0"


def _load():
    errors = []
    for candidate in _candidates():
        try:
            return ctypes.CDLL(candidate)
        except OSError as error:
            errors.append(f"{candidate}: {error}")
    raise ImportError("cannot load libllcjit (set LLCJIT_LIBRARY to its path):\n  "
                      + "\n  ".join(errors))


lib = _load()


def _load_speedups():
    """llcjit._speedups, the bridge's compiled module, which the build puts
    beside libllcjit (the build tree's lib/, or this package once installed)."""
    import importlib.machinery
    import importlib.util
    import sys
    loaded = pathlib.Path(lib._name)
    directories = ([loaded.parent] if loaded.is_absolute() else []) + [
        _HERE, _HERE.parents[1] / "build" / "lib"]
    for directory in directories:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = directory / f"_speedups{suffix}"
            if path.is_file():
                spec = importlib.util.spec_from_file_location("llcjit._speedups", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                sys.modules[spec.name] = module
                return module
    raise ImportError(f"cannot find llcjit's compiled module _speedups (built with libllcjit) "
                      f"in {', '.join(map(str, directories))}: rebuild llcjit")


speedups = _load_speedups()

OK, COMPILE_ERROR, USAGE_ERROR, JIT_ERROR, INTERNAL_ERROR, CANCELLED, OUT_OF_MEMORY = range(7)
KINDS = {"quad": 0, "nquad": 1, "filter": 2, "filter1d": 3, "transform": 4}
ENTRY_SCALAR, ENTRY_SCALAR_USER_DATA, ENTRY_ARRAY, ENTRY_ARRAY_USER_DATA = range(4)
ENTRY_FILTER, ENTRY_FILTER1D, ENTRY_TRANSFORM, ENTRY_BATCH = range(4, 8)
WEIGHTS = {None: 0, "cauchy": 1, "alg": 2, "alg-loga": 3, "alg-logb": 4, "alg-log": 5,
           "cos": 6, "sin": 7}


class Options(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int),
                ("parameters", ctypes.POINTER(ctypes.c_char_p)),
                ("parameter_count", ctypes.c_size_t),
                ("variables", ctypes.POINTER(ctypes.c_char_p)),
                ("variable_count", ctypes.c_size_t),
                ("vector_math", ctypes.c_int), ("tier", ctypes.c_int),
                ("disk_cache", ctypes.c_int)]


class Progress(ctypes.Structure):
    _fields_ = [("done", ctypes.c_size_t), ("total", ctypes.c_size_t),
                ("cancel", ctypes.c_int)]


class QuadOptions(ctypes.Structure):
    _fields_ = [("epsabs", ctypes.c_double), ("epsrel", ctypes.c_double),
                ("limit", ctypes.c_int),
                ("points", ctypes.POINTER(ctypes.c_double)), ("point_count", ctypes.c_size_t),
                ("weight", ctypes.c_int),
                ("wvar", ctypes.POINTER(ctypes.c_double)), ("wvar_count", ctypes.c_size_t),
                ("maxp1", ctypes.c_int), ("limlst", ctypes.c_int),
                ("threads", ctypes.c_uint), ("progress", ctypes.POINTER(Progress))]


class QuadResult(ctypes.Structure):
    _fields_ = [("value", ctypes.c_double), ("abserr", ctypes.c_double),
                ("neval", ctypes.c_int), ("ier", ctypes.c_int), ("last", ctypes.c_int)]


def _declare(name, restype, *argtypes):
    function = getattr(lib, name)
    function.restype = restype
    function.argtypes = argtypes
    return function


vp = ctypes.c_void_p
version = _declare("llcjit_version", ctypes.c_char_p)
last_error = _declare("llcjit_last_error", ctypes.c_char_p)
last_error_line = _declare("llcjit_last_error_line", ctypes.c_uint)
last_error_column = _declare("llcjit_last_error_column", ctypes.c_uint)
entry_signature = _declare("llcjit_entry_signature", ctypes.c_char_p, ctypes.c_int)
options_init = _declare("llcjit_options_init", None, ctypes.POINTER(Options))
# Sources go with their length: a NUL byte in a Python str is a compile
# error at its column, not the end of the formula.
compile_n = _declare("llcjit_compile_n", ctypes.c_int, vp, ctypes.c_char_p, ctypes.c_size_t,
                     ctypes.POINTER(Options), ctypes.POINTER(vp))
callback_release = _declare("llcjit_callback_release", None, vp)
callback_kind = _declare("llcjit_callback_kind", ctypes.c_int, vp)
callback_parameter_count = _declare("llcjit_callback_parameter_count", ctypes.c_size_t, vp)
callback_parameter = _declare("llcjit_callback_parameter", ctypes.c_char_p, vp,
                              ctypes.c_size_t)
callback_variable_count = _declare("llcjit_callback_variable_count", ctypes.c_size_t, vp)
callback_variable = _declare("llcjit_callback_variable", ctypes.c_char_p, vp, ctypes.c_size_t)
callback_address = _declare("llcjit_callback_address", ctypes.c_int, vp, ctypes.c_int,
                            ctypes.POINTER(vp))
quad_options_init = _declare("llcjit_quad_options_init", None, ctypes.POINTER(QuadOptions))
quad_message_for = _declare("llcjit_quad_message_for", ctypes.c_char_p, ctypes.c_int,
                            ctypes.c_int)
quad = _declare("llcjit_quad", ctypes.c_int, vp, ctypes.POINTER(ctypes.c_double),
                ctypes.c_size_t, ctypes.c_double, ctypes.c_double,
                ctypes.POINTER(QuadOptions), ctypes.POINTER(QuadResult))
quad_function = _declare("llcjit_quad_function", ctypes.c_int, ctypes.c_char_p, vp, vp,
                         ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, ctypes.c_double,
                         ctypes.c_double, ctypes.POINTER(QuadOptions), ctypes.POINTER(QuadResult))
quad_sweep = _declare("llcjit_quad_sweep", ctypes.c_int, vp, ctypes.POINTER(ctypes.c_double),
                      ctypes.c_size_t, ctypes.c_double, ctypes.c_double,
                      ctypes.POINTER(QuadOptions), ctypes.POINTER(QuadResult))
quad_cycles_message = _declare("llcjit_quad_cycles_message", ctypes.c_char_p, ctypes.c_int,
                               ctypes.c_int)
_ints, _doubles = ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_double)


class QuadDetails(ctypes.Structure):
    _fields_ = [("length", ctypes.c_size_t), ("iord", _ints), ("alist", _doubles),
                ("blist", _doubles), ("rlist", _doubles), ("elist", _doubles),
                ("level", _ints), ("point_count", ctypes.c_size_t), ("pts", _doubles),
                ("ndin", _ints), ("nnlog", _ints), ("momcom", ctypes.c_int),
                ("maxp1", ctypes.c_size_t), ("chebmo", _doubles),
                ("cycle_count", ctypes.c_size_t), ("rslst", _doubles), ("erlst", _doubles),
                ("ierlst", _ints)]


quad_full = _declare("llcjit_quad_full", ctypes.c_int, vp, ctypes.POINTER(ctypes.c_double),
                     ctypes.c_size_t, ctypes.c_double, ctypes.c_double,
                     ctypes.POINTER(QuadOptions), ctypes.POINTER(QuadResult),
                     ctypes.POINTER(ctypes.POINTER(QuadDetails)))
quad_function_full = _declare("llcjit_quad_function_full", ctypes.c_int, ctypes.c_char_p, vp, vp,
                              ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, ctypes.c_double,
                              ctypes.c_double, ctypes.POINTER(QuadOptions),
                              ctypes.POINTER(QuadResult),
                              ctypes.POINTER(ctypes.POINTER(QuadDetails)))
quad_details_release = _declare("llcjit_quad_details_release", None,
                                ctypes.POINTER(QuadDetails))


class Range(ctypes.Structure):
    _fields_ = [("lower", ctypes.c_char_p), ("upper", ctypes.c_char_p)]


nquad = _declare("llcjit_nquad", ctypes.c_int, vp, ctypes.POINTER(Range), ctypes.c_size_t,
                 ctypes.POINTER(ctypes.c_double), ctypes.c_size_t,
                 ctypes.POINTER(QuadOptions), ctypes.POINTER(QuadResult))


class NQuadLevel(ctypes.Structure):
    _fields_ = [("options", ctypes.POINTER(QuadOptions)),
                ("points", ctypes.POINTER(ctypes.c_char_p)), ("point_count", ctypes.c_size_t)]


nquad_levels_explained = _declare(
    "llcjit_nquad_levels_explained", ctypes.c_int, vp, ctypes.POINTER(Range), ctypes.c_size_t,
    ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, ctypes.POINTER(NQuadLevel),
    ctypes.POINTER(QuadResult), ctypes.c_char_p, ctypes.c_size_t)

class Array(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("rank", ctypes.c_size_t),
                ("shape", ctypes.POINTER(ctypes.c_ssize_t)),
                ("strides", ctypes.POINTER(ctypes.c_ssize_t)), ("dtype", ctypes.c_int)]


# llcjit_dtype's values, by NumPy's names.
DTYPES = {"float64": 0, "float32": 1, "bool": 2, "int8": 3, "uint8": 4, "int16": 5,
          "uint16": 6, "int32": 7, "uint32": 8, "int64": 9, "uint64": 10}


MODES = {"reflect": 0, "grid-mirror": 0, "constant": 1, "grid-constant": 1, "nearest": 2,
         "mirror": 3, "wrap": 4, "grid-wrap": 4}
class FilterOptions(ctypes.Structure):
    _fields_ = [("mode", ctypes.c_int), ("cval", ctypes.c_double),
                ("origin", ctypes.POINTER(ctypes.c_ssize_t)), ("threads", ctypes.c_uint),
                ("fuse", ctypes.c_int),
                ("exact", ctypes.c_int), ("progress", ctypes.POINTER(Progress)),
                ("streaming", ctypes.c_int)]


_filter_arrays = [ctypes.POINTER(Array), ctypes.POINTER(Array), ctypes.POINTER(ctypes.c_ubyte),
                  ctypes.POINTER(ctypes.c_ssize_t), ctypes.POINTER(FilterOptions)]
generic_filter_function = _declare("llcjit_generic_filter_function", ctypes.c_int, vp, vp,
                                   *_filter_arrays)
filter_algorithm = _declare("llcjit_filter_algorithm", ctypes.c_int, vp,
                            ctypes.POINTER(ctypes.c_ubyte), ctypes.POINTER(ctypes.c_ssize_t),
                            ctypes.c_size_t, ctypes.POINTER(FilterOptions), ctypes.c_int,
                            ctypes.c_int, ctypes.POINTER(ctypes.c_char_p))


class Filter1DOptions(ctypes.Structure):
    _fields_ = [("mode", ctypes.c_int), ("cval", ctypes.c_double), ("origin", ctypes.c_ssize_t),
                ("threads", ctypes.c_uint), ("progress", ctypes.POINTER(Progress))]


_filter1d_arrays = [ctypes.POINTER(Array), ctypes.POINTER(Array), ctypes.c_ssize_t,
                    ctypes.c_ssize_t, ctypes.POINTER(Filter1DOptions)]
generic_filter1d = _declare("llcjit_generic_filter1d", ctypes.c_int, vp,
                            ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, *_filter1d_arrays)
generic_filter1d_function = _declare("llcjit_generic_filter1d_function", ctypes.c_int, vp, vp,
                                     *_filter1d_arrays)


# llcjit_interpolation_mode's values, by SciPy's names.
INTERPOLATION_MODES = {"constant": 0, "grid-constant": 1, "nearest": 2, "reflect": 3,
                       "grid-mirror": 3, "mirror": 4, "wrap": 5, "grid-wrap": 6}


class InterpolationOptions(ctypes.Structure):
    _fields_ = [("order", ctypes.c_int), ("mode", ctypes.c_int), ("cval", ctypes.c_double),
                ("prefilter", ctypes.c_int), ("threads", ctypes.c_uint),
                ("progress", ctypes.POINTER(Progress)), ("streaming", ctypes.c_int)]


_array = ctypes.POINTER(Array)
_interpolation_options = ctypes.POINTER(InterpolationOptions)
geometric_transform = _declare("llcjit_geometric_transform", ctypes.c_int, vp,
                               ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, _array, _array,
                               _interpolation_options)
geometric_transform_function = _declare("llcjit_geometric_transform_function", ctypes.c_int, vp,
                                        vp, _array, _array, _interpolation_options)
map_coordinates = _declare("llcjit_map_coordinates", ctypes.c_int, _array, _array, _array,
                           _interpolation_options)
spline_filter1d = _declare("llcjit_spline_filter1d", ctypes.c_int, _array, _array, ctypes.c_int,
                           ctypes.c_ssize_t, ctypes.c_int, ctypes.c_uint)


def _python_api(name, restype, *argtypes):
    # A function object of llcjit's own (pythonapi[name] is not cached), so
    # that other code setting argtypes on ctypes.pythonapi.<name> cannot
    # change how llcjit calls it.
    function = ctypes.pythonapi[name]
    function.restype = restype
    function.argtypes = argtypes
    return function


capsule_name = _python_api("PyCapsule_GetName", ctypes.c_char_p, ctypes.py_object)
capsule_pointer = _python_api("PyCapsule_GetPointer", vp, ctypes.py_object, ctypes.c_char_p)
capsule_context = _python_api("PyCapsule_GetContext", vp, ctypes.py_object)
