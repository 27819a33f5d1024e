# evsim_add_scenario_test(NAME FILE [SEEDS A..B] [LABELS label...])
#
# Registers CTest tests that run a scenario or check a recording with the evsim command line:
#   - a scenario (.json): `evsim run FILE --seed N --quiet` once per seed N from A to B (tests
#     NAME.seed_N), or `evsim run FILE --quiet` once with the file's own seed (test NAME)
#     without SEEDS. The test passes when every expectation of the scenario holds (exit 0).
#   - a recording (.evrec): `evsim replay FILE` (test NAME), which passes when this evsim gives
#     the recorded run, digest for digest. SEEDS does not apply.
# A relative FILE is taken from the current source folder. The evsim used is the one in
# EVSIM_EXECUTABLE when set, else the target EventSim::evsim (the installed one, through
# find_package(EventSim), or the project's own when EventSim itself includes this file).
include_guard(GLOBAL)

function(evsim_add_scenario_test name file)
    cmake_parse_arguments(PARSE_ARGV 2 arg "" "SEEDS" "LABELS")
    if(arg_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "evsim_add_scenario_test(${name}): unexpected arguments "
                            "${arg_UNPARSED_ARGUMENTS}; use NAME FILE [SEEDS A..B] [LABELS ...]")
    endif()
    if(EVSIM_EXECUTABLE)
        set(evsim ${EVSIM_EXECUTABLE})
    elseif(TARGET EventSim::evsim)
        set(evsim $<TARGET_FILE:EventSim::evsim>)
    else()
        message(FATAL_ERROR "evsim_add_scenario_test(${name}): no evsim; find_package(EventSim) "
                            "first or set EVSIM_EXECUTABLE")
    endif()
    cmake_path(ABSOLUTE_PATH file BASE_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
               NORMALIZE OUTPUT_VARIABLE path)
    if(NOT EXISTS ${path})
        message(FATAL_ERROR "evsim_add_scenario_test(${name}): no file ${path}")
    endif()

    set(tests)
    if(path MATCHES "\\.evrec$")
        if(DEFINED arg_SEEDS)
            message(FATAL_ERROR "evsim_add_scenario_test(${name}): a recording keeps its seed; "
                                "SEEDS applies to scenarios only")
        endif()
        add_test(NAME ${name} COMMAND ${evsim} replay ${path})
        list(APPEND tests ${name})
    elseif(DEFINED arg_SEEDS)
        if(NOT arg_SEEDS MATCHES "^([0-9]+)\\.\\.([0-9]+)$")
            message(FATAL_ERROR "evsim_add_scenario_test(${name}): SEEDS must be A..B with whole "
                                "numbers A <= B, got \"${arg_SEEDS}\"")
        endif()
        set(first ${CMAKE_MATCH_1})
        set(last ${CMAKE_MATCH_2})
        if(first GREATER last)
            message(FATAL_ERROR "evsim_add_scenario_test(${name}): SEEDS ${arg_SEEDS} is empty")
        endif()
        foreach(seed RANGE ${first} ${last})
            add_test(NAME ${name}.seed_${seed}
                     COMMAND ${evsim} run ${path} --seed ${seed} --quiet)
            list(APPEND tests ${name}.seed_${seed})
        endforeach()
    else()
        add_test(NAME ${name} COMMAND ${evsim} run ${path} --quiet)
        list(APPEND tests ${name})
    endif()
    if(arg_LABELS)
        set_tests_properties(${tests} PROPERTIES LABELS "${arg_LABELS}")
    endif()
endfunction()
