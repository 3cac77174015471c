// Every option of the demo papers' longest questions is wholly in view, without scrolling, in landscape and
// upright, with normal and large text (issue 16, item 1), beside the read-aloud controls, and the chosen answer is
// marked by shape.
#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/exam_db.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <nlohmann/json.hpp>

using namespace sk;

namespace {

struct DemoExam {
    std::string id_number;
    std::filesystem::path db;
    std::filesystem::path config; // kiosk.json of the examinee's seat
    std::vector<exam::ShownQuestion> paper;
};

// The demo installation with examinee `which` (0: 低压电工作业, 2: 安全生产管理人员) started on their paper.
DemoExam demo_exam(const test::TempDir& dir, int which, bool start = true)
{
    DemoExam d;
    d.db = dir / "demo.db";
    auto imported = test::run_admin({"--db", d.db.string(), "content", "import", test::source_path("media/demo-pack").string()});
    REQUIRE_MESSAGE(imported.code == 0, imported.err);
    auto setup = test::run_admin({"--db", d.db.string(), "demo", "setup", "--json"});
    REQUIRE_MESSAGE(setup.code == 0, setup.err);
    const auto j = nlohmann::json::parse(setup.out);
    const auto& who = j["examinees"][static_cast<std::size_t>(which)];
    d.id_number = who["id_number"];
    d.config = dir / "seat.json";
    nlohmann::json config{{"role", "exam"}, {"kiosk_id", who["kiosk"]}, {"room", j["room"]}};
    test::write_file(d.config, config.dump());
    if (!start) return d;
    auto database = test::open_exam_db(d.db);
    exam::ExamService svc(database);
    const auto attempt = svc.check_in(who["id_number"], who["ticket"], who["kiosk"], j["room"]);
    svc.confirm_identity(attempt);
    svc.show_instructions(attempt);
    svc.start(attempt);
    d.paper = svc.shown_paper(attempt);
    return d;
}

std::size_t text_length(const exam::ShownQuestion& q)
{
    std::size_t n = q.stem.size();
    for (const auto& o : q.options) n += o.size();
    return n;
}

// The indexes of the paper's longest questions: the most options (longest text among them) and the longest text.
std::vector<std::size_t> longest(const std::vector<exam::ShownQuestion>& paper)
{
    std::vector<std::size_t> idx(paper.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    const auto most_options = *std::max_element(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        const auto ka = std::make_pair(paper[a].options.size(), text_length(paper[a]));
        const auto kb = std::make_pair(paper[b].options.size(), text_length(paper[b]));
        return ka < kb;
    });
    const auto most_text = *std::max_element(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        return text_length(paper[a]) < text_length(paper[b]);
    });
    std::vector<std::size_t> out{most_options};
    if (most_text != most_options) out.push_back(most_text);
    std::sort(out.begin(), out.end());
    return out;
}

// Steps with 下一题 from the first question to each of `targets`, checks every option is wholly visible, chooses
// two (or one) and checks the choice line of a multiple-choice question.
std::string visit(const std::vector<exam::ShownQuestion>& paper, const std::vector<std::size_t>& targets, bool large,
                  const std::string& shot)
{
    std::string s = "expect-screen exam-paper\nexpect-text 第 1 题 / 共 " + std::to_string(paper.size()) + " 题\n";
    if (large) s += "tap-text 大字\n";
    std::size_t at = 0;
    for (std::size_t t : targets) {
        for (; at < t; ++at) s += "tap-text 下一题\n";
        const auto& q = paper[t];
        s += "expect-text 第 " + std::to_string(t + 1) + " 题 / 共\n";
        for (const auto& o : q.options) s += "expect-visible " + o + "\n";
        if (q.type == content::QuestionType::Multiple) {
            s += "tap-text " + q.options[1] + "\ntap-text " + q.options[3] + "\n";
            s += "expect-visible 已选 B D\n";
        } else {
            s += "tap-text " + q.options[1] + "\n";
        }
        for (const auto& o : q.options) s += "expect-visible " + o + "\n";
        // The read-aloud controls keep their place beside or under the number, whatever the layout (issue 16).
        s += "expect-visible 朗读\nexpect-visible 音量－\nexpect-visible 音量＋\n";
        s += "screenshot " + shot + "-q" + std::to_string(t + 1) + "\n";
    }
    return s;
}

void check_layouts(int which, const std::string& prefix)
{
    // Each run draws new papers: the screenshots of an earlier run's questions go.
    const auto artifacts = test::binary_path("test-artifacts/kiosk");
    if (std::filesystem::is_directory(artifacts))
        for (const auto& f : std::filesystem::directory_iterator(artifacts))
            if (f.path().filename().string().rfind(prefix, 0) == 0) std::filesystem::remove(f.path());
    for (const char* size : {"1920x1080", "1080x1920"})
        for (bool large : {false, true}) {
            CAPTURE(size);
            CAPTURE(large);
            test::TempDir dir;
            const DemoExam d = demo_exam(dir, which);
            REQUIRE(d.paper.size() == 100);
            const auto targets = longest(d.paper);
            const std::string shot = std::string(size) + (large ? "-large" : "");
            auto r = test::run_script(dir.path(), d.db, visit(d.paper, targets, large, shot), size, "layout.txt",
                                      {"--config", d.config.string()});
            INFO(r.err);
            CHECK(r.code == 0);
            test::keep_shots(dir.path(), prefix);
        }
}

} // namespace

TEST_CASE("every option of the electrician paper's longest questions is in view in both orientations with normal and large text")
{
    check_layouts(0, "layout-electrician-");
}

TEST_CASE("every option of the managers' paper's longest multiple-choice questions is in view in both orientations with normal and large text")
{
    check_layouts(2, "layout-managers-");
}

TEST_CASE("expect-visible fails naming an option cut off by its scroll area")
{
    // A paper of one question whose stem alone is taller than the screen: its options cannot all be in view and
    // the script says the option is cut off (or not shown), which the layout tests above rely on.
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::ExamDbOptions o;
    o.pool = 4;
    o.paper = 2;
    std::string stem;
    for (int i = 0; i < 60; ++i) stem += "停电检修必须先验电再挂接地线，";
    o.stem = stem;
    const auto e = test::build_exam_db(db, o);
    auto r = test::run_script(dir.path(), db, test::check_in_and_start(e) + "expect-visible 错误\n", "1920x1080",
                              "cut.txt", {"--role", "exam"});
    CHECK(r.code == 1);
    CHECK(r.err.find("expected the text '错误' wholly visible") != std::string::npos);
}

namespace {
// The width of every widget `print-widget` printed, in order.
std::vector<float> widget_widths(const std::string& out)
{
    std::vector<float> w;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("widget: ", 0) != 0) continue;
        std::istringstream f(line.substr(8));
        std::string label;
        float x = 0, y = 0, width = 0;
        f >> label >> x >> y >> width;
        w.push_back(width);
    }
    return w;
}
} // namespace

TEST_CASE("large text does not shrink the answer sheet's cells in either orientation")
{
    for (const char* size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        test::TempDir dir;
        const auto db = dir / "kiosk.db";
        const auto e = test::build_exam_db(db);
        auto r = test::run_script(dir.path(), db, test::check_in_and_start(e) + R"(print-widget 1
tap-text 大字
tap-text 答题卡
expect-text 返回本题
print-widget 1
tap-text 1
expect-text 第 1 题 / 共 10 题
)",
                                  size, "cells.txt", {"--role", "exam"});
        INFO(r.err);
        REQUIRE(r.code == 0);
        const auto widths = widget_widths(r.out);
        REQUIRE(widths.size() == 2);
        CHECK(widths[0] > 0);
        CHECK(widths[1] >= widths[0]);
    }
}

TEST_CASE("the managers' exam is not titled a special-operations exam and its rules state the paper's figures")
{
    test::TempDir dir;
    const DemoExam d = demo_exam(dir, 2, false);
    const std::string script = "tap-text 输入身份证号\ntype " + d.id_number + "\ntap-text 下一步\ntype-ticket " +
                               d.id_number + R"(
tap-text 下一步
tap-text 确认是本人
expect-screen exam-rules
expect-text 安全生产知识和管理能力考试
expect-no-text 特种作业
expect-text 本场考试共 100 题，满分 100 分，80 分合格，考试时间 120 分钟。
screenshot managers-rules
)";
    for (const char* size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        auto r = test::run_script(dir.path(), d.db, script, size, "rules.txt", {"--config", d.config.string()});
        INFO(r.err);
        CHECK(r.code == 0);
        test::keep_shots(dir.path(), std::string("managers-") + size + "-");
    }
}
