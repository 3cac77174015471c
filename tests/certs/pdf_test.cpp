#include "certs/printing.hpp"
#include "tests/certs/exam_fixture.hpp"
#include "tests/certs/pdf_tools.hpp"

#include <doctest/doctest.h>

using namespace sk;
using namespace sk::certs;
using test::has;
using test::ymd;

namespace {

std::filesystem::path save(const test::TempDir& dir, const std::string& name, const std::vector<unsigned char>& bytes)
{
    auto p = dir / name;
    pdf::write_file(p, bytes);
    return p;
}

// The checks every PDF of the library must pass: valid, text extractable without warnings, one font, embedded.
void check_pdf(const std::filesystem::path& p)
{
    auto q = test::qpdf_check(p);
    CHECK_MESSAGE(q.status == 0, q.out);
    CHECK(has(q.out, "No syntax or stream encoding errors"));
    auto fonts = test::pdffonts(p);
    REQUIRE(fonts.status == 0);
    auto lines = test::font_lines(fonts.out);
    REQUIRE_MESSAGE(lines.size() == 1, fonts.out);
    CHECK(has(lines[0], "WenQuanYiMicroHei"));
    CHECK(has(lines[0], "CID TrueType"));
    CHECK_MESSAGE(has(lines[0], "yes yes yes"), lines[0]); // embedded, subset, with a Unicode map
    auto text = test::pdftotext(p);
    CHECK(text.status == 0);
    CHECK_MESSAGE(!has(text.out, "Syntax Warning"), text.out.substr(0, 300));
    CHECK_MESSAGE(!has(text.out, "Syntax Error"), text.out.substr(0, 300));
}

} // namespace

TEST_CASE("an A4 certificate PDF gives its text back, embeds a small font subset and passes qpdf --check")
{
    test::ExamFixture f;
    auto signer = Signer::create(f.dir / "data");
    const auto id = test::id_number("19850315", 123);
    auto c = f.registry.issue(f.officer, f.passed_electrician(id, "欧阳建国"));
    auto a4 = save(f.dir, "a4.pdf", certificate_pdf(f.registry, signer, f.officer, c.id, Layout::A4Landscape));
    check_pdf(a4);
    const auto text = test::pdftotext(a4).out;
    for (const std::string& part : std::vector<std::string>{"中华人民共和国", "特种作业操作证", "欧阳建国", "男", id, "T" + id, "电工作业",
                                   "低压电工作业", "2026年3月2日", "2032年3月2日", "2029年3月2日", "示范市应急管理局",
                                   "复审", "学时", "结论", signer.public_key().key_id()})
        CHECK_MESSAGE(has(text, part), part);
    // The subset: far below the ~300 KB libharu embeds of the whole font; the photo is most of the file.
    CHECK(std::filesystem::file_size(a4) < c.photo.size() + 20 * 1024);
    CHECK(f.exam_store.audit_entries().back().action == "cert.print");
    CHECK_THROWS_AS(certificate_pdf(f.registry, signer, f.trainer, c.id, Layout::A4Landscape), exam::PermissionDenied);
}

TEST_CASE("the card layout has a front and a back page with the review records")
{
    test::ExamFixture f;
    auto signer = Signer::create(f.dir / "data");
    auto c = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19791010", 151), "林小燕"));
    f.set_today(ymd(2029, 2, 1));
    c = f.registry.record_review(f.officer, c.id, {std::nullopt, 8, true, ""});
    auto card = save(f.dir, "card.pdf", certificate_pdf(f.registry, signer, f.officer, c.id, Layout::Card));
    check_pdf(card);
    auto pages = test::run("pdfinfo " + test::quoted(card)).out;
    CHECK(has(pages, "Pages:           2"));
    CHECK(has(pages, "243.78 x 153.071 pts")); // 86 × 54 mm
    auto back = test::run("pdftotext -f 2 -l 2 -enc UTF-8 " + test::quoted(card) + " -").out;
    CHECK(has(back, "复审记录"));
    CHECK(has(back, "2029-02-01"));
    CHECK(has(back, "2029-03-02"));
    CHECK(has(back, "合格"));
    auto front = test::run("pdftotext -f 1 -l 1 -enc UTF-8 " + test::quoted(card) + " -").out;
    CHECK(has(front, "林小燕"));
    CHECK(has(front, "2032-03-02")); // valid until
    CHECK(has(front, "2032-03-02"));
}

TEST_CASE("a batch for a session issues to those who passed, skips the others, and stores the font once")
{
    test::ExamFixture f;
    auto signer = Signer::create(f.dir / "data");
    const auto item = f.item("电工作业", "低压电工作业");
    f.add_pool("电工作业", "低压电工作业", 14, 14, 0);
    const auto bp = f.blueprint(item, true);
    const auto session = f.session(bp);
    const std::vector<std::pair<std::string, std::string>> people = {
        {test::id_number("19800101", 11), "张伟"}, {test::id_number("19810202", 22), "李娜"},
        {test::id_number("19820303", 33), "王强"}, {test::id_number("19830404", 44), "刘芳"}};
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < people.size(); ++i) ids.push_back(f.candidate(people[i].first, people[i].second, item, static_cast<unsigned>(i + 1)));
    const auto start = f.exam_store.session(session)->starts_at_ms;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        f.now_ms = start - 60000;
        f.sit(ids[i], session, i != 3); // 刘芳 fails
    }
    for (std::size_t i = 0; i < 2; ++i) f.practical(ids[i], item); // 王强 has no practical score yet

    std::vector<std::string> progress;
    auto one = f.dir / "session.pdf";
    auto result = issue_session(f.registry, signer, f.officer, session, {Layout::A4Landscape, true, one},
                                [&](int done, int total, const BatchEntry& e) {
                                    progress.push_back(std::to_string(done) + "/" + std::to_string(total) + " " + e.name);
                                });
    CHECK(progress == std::vector<std::string>{"1/4 张伟", "2/4 李娜", "3/4 王强", "4/4 刘芳"});
    CHECK(result.issued == 2);
    CHECK(result.printed == 2);
    CHECK(result.skipped == 2);
    CHECK(has(result.entries[2].skipped, "没有实际操作考试成绩"));
    CHECK(has(result.entries[3].skipped, "理论考试未合格"));
    check_pdf(one); // one font for all pages
    const auto text = test::pdftotext(one).out;
    CHECK(has(text, "张伟"));
    CHECK(has(text, "李娜"));
    CHECK_FALSE(has(text, "刘芳"));

    // Again, one file each: the certificates already issued are printed again, not issued twice.
    f.practical(ids[2], item);
    auto folder = f.dir / "each";
    result = issue_session(f.registry, signer, f.officer, session, {Layout::Card, false, folder});
    CHECK(result.issued == 1);
    CHECK(result.printed == 3);
    REQUIRE(result.files.size() == 3);
    CHECK(result.files[0].filename() == "T" + people[0].first + "-" + std::to_string(item) + ".pdf");
    for (const auto& file : result.files) check_pdf(file);
    CHECK(has(test::pdftotext(result.files[2]).out, "王强"));
}

TEST_CASE("one certificate that cannot be printed never stops a batch: it is reported and the rest are printed")
{
    test::ExamFixture f;
    auto signer = Signer::create(f.dir / "data");
    const auto item = f.item("电工作业", "低压电工作业");
    f.add_pool("电工作业", "低压电工作业", 14, 14, 0);
    const auto session = f.session(f.blueprint(item, true));
    const std::vector<std::pair<std::string, std::string>> people = {
        {test::id_number("19800101", 11), "张伟"}, {test::id_number("19810202", 22), "李娜"},
        {test::id_number("19820303", 33), "王强"}, {test::id_number("19830404", 44), "赵𠮷"}};
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < people.size(); ++i)
        ids.push_back(f.candidate(people[i].first, people[i].second, item, static_cast<unsigned>(i + 1)));
    // A name with a line break (Excel's Alt+Enter), stored before imports refused it.
    f.db.exec("UPDATE candidate SET name = '李' || char(10) || '娜' WHERE id = " + std::to_string(ids[1]));
    const auto start = f.exam_store.session(session)->starts_at_ms;
    for (auto id : ids) {
        f.now_ms = start - 60000;
        f.sit(id, session, true);
        f.practical(id, item);
    }

    auto one = f.dir / "session.pdf";
    auto result = issue_session(f.registry, signer, f.officer, session, {Layout::A4Landscape, true, one});
    CHECK(result.issued == 4);
    CHECK(result.printed == 2);
    CHECK(result.failed == 2);
    REQUIRE(result.entries.size() == 4);
    CHECK(result.entries[0].failed.empty());
    CHECK_FALSE(result.entries[1].failed.empty()); // the line break
    CHECK(has(result.entries[3].failed, "U+20BB7")); // a character outside the font's plane, named
    CHECK(result.entries[1].file.empty());
    REQUIRE(result.files.size() == 1);
    check_pdf(one);
    const auto text = test::pdftotext(one).out;
    CHECK(has(text, "张伟"));
    CHECK(has(text, "王强"));

    // One file each: the printable ones are written, the others are not.
    result = issue_session(f.registry, signer, f.officer, session, {Layout::Card, false, f.dir / "each"});
    CHECK(result.printed == 2);
    CHECK(result.failed == 2);
    CHECK(result.files.size() == 2);
    for (const auto& file : result.files) check_pdf(file);
}

TEST_CASE("a replaced certificate reprints as its new version, the old version is marked as void")
{
    test::ExamFixture f;
    auto signer = Signer::create(f.dir / "data");
    auto c = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19770707", 171), "何家明"));
    c = f.registry.replace(f.officer, c.id, ReplaceReason::Loss, "");
    auto now = save(f.dir, "v2.pdf", certificate_pdf(f.registry, signer, f.officer, c.id, Layout::A4Landscape));
    auto old = save(f.dir, "v1.pdf", certificate_pdf(f.registry, signer, f.officer, c.id, Layout::A4Landscape, 1));
    check_pdf(now);
    check_pdf(old);
    CHECK(has(test::pdftotext(now).out, "（第2版）"));
    CHECK(has(test::pdftotext(old).out, "补打存档 · 第1版（已作废）"));
    CHECK_THROWS_AS(certificate_pdf(f.registry, signer, f.officer, c.id, Layout::A4Landscape, 7), CertError);
}

TEST_CASE("the score report shows the chapters and the practical subjects, the admission ticket the seat")
{
    test::ExamFixture f;
    const auto cid = f.passed_electrician(test::id_number("19880808", 181), "高峰");
    const auto attempt = f.exam_store.attempts_of_candidate(cid).back();
    exam::Actor staff{"staff", {exam::Role::ExamStaff}};
    auto report = save(f.dir, "report.pdf", score_report_pdf(f.registry, staff, attempt.id));
    check_pdf(report);
    const auto text = test::pdftotext(report).out;
    for (const std::string& part : std::vector<std::string>{"考试成绩单", "高峰", attempt.ticket, "安全基础知识", "触电急救", "电气防火", "100",
                                   "合格", "K1", "安全用具使用", "作业现场应急处置", "89"})
        CHECK_MESSAGE(has(text, part), part);
    auto r = score_report(f.registry, staff, attempt.id);
    int questions = 0;
    for (const auto& ch : r.chapters) questions += ch.questions;
    CHECK(questions == 20);
    CHECK_THROWS_AS(score_report(f.registry, f.trainer, attempt.id), exam::PermissionDenied);

    auto ticket = save(f.dir, "ticket.pdf", admission_ticket_pdf(f.registry, staff, attempt.id));
    check_pdf(ticket);
    const auto t = test::pdftotext(ticket).out;
    for (const std::string& part : std::vector<std::string>{"准", "高峰", attempt.ticket, "第一考场", attempt.kiosk, "120分钟", "考生须知"})
        CHECK_MESSAGE(has(t, part), part);
}

TEST_CASE("the specimen has both layouts, is marked 样本 and shows a demo holder with a valid ID number and photo")
{
    test::TempDir dir;
    auto signer = Signer::create(dir / "data");
    auto out = dir / "sample.pdf";
    write_specimen(out, signer, ymd(2026, 11, 28));
    check_pdf(out);
    CHECK(has(test::run("pdfinfo " + test::quoted(out)).out, "Pages:           3"));
    const auto text = test::pdftotext(out).out;
    CHECK(has(text, "样本"));
    CHECK(has(text, "王小明"));
    CHECK(has(text, "样本 · 仅供演示，不作为证书使用"));
    auto c = specimen_certificate(ymd(2026, 11, 28));
    CHECK(exam::parse_id_number(c.id_number, ymd(2026, 11, 28)).index() == 0); // a valid ID number
    CHECK_FALSE(c.photo.empty());
}

TEST_CASE("text the font cannot show, and a photo that is not an image, are refused with the reason")
{
    pdf::Document doc;
    pdf::Page p;
    p.width = 200;
    p.height = 100;
    p.add(pdf::Text{10, 50, 12, "持证人：\xF0\x9F\x98\x80"}); // U+1F600
    doc.pages.push_back(p);
    try {
        pdf::render(doc);
        FAIL("rendered an emoji");
    } catch (const pdf::RenderError& e) {
        CHECK(has(e.what(), "U+1F600"));
    }
    doc.pages[0].ops.clear();
    doc.pages[0].add(pdf::Text{10, 50, 12, "ก"}); // Thai: not in the font
    try {
        pdf::render(doc);
        FAIL("rendered a character the font lacks");
    } catch (const pdf::RenderError& e) {
        CHECK(has(e.what(), "U+0E01"));
    }
    doc.pages[0].ops.clear();
    doc.pages[0].add(pdf::Image{std::make_shared<const std::vector<unsigned char>>(std::vector<unsigned char>{'G', 'I', 'F', '8', '9', 'a', 0, 0}), 0, 0, 50, 50});
    CHECK_THROWS_AS(pdf::render(doc), pdf::RenderError);
}

TEST_CASE("text whose font copy ends on libharu's buffer boundary prints: one signing key in 150 made a card fail")
{
    // The characters of a certificate card whose back prints the signing key id SYIBH5KP. With Debian 12's
    // WenQuanYi Micro Hei, libharu's copy of their subset (no hints, so no 'prep' table) ended exactly on its
    // 4096-byte buffer and every print of such a card failed with "libharu error 0x1033 (detail 0) while save".
    const std::string chars = " -.01235689BHIKPSTY·　、。一不业中为书事二人以份伪低作保信全共关冒准初别华压发可号名和善国复失"
                              "妥姓学审密局工市年应建录得态急息意扫描操改效日时有期未本机核次欧正每民注涂版特状理用电男登的目"
                              "真码示离种第管类线结维至范让记论证身转通逾钥阳面项领验，：";
    test::TempDir dir;
    pdf::Document doc;
    pdf::Page page;
    page.width = 600;
    page.height = 200;
    page.add(pdf::Text{20, 40, 4, chars, pdf::Align::Left, {}});
    doc.pages.push_back(page);
    std::vector<unsigned char> bytes;
    REQUIRE_NOTHROW(bytes = pdf::render(doc));
    const auto p = save(dir, "boundary.pdf", bytes);
    check_pdf(p);
    const auto text = test::pdftotext(p).out;
    for (const std::string part : {"BHIKPSTY", "扫描操改效", "真码示离种"}) CHECK_MESSAGE(has(text, part), part);
}
