#include "certs/demo_photo.hpp"
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
        payload = reg.qr_payload(*certs::CertStore(d).certificates_with_number(number).begin(), signer);
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
        d.prepare("UPDATE candidate SET name = ? WHERE id_number = ?").bind_all(std::string("李\n娜"), ids[1]).run();
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

TEST_CASE("cert batch across two sessions: the dry run lists who cannot be issued and changes nothing, then the rest are issued with an Excel list")
{
    test::Installation inst;
    const std::vector<std::string> ids{inst.add_candidate("11010519850315031", "张伟"),
                                       inst.add_candidate("32010619900722004", "李娜"),
                                       inst.add_candidate("11010519800101001", "王强")};
    const std::vector<std::int64_t> sessions{inst.open_session(), inst.open_session()};
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        const exam::Actor staff{"setup", {exam::Role::ExamStaff}};
        const exam::Actor examiner{"examiner", {exam::Role::Examiner}};
        for (std::size_t i = 0; i < ids.size(); ++i) {
            auto cid = exam::ExamStore(d).candidate_by_id_number(ids[i])->id;
            const std::string kiosk = "A0" + std::to_string(i + 1);
            auto ticket = svc.register_candidate(staff, cid, sessions[i == 2 ? 1 : 0], kiosk);
            CHECK(inst.finish_exam(inst.start_exam(ids[i], ticket, kiosk), 8) == 8);
            if (i != 1) // 李娜 has no practical score
                for (auto [k, v] : std::vector<std::pair<std::string, double>>{{"K1", 18}, {"K2", 36}, {"K3", 17}, {"K4", 18}})
                    svc.enter_practical_score(examiner, cid, inst.item_id, k, v);
            storage::Statement st(d, "UPDATE candidate SET photo = ? WHERE id = ?");
            const auto photo = certs::demo_photo_jpeg(static_cast<unsigned>(i + 1));
            st.bind_blob(1, photo.data(), photo.size()).bind(2, cid).run();
        }
    }
    const auto entries = inst.audit_entries();
    auto dry = inst.as("certs", {"cert", "batch", "--session", std::to_string(sessions[0]), "--session",
                                 std::to_string(sessions[1]), "--dry-run"});
    INFO(dry.out, dry.err);
    CHECK(dry.code == 0);
    CHECK(dry.out.find("不能发证  李娜") != std::string::npos);
    CHECK(dry.out.find("没有实际操作考试成绩") != std::string::npos);
    CHECK(dry.out.find("dry run: 3 pass(es), 2 can be issued, 1 cannot; nothing was issued") != std::string::npos);
    CHECK(inst.audit_entries() == entries);
    CHECK(inst.as("trainer", {"cert", "batch", "--dry-run"}).code == 4);

    const auto pdf = inst.dir / "batch.pdf";
    const auto csv = inst.dir / "issued.csv";
    auto r = inst.as("certs", {"cert", "batch", "--out", pdf.string(), "--list", csv.string()});
    INFO(r.out, r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find("issued 2, printed 2, skipped 1") != std::string::npos);
    CHECK(r.out.find("not issued: 李娜") != std::string::npos);
    CHECK(test::read_file(pdf).rfind("%PDF", 0) == 0);
    const auto list = test::read_file(csv);
    CHECK(list.rfind("\xEF\xBB\xBF证书编号", 0) == 0);
    CHECK(list.find("张伟") != std::string::npos);
    CHECK(list.find("王强") != std::string::npos);
    CHECK(list.find("李娜") == std::string::npos);
    // The list is never written over an existing file.
    auto again = inst.as("certs", {"cert", "batch", "--out", pdf.string(), "--list", csv.string()});
    CHECK(again.code == 2); // checked before anything is issued
    CHECK(again.err.find("not replaced") != std::string::npos);
}
