// safekiosk-admin user … and audit …, and signing in: the real program, its exit codes and the database after.
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace sk;

TEST_CASE("the first administrator is created without sign-in, only on an installation with no user")
{
    test::TempDir dir;
    const auto db = (dir / "new" / "k.db").string();
    // No user yet: a command on exam data says how to create the first one.
    auto none = test::run_admin({"--db", db, "user", "add", "--first", "root", "--name", "管理员"}, {{"SAFEKIOSK_NEW_PASSWORD", ""}});
    CHECK(none.code == 2); // no password: not in the environment and stdin is not a terminal
    CHECK(none.err.find("SAFEKIOSK_NEW_PASSWORD") != std::string::npos);
    auto first = test::run_admin({"--db", db, "user", "add", "--first", "root", "--name", "管理员"},
                                 {{"SAFEKIOSK_NEW_PASSWORD", "root-password"}});
    INFO(first.err);
    CHECK(first.code == 0);
    CHECK(first.out == "User root (admin) added\n");
    auto second = test::run_admin({"--db", db, "user", "add", "--first", "other", "--name", "别人"},
                                  {{"SAFEKIOSK_NEW_PASSWORD", "root-password"}});
    CHECK(second.code == 4);
    CHECK(second.err.find("already has users") != std::string::npos);
    auto short_pw = test::run_admin({"--db", (dir / "b.db").string(), "user", "add", "--first", "root", "--name", "x"},
                                    {{"SAFEKIOSK_NEW_PASSWORD", "short"}});
    CHECK(short_pw.code == 1);
    CHECK(short_pw.err.find("at least 8 characters") != std::string::npos);

    auto d = storage::open(db, {&content::schema(), &exam::schema()});
    exam::UserService users(d);
    auto admin = users.sign_in("root", "root-password");
    CHECK(admin.roles == std::vector<exam::Role>{exam::Role::Administrator});
    CHECK(users.users(admin).size() == 1);
}

TEST_CASE("sign-in: --user is needed, a password must come from somewhere, wrong passwords exit 4 and wait longer")
{
    test::Installation inst;
    auto no_user = test::run_admin({"--db", inst.db, "session", "list"});
    CHECK(no_user.code == 2);
    CHECK(no_user.err.find("--user LOGIN") != std::string::npos);
    auto no_password = test::run_admin({"--db", inst.db, "--user", "staff", "session", "list"}, {{"SAFEKIOSK_PASSWORD", ""}});
    CHECK(no_password.code == 2);
    CHECK(no_password.err.find("SAFEKIOSK_PASSWORD") != std::string::npos);
    CHECK(inst.as("staff", {"session", "list"}).code == 0);

    auto wrong = [&](const std::string& login) {
        return test::run_admin({"--db", inst.db, "--user", login, "session", "list"}, {{"SAFEKIOSK_PASSWORD", "not-it-at-all"}});
    };
    auto unknown = wrong("nobody");
    CHECK(unknown.code == 4);
    CHECK(unknown.err == "error: sign-in refused: wrong login or password\n");
    CHECK(wrong("staff").code == 4);
    CHECK(wrong("staff").code == 4);
    auto third = wrong("staff");
    CHECK(third.code == 4);
    CHECK(third.err.find("the next try is possible in 5 s") != std::string::npos);
    // During the wait even the right password is refused; other users are not affected.
    auto locked = inst.as("staff", {"session", "list"});
    CHECK(locked.code == 4);
    CHECK(locked.err.find("try again in") != std::string::npos);
    CHECK(inst.as("admin", {"session", "list"}).code == 0);
    {
        auto d = inst.open();
        exam::ExamStore store(d);
        CHECK(store.sign_in_state("staff").failures == 3);
        // Let the wait pass (the stored deadline is what the program checks).
        store.set_sign_in_state("staff", {3, 0});
    }
    auto fourth = wrong("staff");
    CHECK(fourth.code == 4);
    CHECK(fourth.err.find("in 10 s") != std::string::npos); // doubled
    {
        auto d = inst.open();
        exam::ExamStore(d).set_sign_in_state("staff", {4, 0});
    }
    CHECK(inst.as("staff", {"session", "list"}).code == 0);
    auto d = inst.open();
    CHECK(exam::ExamStore(d).sign_in_state("staff").failures == 0);
}

TEST_CASE("user add, list, roles and password through the program")
{
    test::Installation inst;
    auto added = inst.as("admin", {"user", "add", "t2", "--name", "培训老师", "--role", "trainer", "--provider", "乙培训中心"},
                         {{"SAFEKIOSK_NEW_PASSWORD", "trainer-two-pw"}});
    INFO(added.err);
    CHECK(added.code == 0);
    auto no_provider = inst.as("admin", {"user", "add", "t3", "--name", "x", "--role", "trainer"},
                               {{"SAFEKIOSK_NEW_PASSWORD", "trainer-3-pw"}});
    CHECK(no_provider.code == 1);
    CHECK(no_provider.err.find("training provider") != std::string::npos);
    auto bad_role = inst.as("admin", {"user", "add", "t3", "--name", "x", "--role", "boss"}, {{"SAFEKIOSK_NEW_PASSWORD", "12345678"}});
    CHECK(bad_role.code == 1);
    CHECK(bad_role.err.find("unknown role 'boss'") != std::string::npos);
    auto by_staff = inst.as("staff", {"user", "add", "t4", "--name", "x", "--role", "proctor"}, {{"SAFEKIOSK_NEW_PASSWORD", "12345678"}});
    CHECK(by_staff.code == 4);
    CHECK(by_staff.err.find("not allowed") != std::string::npos);

    auto list = inst.as("admin", {"--json", "user", "list"});
    REQUIRE(list.code == 0);
    auto users = nlohmann::json::parse(list.out);
    CHECK(users.size() == 7);
    bool found = false;
    for (const auto& u : users)
        if (u["login"] == "t2") {
            found = true;
            CHECK(u["roles"] == nlohmann::json::array({"trainer"}));
            CHECK(u["provider"] == "乙培训中心");
        }
    CHECK(found);

    CHECK(inst.as("admin", {"user", "roles", "staff", "--role", "exam-staff", "--role", "proctor"}).code == 0);
    CHECK(inst.as("staff", {"session", "seats", "1"}).code == 1); // now a proctor too: allowed, but no session 1
    auto last_admin = inst.as("admin", {"user", "roles", "admin", "--role", "exam-staff"});
    CHECK(last_admin.code == 1);
    CHECK(last_admin.err.find("last administrator") != std::string::npos);

    // Own password; another user's only as an administrator.
    CHECK(inst.as("proctor", {"user", "password"}, {{"SAFEKIOSK_NEW_PASSWORD", "new-proctor-pw"}}).code == 0);
    CHECK(test::run_admin({"--db", inst.db, "--user", "proctor", "session", "list"}, {{"SAFEKIOSK_PASSWORD", "new-proctor-pw"}}).code == 0);
    CHECK(inst.as("examiner", {"user", "password", "staff"}, {{"SAFEKIOSK_NEW_PASSWORD", "hijacked-pw"}}).code == 4);
    CHECK(inst.as("staff", {"session", "list"}).code == 0); // unchanged
    CHECK(inst.as("admin", {"user", "password", "examiner"}, {{"SAFEKIOSK_NEW_PASSWORD", "reset-by-admin"}}).code == 0);
    CHECK(test::run_admin({"--db", inst.db, "--user", "examiner", "user", "password"},
                          {{"SAFEKIOSK_PASSWORD", "reset-by-admin"}, {"SAFEKIOSK_NEW_PASSWORD", "mine-again"}})
              .code == 0);
}

TEST_CASE("user disable, enable and reset-password through the program: sign-ins refused and allowed, audited")
{
    test::Installation inst;
    // Disabled: the right password is refused with a message saying so; the user stays listed as disabled.
    auto off = inst.as("admin", {"user", "disable", "proctor"});
    INFO(off.out, off.err);
    CHECK(off.code == 0);
    CHECK(off.out == "proctor is disabled: every sign-in is refused\n");
    auto refused = inst.as("proctor", {"session", "list"});
    CHECK(refused.code == 4);
    CHECK(refused.err.find("the user 'proctor' is disabled") != std::string::npos);
    auto list = nlohmann::json::parse(inst.as("admin", {"--json", "user", "list"}).out);
    for (const auto& u : list) CHECK_MESSAGE(u["disabled"] == (u["login"] == "proctor"), u["login"]);
    CHECK(inst.as("admin", {"user", "list"}).out.find("\tdisabled") != std::string::npos);
    // Disabling twice changes nothing and is no error; yourself and a user that does not exist are refused.
    CHECK(inst.as("admin", {"user", "disable", "proctor"}).code == 0);
    auto self = inst.as("admin", {"user", "disable", "admin"});
    CHECK(self.code == 1);
    CHECK(inst.as("admin", {"user", "disable", "nobody"}).code == 1);
    // Only administrators: a proctor cannot turn another user off or on.
    CHECK(inst.as("staff", {"user", "disable", "examiner"}).code == 4);
    CHECK(inst.as("staff", {"user", "enable", "proctor"}).code == 4);
    CHECK(inst.as("proctor", {"session", "list"}).code == 4); // still disabled

    // A reset password is printed once; the old one stops working; a disabled user stays disabled.
    auto reset = inst.as("admin", {"--json", "user", "reset-password", "proctor"});
    REQUIRE(reset.code == 0);
    const std::string fresh = nlohmann::json::parse(reset.out)["password"];
    CHECK(fresh.size() >= 12);
    CHECK(test::run_admin({"--db", inst.db, "--user", "proctor", "session", "list"}, {{"SAFEKIOSK_PASSWORD", fresh}})
              .code == 4);
    auto on = inst.as("admin", {"user", "enable", "proctor"});
    CHECK(on.code == 0);
    CHECK(on.out == "proctor is enabled again\n");
    CHECK(test::run_admin({"--db", inst.db, "--user", "proctor", "session", "list"}, {{"SAFEKIOSK_PASSWORD", fresh}})
              .code == 0);
    CHECK(inst.as("proctor", {"session", "list"}).code == 4); // the password before the reset
    CHECK(inst.as("examiner", {"user", "reset-password", "staff"}).code == 4);

    // Each change is in the audit log under the administrator's name; the repeat and the refusals are not.
    auto audit = nlohmann::json::parse(inst.as("admin", {"--json", "audit", "show", "--limit", "1000"}).out);
    std::vector<std::string> actions;
    for (const auto& e : audit)
        if (e["entity"] == "user:proctor" && e["action"] != "user.add" && e["action"] != "user.sign_in_refused") {
            CHECK(e["actor"] == "admin");
            actions.push_back(e["action"]);
        }
    INFO(audit.dump(1));
    CHECK(actions == std::vector<std::string>{"user.disable", "user.password", "user.enable"});
    CHECK(inst.as("admin", {"audit", "verify"}).code == 0);
}

TEST_CASE("audit verify exits 1 listing each problem when the chain is broken, audit show pages through entries")
{
    test::Installation inst;
    auto ok = inst.as("admin", {"audit", "verify"});
    CHECK(ok.code == 0);
    CHECK(ok.out.find("intact") != std::string::npos);
    auto page = inst.as("admin", {"--json", "audit", "show", "--after", "1", "--limit", "2"});
    REQUIRE(page.code == 0);
    auto entries = nlohmann::json::parse(page.out);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0]["id"] == 2);
    CHECK(entries[1]["id"] == 3);
    CHECK(entries[0]["action"] == "user.add");
    CHECK(inst.as("staff", {"audit", "show"}).code == 4);
    CHECK(inst.as("trainer", {"audit", "verify"}).code == 4);
    {
        auto d = inst.open();
        d.exec("UPDATE audit_log SET detail = 'admin' WHERE id = 3");
        d.exec("DELETE FROM audit_log WHERE id = 5");
    }
    auto broken = inst.as("admin", {"audit", "verify"});
    CHECK(broken.code == 1);
    CHECK(broken.out.find("BROKEN") != std::string::npos);
    CHECK(broken.out.find("entry 3: its content was changed") != std::string::npos);
    CHECK(broken.out.find("entry 6: entries 5–5 are missing") != std::string::npos);
    auto json = inst.as("admin", {"--json", "audit", "verify"});
    CHECK(json.code == 1);
    CHECK(nlohmann::json::parse(json.out)["intact"] == false);
}

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

TEST_CASE("on a terminal the password is asked for at a prompt that does not echo it")
{
    test::Installation inst;
    const auto err_path = inst.dir / "err";
    const auto out_path = inst.dir / "out";
    test::write_file(err_path, "");
    test::write_file(out_path, "");
    int master = -1, slave = -1;
    REQUIRE(openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        setsid();
        dup2(slave, STDIN_FILENO);
        const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(out, STDOUT_FILENO);
        dup2(err, STDERR_FILENO);
        close(master);
        close(slave);
        unsetenv("SAFEKIOSK_PASSWORD");
        execl(test::admin_program(), test::admin_program(), "--db", inst.db.c_str(), "--user", "staff", "session", "list",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(slave);
    // Type the password once the prompt is there (echo is off by then).
    bool prompted = false;
    for (int i = 0; i < 500 && !prompted; ++i) {
        prompted = test::read_file(err_path).find("Password for staff: ") != std::string::npos;
        if (!prompted) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(prompted);
    const std::string typed = test::password_of("staff") + "\n";
    REQUIRE(write(master, typed.data(), typed.size()) == static_cast<ssize_t>(typed.size()));
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    // Whatever the terminal shows back (its echo) must not contain the password.
    std::string shown;
    pollfd p{master, POLLIN, 0};
    while (poll(&p, 1, 0) > 0 && (p.revents & POLLIN)) {
        char buf[256];
        const auto n = read(master, buf, sizeof buf);
        if (n <= 0) break;
        shown.append(buf, static_cast<std::size_t>(n));
    }
    close(master);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(test::read_file(out_path).find("0 sessions") != std::string::npos);
    CHECK(shown.find(test::password_of("staff")) == std::string::npos);
    CHECK(test::read_file(err_path).find(test::password_of("staff")) == std::string::npos);
}
