# What `cmake --install` puts under the prefix, for programs that test their own code against
# EventSim (docs/harness.md, "Using EventSim from your CMake project"):
#   bin/evsim
#   lib/libevsim_harness.a, lib/libevsim_sim.a
#   include/evsim/...            the simulator/ and harness/ headers, in their own layout
#   lib/cmake/EventSim/          EventSimConfig.cmake (+ version), the exported targets
#                                EventSim::harness, EventSim::sim, EventSim::evsim, and
#                                EventSimTesting.cmake (evsim_add_scenario_test)
# The warning flags (evsim_options) stay inside the project: they are linked through
# $<BUILD_INTERFACE:…> and never reach a program built on the package.
include(CMakePackageConfigHelpers)

set(EVSIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/EventSim)

install(TARGETS evsim_sim evsim_harness evsim EXPORT EventSimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(tree simulator harness)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${tree}/
            DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/evsim
            FILES_MATCHING PATTERN "*.h")
endforeach()
install(EXPORT EventSimTargets NAMESPACE EventSim:: DESTINATION ${EVSIM_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/EventSimConfig.cmake.in
    ${PROJECT_BINARY_DIR}/EventSimConfig.cmake INSTALL_DESTINATION ${EVSIM_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/EventSimConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/EventSimConfig.cmake
              ${PROJECT_BINARY_DIR}/EventSimConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/EventSimTesting.cmake
        DESTINATION ${EVSIM_CMAKE_DIR})
