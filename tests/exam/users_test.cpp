#include "exam/users.hpp"
#include "tests/exam/fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;
using namespace sk::exam;

namespace {
NewUser person(const std::string& login, std::vector<Role> roles, const std::string& provider = "")
{
    return {login, "用户 " + login, "secret-" + login, std::move(roles), provider};
}
} // namespace

TEST_CASE("the first administrator needs no sign-in, but only while the installation has no user")
{
    test::TempDir dir;
    auto db = storage::open(dir / "k.db", {&content::schema(), &exam::schema()});
    std::int64_t now = test::kNine;
    UserService users(db, [&] { return now; });
    CHECK_FALSE(users.has_users());
    CHECK_THROWS_WITH(users.add_first_user({"root", "管理员", "short", {}, ""}), doctest::Contains("8 characters"));
    users.add_first_user({"root", "管理员", "a long password", {}, ""});
    CHECK(users.has_users());
    CHECK_THROWS_WITH(users.add_first_user({"root2", "管理员", "a long password", {}, ""}), doctest::Contains("already has users"));
    auto admin = users.sign_in("root", "a long password");
    CHECK(admin.roles == std::vector<Role>{Role::Administrator});
    CHECK(admin.can(Operation::ManageUsers));
}

TEST_CASE("wrong passwords are counted per login and make the next try wait longer each time")
{
    test::TempDir dir;
    auto db = storage::open(dir / "k.db", {&content::schema(), &exam::schema()});
    std::int64_t now = test::kNine;
    UserService users(db, [&] { return now; });
    users.add_first_user({"root", "管理员", "a long password", {}, ""});
    auto admin = users.sign_in("root", "a long password");
    users.add_user(admin, person("staff", {Role::ExamStaff}));

    CHECK_THROWS_AS(users.sign_in("nobody", "x"), SignInError);
    CHECK_THROWS_WITH(users.sign_in("staff", "wrong"), "wrong login or password");
    CHECK_THROWS_WITH(users.sign_in("staff", "wrong"), "wrong login or password");
    try {
        users.sign_in("staff", "wrong");
        FAIL("a wrong password was accepted");
    } catch (const SignInError& e) {
        CHECK(e.retry_after_ms == 5000);
    }
    // While the wait lasts even the right password is refused; the other login is not affected.
    CHECK_THROWS_WITH(users.sign_in("staff", "secret-staff"), doctest::Contains("try again in 5 s"));
    CHECK_NOTHROW(users.sign_in("root", "a long password"));
    now += 5000;
    try {
        users.sign_in("staff", "wrong");
        FAIL("a wrong password was accepted");
    } catch (const SignInError& e) {
        CHECK(e.retry_after_ms == 10000); // doubled
    }
    now += 10000;
    auto staff = users.sign_in("staff", "secret-staff");
    CHECK(staff.roles == std::vector<Role>{Role::ExamStaff});
    CHECK(users.users(admin).back().failed_sign_ins == 0); // a right password clears the count
    CHECK(sign_in_delay_ms(2) == 0);
    CHECK(sign_in_delay_ms(40) == 15 * 60 * 1000);
}

TEST_CASE("user management: only administrators, trainers belong to a provider, the last administrator stays")
{
    test::TempDir dir;
    auto db = storage::open(dir / "k.db", {&content::schema(), &exam::schema()});
    UserService users(db);
    users.add_first_user({"root", "管理员", "a long password", {}, ""});
    auto admin = users.sign_in("root", "a long password");
    users.add_user(admin, person("staff", {Role::ExamStaff}));
    auto staff = users.sign_in("staff", "secret-staff");
    CHECK_THROWS_AS(users.add_user(staff, person("x1", {Role::Proctor})), PermissionDenied);
    CHECK_THROWS_AS(users.users(staff), PermissionDenied);
    CHECK_THROWS_WITH(users.add_user(admin, person("t1", {Role::TrainingStaff})), doctest::Contains("training provider"));
    CHECK_THROWS_WITH(users.add_user(admin, person("t1", {Role::TrainingStaff, Role::ExamStaff}, "甲培训中心")),
                      doctest::Contains("separation"));
    CHECK_THROWS_WITH(users.add_user(admin, person("p1", {Role::Proctor}, "甲培训中心")), doctest::Contains("only training staff"));
    CHECK_THROWS_WITH(users.add_user(admin, person("Bad Login", {Role::Proctor})), doctest::Contains("a-z"));
    CHECK_THROWS_WITH(users.add_user(admin, person("staff", {Role::Proctor})), doctest::Contains("taken"));
    users.add_user(admin, person("t1", {Role::TrainingStaff}, "甲培训中心"));
    CHECK(users.sign_in("t1", "secret-t1").provider == "甲培训中心");
    CHECK_THROWS_WITH(users.set_roles(admin, "root", {Role::ExamStaff}, ""), doctest::Contains("last administrator"));
    users.set_roles(admin, "staff", {Role::ExamStaff, Role::Administrator}, "");
    // Nobody takes away their own administrator role; another administrator can, and the change is audited.
    CHECK_THROWS_WITH(users.set_roles(admin, "root", {Role::Proctor}, ""), doctest::Contains("your own administrator role"));
    CHECK(users.sign_in("root", "a long password").roles == std::vector<Role>{Role::Administrator});
    users.set_roles(users.sign_in("staff", "secret-staff"), "root", {Role::Proctor}, "");
    CHECK(users.sign_in("root", "a long password").roles == std::vector<Role>{Role::Proctor});
    // Own password without user management; another's only with it.
    auto t1 = users.sign_in("t1", "secret-t1");
    users.set_password(t1, "t1", "another password");
    CHECK_THROWS_AS(users.sign_in("t1", "secret-t1"), SignInError);
    CHECK(users.sign_in("t1", "another password").login == "t1");
    CHECK_THROWS_AS(users.set_password(t1, "staff", "another password"), PermissionDenied);
    CHECK_THROWS_WITH(parse_roles({"admin", "boss"}), doctest::Contains("unknown role 'boss'"));
    // Every change is in the audit log.
    int user_entries = 0;
    for (const auto& e : ExamStore(db).audit_entries())
        if (e.action.rfind("user.", 0) == 0) ++user_entries;
    CHECK(user_entries == 1 + 2 + 2 + 1); // the first user, 2 added, 2 role changes, 1 password
}

TEST_CASE("training staff manage only their own provider's trainees")
{
    test::ExamFixture f;
    exam::Candidate c;
    c.id_number = test::id_with_check("11010519800101001");
    c.name = "张三";
    c.item_id = f.item_id;
    c.provider = "甲培训中心";
    auto cid = f.service->add_candidate(test::kStaff, c);
    Actor own{"t1", {Role::TrainingStaff}, "甲培训中心"};
    Actor other{"t2", {Role::TrainingStaff}, "乙培训中心"};
    f.service->set_class_hours(own, cid, 48);
    CHECK_THROWS_WITH(f.service->set_class_hours(other, cid, 10), doctest::Contains("乙培训中心"));
    CHECK(exam::ExamStore(f.db).candidate(cid)->class_hours == 48);
    CHECK(f.service->list_candidates(own).size() == 1);
    CHECK(f.service->list_candidates(other).empty());
    CHECK_THROWS_AS(f.service->list_candidates(test::kProctor), PermissionDenied);
}

TEST_CASE("a user's name or training provider with a line break or another control character is refused")
{
    test::TempDir dir;
    auto db = storage::open(dir / "k.db", {&content::schema(), &exam::schema()});
    UserService users(db, [] { return test::kNine; });
    CHECK_THROWS_WITH(users.add_first_user({"root", "管理\n员", "a long password", {}, ""}),
                      doctest::Contains("U+000A"));
    CHECK_FALSE(users.has_users());
    users.add_first_user({"root", "管理员", "a long password", {}, ""});
    auto admin = users.sign_in("root", "a long password");
    CHECK_THROWS_WITH(users.add_user(admin, {"t1", "培训员", "a long password", {Role::TrainingStaff}, "甲\x1b培训"}),
                      doctest::Contains("U+001B"));
    CHECK_THROWS_WITH(users.add_user(admin, {"t2", "考\t务", "a long password", {Role::ExamStaff}, ""}),
                      doctest::Contains("U+0009"));
    CHECK(users.users(admin).size() == 1);
}
