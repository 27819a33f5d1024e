# The mutation check: every mutant in mutants.json is a plausible wrong edit of the source, and
# a test named after the row it breaks must notice it.
#
#   cmake -DSOURCE_DIR=<repo> -DMODE=check -P run_mutants.cmake
#       fast: each mutant's original text occurs exactly once in its file, its clause is listed
#       in docs/semantics.md, and every AMQP row there has a mutant.
#   cmake -DSOURCE_DIR=<repo> -DMODE=run -DWORK_DIR=<scratch> [-DONLY=<regex>] -P run_mutants.cmake
#       slow: copies the sources to WORK_DIR (the working tree is never edited), builds the core
#       tests once, then for each mutant applies it, rebuilds, runs the tests of its row
#       (gtest filter *ROW_*) and expects a failure. Fails listing every mutant that survives.
cmake_minimum_required(VERSION 3.25)

if(NOT SOURCE_DIR OR NOT MODE)
    message(FATAL_ERROR "usage: cmake -DSOURCE_DIR=<repo> -DMODE=check|run [-DWORK_DIR=<dir>] "
                        "[-DONLY=<regex>] -P run_mutants.cmake")
endif()

file(READ "${SOURCE_DIR}/tests/mutants/mutants.json" mutants_json)
file(READ "${SOURCE_DIR}/docs/semantics.md" semantics)
string(JSON mutant_count LENGTH "${mutants_json}" mutants)
math(EXPR last "${mutant_count} - 1")

# Reads mutant `index` into mutant_clause, mutant_row, mutant_file, mutant_original,
# mutant_replacement and mutant_wrong in the caller's scope.
function(read_mutant index)
    foreach(field clause file original replacement wrong)
        string(JSON value GET "${mutants_json}" mutants ${index} ${field})
        set(mutant_${field} "${value}" PARENT_SCOPE)
    endforeach()
    string(JSON clause GET "${mutants_json}" mutants ${index} clause)
    string(REGEX REPLACE "\\..*$" "" row "${clause}")
    set(mutant_row "${row}" PARENT_SCOPE)
endfunction()

# --- check: the list still fits the source and the doc ----------------------------------------
set(problems "")
set(rows_with_mutants "")
foreach(i RANGE ${last})
    read_mutant(${i})
    list(APPEND rows_with_mutants "${mutant_row}")
    set(where "mutant ${i} (${mutant_clause}: ${mutant_wrong})")
    if(NOT EXISTS "${SOURCE_DIR}/${mutant_file}")
        string(APPEND problems "${where}: no file ${mutant_file}\n")
        continue()
    endif()
    file(READ "${SOURCE_DIR}/${mutant_file}" text)
    string(FIND "${text}" "${mutant_original}" first)
    string(FIND "${text}" "${mutant_original}" final REVERSE)
    if(first EQUAL -1)
        string(APPEND problems "${where}: its original text is no longer in ${mutant_file}; "
                               "update the mutant to the code as it is now\n")
    elseif(NOT first EQUAL final)
        string(APPEND problems "${where}: its original text occurs more than once in "
                               "${mutant_file}; quote more of the line around it\n")
    endif()
    if(mutant_original STREQUAL mutant_replacement)
        string(APPEND problems "${where}: the replacement changes nothing\n")
    endif()
    string(FIND "${semantics}" "**${mutant_clause}**" listed)
    if(listed EQUAL -1)
        string(APPEND problems "${where}: clause ${mutant_clause} is not listed in "
                               "docs/semantics.md\n")
    endif()
endforeach()
string(REGEX MATCHALL "\n\\| AMQP[0-9]+ \\|" amqp_rows "${semantics}")
foreach(row_cell IN LISTS amqp_rows)
    string(REGEX MATCH "AMQP[0-9]+" row "${row_cell}")
    if(NOT row IN_LIST rows_with_mutants)
        string(APPEND problems "row ${row} of docs/semantics.md has no mutant\n")
    endif()
endforeach()
if(mutant_count LESS 40)
    string(APPEND problems "only ${mutant_count} mutants; the check asks for at least 40\n")
endif()
if(problems)
    message(FATAL_ERROR "tests/mutants/mutants.json:\n${problems}")
endif()
message(STATUS "${mutant_count} mutants, each applies once and names a listed clause")
if(MODE STREQUAL "check")
    return()
endif()

# --- run: apply each to a copy and expect its row's tests to fail -----------------------------
if(NOT WORK_DIR)
    message(FATAL_ERROR "MODE=run needs -DWORK_DIR=<scratch directory>")
endif()
set(copy "${WORK_DIR}/src")
set(build "${WORK_DIR}/build")
# The copy is kept between runs so that a rerun rebuilds only what changed. A file is copied only
# when its content differs, and then gets a new time: a file a killed run left mutated, or one
# whose object was built from a mutant, is rebuilt from the source as it is now.
foreach(part CMakeLists.txt CMakePresets.json cmake simulator harness tests fixtures scenarios
             examples docs bench gui tools)
    if(IS_DIRECTORY "${SOURCE_DIR}/${part}")
        file(GLOB_RECURSE files RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/${part}/*")
    elseif(EXISTS "${SOURCE_DIR}/${part}")
        set(files "${part}")
    else()
        set(files "")
    endif()
    foreach(f IN LISTS files)
        get_filename_component(dir "${copy}/${f}" DIRECTORY)
        file(MAKE_DIRECTORY "${dir}")
        file(COPY_FILE "${SOURCE_DIR}/${f}" "${copy}/${f}" ONLY_IF_DIFFERENT)
    endforeach()
endforeach()

function(run_step what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out
                    ERROR_VARIABLE out)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${what} failed:\n${out}")
    endif()
endfunction()

run_step("configuring the copy" ${CMAKE_COMMAND} -S "${copy}" -B "${build}" -G Ninja
         -DCMAKE_BUILD_TYPE=Debug -DEVSIM_BUILD_GUI=OFF -DEVSIM_BUILD_TESTS=ON)
run_step("building the core tests" ${CMAKE_COMMAND} --build "${build}" -j2 --target evsim_sim_tests)
set(tests "${build}/tests/evsim_sim_tests")
run_step("the core tests, unmutated" "${tests}" --gtest_brief=1)

set(survivors "")
set(broken "")
set(killed 0)
set(tried 0)
foreach(i RANGE ${last})
    read_mutant(${i})
    if(ONLY AND NOT mutant_clause MATCHES "${ONLY}")
        continue()
    endif()
    math(EXPR tried "${tried} + 1")
    set(target "${copy}/${mutant_file}")
    file(READ "${target}" pristine)
    string(REPLACE "${mutant_original}" "${mutant_replacement}" mutated "${pristine}")
    file(WRITE "${target}" "${mutated}")
    execute_process(COMMAND ${CMAKE_COMMAND} --build "${build}" -j2 --target evsim_sim_tests
                    RESULT_VARIABLE built OUTPUT_VARIABLE build_log ERROR_VARIABLE build_log)
    if(NOT built EQUAL 0)
        file(WRITE "${target}" "${pristine}")
        list(APPEND broken "${mutant_clause}: ${mutant_wrong} (${mutant_file})")
        message(STATUS "BROKEN   ${mutant_clause}: ${mutant_wrong}\n${build_log}")
        continue()
    endif()
    # A mutant that loops forever is caught by the timeout: that counts as noticed.
    execute_process(COMMAND "${tests}" "--gtest_filter=*${mutant_row}_*" --gtest_brief=1
                    RESULT_VARIABLE outcome OUTPUT_VARIABLE test_log ERROR_VARIABLE test_log
                    TIMEOUT 300)
    file(WRITE "${target}" "${pristine}")
    if(outcome EQUAL 0)
        list(APPEND survivors "${mutant_clause}: ${mutant_wrong} (${mutant_file})")
        message(STATUS "SURVIVED ${mutant_clause}: ${mutant_wrong}")
    else()
        math(EXPR killed "${killed} + 1")
        message(STATUS "killed   ${mutant_clause}: ${mutant_wrong}")
    endif()
endforeach()

message(STATUS "${killed} of ${tried} mutants killed by their row's tests")
set(verdict "")
if(survivors)
    list(JOIN survivors "\n  " lines)
    string(APPEND verdict "no test of its row noticed these wrong edits:\n  ${lines}\n")
endif()
if(broken)
    list(JOIN broken "\n  " lines)
    string(APPEND verdict "these do not compile (a mutant must be a wrong program, not a broken "
                          "one):\n  ${lines}\n")
endif()
if(verdict)
    message(FATAL_ERROR "${verdict}")
endif()
