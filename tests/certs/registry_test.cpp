#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;
using namespace sk::certs;
using sk::test::ymd;

// Programs read certificates through the registry's checked reads; no accessor hands out its store (a compile-time
// check, so adding one back fails the build).
template <class Registry>
concept hands_out_store = requires(Registry& r) { r.store(); };
static_assert(!hands_out_store<CertRegistry>, "CertRegistry keeps its store private");

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string refusal(test::ExamFixture& f, std::int64_t candidate_id)
{
    try {
        f.registry.issue(f.officer, candidate_id);
    } catch (const CertError& e) {
        return e.what();
    }
    return "";
}

std::vector<std::string> audit_actions(test::ExamFixture& f)
{
    std::vector<std::string> out;
    for (const auto& e : f.exam_store.audit_entries())
        if (e.action.rfind("cert.", 0) == 0) out.push_back(e.action);
    return out;
}

} // namespace

TEST_CASE("a certificate is refused without a pass, with the reason, and issued after theory and practical pass")
{
    test::ExamFixture f;
    const auto item = f.item("电工作业", "低压电工作业");
    f.add_pool("电工作业", "低压电工作业", 14, 14, 0);
    const auto bp = f.blueprint(item, true);
    const auto id = test::id_number("19850315", 123);
    const auto cid = f.candidate(id, "李建国", item);

    CHECK(contains(refusal(f, cid), "没有理论考试成绩"));

    f.sit(cid, f.session(bp), false); // first attempt: every answer wrong
    CHECK(contains(refusal(f, cid), "理论考试未合格（0分）"));

    f.sit(cid, f.session(bp), true); // the retake (补考): every answer right
    CHECK(f.exam.item_result(cid, item).theory_passed);
    CHECK(contains(refusal(f, cid), "没有实际操作考试成绩"));

    f.exam.enter_practical_score(f.examiner, cid, item, "K1", 18);
    CHECK(contains(refusal(f, cid), "实际操作考试未合格或未完成全部科目（18分）"));
    f.exam.enter_practical_score(f.examiner, cid, item, "K2", 36);
    f.exam.enter_practical_score(f.examiner, cid, item, "K3", 18);
    f.exam.enter_practical_score(f.examiner, cid, item, "K4", 10); // 82 in all
    REQUIRE(f.registry.refusal_reasons(f.officer, cid).empty());

    CHECK_THROWS_AS(f.registry.issue(f.trainer, cid), exam::PermissionDenied);
    const auto before = f.exam_store.audit_entries().size();
    // The draft (the batch's page preview) is the certificate issue makes, and writes nothing.
    CHECK_THROWS_AS(f.registry.draft(f.trainer, cid), exam::PermissionDenied);
    const auto draft = f.registry.draft(f.officer, cid);
    CHECK(f.exam_store.audit_entries().size() == before);
    CHECK(f.registry.certificates_of_holder(f.officer, id).empty());
    CHECK(f.registry.refusal_reasons(f.officer, cid).empty());
    auto c = f.registry.issue(f.officer, cid);
    CHECK(draft.number == c.number);
    CHECK(draft.name == c.name);
    CHECK(draft.photo == c.photo);
    CHECK(draft.theory_score == c.theory_score);
    CHECK(draft.practical_score == c.practical_score);
    CHECK(draft.valid_from == c.valid_from);
    CHECK(draft.valid_until == c.valid_until);
    CHECK(draft.review_due == c.review_due);
    CHECK(draft.authority == c.authority);
    CHECK(draft.version == c.version);
    CHECK(c.number == "T" + id);
    CHECK(c.name == "李建国");
    CHECK(c.sex == "男");
    CHECK(c.category == "电工作业");
    CHECK(c.item == "低压电工作业");
    CHECK(c.theory_score == 100);
    CHECK(c.practical_score == 82);
    CHECK(c.first_issued == ymd(2026, 3, 2));
    CHECK(c.valid_until == ymd(2032, 3, 2));
    CHECK(c.review_due == ymd(2029, 3, 2));
    CHECK(c.version == 1);
    CHECK(c.status_version == 1);
    CHECK(c.authority == "示范市应急管理局");
    CHECK_FALSE(c.photo.empty());
    CHECK(f.registry.state(c) == CertState::Valid);
    CHECK(f.exam_store.audit_entries().size() == before + 1);
    CHECK(f.exam_store.audit_entries().back().action == "cert.issue");
    CHECK(f.exam_store.verify_audit().empty());

    // A second certificate for the same item is refused, and the exam engine sees the certificate.
    CHECK(contains(refusal(f, cid), "已持有该项目的有效证书 T" + id));
    CHECK_THROWS_WITH_AS(f.registry.draft(f.officer, cid), doctest::Contains("已持有该项目的有效证书"), CertError);
    CHECK(f.registry.holds_valid(id, item));
    auto e = f.exam.eligibility(cid, f.session(bp));
    CHECK_FALSE(e.eligible);
    bool lookup_reason = false;
    for (const auto& r : e.reasons) lookup_reason |= contains(r, "已持有该操作项目的有效证书");
    CHECK(lookup_reason);
}

TEST_CASE("a certificate issued on 29 February runs to 28 February and is reviewed on 28 February")
{
    test::ExamFixture f(ymd(2024, 2, 29));
    const auto cid = f.passed_electrician(test::id_number("19900101", 222), "王芳");
    auto c = f.registry.issue(f.officer, cid);
    CHECK(c.first_issued == ymd(2024, 2, 29));
    CHECK(c.valid_until == ymd(2030, 2, 28));
    CHECK(c.review_due == ymd(2027, 2, 28));
    CHECK(c.sex == "女");

    f.set_today(ymd(2026, 12, 29));
    CHECK(f.registry.state(c) == CertState::Valid);
    f.set_today(ymd(2026, 12, 30));
    CHECK(f.registry.state(c) == CertState::ReviewDue);
    c = f.registry.record_review(f.officer, c.id, {std::nullopt, 8, true, "复审培训8学时"});
    CHECK(c.review_due == ymd(2030, 2, 28)); // 2027-02-28 + 3 years, capped at the expiry
    CHECK(c.valid_until == ymd(2030, 2, 28));
    CHECK(f.registry.state(c) == CertState::Valid);
    REQUIRE(c.reviews.size() == 1);
    CHECK(c.reviews[0].date == ymd(2026, 12, 30));
    CHECK(c.reviews[0].due == ymd(2027, 2, 28));
    CHECK(c.reviews[0].class_hours == 8);
    CHECK(c.reviews[0].passed);
    CHECK(c.reviews[0].by == "officer");

    // The review at the expiry renews for another six years (延期换证).
    f.set_today(ymd(2030, 1, 15));
    CHECK(f.registry.state(c) == CertState::ReviewDue);
    c = f.registry.record_review(f.officer, c.id, {std::nullopt, 10, true, ""});
    CHECK(c.valid_until == ymd(2036, 2, 28));
    CHECK(c.review_due == ymd(2033, 2, 28));
    CHECK(c.first_issued == ymd(2024, 2, 29));
    CHECK(c.status_version == 3);
}

TEST_CASE("every state: valid, review due, overdue, expired, suspended, reinstated, revoked, replaced")
{
    test::ExamFixture f;
    const auto id = test::id_number("19800520", 135);
    auto c = f.registry.issue(f.officer, f.passed_electrician(id, "赵大勇"));
    const auto id0 = c.id;

    f.set_today(ymd(2029, 1, 1)); // 2029-03-02 minus 60 days is 2029-01-01
    CHECK(f.registry.state(c) == CertState::ReviewDue);
    CHECK(f.registry.holds_valid(id, c.item_id));
    f.set_today(ymd(2029, 3, 3));
    CHECK(f.registry.state(c) == CertState::Overdue);
    CHECK_FALSE(f.registry.holds_valid(id, c.item_id));
    try {
        f.registry.record_review(f.officer, id0, {std::nullopt, 8, true, ""});
        FAIL("an overdue review was recorded");
    } catch (const CertError& e) {
        CHECK(contains(e.what(), "已超过复审日期（2029-03-02）"));
    }
    f.set_today(ymd(2032, 3, 2));
    CHECK(f.registry.state(c) == CertState::Overdue);
    f.set_today(ymd(2032, 3, 3));
    CHECK(f.registry.state(c) == CertState::Expired);

    f.set_today(ymd(2027, 5, 1));
    CHECK_THROWS_AS(f.registry.suspend(f.officer, id0, " "), CertError); // a reason is required
    CHECK_THROWS_AS(f.registry.suspend(f.trainer, id0, "违章作业"), exam::PermissionDenied);
    c = f.registry.suspend(f.officer, id0, "违章作业，暂扣6个月");
    CHECK(f.registry.state(c) == CertState::Suspended);
    CHECK(c.state_reason == "违章作业，暂扣6个月");
    CHECK(c.state_date == ymd(2027, 5, 1));
    CHECK(c.state_by == "officer");
    CHECK_FALSE(f.registry.holds_valid(id, c.item_id));
    CHECK_THROWS_AS(f.registry.replace(f.officer, id0, ReplaceReason::Loss, ""), CertError);

    f.set_today(ymd(2027, 11, 1));
    c = f.registry.reinstate(f.officer, id0, "暂扣期满");
    CHECK(f.registry.state(c) == CertState::Valid);
    CHECK_THROWS_AS(f.registry.reinstate(f.officer, id0, "再次发还"), CertError);

    c = f.registry.replace(f.officer, id0, ReplaceReason::Loss, "持证人报失");
    CHECK(c.version == 2);
    CHECK(c.number == "T" + id);
    auto versions = f.cert_store.versions(id0);
    REQUIRE(versions.size() == 2);
    CHECK(versions[0].reason == VersionReason::Issue);
    CHECK(versions[1].reason == VersionReason::Loss);
    CHECK(versions[1].made_on == ymd(2027, 11, 1));

    f.set_today(ymd(2028, 1, 10));
    c = f.registry.revoke(f.officer, id0, "伪造复审记录");
    CHECK(f.registry.state(c) == CertState::Revoked);
    CHECK(c.state_reason == "伪造复审记录");
    CHECK(c.state_date == ymd(2028, 1, 10));
    CHECK(c.state_by == "officer");
    CHECK_THROWS_AS(f.registry.revoke(f.officer, id0, "again"), CertError);
    CHECK_THROWS_AS(f.registry.record_review(f.officer, id0, {std::nullopt, 8, true, ""}), CertError);

    CHECK(c.status_version == 5);
    CHECK(audit_actions(f) ==
          std::vector<std::string>{"cert.issue", "cert.suspend", "cert.reinstate", "cert.replace", "cert.revoke"});
    CHECK(f.exam_store.verify_audit().empty());
}

TEST_CASE("a review is refused too early, without the class hours, and recorded as failed when failed")
{
    test::ExamFixture f;
    auto c = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19750808", 311), "孙志强"));
    f.set_today(ymd(2028, 12, 31));
    try {
        f.registry.record_review(f.officer, c.id, {std::nullopt, 8, true, ""});
        FAIL("an early review was recorded");
    } catch (const CertError& e) {
        CHECK(contains(e.what(), "最早2029-01-01"));
    }
    f.set_today(ymd(2029, 2, 1));
    try {
        f.registry.record_review(f.officer, c.id, {std::nullopt, 6, true, ""});
        FAIL("a review without the class hours passed");
    } catch (const CertError& e) {
        CHECK(contains(e.what(), "须完成8学时的培训，已完成6学时"));
    }
    CHECK_THROWS_AS(f.registry.record_review(f.officer, c.id, {ymd(2029, 2, 2), 8, true, ""}), CertError); // future
    c = f.registry.record_review(f.officer, c.id, {std::nullopt, 6, false, "考核不合格"});
    REQUIRE(c.reviews.size() == 1);
    CHECK_FALSE(c.reviews[0].passed);
    CHECK(c.review_due == ymd(2029, 3, 2)); // unchanged
    f.set_today(ymd(2029, 3, 3));
    CHECK(f.registry.state(c) == CertState::Overdue);
}

TEST_CASE("the review extension needs ten years in the trade and a clean record, and is stored on the certificate")
{
    test::ExamFixture f;
    auto c = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19700101", 411), "周永康"));
    try {
        f.registry.set_review_extension(f.officer, c.id, 8, false, "");
        FAIL("extension granted");
    } catch (const CertError& e) {
        CHECK(contains(e.what(), "连续从事本工种8年，不满10年"));
        CHECK(contains(e.what(), "有违章或事故记录"));
    }
    CHECK(f.registry.certificate(c.id)->years_in_trade == 0);
    c = f.registry.set_review_extension(f.officer, c.id, 12, true, "单位证明");
    CHECK(c.years_in_trade == 12);
    CHECK(c.clean_record);
    CHECK(c.review_interval_years == 6);
    CHECK(c.review_due == ymd(2032, 3, 2)); // the review is the renewal at the expiry
    f.set_today(ymd(2029, 3, 3));
    CHECK(f.registry.state(c) == CertState::Valid); // no review at three years any more
}

TEST_CASE("managers' certificates: M + year + serial, valid three years, renewal window 30 days, no practical")
{
    test::ExamFixture f;
    const auto item = f.item("一般行业", "安全生产管理人员");
    f.add_pool("一般行业", "安全生产管理人员", 10, 10, 6);
    const auto bp = f.blueprint(item, false);
    const auto a = f.candidate(test::id_number("19820404", 515), "陈敏", item);
    const auto b = f.candidate(test::id_number("19830505", 616), "刘洋", item);
    f.sit(a, f.session(bp), true);
    f.sit(b, f.session(bp), true);
    f.set_today(ymd(2026, 3, 2));
    // A manager's serial is known only when issued: the draft says so.
    CHECK(f.registry.draft(f.officer, a).number == "M2026（签发时编号）");
    auto ca = f.registry.issue(f.officer, a);
    auto cb = f.registry.issue(f.officer, b);
    CHECK(ca.number == "M2026000001");
    CHECK(cb.number == "M2026000002");
    CHECK(ca.track == CertTrack::Manager);
    CHECK(ca.valid_until == ymd(2029, 3, 2));
    CHECK_FALSE(ca.review_due);
    CHECK_FALSE(ca.practical_score);
    f.set_today(ymd(2029, 1, 30));
    CHECK(f.registry.state(ca) == CertState::Valid);
    f.set_today(ymd(2029, 1, 31)); // 30 days before 2029-03-02
    CHECK(f.registry.state(ca) == CertState::ReviewDue);
    CHECK(label_zh(f.registry.state(ca), ca.track) == "待换证");
    try {
        f.registry.record_review(f.officer, ca.id, {std::nullopt, 8, true, ""});
        FAIL("renewal without the class hours");
    } catch (const CertError& e) {
        CHECK(contains(e.what(), "换证合格须完成12学时"));
    }
    ca = f.registry.record_review(f.officer, ca.id, {std::nullopt, 12, true, "年度再培训"});
    CHECK(ca.valid_until == ymd(2032, 3, 2));
    CHECK(f.exam_store.audit_entries().back().action == "cert.renewal");
}

TEST_CASE("the policy is data: an administrator changes the window and the authority, others may not")
{
    test::ExamFixture f;
    auto p = f.registry.policy();
    CHECK(p.review_window_days == 60);
    p.review_window_days = 90;
    p.authority = "示范市应急管理局（测试）";
    CHECK_THROWS_AS(f.registry.set_policy(f.officer, p), exam::PermissionDenied);
    f.registry.set_policy(f.admin, p);
    CHECK(f.registry.policy().review_window_days == 90);
    auto bad = p;
    bad.special_review_years = 9;
    CHECK_THROWS_AS(f.registry.set_policy(f.admin, bad), CertError);
    CHECK(f.registry.policy().special_review_years == 3);
    auto c = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19881111", 717), "吴静"));
    CHECK(c.authority == "示范市应急管理局（测试）");
    f.set_today(ymd(2028, 12, 2)); // 90 days before 2029-03-02
    CHECK(f.registry.state(c) == CertState::ReviewDue);
}

TEST_CASE("certificates are read by certificate officers and results readers only, through the registry")
{
    test::ExamFixture f;
    const std::string id = test::id_number("19810202", 22);
    const auto cid = f.passed_electrician(id, "李娜");
    const auto issued = f.registry.issue(f.officer, cid);
    CHECK(f.registry.certificates(f.officer).size() == 1);
    CHECK(f.registry.certificates(f.staff).size() == 1); // exam staff read results, so certificates too
    CHECK(f.registry.certificates_with_number(f.officer, issued.number).front().id == issued.id);
    CHECK(f.registry.certificates_of_holder(f.officer, id).front().id == issued.id);
    CHECK(f.registry.version(f.officer, issued.id, 1));
    // Training staff and examiners read no certificate register, and no reasons about a candidate.
    CHECK_THROWS_AS(f.registry.certificates(f.trainer), exam::PermissionDenied);
    CHECK_THROWS_AS(f.registry.certificates_with_number(f.examiner, issued.number), exam::PermissionDenied);
    CHECK_THROWS_AS(f.registry.certificates_of_holder(f.trainer, id), exam::PermissionDenied);
    CHECK_THROWS_AS(f.registry.refusal_reasons(f.trainer, cid), exam::PermissionDenied);
    // The issue was audited through the exam engine, under the officer's name, and the chain holds.
    const auto entry = f.exam_store.last_audit_entry("certificate:" + std::to_string(issued.id), "cert.issue");
    REQUIRE(entry);
    CHECK(entry->actor == "officer");
    CHECK(f.exam.verify_audit(f.admin).empty());
}
