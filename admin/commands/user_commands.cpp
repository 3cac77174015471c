#include "admin/commands/user_commands.hpp"

#include "exam/exam_service.hpp"
#include "exam/users.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace sk::admin {

using ordered_json = nlohmann::ordered_json;

namespace {

std::string joined(const std::vector<std::string>& v, const char* sep = ",")
{
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
}

struct UserArgs {
    std::string login;
    std::string name;
    std::vector<std::string> roles;
    std::string provider;
    bool first = false;
};

int do_add(Context& ctx, const UserArgs& a)
{
    if (a.first) {
        for (const auto& r : a.roles)
            if (r != "admin") throw std::invalid_argument("--first creates an administrator: leave out --role " + r);
        if (!a.provider.empty()) throw std::invalid_argument("--first creates an administrator: leave out --provider");
        auto db = open_database(ctx, true);
        exam::UserService users(db);
        if (users.has_users())
            throw exam::PermissionDenied("the installation already has users: sign in as an administrator "
                                         "(--user LOGIN) to add one");
        users.add_first_user({a.login, a.name, new_secret(kNewPasswordVariable, "password"), {}, ""});
    } else {
        if (a.roles.empty()) throw std::invalid_argument("give at least one --role (or --first for the first user)");
        auto db = open_database(ctx, false);
        auto actor = sign_in(ctx, db);
        exam::UserService users(db);
        auto roles = exam::parse_roles(a.roles);
        // Check the permission before asking for the new password.
        exam::require(actor, exam::Operation::ManageUsers);
        users.add_user(actor, {a.login, a.name, new_secret(kNewPasswordVariable, "password"), roles, a.provider});
    }
    const std::vector<std::string> roles = a.first ? std::vector<std::string>{"admin"} : a.roles;
    if (ctx.json)
        std::cout << ordered_json{{"login", a.login}, {"name", a.name}, {"roles", roles}, {"provider", a.provider}}.dump()
                  << "\n";
    else
        std::cout << "User " << a.login << " (" << joined(roles) << ") added\n";
    return kOk;
}

int do_list(Context& ctx)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    auto users = exam::UserService(db).users(actor);
    const auto now = exam::system_now_ms();
    if (ctx.json) {
        auto j = ordered_json::array();
        for (const auto& u : users)
            j.push_back({{"login", u.login}, {"name", u.name}, {"roles", u.roles}, {"provider", u.provider},
                         {"failed_sign_ins", u.failed_sign_ins}, {"disabled", u.disabled},
                         {"locked_for_s", u.locked_until_ms > now ? (u.locked_until_ms - now + 999) / 1000 : 0}});
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    for (const auto& u : users) {
        std::cout << u.login << "\t" << u.name << "\t" << joined(u.roles) << "\t" << (u.provider.empty() ? "-" : u.provider);
        if (u.disabled) std::cout << "\tdisabled";
        if (u.failed_sign_ins > 0) std::cout << "\t" << u.failed_sign_ins << " wrong passwords";
        if (u.locked_until_ms > now) std::cout << ", locked " << (u.locked_until_ms - now + 999) / 1000 << " s";
        std::cout << "\n";
    }
    std::cout << users.size() << " users\n";
    return kOk;
}

int do_roles(Context& ctx, const UserArgs& a)
{
    if (a.roles.empty()) throw std::invalid_argument("give the user's roles with --role (repeat it for several)");
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::UserService(db).set_roles(actor, a.login, exam::parse_roles(a.roles), a.provider);
    if (ctx.json) std::cout << ordered_json{{"login", a.login}, {"roles", a.roles}, {"provider", a.provider}}.dump() << "\n";
    else std::cout << a.login << " now has the roles " << joined(a.roles) << "\n";
    return kOk;
}

int do_password(Context& ctx, const std::string& login_arg)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    const std::string login = login_arg.empty() ? actor.login : login_arg;
    if (login != actor.login) exam::require(actor, exam::Operation::ManageUsers);
    exam::UserService(db).set_password(actor, login, new_secret(kNewPasswordVariable, "password"));
    if (ctx.json) std::cout << ordered_json{{"login", login}, {"password", "changed"}}.dump() << "\n";
    else std::cout << "The password of " << login << " is changed\n";
    return kOk;
}

int do_disable(Context& ctx, const std::string& login, bool disabled)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::UserService(db).set_disabled(actor, login, disabled);
    if (ctx.json) std::cout << ordered_json{{"login", login}, {"disabled", disabled}}.dump() << "\n";
    else std::cout << login << (disabled ? " is disabled: every sign-in is refused\n" : " is enabled again\n");
    return kOk;
}

int do_reset(Context& ctx, const std::string& login)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    const std::string password = exam::UserService(db).reset_password(actor, login);
    if (ctx.json) std::cout << ordered_json{{"login", login}, {"password", password}}.dump() << "\n";
    else std::cout << "New password of " << login << " (shown only now): " << password << "\n";
    return kOk;
}

// --- audit ----------------------------------------------------------------------------------------------------

int do_verify(Context& ctx)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    auto problems = svc.verify_audit(actor);
    const auto entries = svc.audit_entries(actor).size();
    if (ctx.json) {
        ordered_json j{{"entries", entries}, {"intact", problems.empty()}, {"problems", ordered_json::array()}};
        for (const auto& p : problems) j["problems"].push_back({{"id", p.id}, {"message", p.message}});
        std::cout << j.dump(2) << "\n";
    } else if (problems.empty()) {
        std::cout << "The audit log is intact: " << entries
                  << " entries, each chained to the one before; results, certificates and users match it\n";
    } else {
        std::cout << "The audit log is BROKEN (" << problems.size() << " problems in " << entries << " entries):\n";
        for (const auto& p : problems) {
            if (p.id > 0) std::cout << "  entry " << p.id << ": " << p.message << "\n";
            else std::cout << "  " << p.message << "\n";
        }
    }
    return problems.empty() ? kOk : kBadInput;
}

struct ShowArgs {
    std::int64_t after = 0;
    int limit = 50;
};

int do_show(Context& ctx, const ShowArgs& a)
{
    if (a.limit < 1) throw std::invalid_argument("--limit must be 1 or more");
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    auto entries = exam::ExamService(db).audit_entries(actor, a.after, a.limit);
    if (ctx.json) {
        auto j = ordered_json::array();
        for (const auto& e : entries)
            j.push_back({{"id", e.id}, {"at", local_time(e.at_ms)}, {"at_ms", e.at_ms}, {"actor", e.actor},
                         {"action", e.action}, {"entity", e.entity}, {"detail", e.detail}, {"hash", e.hash}});
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    for (const auto& e : entries)
        std::cout << e.id << "\t" << local_time(e.at_ms) << "\t" << e.actor << "\t" << e.action << "\t" << e.entity
                  << "\t" << e.detail << "\n";
    if (!entries.empty() && static_cast<int>(entries.size()) == a.limit)
        std::cout << "(more: --after " << entries.back().id << ")\n";
    return kOk;
}

} // namespace

void register_user_commands(CLI::App& app, Context& ctx)
{
    CLI::App* user = app.add_subcommand("user", "users of the exam centre and training providers: add, list, roles, password");
    user->require_subcommand(1);

    auto add_args = std::make_shared<UserArgs>();
    CLI::App* add = user->add_subcommand(
        "add", "add a user; the new password comes from $SAFEKIOSK_NEW_PASSWORD or is typed twice at the prompt");
    add->add_option("LOGIN", add_args->login, "login: 2-32 characters a-z 0-9 . _ -")->required();
    add->add_option("--name", add_args->name, "the person's name")->required();
    add->add_option("--role", add_args->roles, "admin, exam-staff, proctor, examiner, trainer or cert-officer; repeatable");
    add->add_option("--provider", add_args->provider, "training provider (培训机构) of a trainer");
    add->add_flag("--first", add_args->first,
                  "the first administrator of an installation with no user: no sign-in needed (creates the database)");
    add->callback([&ctx, add_args] { ctx.action = [&ctx, add_args] { return do_add(ctx, *add_args); }; });

    CLI::App* list = user->add_subcommand("list", "list the users with their roles and wrong-password counts");
    list->callback([&ctx] { ctx.action = [&ctx] { return do_list(ctx); }; });

    auto roles_args = std::make_shared<UserArgs>();
    CLI::App* roles = user->add_subcommand("roles", "set a user's roles (replaces them)");
    roles->add_option("LOGIN", roles_args->login, "the user")->required();
    roles->add_option("--role", roles_args->roles, "the new roles; repeatable")->required();
    roles->add_option("--provider", roles_args->provider, "training provider, for the trainer role");
    roles->callback([&ctx, roles_args] { ctx.action = [&ctx, roles_args] { return do_roles(ctx, *roles_args); }; });

    for (const bool disabled : {true, false}) {
        CLI::App* sub = user->add_subcommand(disabled ? "disable" : "enable",
                                             disabled ? "refuse every sign-in of a user (roles and history stay); "
                                                        "not yourself, not the last administrator"
                                                      : "let a disabled user sign in again");
        auto login = std::make_shared<std::string>();
        sub->add_option("LOGIN", *login, "the user")->required();
        sub->callback([&ctx, login, disabled] { ctx.action = [&ctx, login, disabled] { return do_disable(ctx, *login, disabled); }; });
    }
    CLI::App* reset = user->add_subcommand("reset-password", "make a new random password for a user and print it once");
    auto reset_login = std::make_shared<std::string>();
    reset->add_option("LOGIN", *reset_login, "the user")->required();
    reset->callback([&ctx, reset_login] { ctx.action = [&ctx, reset_login] { return do_reset(ctx, *reset_login); }; });

    auto pw_login = std::make_shared<std::string>();
    CLI::App* password = user->add_subcommand(
        "password", "change your own password, or (administrators) another user's; new one from $SAFEKIOSK_NEW_PASSWORD "
                    "or the prompt; clears the wait after wrong passwords");
    password->add_option("LOGIN", *pw_login, "the user (default: yourself)");
    password->callback([&ctx, pw_login] { ctx.action = [&ctx, pw_login] { return do_password(ctx, *pw_login); }; });

    CLI::App* audit = app.add_subcommand("audit", "the keyed, hash-chained audit log of exam data (docs/audit.md)");
    audit->require_subcommand(1);
    CLI::App* verify = audit->add_subcommand("verify", "check the chain, its head and every result, certificate and user row; exit 1 listing each problem");
    verify->callback([&ctx] { ctx.action = [&ctx] { return do_verify(ctx); }; });
    auto show_args = std::make_shared<ShowArgs>();
    CLI::App* show = audit->add_subcommand("show", "print audit entries in order");
    show->add_option("--after", show_args->after, "only entries after this id");
    show->add_option("--limit", show_args->limit, "at most this many entries (default 50)");
    show->callback([&ctx, show_args] { ctx.action = [&ctx, show_args] { return do_show(ctx, *show_args); }; });
}

} // namespace sk::admin
