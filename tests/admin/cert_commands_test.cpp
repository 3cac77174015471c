#include "certs/registry.hpp"
#include "certs/signing.hpp"
#include "content/installation.hpp"
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>

using namespace sk;

TEST_CASE("cert issue, pdf, verify and revoke through the real program, by the certificate officer only")
{
    test::Installation inst;
    const auto id = inst.add_candidate("11010519850315031", "张伟");
    auto session = inst.open_session();
    std::int64_t attempt = 0;
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        const exam::Actor staff{"setup", {exam::Role::ExamStaff}};
        auto cid = exam::ExamStore(d).candidate_by_id_number(id)->id;
        auto ticket = svc.register_candidate(staff, cid, session, "A01");
        attempt = inst.start_exam(id, ticket, "A01");
    }
    // Before a pass: refused with the reason, exit 1.
    auto early = inst.as("certs", {"cert", "issue", id});
    CHECK(early.code == 1);
    CHECK(inst.finish_exam(attempt, 8) == 8);
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        const exam::Actor examiner{"examiner", {exam::Role::Examiner}};
        auto cid = exam::ExamStore(d).candidate_by_id_number(id)->id;
        for (auto [k, v] : std::vector<std::pair<std::string, double>>{{"K1", 18}, {"K2", 36}, {"K3", 17}, {"K4", 18}})
            svc.enter_practical_score(examiner, cid, inst.item_id, k, v);
    }
    CHECK(inst.as("trainer", {"cert", "issue", id}).code == 4);
    auto issued = inst.as("certs", {"cert", "issue", id});
    INFO(issued.err);
    REQUIRE(issued.code == 0);
    const std::string number = "T" + id;
    CHECK(issued.out.find(number) != std::string::npos);

    const auto pdf = inst.dir / "cert.pdf";
    auto rendered = inst.as("certs", {"cert", "pdf", number, "--out", pdf.string()});
    INFO(rendered.err);
    REQUIRE(rendered.code == 0);
    CHECK(test::read_file(pdf).rfind("%PDF", 0) == 0);

    // The QR payload as printed, then verified by the program with the installation's key and registry.
    std::string payload;
    {
        auto d = storage::open(inst.db, {&content::schema(), &exam::schema(), &certs::schema()});
        exam::ExamService svc(d);
        certs::CertRegistry reg(d, svc);
        auto signer = certs::Signer::load(content::key_folder(inst.db));
        payload = reg.qr_payload(*reg.store().certificates_with_number(number).begin(), signer);
    }
    auto ok = test::run_admin({"--db", inst.db, "cert", "verify", payload});
    INFO(ok.out);
    CHECK(ok.code == 0);
    CHECK(ok.out.rfind("valid", 0) == 0);
    std::string forged = payload;
    forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
    CHECK(test::run_admin({"--db", inst.db, "cert", "verify", forged}).code == 1);

    CHECK(inst.as("trainer", {"cert", "revoke", number, "--reason", "x"}).code == 4);
    REQUIRE(inst.as("certs", {"cert", "revoke", number, "--reason", "提供虚假材料"}).code == 0);
    auto revoked = test::run_admin({"--db", inst.db, "--json", "cert", "verify", payload});
    CHECK(revoked.code == 1);
    CHECK(revoked.out.find("\"revoked\"") != std::string::npos);

    const auto sample = inst.dir / "sample.pdf";
    CHECK(test::run_admin({"--db", inst.db, "cert", "sample", "--out", sample.string()}).code == 0);
    CHECK(test::read_file(sample).rfind("%PDF", 0) == 0);
}

TEST_CASE("cert session prints every certificate it can, names each one it could not print, and exits 1 saying how many")
{
    test::Installation inst;
    auto session = inst.open_session();
    std::vector<std::string> ids{inst.add_candidate("11010519850315031", "张伟"), inst.add_candidate("32010619900722004", "李娜")};
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        const exam::Actor staff{"setup", {exam::Role::ExamStaff}};
        const exam::Actor examiner{"examiner", {exam::Role::Examiner}};
        for (std::size_t i = 0; i < ids.size(); ++i) {
            auto cid = exam::ExamStore(d).candidate_by_id_number(ids[i])->id;
            const std::string kiosk = "A0" + std::to_string(i + 1);
            auto ticket = svc.register_candidate(staff, cid, session, kiosk);
            CHECK(inst.finish_exam(inst.start_exam(ids[i], ticket, kiosk), 8) == 8);
            for (auto [k, v] : std::vector<std::pair<std::string, double>>{{"K1", 18}, {"K2", 36}, {"K3", 17}, {"K4", 18}})
                svc.enter_practical_score(examiner, cid, inst.item_id, k, v);
        }
        // A name with a line break (Excel's Alt+Enter), stored before imports refused it.
        d.exec("UPDATE candidate SET name = '李' || char(10) || '娜' WHERE id_number = '" + ids[1] + "'");
    }
    const auto pdf = inst.dir / "day.pdf";
    auto r = inst.as("certs", {"cert", "session", std::to_string(session), "--out", pdf.string()});
    INFO(r.out, r.err);
    CHECK(r.code == 1);
    CHECK(r.out.find("issued 2, printed 1, skipped 0, NOT printed 1") != std::string::npos);
    CHECK(r.err.find("(" + ids[1] + ") could not be printed") != std::string::npos);
    CHECK(r.err.find("1 of 2 certificates could not be printed; the others were printed") != std::string::npos);
    CHECK(test::read_file(pdf).rfind("%PDF", 0) == 0);
}
