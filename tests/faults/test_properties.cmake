# ctest properties of single fault tests, applied after the discovered doctest cases (tests_faults_TESTS is the list
# doctest_discover_tests defines). The kiosk kill test runs the real kiosk 200+ times: label `slow` (ctest -LE slow
# leaves it out) and its own timeout.
foreach(test_name IN LISTS tests_faults_TESTS)
  if(test_name MATCHES "SIGKILL at 200 random moments of an exam")
    set_tests_properties("${test_name}" PROPERTIES LABELS "slow;kill" TIMEOUT 900)
  endif()
endforeach()
