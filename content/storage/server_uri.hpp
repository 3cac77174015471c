// What a postgresql:// URI says, as libpq reads it, for checks made before connecting (a kiosk's "centre"), and how
// long a server database's connection waits for a reply.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sk::storage {

class Database;

// PostgreSQL: each round trip of `db` (a statement, a commit) waits at most `limit` for the server's reply; beyond it
// the connection is given up (closed: every later call on it fails alike) and StorageError class 08006 names the
// server: "no reply from the database server within N s". For a link that stalls while the kernels still acknowledge
// what is sent (a hung switch or proxy, a frozen server), which libpq's tcp_user_timeout and keepalives cannot notice.
// 0, the default: wait as long as the network allows. Whether a statement given up was committed is unknown, so only
// idempotent work may use it (the centre's outbox sender, exam/centre/sync.hpp). On SQLite: nothing.
void set_reply_timeout(Database& db, std::chrono::milliseconds limit);

// PostgreSQL's LISTEN/NOTIFY. listen(): from now on the connection receives the notifications of `channel` (an
// identifier written in the code, never text from outside). wait_for_notifications(): their payloads, in the order
// the server sent them: those that came with earlier replies at once, else what arrives within `timeout` (empty when
// nothing did). StorageError class 08006 when the connection is lost (the keepalives notice a silent server), and on
// SQLite.
void listen(Database& db, std::string_view channel);
std::vector<std::string> wait_for_notifications(Database& db, std::chrono::milliseconds timeout);

// The connection keywords the URI sets (host, port, dbname, user, passfile, password, …), as libpq's
// PQconninfoParse reads them: no defaults and no environment applied. StorageError for a URI libpq cannot read.
std::map<std::string, std::string> server_uri_options(const std::string& uri);

} // namespace sk::storage
