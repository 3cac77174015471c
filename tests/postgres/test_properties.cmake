# ctest properties of single centre tests, applied after the discovered doctest cases (tests_postgres_TESTS is the
# list doctest_discover_tests defines). The outage tests (centre_outage_test.cpp) hold a fault for 60 s each under
# ten answering kiosks and take 70–90 s: label `slow` (ctest -LE slow leaves them out) and a hard timeout, so that a
# hang fails the run instead of holding it.
foreach(test_name IN LISTS tests_postgres_TESTS)
  if(test_name MATCHES "for 60 s")
    set_tests_properties("${test_name}" PROPERTIES LABELS "postgres;slow" TIMEOUT 300)
  endif()
endforeach()
