// The training kiosk's mock exam as a trainee uses it: the answer sheet, 标记, the confirmation before submitting,
// and the review of wrong answers afterwards, whose questions are in the wrong-answer book (错题本) from then on.
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace sk;

TEST_CASE("the mock exam has an answer sheet and 标记, and after submitting reviews the wrong answers, now in the 错题本")
{
    for (const char* size : {"1920x1080", "1080x1920"}) {
        INFO(size);
        test::TempDir dir;
        const std::filesystem::path db = dir.database("kiosk.db");
        // Every demo question's answer is 正确; the mock exam has 10 questions and lasts 1 minute.
        const auto e = test::build_exam_db(db, {.duration_minutes = 1, .grace_seconds = 10});
        test::set_trainee_pin(db, e.id_number, "123456");
        const std::string script = test::trainee_sign_in(e) + R"(expect-screen train-menu
expect-text 错题本（0 题）
tap-text 模拟考试
expect-screen train-mock
expect-text 第 1 题 / 共 10 题
expect-visible 朗读
expect-visible 音量－
expect-visible 音量＋
expect-primary 下一题
screenshot mock-first
tap-text 正确
tap-text 标记
expect-visible 取消标记
screenshot mock-marked
tap-text 下一题
tap-text 错误
tap-text 答题卡
expect-visible 返回本题
expect-visible 10
expect-text 剩余 0
expect-text 已答
expect-text 标记
screenshot mock-sheet
tap-text 5
expect-no-text 返回本题
expect-text 第 5 题 / 共 10 题
expect-visible 标记
tap-text 正确
tap-text 答题卡
tap-text 1
expect-text 第 1 题 / 共 10 题
expect-visible 取消标记
tap-text 取消标记
expect-visible 标记
tap-text 交卷
expect-text 已答 3 题，共 10 题
expect-primary 继续答题
screenshot mock-confirm
tap-text 确认交卷
expect-text 满分 100 分
expect-text 答对 2 题，共 10 题
expect-text 错题回顾
expect-text 以下 8 题已记入错题本
screenshot mock-review
drag 50% 85% 50% 15%
screenshot mock-review-scrolled
expect-text 你的答案：
expect-text 正确答案：
drag 50% 85% 50% 15%
expect-text 你的答案：未作答
tap-text 返回
expect-screen train-menu
expect-text 错题本（8 题）
)";
        auto r = test::run_script(dir.path(), db, script, size, "script.txt", {"--role", "training"});
        INFO(r.out, r.err);
        CHECK(r.code == 0);
        test::keep_shots(dir.path(), std::string(size) + "-");
    }
}
