# What `cmake --install` puts under the prefix, for programs that test their own code against
# EventSim (docs/harness.md, "Using EventSim from your CMake project"):
#   bin/evsim
#   lib/libevsim_sim.a, lib/libevsim_harness.a, lib/libevsim_session.a
#   include/evsim/simulator/...  the core's headers, as "simulator/engine/simulation.h"
#   include/evsim/harness/...    the harness libraries' headers ("harness/testing/run.h"); the
#                                command line's (cli/, suite/, benchmark/) stay in the project
#   lib/cmake/EventSim/          EventSimConfig.cmake (+ version), the exported targets
#                                EventSim::sim, EventSim::harness, EventSim::session,
#                                EventSim::evsim, and
#                                EventSimTesting.cmake (evsim_add_scenario_test)
# The warning flags (evsim_options) stay inside the project: they are linked through
# $<BUILD_INTERFACE:…> and never reach a program built on the package.
include(CMakePackageConfigHelpers)

set(EVSIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/EventSim)

install(TARGETS evsim_sim evsim_harness evsim_session evsim EXPORT EventSimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/simulator/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/evsim/simulator
        FILES_MATCHING PATTERN "*.h")
foreach(layer io query contracts run recording testing export session)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/harness/${layer}/
            DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/evsim/harness/${layer}
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
