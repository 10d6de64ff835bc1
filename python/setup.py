"""Builds the package with its native library: `pip install --no-build-isolation
./python` runs CMake on the llcjit checkout this directory belongs to, builds
libllcjit and the bridge's compiled module (the tested flags, without debug
information) and ships them inside the package, so that `import llcjit`
needs no environment variable. LLCJIT_BUILD_DIR names a CMake build directory
to reuse (an existing build is only brought up to date); by default the build
goes in setuptools' temporary directory. Metadata is in pyproject.toml."""
import os
import pathlib
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIBRARY = "libllcjit.so.0"


class BuildWithLibrary(build_py):
    """build_py, then the native library and the compiled module, copied in
    beside the Python modules."""

    def run(self):
        super().run()
        if not (ROOT / "CMakeLists.txt").is_file():
            raise RuntimeError(f"llcjit's Python package is built from a checkout of llcjit, "
                               f"whose C++ sources ({ROOT / 'CMakeLists.txt'}) are missing")
        temporary = pathlib.Path(self.get_finalized_command("build").build_temp)
        build = pathlib.Path(os.environ.get("LLCJIT_BUILD_DIR") or temporary / "cmake").resolve()
        if not (build / "CMakeCache.txt").is_file():
            # The flags the project tests (RelWithDebInfo) without the debug
            # information; a warning of another compiler does not stop an
            # install (-Werror is for llcjit's own builds).
            subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build),
                            "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                            "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -DNDEBUG",
                            "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -DNDEBUG", "-DLLCJIT_WERROR=OFF",
                            "-DBUILD_TESTING=OFF", "-DLLCJIT_BENCH=OFF"], check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "llcjit", "llcjit-speedups",
                        "--parallel"], check=True)
        package = pathlib.Path(self.build_lib) / "llcjit"
        # copy2 follows the SONAME link to the library itself; the compiled
        # module finds it beside itself ($ORIGIN).
        shutil.copy2(build / "lib" / LIBRARY, package / LIBRARY)
        for module in (build / "lib").glob("_speedups.*.so"):
            shutil.copy2(module, package / module.name)


class WithNativeCode(Distribution):
    """A wheel of this package holds machine code: it is for this platform."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithLibrary}, distclass=WithNativeCode)
