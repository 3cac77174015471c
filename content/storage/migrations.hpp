// Schema versions and step-by-step migrations.
//
// Each library (content, exam, certs) owns the tables it needs and describes them as a Schema: a module name and
// an ordered list of steps. storage::open() applies every missing step of every schema in one transaction and
// records the module's version in the table schema_version. A database whose recorded version of a module is
// newer than this program knows is refused before anything is written.
#pragma once

#include "content/storage/database.hpp"

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace sk::storage {

struct MigrationStep {
    int version;                            // 1, 2, 3 … in order
    std::string sql;                        // DDL and seed statements
    std::function<void(Database&)> extra{}; // optional code step run after the SQL (seeding from data)
};

struct Schema {
    std::string module;
    std::vector<MigrationStep> steps;
    int latest() const { return steps.empty() ? 0 : steps.back().version; }
};

// The version of `module` recorded in the database, 0 when absent.
int schema_version(Database& db, const std::string& module);

// Applies the missing steps of each schema. Throws StorageError (nothing written) for a newer database.
void migrate(Database& db, std::initializer_list<const Schema*> schemas);

// Opens (creating if needed) an installation database: checks the file, refuses newer versions, enables WAL and
// foreign keys, and migrates. Errors name the file.
Database open(const std::filesystem::path& path, std::initializer_list<const Schema*> schemas, bool create = true);

} // namespace sk::storage
