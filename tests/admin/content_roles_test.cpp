// safekiosk-admin content … and who may run it: the real program against an installation with one user per role.
// 考培分离: a training provider's staff see practice-pool questions only and change nothing in the bank.
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace sk;
namespace fs = std::filesystem;

namespace {
// Adds a practice-only and an exam-only question beside the fixture's 20 questions of pool "both".
void add_pool_questions(test::Installation& inst)
{
    auto db = inst.open();
    content::ContentStore store(db);
    for (auto [uid, pool] : {std::pair{"practice-1", content::Pool::Practice}, std::pair{"exam-1", content::Pool::Exam}}) {
        content::Question q;
        q.uid = uid;
        q.category = "电工作业";
        q.item = "低压电工作业";
        q.chapter = "电工基础";
        q.pool = pool;
        q.type = content::QuestionType::TrueFalse;
        q.options = content::true_false_options();
        q.answer = "A";
        q.stem = std::string("题库池 ") + uid;
        store.save_question(q);
    }
}

// A pack with one exam-pool question.
fs::path exam_pack(const fs::path& dir)
{
    fs::create_directories(dir);
    std::ofstream(dir / "pack.json") << R"({"format":"safekiosk-pack","version":1,"name":"t","questions":["q.jsonl"],"exhibits":[]})";
    std::ofstream(dir / "q.jsonl")
        << R"({"uid":"sealed-1","version":1,"type":"tf","category":"电工作业","item":"低压电工作业","chapter":"电工基础","difficulty":2,"pool":"exam","status":"published","stem":"考试题库题。","options":["正确","错误"],"answer":"A","explanation":""})"
        << "\n";
    return dir;
}

std::vector<std::string> listed_uids(const test::AdminRun& r)
{
    std::vector<std::string> out;
    for (const auto& q : nlohmann::json::parse(r.out)) out.push_back(q.at("uid").get<std::string>());
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
} // namespace

TEST_CASE("content list and stats by a trainer show practice-pool questions only, never the exam pool")
{
    test::Installation inst;
    add_pool_questions(inst);

    auto list = inst.as("trainer", {"--json", "content", "list"});
    REQUIRE(list.code == 0);
    auto uids = listed_uids(list);
    CHECK(uids == std::vector<std::string>{"practice-1"});
    auto text = inst.as("trainer", {"content", "list"});
    CHECK(text.code == 0);
    CHECK(text.out.find("exam-1") == std::string::npos);
    CHECK(text.out.find("t-0") == std::string::npos);
    CHECK(text.out.find("1 questions") != std::string::npos);

    auto stats = inst.as("trainer", {"--json", "content", "stats"});
    REQUIRE(stats.code == 0);
    auto j = nlohmann::json::parse(stats.out);
    CHECK(j.at("questions") == 1);
    CHECK(j.at("practice_pool_only") == true);
    CHECK(!j.at("by_pool").contains("exam"));
    CHECK(!j.at("by_pool").contains("both"));

    // The administrator sees every pool.
    auto all = inst.as("admin", {"--json", "content", "list"});
    REQUIRE(all.code == 0);
    auto every = listed_uids(all);
    CHECK(every.size() == 22);
    CHECK(has(every, "exam-1"));
    CHECK(has(every, "practice-1"));
    CHECK(nlohmann::json::parse(inst.as("admin", {"--json", "content", "stats"}).out).at("questions") == 22);
}

TEST_CASE("content import, export, publish and retire by a trainer are refused with exit code 4 and change nothing")
{
    test::Installation inst;
    add_pool_questions(inst);
    const fs::path pack = exam_pack(inst.dir / "pack");

    auto imported = inst.as("trainer", {"content", "import", pack.string()});
    CHECK(imported.code == 4);
    CHECK(imported.err.find("not allowed") != std::string::npos);
    CHECK(imported.err.find("manage-content") != std::string::npos);
    {
        auto db = inst.open();
        CHECK_FALSE(content::ContentStore(db).question_by_uid("sealed-1"));
    }
    auto dry = inst.as("trainer", {"content", "import", pack.string(), "--dry-run"});
    CHECK(dry.code == 4);
    CHECK(dry.out.find("sealed-1") == std::string::npos);

    auto exported = inst.as("trainer", {"content", "export", "--format", "csv", "--out", (inst.dir / "out.csv").string()});
    CHECK(exported.code == 4);
    CHECK(exported.err.find("read-exam-questions") != std::string::npos);
    CHECK_FALSE(fs::exists(inst.dir / "out.csv"));

    CHECK(inst.as("trainer", {"content", "retire", "practice-1"}).code == 4);
    CHECK(inst.as("trainer", {"content", "publish", "practice-1"}).code == 4);
    {
        auto db = inst.open();
        CHECK(content::ContentStore(db).question_by_uid("practice-1")->status == content::Status::Published);
    }

    // Staff without any question right (exam staff, proctors) may not even list.
    auto staff = inst.as("staff", {"content", "list"});
    CHECK(staff.code == 4);
    CHECK(staff.err.find("read-practice-questions") != std::string::npos);

    // The administrator imports, retires and exports.
    auto by_admin = inst.as("admin", {"content", "import", pack.string()});
    CHECK(by_admin.code == 0);
    {
        auto db = inst.open();
        auto sealed = content::ContentStore(db).question_by_uid("sealed-1");
        REQUIRE(sealed);
        CHECK(sealed->pool == content::Pool::Exam);
    }
    CHECK(inst.as("admin", {"content", "retire", "exam-1"}).code == 0);
    CHECK(inst.as("admin", {"content", "export", "--format", "csv", "--out", (inst.dir / "out.csv").string()}).code == 0);
    CHECK(fs::exists(inst.dir / "out.csv"));
    // And the trainer still does not see it.
    CHECK_FALSE(has(listed_uids(inst.as("trainer", {"--json", "content", "list"})), "sealed-1"));
}

TEST_CASE("content commands without signing in are refused once the installation has users")
{
    test::Installation inst;
    const fs::path pack = exam_pack(inst.dir / "pack");

    auto unsigned_list = test::run_admin({"--db", inst.db, "content", "list"}, {{"SAFEKIOSK_PASSWORD", ""}});
    CHECK(unsigned_list.code == 2);
    CHECK(unsigned_list.err.find("--user") != std::string::npos);
    CHECK(unsigned_list.out.find("t-0") == std::string::npos);

    auto unsigned_import = test::run_admin({"--db", inst.db, "content", "import", pack.string()}, {{"SAFEKIOSK_PASSWORD", ""}});
    CHECK(unsigned_import.code == 2);
    {
        auto db = inst.open();
        CHECK_FALSE(content::ContentStore(db).question_by_uid("sealed-1"));
    }

    auto wrong = test::run_admin({"--db", inst.db, "--user", "admin", "content", "import", pack.string()},
                                 {{"SAFEKIOSK_PASSWORD", "not-the-password"}});
    CHECK(wrong.code == 4);
    CHECK(wrong.err.find("sign-in refused") != std::string::npos);
    auto db = inst.open();
    CHECK_FALSE(content::ContentStore(db).question_by_uid("sealed-1"));
}

TEST_CASE("before the first user exists content commands run without signing in (the first run)")
{
    test::TempDir dir;
    const std::string db = (dir / "kiosk.db").string();
    const fs::path pack = exam_pack(dir / "pack");
    auto imported = test::run_admin({"--db", db, "content", "import", pack.string()});
    CHECK(imported.code == 0);
    auto list = test::run_admin({"--db", db, "--json", "content", "list"});
    REQUIRE(list.code == 0);
    CHECK(listed_uids(list) == std::vector<std::string>{"sealed-1"});
}
