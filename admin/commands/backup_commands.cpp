#include "admin/commands/backup_commands.hpp"

#include "certs/backup.hpp"
#include "content/formats/files.hpp"
#include "exam/roles.hpp"
#include "exam/exam_service.hpp"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

namespace sk::admin {

namespace {

struct BackupOptions {
    std::string out;
    std::string file;
    std::string passphrase_file;
    bool check = false;
};

// The passphrase: from --passphrase-file (readable by its owner only; one line), else $SAFEKIOSK_KEY_PASSPHRASE,
// else typed at the prompt (twice for a new backup). Never from the command line.
std::string passphrase(const BackupOptions& o, bool new_one)
{
    if (!o.passphrase_file.empty()) {
        struct stat st {};
        if (::stat(o.passphrase_file.c_str(), &st) != 0)
            throw std::invalid_argument(o.passphrase_file + ": the passphrase file cannot be read");
        if (!S_ISREG(st.st_mode)) throw std::invalid_argument(o.passphrase_file + ": the passphrase file is not a regular file");
        if (st.st_mode & 077)
            throw std::invalid_argument(o.passphrase_file + ": the passphrase file may be read by other users (chmod 600 it)");
        if (st.st_size > 1024) throw std::invalid_argument(o.passphrase_file + ": longer than a passphrase (1 KiB at most)");
        std::string text = content::formats::read_input_file(o.passphrase_file, content::formats::FileKind::Config);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        if (text.find('\n') != std::string::npos)
            throw std::invalid_argument(o.passphrase_file + ": the passphrase file holds more than one line");
        return text;
    }
    return new_one ? new_secret(kKeyPassphraseVariable, "backup passphrase")
                   : existing_secret(kKeyPassphraseVariable, "Backup passphrase");
}

std::string schemas_text(const certs::BackupManifest& m)
{
    std::string s;
    for (const auto& [module, version] : m.schemas) s += (s.empty() ? "" : ", ") + module + " " + std::to_string(version);
    return s;
}

int do_backup(Context& ctx, const BackupOptions& o)
{
    auto db = open_database(ctx, false);
    const auto actor = sign_in(ctx, db);
    if (std::find(actor.roles.begin(), actor.roles.end(), exam::Role::Administrator) == actor.roles.end())
        throw exam::PermissionDenied("an installation's backup holds its keys: made by an administrator only");
    const auto phrase = passphrase(o, true);
    const auto m = certs::write_backup(db, database_path(ctx), o.out, phrase);
    exam::ExamService(db).record_audit(actor, "installation.backup", "installation",
                                       o.out + " (" + std::to_string(m.database_size) + " bytes, " + schemas_text(m) +
                                           ")");
    if (ctx.json) {
        nlohmann::ordered_json j{{"file", o.out},          {"engine", m.engine},         {"created_at", m.created_at},
                                 {"schemas", m.schemas},   {"database_bytes", m.database_size},
                                 {"database_sha256", m.database_sha256}, {"key_files", m.key_files},
                                 {"signing_key_id", m.signing_key_id},   {"audit_key_id", m.audit_key_id}};
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << "backup of " << db.describe() << " written to " << o.out << "\n"
                  << "  database: " << m.database_size << " bytes (" << m.database_format << "), schemas " << schemas_text(m)
                  << "\n  keys: " << m.key_files.size() << " files, encrypted with the passphrase"
                  << (m.signing_key_id.empty() ? "" : "; signing key " + m.signing_key_id) << "\n"
                  << "Keep the file like the database (it holds personal data) and the passphrase apart from it.\n";
    }
    return kOk;
}

int do_restore(Context& ctx, const BackupOptions& o)
{
    try {
        // Everything that can be checked without the passphrase first: a damaged file is named before the prompt.
        const auto m = certs::check_backup(o.file);
        if (o.check) {
            std::cout << o.file << ": a sound backup of " << m.source << " (" << m.engine << ") made " << m.created_at
                      << ", schemas " << schemas_text(m) << ", " << m.key_files.size() << " key files\n";
            return kOk;
        }
        const auto phrase = passphrase(o, false);
        const auto r = certs::restore_backup(o.file, database_path(ctx), installation_schemas(), phrase, "restore");
        if (ctx.json) {
            nlohmann::ordered_json j{{"database", database_path(ctx).find("postgres") == 0 ? r.manifest.source : database_path(ctx)},
                                     {"from", r.manifest.source},       {"created_at", r.manifest.created_at},
                                     {"migrated_steps", r.migrated_steps}, {"audit_entries", r.audit_entries},
                                     {"key_files", r.key_files}};
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << "restored the backup of " << r.manifest.source << " made " << r.manifest.created_at << "\n"
                      << "  schema steps applied: " << r.migrated_steps << "\n"
                      << "  audit log: " << r.audit_entries << " entries, verified\n"
                      << "  key folder: " << r.key_files.size() << " files"
                      << (r.manifest.signing_key_id.empty() ? "" : "; signing key " + r.manifest.signing_key_id + " signs")
                      << "\n";
        }
        return kOk;
    } catch (const certs::BackupError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kBadInput;
    }
}

} // namespace

void register_backup_commands(CLI::App& app, Context& ctx)
{
    const std::string secret = " (passphrase: --passphrase-file, $" + std::string(kKeyPassphraseVariable) +
                               " or typed without echo; never on the command line)";
    auto b = std::make_shared<BackupOptions>();
    CLI::App* backup = app.add_subcommand(
        "backup", "one file holding a consistent snapshot of the database (while kiosks run) and the key folder encrypted "
                  "with a passphrase (administrator)" + secret);
    backup->add_option("--out", b->out, "the backup file (mode 0600, never over an existing file)")->required();
    backup->add_option("--passphrase-file", b->passphrase_file, "a file (mode 0600) whose one line is the passphrase");
    backup->callback([&ctx, b] { ctx.action = [&ctx, b] { return do_backup(ctx, *b); }; });

    auto r = std::make_shared<BackupOptions>();
    CLI::App* restore = app.add_subcommand(
        "restore", "put a backup into an empty installation (--db names it); refuses a non-empty one, a damaged file, a "
                   "wrong passphrase or a newer schema, changing nothing" + secret);
    restore->add_option("FILE", r->file, "the backup file")->required();
    restore->add_option("--passphrase-file", r->passphrase_file, "a file (mode 0600) whose one line is the passphrase");
    restore->add_flag("--check", r->check, "only check the file (header, manifest, length, checksum); no passphrase");
    restore->callback([&ctx, r] { ctx.action = [&ctx, r] { return do_restore(ctx, *r); }; });
}

} // namespace sk::admin
