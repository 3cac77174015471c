// What the centre tests share: dropping the cluster-wide roles a test made, and a database's URI as one of them.
#pragma once

#include "content/storage/database.hpp"

#include <string>
#include <vector>

namespace sk::test {

// Drops the login and group roles a test created when it ends (after its database is gone): PostgreSQL's roles are
// cluster-wide, so the next test would meet them. The names go in `roles`, or in a list the test keeps itself
// (`tracked`, e.g. one filled by a helper that adds kiosks).
struct DropRoles {
    std::string server;
    std::vector<std::string> roles;
    const std::vector<std::string>* tracked = nullptr;
    ~DropRoles()
    {
        try {
            auto db = storage::Database::open(server);
            for (const auto& r : roles) db.exec("DROP ROLE IF EXISTS " + storage::quote_identifier(r));
            if (tracked)
                for (const auto& r : *tracked) db.exec("DROP ROLE IF EXISTS " + storage::quote_identifier(r));
        } catch (...) {
        }
    }
};

// The URI of `db_uri`'s database as `login` (the test server trusts loopback connections: no password asked).
inline std::string as_login(const std::string& db_uri, const std::string& login)
{
    const auto a = storage::server_address(db_uri);
    return "postgresql://" + login + "@" + a.host + ":" + a.port + "/" + a.dbname;
}

} // namespace sk::test
