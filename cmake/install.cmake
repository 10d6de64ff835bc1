# `cmake --install build --prefix P`: the library, its headers, the tool, a
# CMake package (find_package(llcjit) -> llcjit::llcjit) and a pkg-config file.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set_target_properties(llcjit-tool PROPERTIES INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")
# The target's INSTALL_INTERFACE already names the include directory.
install(TARGETS llcjit EXPORT llcjitTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS llcjit-tool RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/llcjit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/llcjit/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/llcjit)

set(LLCJIT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/llcjit)
install(EXPORT llcjitTargets NAMESPACE llcjit:: DESTINATION ${LLCJIT_CMAKE_DIR})
configure_package_config_file(cmake/llcjitConfig.cmake.in
  ${CMAKE_BINARY_DIR}/llcjitConfig.cmake INSTALL_DESTINATION ${LLCJIT_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/llcjitConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/llcjitConfig.cmake
  ${CMAKE_BINARY_DIR}/llcjitConfigVersion.cmake DESTINATION ${LLCJIT_CMAKE_DIR})

# The prefix is only known at install time, so the .pc file is written then.
install(CODE "
  set(CMAKE_INSTALL_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(CMAKE_INSTALL_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(CMAKE_INSTALL_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(PROJECT_VERSION \"${PROJECT_VERSION}\")
  configure_file(\"${PROJECT_SOURCE_DIR}/cmake/llcjit.pc.in\"
    \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig/llcjit.pc\" @ONLY)
")
