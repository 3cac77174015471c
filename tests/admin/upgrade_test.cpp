// Upgrade: a database written by the previous release, kept as a reviewable fixture (tests/fixtures/upgrade/), opened
// by this program (its migrations run) with its content, results and certificates intact: the audit log verifies and
// the certificate issued then still verifies as genuine.
//
// The fixture of release R is made by the "make the upgrade fixture" case below, run with the release's own build:
//   SAFEKIOSK_MAKE_UPGRADE_FIXTURE=tests/fixtures/upgrade build/tests/tests_admin -tc="make the upgrade fixture*"
// It runs `content import` of the demo pack and `demo setup`, takes two exams (a pass and a fail), enters the pass's
// practical scores, issues and prints its certificate, and writes release.sql (sqlite3 .dump, without the media
// blobs, exhibits and questions outside the two papers, which no exam or certificate needs), release.keys (the installation's test keys as hex, for
// this fixture only) and release.json (what the upgrade test expects).
#include "certs/registry.hpp"
#include "certs/signing.hpp"
#include "content/installation.hpp"
#include "content/storage/visit_store.hpp"
#include "certs/storage/cert_store.hpp"
#include "exam/exam_service.hpp"
#include "tests/support/sql.hpp"
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace sk;

namespace {

const std::vector<const storage::Schema*>& all_schemas()
{
    static const std::vector<const storage::Schema*> all{&content::schema(), &content::visits_schema(), &exam::schema(),
                                                         &certs::schema()};
    return all;
}

std::string hex(const std::string& bytes)
{
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    out.pop_back();
    return out;
}

std::string unhex(const std::string& text)
{
    std::string out(text.size() / 2, '\0');
    std::size_t len = 0;
    REQUIRE(sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                           &len, nullptr) == 0);
    out.resize(len);
    return out;
}

const std::filesystem::path kFixture = "tests/fixtures/upgrade";

} // namespace

TEST_CASE("upgrade: the previous release's database opens with this program, its content, results and certificates intact")
{
    const auto folder = test::source_path(kFixture.string());
    const auto expected = nlohmann::json::parse(test::read_file(folder / "release.json"));
    test::TempDir dir;
    const auto db = dir / "safekiosk.db";
    {
        auto d = storage::Database::open(db, true);
        d.exec(test::read_file(folder / "release.sql"));
    }
    // The installation's key folder as the release left it (test keys of this fixture only).
    const auto keys = content::key_folder(db);
    std::filesystem::create_directory(keys);
    ::chmod(keys.c_str(), 0700);
    std::istringstream lines(test::read_file(folder / "release.keys"));
    std::string name, bytes;
    while (lines >> name >> bytes) {
        const auto file = keys / name;
        std::ofstream(file, std::ios::binary) << unhex(bytes);
        ::chmod(file.c_str(), 0600);
    }

    // This program opens it: every step it has beyond the release's is applied.
    {
        auto before = storage::Database::open(db, false);
        for (const auto& m : storage::schema_status(before, all_schemas()))
            CHECK_MESSAGE(m.recorded <= m.latest, m.module);
    }
    auto status = test::run_admin({"--db", db.string(), "--json", "db", "migrate"});
    INFO(status.err);
    REQUIRE(status.code == 0);
    auto d = storage::open(db, all_schemas(), false);
    for (const auto& m : storage::schema_status(d, all_schemas())) CHECK_MESSAGE(m.recorded == m.latest, m.module);

    // Content, results and certificates.
    CHECK(test::scalar(d, "SELECT count(*) FROM question") == expected["questions"].get<std::int64_t>());
    CHECK(test::scalar(d, "SELECT count(*) FROM candidate") == expected["candidates"].get<std::int64_t>());
    exam::ExamService svc(d);
    for (const auto& a : expected["attempts"]) {
        auto st = d.prepare("SELECT a.score, c.id_number FROM attempt a JOIN candidate c ON c.id = a.candidate_id WHERE a.id = ?");
        st.bind(1, a["id"].get<std::int64_t>());
        REQUIRE(st.step());
        CHECK(st.real(0) == doctest::Approx(a["score"].get<double>()));
        CHECK(st.text(1) == a["id_number"].get<std::string>());
    }
    auto verify = test::run_admin({"--db", db.string(), "--user", "admin", "audit", "verify"},
                                  {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    INFO(verify.out);
    CHECK(verify.code == 0);
    auto genuine = test::run_admin({"--db", db.string(), "--json", "cert", "verify", expected["payload"].get<std::string>()});
    INFO(genuine.out);
    INFO(genuine.err);
    CHECK(genuine.code == 0);
    CHECK(genuine.out.find(expected["certificate"].get<std::string>()) != std::string::npos);
    // The upgraded installation keeps working: the certificate prints again with the release's key.
    auto pdf = test::run_admin({"--db", db.string(), "--user", "certs", "cert", "pdf", expected["certificate"].get<std::string>(),
                                "--out", (dir / "again.pdf").string()},
                               {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    INFO(pdf.err);
    CHECK(pdf.code == 0);
    auto doctor = test::run_admin({"--db", db.string(), "doctor", "--min-free-mb", "1"});
    INFO(doctor.out);
    CHECK(doctor.code == 0);
}

TEST_CASE("make the upgrade fixture (a tool: runs only with SAFEKIOSK_MAKE_UPGRADE_FIXTURE=FOLDER)")
{
    const char* out_dir = std::getenv("SAFEKIOSK_MAKE_UPGRADE_FIXTURE");
    if (!out_dir || !*out_dir) {
        MESSAGE("SKIPPED: writes the upgrade fixture only when SAFEKIOSK_MAKE_UPGRADE_FIXTURE names its folder");
        return;
    }
    const std::filesystem::path out(out_dir);
    test::TempDir dir;
    const std::string db = (dir / "safekiosk.db").string();
    REQUIRE(test::run_admin({"--db", db, "content", "import", test::source_path("media/demo-pack").string()}).code == 0);
    auto setup = test::run_admin({"--db", db, "demo", "setup", "--json"});
    REQUIRE_MESSAGE(setup.code == 0, setup.err);
    const auto demo = nlohmann::json::parse(setup.out);
    nlohmann::ordered_json expected;
    expected["attempts"] = nlohmann::json::array();
    std::string passed_id;
    {
        auto d = storage::open(db, all_schemas());
        exam::ExamService svc(d);
        for (int i = 0; i < 2; ++i) {
            const auto& e = demo["examinees"][i];
            auto a = svc.check_in(e["id_number"], e["ticket"], e["kiosk"], demo["room"]);
            svc.confirm_identity(a);
            svc.show_instructions(a);
            svc.start(a);
            for (const auto& q : exam::ExamStore(d).paper(a).questions) {
                const bool right = i == 0 || q.position % 2 == 0;
                svc.record_answer(a, q.position, right ? q.key : (q.key == "A" ? "B" : "A"), false);
            }
            const double score = svc.submit(a).points;
            expected["attempts"].push_back({{"id", a}, {"id_number", e["id_number"]}, {"score", score}});
        }
        passed_id = demo["examinees"][0]["id_number"];
        auto cid = exam::ExamStore(d).candidate_by_id_number(passed_id)->id;
        auto item = d.prepare("SELECT item_id FROM candidate WHERE id = ?");
        item.bind(1, cid);
        REQUIRE(item.step());
        for (auto [k, v] : std::vector<std::pair<std::string, double>>{{"K1", 18}, {"K2", 36}, {"K3", 17}, {"K4", 18}})
            svc.enter_practical_score(exam::Actor{"examiner", {exam::Role::Examiner}}, cid, item.int64(0), k, v);
    }
    auto issued = test::run_admin({"--db", db, "--user", "certs", "cert", "issue", passed_id}, {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    INFO(issued.out);
    REQUIRE_MESSAGE(issued.code == 0, issued.err);
    const std::string number = "T" + passed_id;
    auto pdf = test::run_admin({"--db", db, "--user", "certs", "cert", "pdf", number, "--out", (dir / "c.pdf").string()},
                               {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    REQUIRE_MESSAGE(pdf.code == 0, pdf.err);
    {
        auto d = storage::open(db, all_schemas());
        exam::ExamService svc(d);
        certs::CertRegistry reg(d, svc);
        auto signer = certs::Signer::load(content::key_folder(db));
        expected["certificate"] = number;
        expected["payload"] = reg.qr_payload(*certs::CertStore(d).certificates_with_number(number).begin(), signer);
        // Media blobs and exhibits are left out: no exam or certificate needs them, and the fixture stays small.
        d.exec("PRAGMA foreign_keys=OFF");
        for (const char* t : {"exhibit_quiz_answer", "exhibit_visit", "exhibit"})
            if (d.has_table(t)) d.exec(std::string("DELETE FROM ") + t);
        d.exec("UPDATE media SET data = x''");
        // Likewise the questions no paper holds (the exams' papers keep theirs).
        d.exec("DELETE FROM question WHERE id NOT IN (SELECT question_id FROM paper_question)");
        expected["questions"] = test::scalar(d, "SELECT count(*) FROM question");
        expected["candidates"] = test::scalar(d, "SELECT count(*) FROM candidate");
        auto verified = svc.verify_audit(exam::Actor{"admin", {exam::Role::Administrator}});
        REQUIRE(verified.empty());
        d.exec("VACUUM");
    }
    std::filesystem::create_directories(out);
    REQUIRE(std::system(("sqlite3 " + test::shell_quote(db) + " .dump > " + test::shell_quote((out / "release.sql").string())).c_str()) == 0);
    std::ofstream keys(out / "release.keys");
    for (const auto& e : std::filesystem::directory_iterator(content::key_folder(db)))
        keys << e.path().filename().string() << " " << hex(test::read_file(e.path())) << "\n";
    std::ofstream(out / "release.json") << expected.dump(2) << "\n";
}
