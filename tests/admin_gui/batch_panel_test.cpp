// The batch certificates panel in the window: a batch over two sessions with one candidate missing a practical
// score issues the others and names the one; the list shown before issuing (the dry run) writes nothing; the PDF and
// the Excel list are written where the officer chose.
#include "admin/gui/batch_panel.hpp"
#include "certs/dates.hpp"
#include "certs/pdf/canvas.hpp"
#include "certs/review_notice.hpp"
#include "exam/users.hpp"
#include "tests/certs/pdf_tools.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

#include <SDL.h>

#include <algorithm>
#include <fstream>
#include <iterator>

using namespace sk;

namespace {
const char* kFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
}

TEST_CASE("the batch panel issues across two sessions, names the one without a practical score, and its preview writes nothing")
{
    if (!std::filesystem::exists(kFont)) return;
    test::ExamFixture f;
    exam::UserService users(f.db);
    users.add_first_user({"admin", "管理员", "password-admin", {exam::Role::Administrator}, ""});
    users.add_user({"admin", {exam::Role::Administrator}},
                   {"certs", "发证员", "password-certs", {exam::Role::CertificateOfficer}, ""});
    // Two sessions in the last days, on the real clock (the window issues on it).
    f.now_ms = exam::system_now_ms() - 3 * 24 * 3600 * 1000LL;
    const auto item = f.item("电工作业", "低压电工作业");
    f.add_pool("电工作业", "低压电工作业", 14, 14, 0);
    const auto bp = f.blueprint(item, true);
    const std::vector<std::pair<std::string, std::string>> people = {
        {test::id_number("19800101", 11), "张伟"}, {test::id_number("19810202", 22), "李娜"},
        {test::id_number("19820303", 33), "王强"}, {test::id_number("19830404", 44), "刘芳"},
        {test::id_number("19840505", 55), "陈静"}};
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < people.size(); ++i)
        ids.push_back(f.candidate(people[i].first, people[i].second, item, static_cast<unsigned>(i + 1)));
    const auto s1 = f.session(bp);
    for (std::size_t i = 0; i < 3; ++i) f.sit(ids[i], s1, true);
    f.now_ms += 24 * 3600 * 1000LL;
    const auto s2 = f.session(bp);
    for (std::size_t i = 3; i < 5; ++i) f.sit(ids[i], s2, true);
    for (std::size_t i = 0; i < 5; ++i)
        if (i != 1) f.practical(ids[i], item); // 李娜 has no practical score

    setenv("SDL_VIDEODRIVER", "dummy", 1);
    REQUIRE(SDL_Init(SDL_INIT_VIDEO) == 0);
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, 1600, 900, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
    {
        admin::gui::Services services(f.dir / "kiosk.db");
        const auto font = ui::FontFile::load(kFont);
        admin::gui::App app(services, renderer, font, {1600, 900}, {});
        REQUIRE(app.sign_in("certs", "password-certs"));
        REQUIRE(app.show_panel("batch"));
        auto* panel = dynamic_cast<admin::gui::BatchPanelActions*>(app.current_panel());
        REQUIRE(panel != nullptr);

        // The preview: five passes, 李娜 named with the reason; nothing issued, audited or written.
        const auto revision = f.exam_store.last_audit_id();
        certs::BatchFilter filter;
        filter.sessions = {s1, s2};
        panel->set_filter(app, filter);
        for (int i = 0; i < 3; ++i) app.frame(1.0f / 60);
        REQUIRE(panel->pending().size() == 5);
        const auto rows = panel->rows();
        CHECK(rows[1] == people[1].first + " 李娜 blocked 没有实际操作考试成绩");
        CHECK(std::count_if(rows.begin(), rows.end(), [](const std::string& r) { return r.find(" issuable") != std::string::npos; }) == 4);
        const auto out = f.dir / "out" / "批量证书.pdf";
        std::filesystem::create_directories(out.parent_path());
        panel->set_output(out);
        CHECK_FALSE(panel->choose_printer("no-such-queue-h20")); // only CUPS's own queues can be chosen
        // The page preview shows the first person who can be issued (李娜 cannot), then the one clicked in the
        // list; the blocked person's row shows nobody's certificate but the first issuable one.
        REQUIRE(panel->preview());
        CHECK(panel->preview()->name == people[0].second);
        CHECK(panel->preview()->number == "T" + people[0].first);
        panel->select(2);
        app.frame(1.0f / 60);
        REQUIRE(panel->preview());
        CHECK(panel->preview()->number == "T" + people[2].first);
        panel->select(1); // 李娜: no practical score, no certificate to preview
        app.frame(1.0f / 60);
        CHECK(panel->preview()->number == "T" + people[0].first);
        CHECK(f.exam_store.last_audit_id() == revision);
        CHECK(f.cert_store.certificates().empty());
        CHECK(std::filesystem::is_empty(out.parent_path()));

        // Only session 2: two people.
        certs::BatchFilter second;
        second.sessions = {s2};
        panel->set_filter(app, second);
        CHECK(panel->pending().size() == 2);
        panel->set_filter(app, filter);

        // Issue: the job runs with progress, then the result names who was skipped and why.
        REQUIRE(panel->confirm_and_issue(app));
        app.jobs().wait();
        for (int i = 0; i < 3; ++i) app.frame(1.0f / 60);
        REQUIRE(panel->result());
        const auto& r = *panel->result();
        CHECK(r.issued == 4);
        CHECK(r.skipped == 1);
        CHECK(r.failed == 0);
        CHECK(r.entries[1].name == "李娜");
        CHECK(r.entries[1].skipped.find("没有实际操作考试成绩") != std::string::npos);
        CHECK(f.cert_store.certificates().size() == 4);
        REQUIRE(std::filesystem::exists(out));
        std::ifstream pdf(out, std::ios::binary);
        std::string head(5, '\0');
        pdf.read(head.data(), 5);
        CHECK(head == "%PDF-");
        // The Excel list beside it: a header and the four issued.
        std::ifstream csv(f.dir / "out" / "批量证书.csv", std::ios::binary);
        const std::string list((std::istreambuf_iterator<char>(csv)), std::istreambuf_iterator<char>());
        CHECK(std::count(list.begin(), list.end(), '\n') == 5);
        CHECK(list.find("李娜") == std::string::npos);
        CHECK(list.find("陈静") != std::string::npos);
        // Afterwards the list shows everyone issued as holding the certificate.
        const auto after = panel->rows();
        CHECK(std::none_of(after.begin(), after.end(), [](const std::string& x) { return x.find(" issuable") != std::string::npos; }));

        // Review notices: none due within 30 days of issue; within the three-year review interval all four, each a
        // letter naming the holder, the item and the review date.
        const exam::Actor officer{"certs", {exam::Role::CertificateOfficer}};
        CHECK(certs::review_due(services.certs, officer, 30).empty());
        const auto due = certs::review_due(services.certs, officer, 3 * 366 + 1);
        REQUIRE(due.size() == 4);
        CHECK_FALSE(due[0].renewal);
        CHECK(due[0].days_left > 1000);
        CHECK_THROWS_AS(certs::review_due(services.certs, officer, -1), certs::CertError);
        const auto letters = f.dir / "notices.pdf";
        certs::pdf::write_file(letters, certs::review_notices_pdf(due, "示范发证机关", services.certs.today()));
        const auto text = test::pdftotext(letters).out;
        CHECK(text.find("证书复审通知") != std::string::npos);
        for (const char* name : {"张伟", "王强", "刘芳", "陈静"}) CHECK_MESSAGE(text.find(name) != std::string::npos, name);
        CHECK(text.find("低压电工作业") != std::string::npos);
        CHECK(text.find(certs::zh(due[0].due)) != std::string::npos);
        const auto info = test::run("pdfinfo " + test::quoted(letters)).out;
        const auto pages = info.find("Pages:");
        REQUIRE(pages != std::string::npos);
        CHECK(std::stoi(info.substr(pages + 6)) == 4); // one letter a page
    }
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    SDL_Quit();
}
