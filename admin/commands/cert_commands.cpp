#include "admin/commands/cert_commands.hpp"

#include "certs/batch.hpp"
#include "certs/installation_key.hpp"
#include "certs/printing.hpp"
#include "certs/registry.hpp"
#include "certs/signing.hpp"
#include "certs/verify_url.hpp"
#include "content/installation.hpp"
#include "content/storage/content_store.hpp"
#include "exam/users.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>

namespace sk::admin {

namespace {

using ordered_json = nlohmann::ordered_json;

struct CertOptions {
    std::string number;
    std::string item;
    std::string out;
    std::string layout = "a4";
    std::optional<int> version;
    std::string printer;
    std::string reason;
    std::string note;
    double hours = 0;
    bool failed = false;
    bool separate = false;
    std::int64_t session = 0;
    std::string id_number;
    std::string payload;
    std::string key;
    int days = 90;
    // cert batch
    std::string provider;
    std::string from, to;
    std::vector<std::int64_t> sessions;
    bool dry_run = false;
    std::string list;
};

// The installation's signing key: <database>.keys/cert-signing.key (mode 0600), recorded in the database
// (certs/installation_key.hpp); never made anew when the database records one.
certs::Signer signer_of(const Context& ctx, storage::Database& db)
{
    return certs::open_signer(db, database_path(ctx));
}

// A refusal about the signing key (missing, another key, wrong passphrase …): the message and exit 1.
template <class F>
int key_guard(F body)
{
    try {
        return body();
    } catch (const certs::SigningError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kBadInput;
    }
}

certs::Layout parse_layout(const std::string& s)
{
    if (s == "a4") return certs::Layout::A4Landscape;
    if (s == "card") return certs::Layout::Card;
    throw std::invalid_argument("--layout is a4 or card, not '" + s + "'");
}

// The certificate a number (and, when the holder has several, an item) names.
certs::Certificate find(certs::CertRegistry& reg, const exam::Actor& actor, const CertOptions& o)
{
    auto found = reg.certificates_with_number(actor, o.number);
    std::vector<certs::Certificate> matches;
    for (auto& c : found)
        if (o.item.empty() || c.item == o.item) matches.push_back(c);
    if (matches.empty())
        throw std::invalid_argument("no certificate " + o.number + (o.item.empty() ? "" : " for " + o.item));
    if (matches.size() > 1) throw std::invalid_argument(o.number + " certifies several items: add --item");
    return matches.front();
}

void write_bytes(const std::filesystem::path& p, const std::vector<unsigned char>& bytes)
{
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw storage::StorageError(p.string() + ": cannot write the file");
}

ordered_json to_json(certs::CertRegistry& reg, const certs::Certificate& c)
{
    return {{"number", c.number},
            {"version", c.version},
            {"name", c.name},
            {"id_number", c.id_number},
            {"category", c.category},
            {"item", c.item},
            {"first_issued", certs::iso(c.first_issued)},
            {"valid_until", certs::iso(c.valid_until)},
            {"review_due", c.review_due ? certs::iso(*c.review_due) : ""},
            {"state", certs::to_string(reg.state(c))}};
}

int print_certificate(Context& ctx, certs::CertRegistry& reg, const certs::Certificate& c, const std::string& verb)
{
    if (ctx.json) {
        std::cout << to_json(reg, c).dump(2) << "\n";
    } else {
        std::cout << verb << ": " << c.number << " v" << c.version << "  " << c.name << "  " << c.category << " / "
                  << c.item << "  valid until " << certs::iso(c.valid_until)
                  << (c.review_due ? "  review due " + certs::iso(*c.review_due) : "") << "  ["
                  << certs::label_zh(reg.state(c), c.track) << "]\n";
    }
    return kOk;
}

// Runs `body` with a signed-in actor and the registry over the installation.
template <class F>
int with_registry(Context& ctx, F body)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService exam(db);
    certs::CertRegistry reg(db, exam);
    exam.set_certificate_lookup(reg.certificate_lookup());
    try {
        return body(db, actor, reg);
    } catch (const certs::CertError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kBadInput;
    } catch (const certs::SigningError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kBadInput;
    }
}

int do_issue(Context& ctx, const CertOptions& o)
{
    return with_registry(ctx, [&](storage::Database&, const exam::Actor& actor, certs::CertRegistry& reg) {
        auto cand = reg.exam().candidate_by_id_number(actor, o.id_number);
        if (!cand) throw std::invalid_argument("no candidate with ID number " + o.id_number);
        std::optional<std::int64_t> item;
        if (!o.item.empty()) {
            for (const auto& i : reg.catalogue().items)
                if (i.name == o.item) item = i.id;
            if (!item) throw std::invalid_argument("'" + o.item + "' is not an item of the catalogue");
        }
        return print_certificate(ctx, reg, reg.issue(actor, cand->id, item), "issued");
    });
}

int do_session(Context& ctx, const CertOptions& o)
{
    return with_registry(ctx, [&](storage::Database& db, const exam::Actor& actor, certs::CertRegistry& reg) {
        auto signer = signer_of(ctx, db);
        certs::BatchOptions opts;
        opts.layout = parse_layout(o.layout);
        opts.one_file = !o.separate;
        opts.output = o.out;
        auto result = certs::issue_session(reg, signer, actor, o.session, opts,
                                           [&](int done, int total, const certs::BatchEntry& e) {
                                               if (!ctx.json)
                                                   std::cerr << "[" << done << "/" << total << "] " << e.name << " "
                                                             << (!e.failed.empty()   ? "NOT PRINTED: " + e.failed
                                                                 : e.skipped.empty() ? std::string("ok")
                                                                                     : e.skipped)
                                                             << "\n";
                                           });
        if (ctx.json) {
            ordered_json j{{"issued", result.issued},
                           {"printed", result.printed},
                           {"skipped", result.skipped},
                           {"failed", result.failed}};
            j["files"] = ordered_json::array();
            for (const auto& f : result.files) j["files"].push_back(f.string());
            j["not_printed"] = ordered_json::array();
            for (const auto& e : result.entries)
                if (!e.failed.empty())
                    j["not_printed"].push_back({{"name", e.name}, {"id_number", e.id_number},
                                                {"certificate_id", e.certificate_id.value_or(0)}, {"reason", e.failed}});
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << "issued " << result.issued << ", printed " << result.printed << ", skipped " << result.skipped;
            if (result.failed) std::cout << ", NOT printed " << result.failed;
            std::cout << "\n";
            for (const auto& f : result.files) std::cout << "  " << f.string() << "\n";
        }
        // One record that could not be printed does not stop the batch, but the command says so and fails.
        if (result.failed > 0) {
            for (const auto& e : result.entries)
                if (!e.failed.empty())
                    std::cerr << "error: the certificate of " << e.name << " (" << e.id_number
                              << ") could not be printed: " << e.failed << "\n";
            std::cerr << "error: " << result.failed << " of " << result.printed + result.failed
                      << " certificates could not be printed; the others were printed\n";
            return kBadInput;
        }
        return kOk;
    });
}

certs::Date parse_day(const std::string& text, const char* option)
{
    auto d = certs::parse_date(text);
    if (!d) throw std::invalid_argument(std::string(option) + ": '" + text + "' is not a date (YYYY-MM-DD)");
    return *d;
}

int do_batch(Context& ctx, const CertOptions& o)
{
    return with_registry(ctx, [&](storage::Database& db, const exam::Actor& actor, certs::CertRegistry& reg) {
        certs::BatchFilter filter;
        filter.provider = o.provider;
        filter.sessions = o.sessions;
        if (!o.from.empty()) filter.from = parse_day(o.from, "--from");
        if (!o.to.empty()) filter.to = parse_day(o.to, "--to");
        if (!o.item.empty()) {
            content::ContentStore content(db);
            for (const auto& i : content.catalogue().items)
                if (i.name == o.item) filter.item_id = i.id;
            if (!filter.item_id) throw std::invalid_argument("--item: '" + o.item + "' is not an item of the catalogue");
        }
        const auto layout = parse_layout(o.layout);
        if (o.dry_run) {
            const auto pending = certs::pending_passes(reg, actor, filter);
            int issuable = 0;
            ordered_json j = ordered_json::array();
            for (const auto& p : pending) {
                if (p.issuable()) ++issuable;
                ordered_json reasons = ordered_json::array();
                for (const auto& r : p.reasons) reasons.push_back(r);
                j.push_back({{"name", p.name}, {"id_number", p.id_number}, {"provider", p.provider}, {"item", p.item},
                             {"session", p.session_id}, {"exam_date", certs::iso(p.exam_date)},
                             {"issuable", p.issuable()}, {"reasons", reasons}});
            }
            if (ctx.json) {
                std::cout << ordered_json{{"dry_run", true}, {"pending", j.size()}, {"issuable", issuable}, {"people", j}}.dump(2)
                          << "\n";
            } else {
                for (const auto& p : pending) {
                    std::cout << (p.issuable() ? "可发证    " : "不能发证  ") << p.name << "  " << p.id_number << "  "
                              << p.item << "  session " << p.session_id << " (" << certs::iso(p.exam_date) << ")  "
                              << p.provider;
                    for (std::size_t i = 0; i < p.reasons.size(); ++i) std::cout << (i ? "；" : "  ") << p.reasons[i];
                    std::cout << "\n";
                }
                std::cout << "dry run: " << pending.size() << " pass(es), " << issuable << " can be issued, "
                          << pending.size() - static_cast<std::size_t>(issuable) << " cannot; nothing was issued\n";
            }
            return kOk;
        }
        if (o.out.empty() && o.printer.empty()) throw std::invalid_argument("--out FILE (or a folder with --separate) or --printer NAME is required without --dry-run");
        if (!o.printer.empty() && o.separate) throw std::invalid_argument("--printer prints one PDF: leave out --separate");
        if (!o.list.empty() && std::filesystem::exists(o.list))
            throw std::invalid_argument("--list " + o.list + ": the file exists; not replaced");
        auto signer = signer_of(ctx, db);
        certs::BatchOptions opts;
        opts.layout = layout;
        opts.one_file = !o.separate;
        opts.output = o.out.empty() ? std::filesystem::temp_directory_path() /
                                          ("safekiosk-batch-" + std::to_string(exam::system_now_ms()) + ".pdf")
                                    : std::filesystem::path(o.out);
        auto result = certs::issue_batch(reg, signer, actor, filter, opts, [&](int done, int total, const certs::BatchEntry& e) {
            if (!ctx.json)
                std::cerr << "[" << done << "/" << total << "] " << e.name << " "
                          << (!e.failed.empty()    ? "FAILED: " + e.failed
                              : !e.skipped.empty() ? "skipped: " + e.skipped
                                                   : std::string("issued"))
                          << "\n";
        });
        if (!o.list.empty()) {
            std::ofstream csv(o.list, std::ios::binary | std::ios::trunc);
            csv << certs::issued_csv(reg, actor, result);
            csv.close();
            if (!csv) throw storage::StorageError(o.list + ": cannot write the file");
        }
        std::optional<int> job;
        std::string print_error;
        if (!o.printer.empty() && !result.files.empty()) {
            try {
                job = certs::print_pdf(o.printer, result.files.front(), "Certificates " + certs::describe(filter));
            } catch (const certs::PrintError& e) {
                print_error = e.what();
            }
        }
        if (ctx.json) {
            ordered_json j{{"issued", result.issued}, {"printed", result.printed}, {"skipped", result.skipped},
                           {"failed", result.failed}};
            j["files"] = ordered_json::array();
            for (const auto& f : result.files) j["files"].push_back(f.string());
            j["not_issued"] = ordered_json::array();
            for (const auto& e : result.entries)
                if (!e.failed.empty() || !e.skipped.empty())
                    j["not_issued"].push_back({{"name", e.name}, {"id_number", e.id_number}, {"session", e.session_id},
                                               {"reason", e.failed.empty() ? e.skipped : e.failed},
                                               {"failed", !e.failed.empty()}});
            if (job) j["print_job"] = *job;
            if (!o.list.empty()) j["list"] = o.list;
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << "issued " << result.issued << ", printed " << result.printed << ", skipped " << result.skipped;
            if (result.failed) std::cout << ", FAILED " << result.failed;
            std::cout << "\n";
            for (const auto& e : result.entries)
                if (!e.skipped.empty()) std::cout << "  not issued: " << e.name << " (" << e.id_number << "): " << e.skipped << "\n";
            for (const auto& f : result.files) std::cout << "  " << f.string() << "\n";
            if (job) std::cout << "sent to printer " << o.printer << " (job " << *job << ")\n";
            if (!o.list.empty()) std::cout << "list of the issued certificates: " << o.list << "\n";
        }
        if (!print_error.empty()) std::cerr << "error: printing failed: " << print_error << "\n";
        for (const auto& e : result.entries)
            if (!e.failed.empty())
                std::cerr << "error: " << e.name << " (" << e.id_number << "): " << e.failed << "\n";
        if (result.failed > 0)
            std::cerr << "error: " << result.failed << " record(s) failed; the others were issued and printed\n";
        return result.failed > 0 || !print_error.empty() ? kBadInput : kOk;
    });
}

int do_pdf(Context& ctx, const CertOptions& o, bool to_printer)
{
    return with_registry(ctx, [&](storage::Database& db, const exam::Actor& actor, certs::CertRegistry& reg) {
        auto signer = signer_of(ctx, db);
        auto c = find(reg, actor, o);
        auto bytes = certs::certificate_pdf(reg, signer, actor, c.id, parse_layout(o.layout), o.version);
        std::filesystem::path file = o.out;
        if (to_printer && file.empty()) file = std::filesystem::temp_directory_path() / (c.number + ".pdf");
        write_bytes(file, bytes);
        if (to_printer) {
            int job = certs::print_pdf(o.printer, file, c.number + " " + c.name);
            std::cout << "sent to printer " << o.printer << " (job " << job << ")\n";
        } else {
            std::cout << "wrote " << file.string() << " (" << bytes.size() << " bytes)\n";
        }
        return kOk;
    });
}

int do_change(Context& ctx, const CertOptions& o, const std::string& what)
{
    return with_registry(ctx, [&](storage::Database&, const exam::Actor& actor, certs::CertRegistry& reg) {
        auto c = find(reg, actor, o);
        if (what == "reissue") {
            auto reason = o.reason == "loss" ? certs::ReplaceReason::Loss
                          : o.reason == "damage"
                              ? certs::ReplaceReason::Damage
                              : throw std::invalid_argument("--reason is loss or damage for a reissue");
            return print_certificate(ctx, reg, reg.replace(actor, c.id, reason, o.note), "reissued");
        }
        if (what == "review") {
            certs::ReviewInput in;
            in.class_hours = o.hours;
            in.passed = !o.failed;
            in.note = o.note;
            return print_certificate(ctx, reg, reg.record_review(actor, c.id, in), "review recorded");
        }
        if (o.reason.empty()) throw std::invalid_argument("--reason is required");
        if (what == "suspend") return print_certificate(ctx, reg, reg.suspend(actor, c.id, o.reason), "suspended");
        if (what == "reinstate") return print_certificate(ctx, reg, reg.reinstate(actor, c.id, o.reason), "reinstated");
        return print_certificate(ctx, reg, reg.revoke(actor, c.id, o.reason), "revoked");
    });
}

int do_verify(Context& ctx, const CertOptions& o)
{
    // Anyone may verify: no sign-in. With only a public key the signature and dates are checked; with the
    // installation database also the registry (suspended, revoked, replaced).
    std::optional<certs::PublicKey> key;
    if (!o.key.empty()) key = certs::PublicKey::read_file(o.key);
    std::optional<storage::Database> db;
    std::filesystem::path dbp = database_path(ctx);
    if (storage::is_server_locator(dbp.native()) || std::filesystem::exists(dbp)) db.emplace(open_database(ctx, false));
    if (!key) {
        if (!db) throw std::invalid_argument(dbp.string() + ": no such database; give the public key with --key FILE");
        key = certs::installation_public_key(*db, dbp);
    }
    // The QR text is the verification page's address or, on cards printed without a base URL, the payload.
    const std::string payload = certs::payload_of_qr_text(o.payload).value_or(o.payload);
    certs::Verification v;
    if (db) {
        exam::ExamService exam(*db);
        certs::CertRegistry reg(*db, exam);
        v = reg.verify(payload, *key);
    } else {
        v = certs::verify_payload(payload, *key, certs::date_of_ms(exam::system_now_ms()));
    }
    if (ctx.json) {
        ordered_json j{{"verdict", certs::to_string(v.verdict)}, {"signature_ok", v.signature_ok},
                       {"registry_checked", v.registry_checked}, {"message", v.message}};
        if (v.fields)
            j["certificate"] = {{"number", v.fields->number}, {"version", v.fields->version}, {"name", v.fields->name},
                                {"item", v.fields->item}, {"first_issued", certs::iso(v.fields->first_issued)},
                                {"valid_until", certs::iso(v.fields->valid_until)},
                                {"review_due", v.fields->review_due ? certs::iso(*v.fields->review_due) : ""}};
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << certs::to_string(v.verdict) << ": " << v.message << "\n";
        if (v.fields)
            std::cout << "  " << v.fields->number << " v" << v.fields->version << "  " << v.fields->name << "  "
                      << v.fields->item << "  first issued " << certs::iso(v.fields->first_issued) << "  valid until "
                      << certs::iso(v.fields->valid_until) << "\n";
    }
    const bool good = v.verdict == certs::Verdict::Valid || v.verdict == certs::Verdict::ReviewDue;
    return good ? kOk : kBadInput;
}

int do_config(Context& ctx, const std::optional<std::string>& base_url)
{
    if (!base_url) { // show
        auto db = open_database(ctx, false);
        exam::ExamService exam(db);
        certs::CertRegistry reg(db, exam);
        const auto url = reg.verify_base_url();
        if (ctx.json)
            std::cout << ordered_json{{"base_url", url}}.dump(2) << "\n";
        else if (url.empty())
            std::cout << "base URL: not set (QR codes carry the SK1: text; set one with cert config --base-url URL)\n";
        else
            std::cout << "base URL: " << url << " (QR codes open " << url << certs::kVerifyPath << "...)\n";
        return kOk;
    }
    return with_registry(ctx, [&](storage::Database&, const exam::Actor& actor, certs::CertRegistry& reg) {
        reg.set_verify_base_url(actor, *base_url);
        const auto url = reg.verify_base_url();
        if (url.empty())
            std::cout << "base URL removed: QR codes printed from now on carry the SK1: text\n";
        else
            std::cout << "base URL set: QR codes printed from now on open " << url << certs::kVerifyPath << "...\n";
        return kOk;
    });
}

int do_sample(Context& ctx, const CertOptions& o)
{
    auto db = open_database(ctx, false);
    auto signer = signer_of(ctx, db);
    const auto base_url = exam::ExamService(db).setting(certs::kVerifyBaseUrlSetting).value_or("");
    certs::write_specimen(o.out, signer, certs::date_of_ms(exam::system_now_ms()), base_url);
    std::cout << "wrote the specimen (样本) " << o.out << "\n";
    return kOk;
}

int do_list(Context& ctx, const CertOptions& o, bool due_only)
{
    return with_registry(ctx, [&](storage::Database&, const exam::Actor& actor, certs::CertRegistry& reg) {
        exam::require(actor, exam::Operation::ReadResults);
        ordered_json list = ordered_json::array();
        const auto today = reg.today();
        for (const auto& c : reg.certificates(actor)) {
            if (due_only) {
                auto due = c.review_due ? *c.review_due : c.valid_until;
                const auto state = reg.state(c);
                if (!certs::is_usable(state) || certs::days_between(today, due) > o.days) continue;
            }
            list.push_back(to_json(reg, c));
        }
        if (ctx.json) {
            std::cout << list.dump(2) << "\n";
        } else {
            for (const auto& c : list)
                std::cout << c["number"].get<std::string>() << " v" << c["version"].get<int>() << "  "
                          << c["name"].get<std::string>() << "  " << c["item"].get<std::string>() << "  until "
                          << c["valid_until"].get<std::string>() << "  review "
                          << c["review_due"].get<std::string>() << "  " << c["state"].get<std::string>() << "\n";
            std::cout << list.size() << " certificate(s)\n";
        }
        return kOk;
    });
}

int do_key_export(Context& ctx, const CertOptions& o)
{
    auto db = open_database(ctx, false);
    // The recorded public key needs no secret; at first set-up the key pair is made.
    auto key = certs::recorded_key(db);
    if (!key) key = signer_of(ctx, db).public_key();
    std::ofstream out(o.out, std::ios::binary | std::ios::trunc);
    out << key->exported() << "\n";
    out.close();
    if (!out) throw storage::StorageError(o.out + ": cannot write the file");
    std::cout << "public key " << key->key_id() << " written to " << o.out << "\n";
    return kOk;
}

// ------------------------------------------------------------------------------------------------- key commands

void require_administrator(const exam::Actor& actor)
{
    if (std::find(actor.roles.begin(), actor.roles.end(), exam::Role::Administrator) == actor.roles.end())
        throw exam::PermissionDenied("the signing key is backed up and restored by an administrator only");
}

int do_key_show(Context& ctx)
{
    auto db = open_database(ctx, false);
    const auto st = certs::key_status(db, database_path(ctx));
    if (ctx.json) {
        ordered_json j{{"folder", st.folder.string()},
                       {"recorded_key_id", st.recorded ? st.recorded->key_id() : ""},
                       {"recorded_public_key", st.recorded ? st.recorded->exported() : ""},
                       {"folder_key_id", st.in_folder ? st.in_folder->key_id() : ""},
                       {"ok", st.problem.empty()},
                       {"problem", st.problem}};
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << "key folder:      " << st.folder.string() << "\n"
                  << "recorded key:    " << (st.recorded ? st.recorded->exported() : "(none yet)") << "\n"
                  << "key in folder:   " << (st.in_folder ? st.in_folder->key_id() : "(none)") << "\n";
        if (st.problem.empty()) std::cout << "ok: the installation signs with key " << st.in_folder->key_id() << "\n";
        else std::cout << "problem: " << st.problem << "\n";
    }
    return st.problem.empty() ? kOk : kBadInput;
}

int do_key_backup(Context& ctx, const std::string& out)
{
    auto db = open_database(ctx, false);
    const auto actor = sign_in(ctx, db);
    require_administrator(actor);
    if (std::filesystem::exists(out)) throw std::invalid_argument(out + ": the file exists; not replaced");
    const auto passphrase = new_secret(kKeyPassphraseVariable, "backup passphrase");
    return key_guard([&] {
        const auto id = certs::backup_key(db, database_path(ctx), out, passphrase);
        const auto audit_id = certs::backup_info(out).audit_key_id.value_or("");
        exam::ExamService(db).record_audit(actor, "key.backup", "cert_key:1", "key " + id + ", audit key " + audit_id);
        std::cout << "signing key " << id << " and audit key " << audit_id << " written to " << out
                  << " (encrypted with the passphrase; keep the file and the passphrase apart)\n";
        return kOk;
    });
}

int do_key_restore(Context& ctx, const std::string& file)
{
    auto db = open_database(ctx, false);
    const auto actor = sign_in(ctx, db);
    require_administrator(actor);
    return key_guard([&] {
        const auto id = certs::backup_key_id(file); // a damaged or foreign file is refused before the passphrase
        const auto passphrase = existing_secret(kKeyPassphraseVariable, "Backup passphrase");
        const auto r = certs::restore_key(db, database_path(ctx), file, passphrase);
        const auto folder = content::key_folder(database_path(ctx)).string();
        std::string detail = "key " + id + (r.signing_key_restored ? " restored" : " already in place");
        if (r.audit_key_id)
            detail += ", audit key " + *r.audit_key_id + (r.audit_key_restored ? " restored" : " already in place");
        exam::ExamService(db).record_audit(actor, "key.restore", "cert_key:1", detail);
        if (r.signing_key_restored) std::cout << "signing key " << id << " restored into " << folder << "\n";
        else std::cout << "signing key " << id << " is already in " << folder << "\n";
        if (!r.audit_key_id)
            std::cout << "this backup was made before backups carried the audit key: " << folder
                      << "/audit.key is not restored from it\n";
        else if (r.audit_key_restored)
            std::cout << "audit key " << *r.audit_key_id << " restored into " << folder << "\n";
        else
            std::cout << "audit key " << *r.audit_key_id << " is already in " << folder << "\n";
        if (!r.signing_key_restored && !r.audit_key_restored) std::cout << "nothing changed\n";
        return kOk;
    });
}

} // namespace

void register_cert_commands(CLI::App& app, Context& ctx)
{
    CLI::App* cert = app.add_subcommand("cert", "certificates: issue, print, reissue, review, revoke, verify");
    cert->require_subcommand(1);
    auto add = [&](const char* name, const char* help, auto run) {
        auto o = std::make_shared<CertOptions>();
        CLI::App* cmd = cert->add_subcommand(name, help);
        cmd->callback([&ctx, o, run] { ctx.action = [&ctx, o, run] { return run(ctx, *o); }; });
        return std::pair{cmd, o};
    };
    auto number_item = [](CLI::App* cmd, CertOptions& o) {
        cmd->add_option("number", o.number, "certificate number, e.g. T11010519491231002X")->required();
        cmd->add_option("--item", o.item, "the item, when the number certifies several");
    };
    {
        auto [cmd, o] = add("issue", "issue the certificate of a candidate who passed (theory, and practical where needed)",
                            [](Context& c, const CertOptions& x) { return do_issue(c, x); });
        cmd->add_option("id_number", o->id_number, "the candidate's ID number")->required();
        cmd->add_option("--item", o->item, "the item (default: the candidate's)");
    }
    {
        auto [cmd, o] = add("session", "issue and render the certificates of every passed candidate of a session",
                            [](Context& c, const CertOptions& x) { return do_session(c, x); });
        cmd->add_option("session", o->session, "session id")->required();
        cmd->add_option("--out", o->out, "one PDF file, or with --separate a folder")->required();
        cmd->add_flag("--separate", o->separate, "one file per certificate");
        cmd->add_option("--layout", o->layout, "a4 or card");
    }
    {
        auto [cmd, o] = add("batch", "issue the certificates of the passes of several sessions (by provider, item, exam days, "
                                     "sessions); --dry-run lists them with the reasons, issuing nothing",
                            [](Context& c, const CertOptions& x) { return do_batch(c, x); });
        cmd->add_option("--provider", o->provider, "the candidates' training provider (培训机构)");
        cmd->add_option("--item", o->item, "the item, e.g. 低压电工作业");
        cmd->add_option("--from", o->from, "first exam day, YYYY-MM-DD (Beijing)");
        cmd->add_option("--to", o->to, "last exam day, YYYY-MM-DD (Beijing)");
        cmd->add_option("--session", o->sessions, "a session id (repeat for several)");
        cmd->add_flag("--dry-run", o->dry_run, "list the passes and why any cannot be issued; change nothing");
        cmd->add_option("--out", o->out, "one PDF file, or with --separate a folder");
        cmd->add_flag("--separate", o->separate, "one file per certificate");
        cmd->add_option("--layout", o->layout, "a4 or card");
        cmd->add_option("--printer", o->printer, "also send the PDF to this CUPS queue");
        cmd->add_option("--list", o->list, "write the issued certificates as a CSV file for Excel (UTF-8 with BOM)");
    }
    {
        auto [cmd, o] = add("pdf", "render (reprint) a certificate, any version, to a PDF file",
                            [](Context& c, const CertOptions& x) { return do_pdf(c, x, false); });
        number_item(cmd, *o);
        cmd->add_option("--out", o->out, "PDF file")->required();
        cmd->add_option("--layout", o->layout, "a4 or card");
        cmd->add_option("--version", o->version, "a stored card version");
    }
    {
        auto [cmd, o] = add("print", "send a certificate to a CUPS printer",
                            [](Context& c, const CertOptions& x) { return do_pdf(c, x, true); });
        number_item(cmd, *o);
        cmd->add_option("--printer", o->printer, "CUPS queue name")->required();
        cmd->add_option("--layout", o->layout, "a4 or card");
        cmd->add_option("--version", o->version, "a stored card version");
    }
    {
        auto [cmd, o] = add("reissue", "a new card version after loss or damage (same number)",
                            [](Context& c, const CertOptions& x) { return do_change(c, x, "reissue"); });
        number_item(cmd, *o);
        cmd->add_option("--reason", o->reason, "loss or damage")->required();
        cmd->add_option("--note", o->note, "note");
    }
    {
        auto [cmd, o] = add("review", "record a review (复审) or renewal",
                            [](Context& c, const CertOptions& x) { return do_change(c, x, "review"); });
        number_item(cmd, *o);
        cmd->add_option("--hours", o->hours, "refresher class hours")->required();
        cmd->add_flag("--failed", o->failed, "the review was not passed");
        cmd->add_option("--note", o->note, "note");
    }
    for (const char* what : {"suspend", "reinstate", "revoke"}) {
        auto [cmd, o] = add(what, what == std::string("suspend")     ? "suspend a certificate (暂扣)"
                                  : what == std::string("reinstate") ? "end a suspension"
                                                                     : "revoke a certificate (吊销)",
                            [what = std::string(what)](Context& c, const CertOptions& x) { return do_change(c, x, what); });
        number_item(cmd, *o);
        cmd->add_option("--reason", o->reason, "reason")->required();
    }
    {
        auto [cmd, o] = add("verify", "check a QR payload: genuine or forged, valid or not (no sign-in)",
                            [](Context& c, const CertOptions& x) { return key_guard([&] { return do_verify(c, x); }); });
        cmd->add_option("payload", o->payload, "the text of the QR code: the verification address or the SK1: text")->required();
        cmd->add_option("--key", o->key, "public key file (default: the installation's key)");
    }
    {
        auto base_url = std::make_shared<std::optional<std::string>>();
        CLI::App* cmd = cert->add_subcommand(
            "config", "the verification page's base URL printed in QR codes (shown without options; administrator to set)");
        cmd->add_option("--base-url", *base_url,
                        "https://host[/path] of the page that `serve` answers behind the proxy; \"\" removes it");
        cmd->callback([&ctx, base_url] { ctx.action = [&ctx, base_url] { return do_config(ctx, *base_url); }; });
    }
    {
        auto [cmd, o] = add("sample", "render a specimen certificate (样本) for layout and printer checks",
                            [](Context& c, const CertOptions& x) { return key_guard([&] { return do_sample(c, x); }); });
        cmd->add_option("--out", o->out, "PDF file")->required();
    }
    {
        auto [cmd, o] = add("due", "usable certificates whose review or renewal falls within N days",
                            [](Context& c, const CertOptions& x) { return do_list(c, x, true); });
        cmd->add_option("--days", o->days, "days ahead (default 90)");
    }
    add("list", "every certificate with its state", [](Context& c, const CertOptions& x) { return do_list(c, x, false); });
    {
        auto [cmd, o] = add("export-key", "write the public key that verifies the QR codes",
                            [](Context& c, const CertOptions& x) { return key_guard([&] { return do_key_export(c, x); }); });
        cmd->add_option("--out", o->out, "file")->required();
    }

    CLI::App* key = app.add_subcommand("key", "the installation's certificate signing key: show, backup, restore");
    key->require_subcommand(1);
    CLI::App* show = key->add_subcommand("show", "the recorded key id, the key folder and whether its key signs (no sign-in)");
    show->callback([&ctx] { ctx.action = [&ctx] { return key_guard([&] { return do_key_show(ctx); }); }; });
    auto backup_out = std::make_shared<std::string>();
    CLI::App* backup = key->add_subcommand(
        "backup", "write the secret signing key and the audit key encrypted with a passphrase (administrator; $" +
                      std::string(kKeyPassphraseVariable) + " or typed twice without echo)");
    backup->add_option("--out", *backup_out, "the backup file (made with mode 0600, never over an existing file)")->required();
    backup->callback([&ctx, backup_out] { ctx.action = [&ctx, backup_out] { return do_key_backup(ctx, *backup_out); }; });
    auto restore_file = std::make_shared<std::string>();
    CLI::App* restore = key->add_subcommand(
        "restore", "put the signing key and the audit key back from a backup (administrator; the installation's own keys "
                   "only, never over another key)");
    restore->add_option("FILE", *restore_file, "the backup file")->required();
    restore->callback([&ctx, restore_file] { ctx.action = [&ctx, restore_file] { return do_key_restore(ctx, *restore_file); }; });
}

} // namespace sk::admin
