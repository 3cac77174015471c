// Database files are private to the account that runs SafeKiosk: created with mode 0600, and the -wal and -shm
// files SQLite makes beside them follow, whatever the umask.
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/admin/run_admin.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

using namespace sk;
namespace fs = std::filesystem;

namespace {
unsigned mode_of(const fs::path& p)
{
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

struct Umask {
    mode_t old;
    explicit Umask(mode_t m) : old(::umask(m)) {}
    ~Umask() { ::umask(old); }
};
} // namespace

TEST_CASE("a new database and its -wal and -shm files are readable and writable by their owner only")
{
    for (mode_t mask : {mode_t{022}, mode_t{0}, mode_t{077}, mode_t{0277}}) {
        CAPTURE(mask);
        test::TempDir dir;
        const fs::path path = dir / "kiosk.db";
        Umask scope(mask);
        auto db = storage::open(path, {&content::schema(), &exam::schema()});
        content::Question q;
        q.uid = "perm-1";
        q.type = content::QuestionType::TrueFalse;
        q.category = "电工作业";
        q.item = "低压电工作业";
        q.chapter = "一";
        q.stem = "数据库文件只允许本账户读写。";
        q.options = content::true_false_options();
        q.answer = "A";
        content::ContentStore(db).save_question(q);
        CHECK(mode_of(path) == 0600);
        REQUIRE(fs::exists(path.string() + "-wal"));
        CHECK(mode_of(path.string() + "-wal") == 0600);
        CHECK(mode_of(path.string() + "-shm") == 0600);
    }
}

TEST_CASE("safekiosk-admin creates the installation database with mode 0600")
{
    test::TempDir dir;
    const fs::path db = dir / "data" / "safekiosk.db";
    test::write_file(dir / "q.csv", "题型,题干,答案,作业类别,操作项目\r\n判断,必须持证上岗。,对,电工作业,低压电工作业\r\n");
    auto r = test::run_admin({"--db", db.string(), "content", "import", (dir / "q.csv").string()}, {},
                             {"sh", "-c", "umask 000; exec \"$0\" \"$@\""});
    INFO(r.out, r.err);
    REQUIRE(r.code == 0);
    CHECK(mode_of(db) == 0600);
}

TEST_CASE("an existing database keeps the mode its owner gave it")
{
    test::TempDir dir;
    const fs::path path = dir / "kiosk.db";
    { auto db = storage::open(path, {&content::schema()}); }
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    { auto db = storage::open(path, {&content::schema()}); }
    CHECK(mode_of(path) == 0640);
}
