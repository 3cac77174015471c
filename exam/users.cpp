#include "exam/users.hpp"

#include "content/model.hpp"
#include "exam/secrets.hpp"

#include <sodium.h>

#include <algorithm>

namespace sk::exam {

using storage::Transaction;

namespace {

std::size_t utf8_length(const std::string& s)
{
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void check_password(const std::string& password)
{
    const auto n = utf8_length(password);
    if (n < 8) throw ExamError(ExamErrc::password_short);
    if (n > 128) throw ExamError(ExamErrc::password_long);
}

bool has_role(const std::vector<Role>& roles, Role r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

void check_roles(const std::vector<Role>& roles, const std::string& provider)
{
    if (roles.empty()) throw ExamError(ExamErrc::roles_empty);
    const bool trainer = has_role(roles, Role::TrainingStaff);
    if (trainer && provider.empty())
        throw ExamError(ExamErrc::trainer_needs_provider);
    if (!provider.empty() && !trainer) throw ExamError(ExamErrc::provider_only_trainer);
    // Exam–training separation (考培分离): nobody works for a training provider and the exam centre at once.
    if (trainer && roles.size() > 1)
        throw ExamError(ExamErrc::trainer_no_exam_role);
}

// A disabled user's stored hash is the hash behind "!", as passwd -l locks a shadow entry: no password verifies
// against it, the roles stay, and the change is part of the audited row (its password_hash column).
constexpr char kDisabledMark = '!';
bool is_disabled(const std::string& hash) { return !hash.empty() && hash.front() == kDisabledMark; }

bool is_admin(const User& u) { return std::find(u.roles.begin(), u.roles.end(), "admin") != u.roles.end(); }

// A hash to verify against for an unknown login, so that the answer takes as long as for a known one.
const std::string& dummy_hash()
{
    static const std::string h = hash_secret("no such user: constant-time answer");
    return h;
}

} // namespace

std::int64_t sign_in_delay_ms(int failures) { return pin_delay_ms(failures); }

std::string generate_password()
{
    static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    constexpr std::uint32_t n = sizeof kAlphabet - 1;
    std::string out;
    for (int i = 0; i < 12; ++i) out.push_back(kAlphabet[randombytes_uniform(n)]);
    return out;
}

std::vector<Role> parse_roles(const std::vector<std::string>& names)
{
    std::vector<Role> out;
    for (const auto& n : names) {
        auto r = parse_role(n);
        if (!r) {
            std::string known;
            for (Role k : all_roles()) known += (known.empty() ? "" : ", ") + std::string(to_string(k));
            throw ExamError(ExamErrc::unknown_role, {n, known});
        }
        if (!has_role(out, *r)) out.push_back(*r);
    }
    return out;
}

std::vector<std::string> role_names(const std::vector<Role>& roles)
{
    std::vector<std::string> out;
    for (Role r : roles) out.emplace_back(to_string(r));
    return out;
}

UserService::UserService(storage::Database& db, Clock clock) : db_(db), store_(db), clock_(std::move(clock)) {}

bool UserService::has_users() { return store_.count_users() > 0; }

void UserService::check(const NewUser& u)
{
    if (u.login.size() < 2 || u.login.size() > 32 ||
        !std::all_of(u.login.begin(), u.login.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        }))
        throw ExamError(ExamErrc::login_format, {u.login});
    if (u.name.find_first_not_of(" \t") == std::string::npos) throw ExamError(ExamErrc::user_needs_name);
    if (auto problem = content::control_character_problem(u.name); !problem.empty())
        throw ExamError(ExamErrc::user_name_bad, {problem});
    if (auto problem = content::control_character_problem(u.provider); !problem.empty())
        throw ExamError(ExamErrc::provider_bad, {problem});
    check_password(u.password);
    check_roles(u.roles, u.provider);
}

void UserService::add_first_user(NewUser u)
{
    u.roles = {Role::Administrator};
    u.provider.clear();
    check(u);
    const std::string hash = hash_secret(u.password);
    Transaction tx(db_);
    if (store_.count_users() > 0)
        throw ExamError(ExamErrc::users_exist);
    store_.add_user({0, u.login, u.name, hash, role_names(u.roles), ""});
    store_.append_audit(now(), u.login, "user.add_first", "user:" + u.login, "admin");
    tx.commit();
}

Actor UserService::sign_in(const std::string& login, const std::string& password)
{
    auto user = store_.user(login);
    if (!user) {
        verify_secret(dummy_hash(), password);
        throw SignInError(ExamErrc::user_sign_in_wrong, {}, 0);
    }
    const auto t = now();
    auto state = store_.sign_in_state(login);
    if (t < state.locked_until_ms)
        throw SignInError(ExamErrc::user_sign_in_locked,
                          {login, std::to_string((state.locked_until_ms - t + 999) / 1000)},
                          state.locked_until_ms - t);
    if (is_disabled(user->password_hash)) {
        verify_secret(dummy_hash(), password);
        throw SignInError(ExamErrc::user_disabled, {login}, 0);
    }
    const bool ok = verify_secret(user->password_hash, password);
    Transaction tx(db_);
    if (!ok) {
        state.failures += 1;
        const auto delay = sign_in_delay_ms(state.failures);
        state.locked_until_ms = t + delay;
        store_.set_sign_in_state(login, state);
        if (delay > 0)
            store_.append_audit(t, login, "user.sign_in_refused", "user:" + login,
                                std::to_string(state.failures) + " wrong passwords in a row; wait " +
                                    std::to_string(delay / 1000) + " s");
        tx.commit();
        throw SignInError(delay > 0 ? ExamErrc::user_sign_in_wrong_wait : ExamErrc::user_sign_in_wrong,
                          {std::to_string(delay / 1000)}, delay);
    }
    if (state.failures != 0) store_.set_sign_in_state(login, {});
    tx.commit();
    Actor a{login, {}};
    for (const auto& name : user->roles)
        if (auto r = parse_role(name)) a.roles.push_back(*r);
    a.provider = user->provider;
    return a;
}

void UserService::add_user(const Actor& actor, NewUser u)
{
    require(actor, Operation::ManageUsers);
    check(u);
    const std::string hash = hash_secret(u.password);
    Transaction tx(db_);
    if (store_.user(u.login)) throw ExamError(ExamErrc::login_taken, {u.login});
    store_.add_user({0, u.login, u.name, hash, role_names(u.roles), u.provider});
    std::string roles;
    for (const auto& r : role_names(u.roles)) roles += (roles.empty() ? "" : ",") + r;
    store_.append_audit(now(), actor.login, "user.add", "user:" + u.login,
                        roles + (u.provider.empty() ? "" : " (" + u.provider + ")"));
    tx.commit();
}

std::vector<UserInfo> UserService::users(const Actor& actor)
{
    require(actor, Operation::ManageUsers);
    std::vector<UserInfo> out;
    for (const auto& u : store_.users()) {
        auto s = store_.sign_in_state(u.login);
        out.push_back({u.login, u.name, u.roles, u.provider, s.failures, s.locked_until_ms, is_disabled(u.password_hash)});
    }
    return out;
}

void UserService::set_roles(const Actor& actor, const std::string& login, const std::vector<Role>& roles,
                            const std::string& provider)
{
    require(actor, Operation::ManageUsers);
    check_roles(roles, provider);
    Transaction tx(db_);
    auto user = store_.user(login);
    if (!user) throw ExamError(ExamErrc::no_user, {login});
    if (!has_role(roles, Role::Administrator)) {
        int admins = 0;
        for (const auto& u : store_.users())
            if (u.login != login && is_admin(u) && !is_disabled(u.password_hash)) ++admins;
        if (admins == 0) throw ExamError(ExamErrc::last_admin, {login});
        // Another administrator takes it away, so that no one locks themselves out of user management by a slip.
        if (login == actor.login && has_role(actor.roles, Role::Administrator))
            throw ExamError(ExamErrc::own_admin_role);
    }
    std::string before, after;
    for (const auto& r : user->roles) before += (before.empty() ? "" : ",") + r;
    for (const auto& r : role_names(roles)) after += (after.empty() ? "" : ",") + r;
    store_.set_user_roles(login, role_names(roles));
    store_.set_user_provider(login, provider);
    store_.append_audit(now(), actor.login, "user.roles", "user:" + login,
                        before + " -> " + after + (provider.empty() ? "" : " (" + provider + ")"));
    tx.commit();
}

void UserService::set_password(const Actor& actor, const std::string& login, const std::string& password)
{
    if (actor.login != login) require(actor, Operation::ManageUsers);
    check_password(password);
    const std::string hash = hash_secret(password);
    Transaction tx(db_);
    const auto user = store_.user(login);
    if (!user) throw ExamError(ExamErrc::no_user, {login});
    store_.set_user_password(login, is_disabled(user->password_hash) ? kDisabledMark + hash : hash);
    store_.append_audit(now(), actor.login, "user.password", "user:" + login, actor.login == login ? "own" : "set");
    tx.commit();
}

std::string UserService::reset_password(const Actor& actor, const std::string& login)
{
    require(actor, Operation::ManageUsers);
    const std::string password = generate_password();
    const std::string hash = hash_secret(password);
    Transaction tx(db_);
    const auto user = store_.user(login);
    if (!user) throw ExamError(ExamErrc::no_user, {login});
    store_.set_user_password(login, is_disabled(user->password_hash) ? kDisabledMark + hash : hash);
    store_.append_audit(now(), actor.login, "user.password", "user:" + login, "reset");
    tx.commit();
    return password;
}

void UserService::set_disabled(const Actor& actor, const std::string& login, bool disabled)
{
    require(actor, Operation::ManageUsers);
    Transaction tx(db_);
    const auto user = store_.user(login);
    if (!user) throw ExamError(ExamErrc::no_user, {login});
    if (is_disabled(user->password_hash) == disabled) return;
    if (disabled) {
        if (login == actor.login) throw ExamError(ExamErrc::disable_self);
        if (is_admin(*user)) {
            int admins = 0;
            for (const auto& u : store_.users())
                if (u.login != login && is_admin(u) && !is_disabled(u.password_hash)) ++admins;
            if (admins == 0)
                throw ExamError(ExamErrc::last_enabled_admin, {login});
        }
        store_.set_user_password(login, kDisabledMark + user->password_hash);
    } else {
        store_.set_user_password(login, user->password_hash.substr(1));
    }
    store_.append_audit(now(), actor.login, disabled ? "user.disable" : "user.enable", "user:" + login, "");
    tx.commit();
}

} // namespace sk::exam
