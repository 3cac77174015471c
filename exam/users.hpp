// Users of the exam centre and the training providers: the first administrator of an empty installation, sign-in
// with a password (Argon2id) and a growing wait after wrong passwords, roles, password changes. A signed-in user
// becomes an Actor whose roles the engine checks with require().
#pragma once

#include "exam/exam_service.hpp"
#include "exam/roles.hpp"
#include "exam/storage/exam_store.hpp"
#include "exam/training.hpp" // SignInError

#include <cstdint>
#include <string>
#include <vector>

namespace sk::exam {

// Wait after the n-th consecutive wrong password of a login: none for the first two, then 5 s doubling up to
// 15 minutes (the same policy as trainee PINs). While it lasts every try, even the right password, is refused.
std::int64_t sign_in_delay_ms(int failures);

struct NewUser {
    std::string login;    // 2–32 characters: a–z, 0–9, '.', '_', '-'
    std::string name;     // the person's name
    std::string password; // 8–128 characters
    std::vector<Role> roles;
    std::string provider; // required for, and only for, training staff
};

// A user as the list shows it: no password hash.
struct UserInfo {
    std::string login;
    std::string name;
    std::vector<std::string> roles;
    std::string provider;
    int failed_sign_ins = 0;
    std::int64_t locked_until_ms = 0;
    bool disabled = false; // may not sign in (UserService::set_disabled)
};

// A password made by reset_password(): 12 characters from letters and digits that cannot be mistaken for one
// another when read off a screen (no 0/O, 1/l/I).
std::string generate_password();

class UserService {
public:
    UserService(storage::Database& db, Clock clock = system_now_ms);

    bool has_users();
    // The first administrator of an installation with no user at all; refused (ExamError) once any user exists.
    void add_first_user(NewUser u);
    // Throws SignInError ("wrong login or password", or the wait) and counts the failure against the login.
    Actor sign_in(const std::string& login, const std::string& password);

    void add_user(const Actor& actor, NewUser u);
    std::vector<UserInfo> users(const Actor& actor);
    // Refuses to take the administrator role from the last administrator, and from the actor themselves.
    void set_roles(const Actor& actor, const std::string& login, const std::vector<Role>& roles,
                   const std::string& provider);
    // Users change their own password; user managers (administrators) set anyone's. Clears the wait; a disabled
    // user stays disabled.
    void set_password(const Actor& actor, const std::string& login, const std::string& password);
    // Administrators: a new random password for `login` (generate_password()), returned to be shown once and stored
    // only as its hash; audited as user.password "reset".
    std::string reset_password(const Actor& actor, const std::string& login);
    // Administrators: a disabled user keeps their roles and audit history but every sign-in is refused until enabled
    // again. Refused for the actor themselves and for the last enabled administrator. Audited (user.disable,
    // user.enable).
    void set_disabled(const Actor& actor, const std::string& login, bool disabled);

private:
    void check(const NewUser& u);
    std::int64_t now() const { return clock_(); }
    storage::Database& db_;
    ExamStore store_;
    Clock clock_;
};

// Role names of the storage and the command line ("admin", "exam-staff", …) → roles; ExamError for an unknown one.
std::vector<Role> parse_roles(const std::vector<std::string>& names);
std::vector<std::string> role_names(const std::vector<Role>& roles);

} // namespace sk::exam
