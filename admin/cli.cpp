#include "admin/cli.hpp"

#include "content/installation.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "exam/storage/exam_store.hpp"
#include "certs/storage/cert_store.hpp"
#include "content/storage/visit_store.hpp"

#include <filesystem>
#include <iostream>
#include <stdexcept>

namespace sk::admin {

std::string database_path(const Context& ctx)
{
    if (!ctx.db.empty()) return ctx.db;
    try {
        return content::default_database_path().string();
    } catch (const std::runtime_error& e) {
        throw std::invalid_argument(std::string(e.what()) + "; give --db PATH");
    }
}

storage::Database open_database(const Context& ctx, bool create)
{
    const std::filesystem::path path = database_path(ctx);
    if (create && path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) throw storage::StorageError(path.parent_path().string() + ": cannot create the folder: " + ec.message());
    }
    // Every library's tables: an installation always has the whole schema, whichever program opened it first.
    return storage::open(path, {&content::schema(), &content::visits_schema(), &exam::schema(), &certs::schema()}, create);
}

int run(Context& ctx)
{
    if (!ctx.action) return kUsage;
    try {
        return ctx.action();
    } catch (const storage::StorageError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kStorage;
    } catch (const std::invalid_argument& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kUsage;
    }
}

} // namespace sk::admin
