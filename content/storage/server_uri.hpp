// What a postgresql:// URI says, as libpq reads it, for checks made before connecting (a kiosk's "centre").
#pragma once

#include <map>
#include <string>

namespace sk::storage {

// The connection keywords the URI sets (host, port, dbname, user, passfile, password, …), as libpq's
// PQconninfoParse reads them: no defaults and no environment applied. StorageError for a URI libpq cannot read.
std::map<std::string, std::string> server_uri_options(const std::string& uri);

} // namespace sk::storage
