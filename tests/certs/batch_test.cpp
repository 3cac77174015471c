// Certificates across sessions (certs/batch.hpp): the pending list with reasons, the dry run, issuing the issuable.
#include "certs/batch.hpp"
#include "content/formats/csv.hpp"
#include "tests/certs/exam_fixture.hpp"
#include "tests/certs/pdf_tools.hpp"
#include "tests/support/fault_vfs.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace sk;
using namespace sk::certs;
using test::has;

namespace {

// Every row of the tables a batch could write, as text: equal before and after means nothing was written.
std::string snapshot(storage::Database& db)
{
    std::string out;
    for (const char* sql : {"SELECT id, number, version, status_version FROM certificate ORDER BY id",
                            "SELECT id, action, entity, detail FROM audit_log ORDER BY id",
                            "SELECT certificate_id, version FROM cert_version ORDER BY certificate_id, version"}) {
        storage::Statement st(db, sql);
        while (st.step()) {
            for (int i = 0; i < st.columns(); ++i) out += (st.is_null(i) ? std::string("NULL") : st.text(i)) + "|";
            out += "\n";
        }
    }
    return out;
}

struct TwoSessions {
    test::ExamFixture f;
    std::int64_t item = 0, s1 = 0, s2 = 0;
    std::vector<std::int64_t> ids; // 张伟 李娜 王强 (s1), 刘芳 陈静 (s2)

    TwoSessions()
    {
        item = f.item("电工作业", "低压电工作业");
        f.add_pool("电工作业", "低压电工作业", 14, 14, 0);
        const auto bp = f.blueprint(item, true);
        s1 = f.session(bp);
        const std::vector<std::pair<std::string, std::string>> people = {
            {test::id_number("19800101", 11), "张伟"}, {test::id_number("19810202", 22), "李娜"},
            {test::id_number("19820303", 33), "王强"}, {test::id_number("19830404", 44), "刘芳"},
            {test::id_number("19840505", 55), "陈静"}};
        for (std::size_t i = 0; i < people.size(); ++i)
            ids.push_back(f.candidate(people[i].first, people[i].second, item, static_cast<unsigned>(i + 1)));
        const auto start1 = f.exam_store.session(s1)->starts_at_ms;
        for (std::size_t i = 0; i < 3; ++i) {
            f.now_ms = start1 - 60000;
            f.sit(ids[i], s1, true);
        }
        f.set_today(test::ymd(2026, 3, 5));
        s2 = f.session(bp);
        const auto start2 = f.exam_store.session(s2)->starts_at_ms;
        for (std::size_t i = 3; i < 5; ++i) {
            f.now_ms = start2 - 60000;
            f.sit(ids[i], s2, true);
        }
        for (std::size_t i = 0; i < 5; ++i)
            if (i != 1) f.practical(ids[i], item); // 李娜 has no practical score
        f.set_today(test::ymd(2026, 3, 6));
    }
};

} // namespace

TEST_CASE("a batch over two sessions issues everyone issuable and names the one without a practical score")
{
    TwoSessions t;
    auto& f = t.f;
    auto signer = Signer::create(f.dir / "data");
    BatchFilter filter;
    filter.sessions = {t.s1, t.s2};
    const auto pending = pending_passes(f.registry, f.officer, filter);
    REQUIRE(pending.size() == 5);
    CHECK(pending[0].name == "张伟");
    CHECK(pending[3].exam_date == test::ymd(2026, 3, 5));
    CHECK_FALSE(pending[1].issuable());
    REQUIRE(pending[1].reasons.size() == 1);
    CHECK(pending[1].reasons[0] == "没有实际操作考试成绩");

    std::vector<std::string> progress;
    const auto out = f.dir / "batch.pdf";
    auto result = issue_batch(f.registry, signer, f.officer, filter, {Layout::A4Landscape, true, out},
                              [&](int done, int total, const BatchEntry& e) {
                                  progress.push_back(std::to_string(done) + "/" + std::to_string(total) + " " + e.name);
                              });
    CHECK(progress == std::vector<std::string>{"1/5 张伟", "2/5 李娜", "3/5 王强", "4/5 刘芳", "5/5 陈静"});
    CHECK(result.issued == 4);
    CHECK(result.printed == 4);
    CHECK(result.skipped == 1);
    CHECK(result.failed == 0);
    CHECK(has(result.entries[1].skipped, "没有实际操作考试成绩"));
    CHECK_FALSE(result.entries[1].certificate_id);
    const auto text = test::pdftotext(out).out;
    for (const char* name : {"张伟", "王强", "刘芳", "陈静"}) CHECK_MESSAGE(has(text, name), name);
    CHECK_FALSE(has(text, "李娜"));
    CHECK(f.cert_store.certificates().size() == 4);

    // The list of what was issued opens in Excel: BOM, Chinese headers, four rows, ID numbers kept as text.
    const auto csv = issued_csv(f.registry, f.officer, result);
    CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
    const auto rows = content::formats::parse_csv(std::string_view(csv).substr(3));
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].cells[0] == "证书编号");
    CHECK(rows[1].cells[1] == "张伟");
    CHECK(rows[1].cells[2] == test::id_number("19800101", 11));
    CHECK(rows[3].cells[6] == "2026-03-05");
    CHECK_FALSE(has(csv, "李娜"));

    // Now everyone issued is listed as already holding the certificate; a second batch issues nothing.
    const auto again = pending_passes(f.registry, f.officer, filter);
    CHECK(has(again[0].reasons.at(0), "已持有该项目的有效证书"));
    result = issue_batch(f.registry, signer, f.officer, filter, {Layout::A4Landscape, true, f.dir / "again.pdf"});
    CHECK(result.issued == 0);
    CHECK(result.skipped == 5);
    CHECK(result.files.empty());
}

TEST_CASE("the batch list filters by exam date, provider and item, and names a missing photo")
{
    TwoSessions t;
    auto& f = t.f;
    f.db.exec("UPDATE candidate SET photo = NULL WHERE id = " + std::to_string(t.ids[4]));
    f.db.exec("UPDATE candidate SET provider = '另一培训学校' WHERE id = " + std::to_string(t.ids[3]));
    BatchFilter filter;
    filter.from = test::ymd(2026, 3, 5);
    filter.to = test::ymd(2026, 3, 5);
    auto pending = pending_passes(f.registry, f.officer, filter);
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].name == "刘芳");
    CHECK(pending[0].issuable());
    CHECK(pending[1].reasons == std::vector<std::string>{"没有登记照片（证书须贴照片）"});
    filter.provider = "另一培训学校";
    pending = pending_passes(f.registry, f.officer, filter);
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].name == "刘芳");
    filter = {};
    filter.to = test::ymd(2026, 3, 4);
    CHECK(pending_passes(f.registry, f.officer, filter).size() == 3);
    filter.item_id = f.item("电工作业", "高压电工作业");
    CHECK(pending_passes(f.registry, f.officer, filter).empty());
    filter = {};
    filter.from = test::ymd(2026, 3, 5);
    filter.to = test::ymd(2026, 3, 1);
    CHECK_THROWS_WITH_AS(pending_passes(f.registry, f.officer, filter), doctest::Contains("早于起始日期"), CertError);
    filter = {};
    filter.sessions = {999};
    CHECK_THROWS_WITH_AS(pending_passes(f.registry, f.officer, filter), doctest::Contains("999"), CertError);
    CHECK_THROWS_AS(pending_passes(f.registry, f.trainer, {}), exam::PermissionDenied);
}

TEST_CASE("the dry-run list of a batch writes nothing to the database")
{
    TwoSessions t;
    auto& f = t.f;
    const auto before = snapshot(f.db);
    const auto pending = pending_passes(f.registry, f.officer, {});
    CHECK(pending.size() == 5);
    CHECK(snapshot(f.db) == before);
    CHECK(f.cert_store.certificates().empty());
}

TEST_CASE("cancelling a batch writes no PDF, and those issued so far stay issued and audited")
{
    TwoSessions t;
    auto& f = t.f;
    auto signer = Signer::create(f.dir / "data");
    BatchOptions opts{Layout::A4Landscape, true, f.dir / "cancel.pdf"};
    int asked = 0;
    opts.stop = [&] { return ++asked > 2; };
    const auto result = issue_batch(f.registry, signer, f.officer, {}, opts);
    CHECK(result.cancelled);
    CHECK(result.issued == 1); // 张伟; 李娜 skipped
    CHECK_FALSE(std::filesystem::exists(f.dir / "cancel.pdf"));
    CHECK(f.cert_store.certificates().size() == 1);
    storage::Statement st(f.db, "SELECT detail FROM audit_log WHERE action = 'cert.batch'");
    REQUIRE(st.step());
    CHECK(has(st.text(0), "cancelled"));
}

TEST_CASE("a certificate that fails while it is written inside the batch's group undoes itself only, and the others "
          "are issued and audited")
{
    TwoSessions t;
    auto& f = t.f;
    f.practical(t.ids[1], t.item); // everyone issuable
    auto signer = Signer::create(f.dir / "data");
    // 王强's certificate row is written, then its first version is refused: his issue fails half-way.
    f.db.exec("CREATE TRIGGER refuse_wang BEFORE INSERT ON cert_version WHEN (SELECT name FROM certificate WHERE id = "
              "NEW.certificate_id) = '王强' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    BatchFilter filter;
    filter.sessions = {t.s1, t.s2};
    const auto result = issue_batch(f.registry, signer, f.officer, filter, {Layout::A4Landscape, true, f.dir / "b.pdf"});
    CHECK(result.issued == 4);
    CHECK(result.failed == 1);
    REQUIRE(result.entries.size() == 5);
    CHECK(result.entries[2].name == "王强");
    CHECK(has(result.entries[2].failed, "refused by the test"));
    CHECK_FALSE(result.entries[2].certificate_id);
    // Nothing of his stays: no certificate row without its version, no audit entry; the others are complete.
    const auto certs = f.cert_store.certificates();
    CHECK(certs.size() == 4);
    for (const auto& c : certs) CHECK(c.name != "王强");
    storage::Statement versions(f.db, "SELECT count(*) FROM cert_version");
    versions.step();
    CHECK(versions.int64(0) == 4);
    storage::Statement issued(f.db, "SELECT count(*) FROM audit_log WHERE action = 'cert.issue'");
    issued.step();
    CHECK(issued.int64(0) == 4);
    CHECK(f.exam_store.verify_audit().empty());
    const auto text = test::pdftotext(f.dir / "b.pdf").out;
    CHECK(has(text, "李娜"));
    CHECK_FALSE(has(text, "王强"));
}

TEST_CASE("a batch whose disk fills while it commits stops with the disk named and keeps nothing of what it had "
          "not committed, and run again it issues everyone")
{
    REQUIRE(sk_fault_vfs_install() == 0); // before the database opens: every file goes through the fault VFS
    TwoSessions t;
    auto& f = t.f;
    auto signer = Signer::create(f.dir / "data");
    BatchFilter filter;
    filter.sessions = {t.s1, t.s2};
    const auto before = snapshot(f.db);
    sk_fault_vfs_arm(1, SK_FAULT_FULL);
    std::string error;
    try {
        (void)issue_batch(f.registry, signer, f.officer, filter, {Layout::A4Landscape, true, f.dir / "full.pdf"});
    } catch (const storage::StorageError& e) {
        error = e.what();
    }
    sk_fault_vfs_disarm();
    CHECK_MESSAGE(has(error, "disk is full"), error);
    CHECK(snapshot(f.db) == before); // the four certificates of the one group rolled back with their audit entries
    CHECK_FALSE(std::filesystem::exists(f.dir / "full.pdf"));
    CHECK(f.exam_store.verify_audit().empty());

    const auto result = issue_batch(f.registry, signer, f.officer, filter, {Layout::A4Landscape, true, f.dir / "ok.pdf"});
    CHECK(result.issued == 4);
    CHECK(f.cert_store.certificates().size() == 4);
    CHECK(f.exam_store.verify_audit().empty());
}
