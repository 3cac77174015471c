// The one number a query returns (a count, a MAX), for tests that look straight into a database.
#pragma once

#include "content/storage/database.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

namespace sk::test {

inline std::int64_t scalar(storage::Database& db, const std::string& sql)
{
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.int64(0);
}

} // namespace sk::test
