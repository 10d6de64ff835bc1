# Fails when a file of a layer under SOURCE_DIR includes a header of a layer
# that is not below it (docs/design.md draws the layers):
#   frontend -> codegen -> jit -> quad, ndimage (-> interpolation) -> capi
# The drivers (quad, ndimage, interpolation) and the C ABI reach the layers below them only
# through the public headers, <llcjit/...>. numeric/ (header-only: NumPy's
# orders of arithmetic) sits beside them all, for the code generator's
# runtime and the drivers to share one definition; parallel/ (header-only:
# the oneTBB loops and the thread-count check) beside the jit and the
# drivers, which run work on threads.
cmake_policy(SET CMP0057 NEW) # if(... IN_LIST ...)

set(allowed_numeric numeric)
set(allowed_parallel parallel)
set(allowed_frontend frontend)
set(allowed_codegen frontend codegen numeric)
set(allowed_jit frontend codegen jit parallel)
set(allowed_quad quad numeric parallel)
set(allowed_ndimage ndimage numeric parallel)
set(allowed_interpolation interpolation ndimage numeric parallel)
set(allowed_capi capi)

set(failures "")
foreach(layer numeric parallel frontend codegen jit quad ndimage interpolation capi)
  file(GLOB files "${SOURCE_DIR}/${layer}/*.cpp" "${SOURCE_DIR}/${layer}/*.hpp"
       "${SOURCE_DIR}/${layer}/*.inc")
  foreach(file ${files})
    file(STRINGS "${file}" includes REGEX "^#include \"[a-z_]+/")
    foreach(line ${includes})
      string(REGEX REPLACE "^#include \"([a-z_]+)/.*" "\\1" included "${line}")
      if(NOT included IN_LIST allowed_${layer})
        file(RELATIVE_PATH shown "${SOURCE_DIR}" "${file}")
        string(APPEND failures "  ${shown}: ${line} (${layer} may include: ${allowed_${layer}})\n")
      endif()
    endforeach()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "includes against the layering:\n${failures}")
endif()
