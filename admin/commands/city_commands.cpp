#include "admin/commands/city_commands.hpp"

#include "exam/city/city.hpp"
#include "exam/exam_service.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace sk::admin {

namespace {

namespace city = exam::city;

std::string copy_state(const city::CentreLink& c)
{
    if (!c.enabled) return "disabled";
    if (c.tables == 0) return "no tables";
    if (c.tables_ready < c.tables)
        return "copying (" + std::to_string(c.tables_ready) + "/" + std::to_string(c.tables) + " tables)";
    return c.receiving ? "following" : "not connected";
}

nlohmann::ordered_json to_json(const city::CentreLink& c)
{
    nlohmann::ordered_json j{{"schema", c.schema},
                             {"name", c.name},
                             {"publisher", c.publisher},
                             {"subscription", c.subscription},
                             {"state", copy_state(c)},
                             {"tables", c.tables},
                             {"tables_ready", c.tables_ready},
                             {"attempts", c.attempts},
                             {"certificates", c.certificates}};
    j["last_message_ms"] = c.last_message_ms ? nlohmann::ordered_json(*c.last_message_ms) : nullptr;
    return j;
}

struct AddCentreArgs {
    std::string name;
    std::string from;
    int wait = 60;
};

int do_add_centre(Context& ctx, const AddCentreArgs& a)
{
    auto db = open_database(ctx, false);
    city::AddCentreOptions o{a.name, a.from, exam::system_now_ms(), a.wait * 1000};
    const auto c = city::add_centre(db, installation_schemas(), o);
    if (ctx.json) {
        std::cout << to_json(c).dump(2) << "\n";
    } else {
        std::cout << "centre " << c.name << " (schema " << c.schema << "): subscription " << c.subscription
                  << ", " << copy_state(c) << "; the city holds " << c.attempts << " attempt(s) and "
                  << c.certificates << " certificate(s) of it\n";
    }
    return kOk;
}

int do_centres(Context& ctx)
{
    auto db = open_database(ctx, false);
    const auto list = city::centres(db);
    if (ctx.json) {
        auto j = nlohmann::ordered_json::array();
        for (const auto& c : list) j.push_back(to_json(c));
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    const std::int64_t now = exam::system_now_ms();
    std::cout << "schema\tcentre\tstate\tlast heard\tattempts\tcertificates\tpublisher\n";
    for (const auto& c : list)
        std::cout << c.schema << "\t" << c.name << "\t" << copy_state(c) << "\t"
                  << (c.last_message_ms ? std::to_string((now - *c.last_message_ms) / 1000) + " s ago"
                                        : std::string("-")) // the server keeps it only while connected
                  << "\t" << c.attempts << "\t" << c.certificates << "\t" << c.publisher << "\n";
    if (list.empty()) std::cout << "the city follows no centre (city add-centre)\n";
    return kOk;
}

int do_remove_centre(Context& ctx, const std::string& schema)
{
    auto db = open_database(ctx, false);
    city::remove_centre(db, schema);
    std::cout << "the city no longer follows " << schema << ": its subscription, slot and copy here are gone; "
              << "the centre keeps its own data\n";
    return kOk;
}

} // namespace

void register_city_commands(CLI::App& app, Context& ctx)
{
    CLI::App* group = app.add_subcommand("city", "the city's PostgreSQL database: every exam centre's results, "
                                                 "certificates and audit log by logical replication");
    group->require_subcommand(1);
    auto add = std::make_shared<AddCentreArgs>();
    CLI::App* a = group->add_subcommand("add-centre", "follow a centre that publishes (centre publish there): its "
                                                      "schema here, the slot there, the subscription (a superuser)");
    a->add_option("--name", add->name, "how people call the centre, e.g. 广州第一考点")->required();
    a->add_option("--from", add->from, "the centre's database as its replication login: "
                                       "postgresql://LOGIN@HOST/DB (password from ~/.pgpass of the city's server)")
        ->required();
    a->add_option("--wait", add->wait, "seconds to wait for the initial copy (default 60)");
    a->callback([&ctx, add] { ctx.action = [&ctx, add] { return do_add_centre(ctx, *add); }; });
    group->add_subcommand("centres", "the centres the city follows: copy state, when last heard, rows held")
        ->callback([&ctx] { ctx.action = [&ctx] { return do_centres(ctx); }; });
    auto schema = std::make_shared<std::string>();
    CLI::App* rm = group->add_subcommand("remove-centre", "stop following a centre: drops its subscription, its slot "
                                                          "at the centre and its copy here");
    rm->add_option("schema", *schema, "the centre's schema, e.g. gz01")->required();
    rm->callback([&ctx, schema] { ctx.action = [&ctx, schema] { return do_remove_centre(ctx, *schema); }; });
}

} // namespace sk::admin
