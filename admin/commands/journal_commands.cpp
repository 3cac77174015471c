#include "admin/commands/journal_commands.hpp"

#include "content/storage/server_uri.hpp"
#include "exam/centre/journal_transfer.hpp"
#include "exam/exam_service.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace sk::admin {

namespace {

namespace centre = exam::centre;

template <class F>
int refusals_as_bad_input(F&& f)
{
    try {
        return f();
    } catch (const centre::CentreError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kBadInput;
    }
}

// On the kiosk: --db is its journal (the SQLite file the kiosk runs on; by default the kiosk's default database).
int do_export(Context& ctx, const std::string& out)
{
    return refusals_as_bad_input([&] {
        const std::string path = database_path(ctx);
        if (storage::is_server_locator(path))
            throw centre::CentreError(path + ": journal export reads a kiosk's journal (its SQLite file), not a server "
                                             "database");
        auto journal = storage::Database::open(path, false);
        const auto r = centre::export_journal(journal, out, exam::system_now_ms());
        if (r.key_registration == "different")
            std::cerr << "warning: the centre holds another journal key for kiosk " << r.kiosk_id
                      << " (registered by an earlier journal of this kiosk): its import will refuse this file. Staff "
                         "give the kiosk new credentials (centre add-kiosk " << r.kiosk_id
                      << " --replace) so that this journal registers when it next connects\n";
        if (ctx.json) {
            nlohmann::ordered_json j;
            j["file"] = r.file.string();
            j["centre_id"] = r.centre_id;
            j["kiosk_id"] = r.kiosk_id;
            j["events"] = r.events;
            j["unsent"] = r.unsent;
            j["attempts"] = r.attempts;
            j["key_registration"] = r.key_registration;
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << r.file.string() << ": kiosk " << r.kiosk_id << ", " << r.events << " event(s) of "
                      << r.attempts << " attempt(s) (" << r.unsent << " not yet at the centre), signed; import it at "
                      << "the centre with safekiosk-admin journal import\n";
        }
        return kOk;
    });
}

// At the centre: --db is the centre's database as its owner; exam staff sign in (--user).
int do_import(Context& ctx, const std::string& file)
{
    return refusals_as_bad_input([&] {
        auto db = open_database(ctx, false);
        const auto actor = sign_in(ctx, db);
        const auto r = centre::import_journal(db, actor, file, exam::system_now_ms());
        if (ctx.json) {
            nlohmann::ordered_json j;
            j["file"] = file;
            j["kiosk_id"] = r.kiosk_id;
            j["events"] = r.events;
            j["stored"] = r.stored;
            j["duplicate"] = r.duplicates;
            j["conflict"] = r.conflicts;
            j["seat"] = r.seat;
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << file << ": kiosk " << r.kiosk_id << ", " << r.events << " event(s): " << r.stored
                      << " stored, " << r.duplicates << " duplicate, " << r.conflicts << " conflict, " << r.seat
                      << " seat" << (r.conflicts + r.seat ? " (kept apart: see centre_event_conflict)" : "") << "\n";
        }
        return kOk;
    });
}

} // namespace

void register_journal_commands(CLI::App& app, Context& ctx)
{
    CLI::App* group = app.add_subcommand("journal", "a centre kiosk's journal carried to the centre in a signed file "
                                                    "when the kiosk cannot reach it");
    group->require_subcommand(1);
    auto out = std::make_shared<std::string>();
    CLI::App* ex = group->add_subcommand("export", "on the kiosk (--db: its journal): write every event of the journal "
                                                   "to a new signed file for its centre");
    ex->add_option("--out", *out, "the file to write (never over an existing one)")->required();
    ex->callback([&ctx, out] { ctx.action = [&ctx, out] { return do_export(ctx, *out); }; });
    auto in = std::make_shared<std::string>();
    CLI::App* im = group->add_subcommand("import", "at the centre (--db: its database, --user: exam staff): store the "
                                                   "events of a kiosk's export file that the centre lacks");
    im->add_option("file", *in, "the export file")->required();
    im->callback([&ctx, in] { ctx.action = [&ctx, in] { return do_import(ctx, *in); }; });
}

} // namespace sk::admin
