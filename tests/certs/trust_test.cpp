// Issue 14 (trust): revocation is final, and an overturned result suspends the certificate issued on it.
#include "certs/printing.hpp"
#include "certs/signing.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace sk;
using namespace sk::certs;
using sk::test::ymd;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string issue_refusal(test::ExamFixture& f, std::int64_t candidate_id)
{
    try {
        f.registry.issue(f.officer, candidate_id);
    } catch (const CertError& e) {
        return e.what();
    }
    return "";
}

std::string pdf_refusal(test::ExamFixture& f, const Signer& signer, std::int64_t id, std::optional<int> version = {})
{
    try {
        certificate_pdf(f.registry, signer, f.officer, id, Layout::A4Landscape, version);
    } catch (const CertError& e) {
        return e.what();
    }
    return "";
}

// The candidate's attempts, oldest first.
std::vector<exam::AttemptRow> attempts(test::ExamFixture& f, std::int64_t candidate_id)
{
    return f.exam_store.attempts_of_candidate(candidate_id);
}

std::vector<std::string> cert_actions(test::ExamFixture& f)
{
    std::vector<std::string> out;
    for (const auto& e : f.exam_store.audit_entries())
        if (e.action.rfind("cert.", 0) == 0) out.push_back(e.action);
    return out;
}

} // namespace

TEST_CASE("revocation is final: the old pass issues nothing, every card verifies as revoked, none is printed")
{
    test::ExamFixture f;
    auto signer = Signer::create(f.dir / "data");
    const auto& key = signer.public_key();
    const auto id = test::id_number("19820909", 515);
    const auto cid = f.passed_electrician(id, "冯志远");
    const auto item = f.item("电工作业", "低压电工作业");
    const auto old_session = attempts(f, cid).back().session_id;
    auto c = f.registry.issue(f.officer, cid);
    const auto card1 = f.registry.qr_payload(c, signer);
    c = f.registry.replace(f.officer, c.id, ReplaceReason::Loss, "持证人报失");
    const auto card2 = f.registry.qr_payload(c, signer);
    CHECK(f.registry.verify(card1, key).verdict == Verdict::Replaced);
    CHECK(pdf_refusal(f, signer, c.id).empty());

    f.set_today(ymd(2026, 4, 1));
    c = f.registry.revoke(f.officer, c.id, "以欺骗手段取得");

    // The same old pass issues nothing: not by `cert issue`, not by the session batch.
    const auto why = issue_refusal(f, cid);
    CHECK(contains(why, "已于2026-04-01吊销（以欺骗手段取得）"));
    CHECK(contains(why, "须在吊销后重新参加考试并合格"));
    auto batch = issue_session(f.registry, signer, f.officer, old_session, {Layout::A4Landscape, true, f.dir / "b.pdf"});
    CHECK(batch.issued == 0);
    CHECK(batch.printed == 0);
    REQUIRE(batch.entries.size() == 1);
    CHECK(contains(batch.entries[0].skipped, "吊销"));
    CHECK(f.registry.certificate(c.id)->admin_state == AdminState::Revoked);
    CHECK(f.registry.certificate(c.id)->version == 2);

    // Every card of it verifies as revoked with the registry: the current one and the replaced one.
    auto v = f.registry.verify(card2, key);
    CHECK(v.verdict == Verdict::Revoked);
    v = f.registry.verify(card1, key);
    CHECK(v.verdict == Verdict::Revoked);
    CHECK(contains(v.message, "2026-04-01"));
    // No card is printed: neither the current record nor an archived version.
    CHECK(contains(pdf_refusal(f, signer, c.id), "已于2026-04-01吊销（以欺骗手段取得），不能打印"));
    CHECK(contains(pdf_refusal(f, signer, c.id, 1), "不能打印"));

    // A new exam after the revocation may be taken (the old pass no longer bars it) and, passed with the practical
    // exam, leads to a new certificate; the old cards stay revoked.
    f.set_today(ymd(2026, 4, 20));
    const auto retake_session = f.session(f.exam_store.current_blueprint(item, exam::ExamKind::Initial)->id);
    auto e = f.exam.eligibility(cid, retake_session);
    const std::string first_reason = e.reasons.empty() ? "" : e.reasons.front();
    INFO(first_reason);
    REQUIRE(e.eligible);
    f.sit(cid, retake_session, true);
    // The practical scores from before the revocation do not count either.
    CHECK(contains(issue_refusal(f, cid), "没有实际操作考试成绩"));
    f.practical(cid, item);
    c = f.registry.issue(f.officer, cid);
    CHECK(c.version == 3);
    CHECK(f.registry.state(c) == CertState::Valid);
    CHECK(f.registry.verify(f.registry.qr_payload(c, signer), key).verdict == Verdict::Valid);
    CHECK(f.registry.verify(card1, key).verdict == Verdict::Revoked);
    CHECK(f.registry.verify(card2, key).verdict == Verdict::Revoked);
    CHECK(pdf_refusal(f, signer, c.id).empty());
    CHECK(contains(pdf_refusal(f, signer, c.id, 2), "已随证书于2026-04-01吊销"));
    CHECK(f.exam_store.verify_audit().empty());
}

TEST_CASE("a suspended certificate is not printed until it is reinstated")
{
    test::ExamFixture f;
    auto signer = Signer::create(f.dir / "data");
    auto c = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19830303", 313), "钱文"));
    f.registry.suspend(f.officer, c.id, "违章作业");
    CHECK(contains(pdf_refusal(f, signer, c.id), "暂扣中（违章作业），发还前不能打印"));
    f.registry.reinstate(f.officer, c.id, "期满发还");
    CHECK(pdf_refusal(f, signer, c.id).empty());
}

TEST_CASE("lowering a passed score below the pass mark suspends the certificate issued on it and says so")
{
    test::ExamFixture f;
    auto signer = Signer::create(f.dir / "data");
    const auto cid = f.passed_electrician(test::id_number("19840404", 414), "褚明");
    auto c = f.registry.issue(f.officer, cid);
    const auto card = f.registry.qr_payload(c, signer);
    const auto attempt = attempts(f, cid).back().id;

    // Lowered, but still a pass: nothing else changes.
    CHECK(f.exam.change_result(f.staff, attempt, 85, "复核更正").empty());
    CHECK(f.registry.certificate(c.id)->admin_state == AdminState::Active);

    // Below the pass mark: the certificate is suspended in the same transaction, and the operator is told.
    const auto lines = f.exam.change_result(f.staff, attempt, 60, "复核发现评分错误");
    REQUIRE(lines.size() == 1);
    CHECK(contains(lines[0], "证书 " + c.number));
    CHECK(contains(lines[0], "已暂扣"));
    c = *f.registry.certificate(c.id);
    CHECK(c.admin_state == AdminState::Suspended);
    CHECK(contains(c.state_reason, "复核发现评分错误"));
    CHECK(f.registry.state(c) == CertState::Suspended);
    CHECK(f.registry.verify(card, signer.public_key()).verdict == Verdict::Suspended);
    CHECK(cert_actions(f) == std::vector<std::string>{"cert.issue", "cert.suspend"});
    CHECK_FALSE(pdf_refusal(f, signer, c.id).empty());
    CHECK(f.exam_store.verify_audit().empty());

    // Lowered again: the certificate is already suspended, nothing more happens.
    CHECK(f.exam.change_result(f.staff, attempt, 50, "再次复核").empty());
}

TEST_CASE("a certificate that another pass still supports is not suspended when one result is lowered")
{
    test::ExamFixture f;
    const auto item = f.item("电工作业", "低压电工作业");
    f.add_pool("电工作业", "低压电工作业", 14, 14, 0);
    const auto bp = f.blueprint(item, true);
    const auto cid = f.candidate(test::id_number("19850505", 525), "卫红", item);
    f.sit(cid, f.session(bp), false);                 // failed first attempt
    const auto pass = f.sit(cid, f.session(bp), true); // passed retake
    f.practical(cid, item);
    auto c = f.registry.issue(f.officer, cid);
    // Raising the failed attempt and lowering the passed one: the certificate still has a pass under it.
    CHECK(f.exam.change_result(f.staff, attempts(f, cid).front().id, 90, "复核更正").empty());
    CHECK(f.exam.change_result(f.staff, pass, 10, "复核更正").empty());
    CHECK(f.registry.certificate(c.id)->admin_state == AdminState::Active);
}

TEST_CASE("reviewed scores are plain decimals within the paper's range: nan, inf, hex, exponents and signs are refused")
{
    CHECK(exam::parse_score("80") == 80.0);
    CHECK(exam::parse_score("0") == 0.0);
    CHECK(exam::parse_score("79.5") == 79.5);
    CHECK(exam::parse_score("100.25") == 100.25);
    for (const char* bad : {"nan", "NaN", "inf", "-inf", "infinity", "0x50", "0X50", "1e2", "1E2", "", " ", "-5", "+80",
                            "80 ", " 80", ".5", "80.", "8,0", "８０", "80.1234", "1234567", "--1"})
        CHECK_MESSAGE(!exam::parse_score(bad), "accepted '", bad, "'");

    test::ExamFixture f;
    const auto cid = f.passed_electrician(test::id_number("19860606", 616), "蒋华");
    const auto attempt = attempts(f, cid).back().id;
    for (double bad : {std::nan(""), HUGE_VAL, -HUGE_VAL, -1.0, 100.5}) {
        try {
            f.exam.change_result(f.staff, attempt, bad, "复核");
            FAIL("stored the score ", bad);
        } catch (const exam::ExamError& e) {
            CHECK(contains(e.what(), "a reviewed score must be 0 to 100 "));
        }
    }
    const auto a = f.exam_store.attempt(attempt);
    CHECK(a->score == 100);
    CHECK(a->passed == true);
}
