// Issue 14 through the real program: revocation is final, overturned results suspend the certificate, reviewed
// scores are plain decimals in range.
#include "certs/registry.hpp"
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

using namespace sk;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A candidate who sat the exam at a kiosk with `right` of 8 answers right (pass mark 6), and passed the practical
// exam. Returns the attempt id.
std::int64_t sat(test::Installation& inst, const std::string& id, std::int64_t session, int right = 8,
                 const std::string& kiosk = "A01")
{
    auto d = inst.open();
    exam::ExamService svc(d);
    const exam::Actor staff{"setup", {exam::Role::ExamStaff}};
    const auto cid = exam::ExamStore(d).candidate_by_id_number(id)->id;
    const auto ticket = svc.register_candidate(staff, cid, session, kiosk);
    const auto attempt = inst.start_exam(id, ticket, kiosk);
    inst.finish_exam(attempt, right);
    const exam::Actor examiner{"examiner", {exam::Role::Examiner}};
    for (auto [k, v] : std::vector<std::pair<std::string, double>>{{"K1", 18}, {"K2", 36}, {"K3", 17}, {"K4", 18}})
        svc.enter_practical_score(examiner, cid, inst.item_id, k, v);
    return attempt;
}

std::string state_of(test::Installation& inst, const std::string& number)
{
    auto d = storage::open(inst.db, {&content::schema(), &exam::schema(), &certs::schema()});
    exam::ExamService svc(d);
    certs::CertRegistry reg(d, svc);
    return std::string(certs::to_string(reg.state(certs::CertStore(d).certificates_with_number(number).front())));
}

} // namespace

TEST_CASE("after cert revoke the old pass issues nothing through cert issue or cert session, and cert pdf refuses")
{
    test::Installation inst;
    const auto id = inst.add_candidate("11010519850315031", "张伟");
    const auto session = inst.open_session();
    sat(inst, id, session);
    const std::string number = "T" + id;
    REQUIRE(inst.as("certs", {"cert", "issue", id}).code == 0);
    REQUIRE(inst.as("certs", {"cert", "pdf", number, "--out", (inst.dir / "a.pdf").string()}).code == 0);
    REQUIRE(inst.as("certs", {"cert", "revoke", number, "--reason", "提供虚假材料"}).code == 0);

    auto again = inst.as("certs", {"cert", "issue", id});
    CHECK(again.code == 1);
    CHECK(has(again.err, "吊销（提供虚假材料）"));
    CHECK(has(again.err, "须在吊销后重新参加考试并合格"));

    auto batch = inst.as("certs", {"--json", "cert", "session", std::to_string(session), "--out",
                                   (inst.dir / "batch.pdf").string()});
    INFO(batch.err);
    CHECK(batch.code == 0);
    CHECK(has(batch.out, "\"issued\": 0"));
    CHECK(has(batch.out, "\"printed\": 0"));
    CHECK(state_of(inst, number) == "revoked");

    const auto pdf = inst.dir / "revoked.pdf";
    auto printed = inst.as("certs", {"cert", "pdf", number, "--out", pdf.string()});
    CHECK(printed.code == 1);
    CHECK(has(printed.err, "吊销（提供虚假材料），不能打印"));
    CHECK_FALSE(std::filesystem::exists(pdf));
}

TEST_CASE("result review refuses nan, inf, hex, exponents, empty, negative and too high scores and changes nothing")
{
    test::Installation inst;
    const auto id = inst.add_candidate("11010519850315031", "张伟");
    const auto attempt = sat(inst, id, inst.open_session(), 7);
    const auto before = inst.audit_entries();
    for (const char* bad : {"nan", "inf", "0x50", "1e2", "", "-1", "9", "8.5", " 7", "+7"}) {
        auto r = inst.as("staff", {"result", "review", std::to_string(attempt), "--score", bad, "--reason", "复核"});
        CHECK_MESSAGE(r.code == 1, "--score '", bad, "': ", r.out, r.err);
        CHECK_MESSAGE((has(r.err, "is not a score") || has(r.err, "a reviewed score must be 0 to 8 ")), "--score '", bad, "': ", r.err);
    }
    CHECK(inst.audit_entries() == before);
    auto d = inst.open();
    CHECK(exam::ExamStore(d).attempt(attempt)->score == 7);

    auto ok = inst.as("staff", {"result", "review", std::to_string(attempt), "--score", "6.5", "--reason", "复核更正"});
    INFO(ok.err);
    CHECK(ok.code == 0);
    CHECK(has(ok.out, "7 -> 6.5, 合格"));
}

TEST_CASE("result review that fails a certified pass suspends the certificate and tells the operator")
{
    test::Installation inst;
    const auto id = inst.add_candidate("11010519850315031", "张伟");
    const auto attempt = sat(inst, id, inst.open_session());
    const std::string number = "T" + id;
    REQUIRE(inst.as("certs", {"cert", "issue", id}).code == 0);
    auto r = inst.as("staff", {"result", "review", std::to_string(attempt), "--score", "5", "--reason", "复核发现误判"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(has(r.out, "8 -> 5, 不合格"));
    CHECK(has(r.out, "证书 " + number));
    CHECK(has(r.out, "已暂扣"));
    CHECK(state_of(inst, number) == "suspended");
    auto printed = inst.as("certs", {"cert", "pdf", number, "--out", (inst.dir / "s.pdf").string()});
    CHECK(printed.code == 1);
    CHECK(has(printed.err, "暂扣中"));
}

TEST_CASE("without its signing key cert pdf refuses and names key restore, and key backup and restore bring it back")
{
    test::Installation inst;
    const auto id = inst.add_candidate("11010519850315031", "张伟");
    sat(inst, id, inst.open_session());
    const std::string number = "T" + id;
    REQUIRE(inst.as("certs", {"cert", "issue", id}).code == 0);
    const auto pdf = (inst.dir / "c.pdf").string();
    REQUIRE(inst.as("certs", {"cert", "pdf", number, "--out", pdf}).code == 0);
    const auto folder = inst.dir / "kiosk.db.keys";
    REQUIRE(std::filesystem::exists(folder / "cert-signing.key"));
    CHECK_FALSE(std::filesystem::exists(inst.dir / "keys")); // one folder per database

    auto shown = test::run_admin({"--db", inst.db, "--json", "key", "show"});
    CHECK(shown.code == 0);
    CHECK(has(shown.out, "\"ok\": true"));

    const std::map<std::string, std::string> pass{{"SAFEKIOSK_KEY_PASSPHRASE", "a long passphrase 2026"}};
    const auto backup = (inst.dir / "key.backup").string();
    CHECK(inst.as("certs", {"key", "backup", "--out", backup}, pass).code == 4); // administrators only
    auto made = inst.as("admin", {"key", "backup", "--out", backup}, pass);
    INFO(made.err);
    REQUIRE(made.code == 0);
    CHECK(std::filesystem::exists(backup));

    // The signing key is gone (its files deleted): no new key, a refusal that says what to do. (The whole key folder
    // lost, the audit key with it: the next test.)
    std::filesystem::remove(folder / "cert-signing.key");
    std::filesystem::remove(folder / "cert-signing.pub");
    auto refused = inst.as("certs", {"cert", "pdf", number, "--out", pdf});
    CHECK(refused.code == 1);
    CHECK(has(refused.err, "missing"));
    CHECK(has(refused.err, "key restore"));
    CHECK_FALSE(std::filesystem::exists(folder / "cert-signing.key"));
    CHECK(test::run_admin({"--db", inst.db, "key", "show"}).code == 1);

    auto wrong = inst.as("admin", {"key", "restore", backup}, {{"SAFEKIOSK_KEY_PASSPHRASE", "not the passphrase"}});
    CHECK(wrong.code == 1);
    CHECK(has(wrong.err, "wrong passphrase"));
    auto restored = inst.as("admin", {"key", "restore", backup}, pass);
    INFO(restored.err);
    REQUIRE(restored.code == 0);
    CHECK(has(restored.out, "restored"));
    CHECK(inst.as("certs", {"cert", "pdf", number, "--out", pdf}).code == 0);
    CHECK(test::run_admin({"--db", inst.db, "key", "show"}).code == 0);
}

TEST_CASE("with the whole key folder lost, key restore brings back the signing key and the audit key: signing works, "
          "audit verify is intact and certificates issued before verify as genuine")
{
    test::Installation inst;
    const auto id = inst.add_candidate("11010519850315031", "张伟");
    sat(inst, id, inst.open_session());
    const std::string number = "T" + id;
    REQUIRE(inst.as("certs", {"cert", "issue", id}).code == 0);
    const auto pdf = (inst.dir / "c.pdf").string();
    REQUIRE(inst.as("certs", {"cert", "pdf", number, "--out", pdf}).code == 0);
    const auto folder = inst.dir / "kiosk.db.keys";
    // The QR payload of the card printed before the loss.
    std::string payload;
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        certs::CertRegistry reg(d, svc);
        auto signer = certs::Signer::load(folder);
        payload = reg.qr_payload(*certs::CertStore(d).certificates_with_number(number).begin(), signer);
    }
    REQUIRE(test::run_admin({"--db", inst.db, "cert", "verify", payload}).code == 0);

    const std::map<std::string, std::string> pass{{"SAFEKIOSK_KEY_PASSPHRASE", "a long passphrase 2026"}};
    const auto backup = (inst.dir / "key.backup").string();
    auto made = inst.as("admin", {"key", "backup", "--out", backup}, pass);
    INFO(made.err);
    REQUIRE(made.code == 0);
    CHECK(has(made.out, "audit key"));
    CHECK(has(test::read_file(backup), "audit-key-id: "));
    CHECK_FALSE(has(test::read_file(backup), test::read_file(folder / "audit.key")));

    // The whole key folder is lost (the database alone was restored from a copy).
    std::filesystem::remove_all(folder);
    CHECK(inst.as("certs", {"cert", "pdf", number, "--out", pdf}).code == 1);
    CHECK(inst.as("admin", {"audit", "verify"}).code != 0);

    auto restored = inst.as("admin", {"key", "restore", backup}, pass);
    INFO(restored.out, restored.err);
    REQUIRE(restored.code == 0);
    CHECK(has(restored.out, "signing key"));
    CHECK(has(restored.out, "audit key"));
    CHECK(has(restored.out, "restored"));
    struct stat st {};
    REQUIRE(::stat((folder / "audit.key").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
    REQUIRE(::stat((folder / "cert-signing.key").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);

    // Signing works, the audit log (with the restore's own entry) is intact, the old card verifies as genuine.
    auto printed = inst.as("certs", {"cert", "pdf", number, "--out", pdf});
    INFO(printed.err);
    CHECK(printed.code == 0);
    auto verified = inst.as("admin", {"audit", "verify"});
    INFO(verified.out, verified.err);
    CHECK(verified.code == 0);
    auto genuine = test::run_admin({"--db", inst.db, "cert", "verify", payload});
    INFO(genuine.out);
    CHECK(genuine.code == 0);
    CHECK(genuine.out.rfind("valid", 0) == 0);
    {
        auto d = inst.open();
        exam::AuditEntry last;
        for (const auto& e : exam::ExamStore(d).audit_entries())
            if (e.action == "key.restore") last = e;
        CHECK(last.action == "key.restore");
        CHECK(last.actor == "admin");
        CHECK(has(last.detail, "audit key"));
    }

    // A second restore changes nothing; another audit key in the folder is never replaced and nothing is written.
    auto again = inst.as("admin", {"key", "restore", backup}, pass);
    CHECK(again.code == 0);
    CHECK(has(again.out, "nothing changed"));
    std::filesystem::remove(folder / "audit.key");
    std::filesystem::remove(folder / "cert-signing.key");
    std::filesystem::remove(folder / "cert-signing.pub");
    test::write_file(folder / "audit.key", std::string(32, 'x'));
    ::chmod((folder / "audit.key").c_str(), 0600);
    auto refused = inst.as("admin", {"key", "restore", backup}, pass);
    CHECK(refused.code != 0);
    CHECK(has(refused.err, "never replaced"));
    CHECK(test::read_file(folder / "audit.key") == std::string(32, 'x'));
    CHECK_FALSE(std::filesystem::exists(folder / "cert-signing.key"));
}
