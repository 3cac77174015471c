#include "admin/commands/doctor_commands.hpp"

#include "certs/doctor.hpp"
#include "exam/city/city.hpp"
#include "exam/exam_service.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace sk::admin {

namespace {

struct DoctorArgs {
    std::string printer;
    std::string font;
    std::uint64_t min_free_mb = 256;
};

const char* status_word(certs::DoctorCheck::Status s)
{
    switch (s) {
    case certs::DoctorCheck::Status::Ok: return "ok";
    case certs::DoctorCheck::Status::Problem: return "PROBLEM";
    case certs::DoctorCheck::Status::Skipped: return "skipped";
    }
    return "";
}

int do_doctor(Context& ctx, const DoctorArgs& a)
{
    certs::DoctorOptions o;
    o.printer = a.printer;
    if (!a.font.empty()) o.font = a.font;
    o.min_free_bytes = a.min_free_mb * 1024 * 1024;
    auto checks = certs::run_doctor(database_path(ctx), installation_schemas(), o);
    // A centre a city follows, or a city: the replication between them (exam/city/city.hpp). A server that cannot be
    // read was reported above.
    if (storage::is_server_locator(database_path(ctx))) {
        try {
            auto db = storage::Database::open_read_only(database_path(ctx));
            for (auto& h : exam::city::replication_health(db, exam::system_now_ms()))
                checks.push_back({"replication", h.problem ? certs::DoctorCheck::Status::Problem : certs::DoctorCheck::Status::Ok,
                                  h.subject + ": " + h.detail, std::move(h.mend)});
        } catch (const std::exception& e) {
            checks.push_back({"replication", certs::DoctorCheck::Status::Problem, e.what(),
                              "safekiosk-admin city centres (at a city) or pg_replication_slots (at a centre) say more"});
        }
    }
    const bool well = certs::all_well(checks);
    if (ctx.json) {
        nlohmann::ordered_json j;
        j["database"] = database_path(ctx).rfind("postgres", 0) == 0 ? "(server)" : database_path(ctx);
        j["all_well"] = well;
        j["checks"] = nlohmann::ordered_json::array();
        for (const auto& c : checks)
            j["checks"].push_back({{"check", c.name}, {"status", status_word(c.status)}, {"detail", c.detail}, {"mend", c.mend}});
        std::cout << j.dump(2) << "\n";
    } else {
        for (const auto& c : checks) {
            std::string word = status_word(c.status);
            word.resize(8, ' ');
            std::string name = c.name;
            if (name.size() < 17) name.resize(17, ' ');
            std::cout << word << name << c.detail << "\n";
            if (!c.mend.empty()) std::cout << "        " << std::string(17, ' ') << "mend: " << c.mend << "\n";
        }
        std::cout << (well ? "all is well\n" : "problems found: mend them and run safekiosk-admin doctor again\n");
    }
    return well ? kOk : kBadInput;
}

} // namespace

void register_doctor_commands(CLI::App& app, Context& ctx)
{
    auto a = std::make_shared<DoctorArgs>();
    CLI::App* doctor = app.add_subcommand(
        "doctor", "check the installation and say what is wrong and how to mend it: file permissions, the signing and "
                  "audit keys, free disk, integrity_check, fonts, the printer queue, the centre and its clock, the "
                  "replication between a centre and its city; exit 0 "
                  "only when all is well (no sign-in; changes nothing)");
    doctor->add_option("--printer", a->printer, "a CUPS queue that must be ready (default: the default queue, if any)");
    doctor->add_option("--font", a->font, "the kiosk's font file (default: WenQuanYi Micro Hei)");
    doctor->add_option("--min-free-mb", a->min_free_mb, "free disk below this many MiB is a problem (default 256)");
    doctor->callback([&ctx, a] { ctx.action = [&ctx, a] { return do_doctor(ctx, *a); }; });
}

} // namespace sk::admin
