#include "tests/exam/training_fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;
using namespace sk::exam;

using TrainingFixture = test::TrainingFixture;

TEST_CASE("trainee sign-in with ID number and PIN, wrong PINs get a growing wait")
{
    TrainingFixture f;
    const auto id = test::id_with_check("11010519800101001");
    CHECK(f.training.sign_in(id, "246810") == f.trainee);
    CHECK_THROWS_WITH_AS(f.training.sign_in(id, "000000"), "wrong ID number or PIN", SignInError);
    CHECK_THROWS_AS(f.training.sign_in(id, "000000"), SignInError);
    try {
        f.training.sign_in(id, "000000");
        FAIL("third wrong PIN accepted");
    } catch (const SignInError& e) {
        CHECK(e.retry_after_ms == 5000);
    }
    // Even the right PIN waits out the delay.
    CHECK(test::refusal([&] { f.training.sign_in(id, "246810"); }) == ExamErrc::sign_in_locked);
    f.now_ms += 5001;
    CHECK(f.training.sign_in(id, "246810") == f.trainee);
    CHECK(pin_delay_ms(4) == 10000);
    CHECK(pin_delay_ms(40) == 15 * 60 * 1000);
    CHECK_THROWS_AS(f.training.set_pin(test::kStaff, f.trainee, "123456"), PermissionDenied);
    CHECK_THROWS_WITH(f.training.set_pin(test::kTrainer, f.trainee, "12ab"), doctest::Contains("6 to 12 digits"));
}

TEST_CASE("practice never shows a question of the sealed exam-only pool")
{
    TrainingFixture f;
    std::size_t total = 0;
    for (const auto& ch : f.training.chapters(f.trainee))
        for (auto id : f.training.chapter_questions(f.trainee, ch)) {
            CHECK(f.q(id).pool != content::Pool::Exam);
            ++total;
        }
    CHECK(total == 230);
    for (auto id : f.training.random_questions(f.trainee, 500, 7)) CHECK(f.q(id).uid.rfind("sealed", 0) != 0);
    auto mock = f.training.mock_exam(f.trainee, 99);
    CHECK(mock.paper.questions.size() == 100);
    CHECK_FALSE(mock.shortened());
    for (const auto& pq : mock.paper.questions) CHECK(pq.uid.rfind("sealed", 0) != 0);
    auto sealed = content::ContentStore(f.db).question_by_uid("sealed-0");
    CHECK_THROWS_AS(f.training.answer(f.trainee, sealed->id, "A", "random"), ExamError);
}

TEST_CASE("a wrong answer goes into the wrong-answer book and leaves after three right answers in a row")
{
    TrainingFixture f;
    auto chapter = f.training.chapters(f.trainee).front();
    auto id = f.training.chapter_questions(f.trainee, chapter).front();
    auto question = f.q(id);
    auto fb = f.training.answer(f.trainee, id, f.wrong(question), "chapter");
    CHECK_FALSE(fb.correct);
    CHECK(fb.key == question.answer);
    CHECK(fb.in_wrong_book);
    CHECK(f.training.wrong_book_questions(f.trainee) == std::vector<std::int64_t>{id});
    CHECK(f.training.answer(f.trainee, id, question.answer, "wrong-book").in_wrong_book);
    CHECK(f.training.answer(f.trainee, id, question.answer, "wrong-book").in_wrong_book);
    // A slip resets the streak.
    f.training.answer(f.trainee, id, f.wrong(question), "wrong-book");
    for (int i = 0; i < 2; ++i) f.training.answer(f.trainee, id, question.answer, "wrong-book");
    CHECK(f.training.wrong_book_questions(f.trainee).size() == 1);
    CHECK_FALSE(f.training.answer(f.trainee, id, question.answer, "wrong-book").in_wrong_book);
    CHECK(f.training.wrong_book_questions(f.trainee).empty());
}

TEST_CASE("progress by chapter counts practised and right questions from the latest answers")
{
    TrainingFixture f;
    auto chapter = f.training.chapters(f.trainee).front();
    auto ids = f.training.chapter_questions(f.trainee, chapter);
    f.training.answer(f.trainee, ids[0], f.q(ids[0]).answer, "chapter");
    f.training.answer(f.trainee, ids[1], f.wrong(f.q(ids[1])), "chapter");
    f.training.answer(f.trainee, ids[2], f.wrong(f.q(ids[2])), "chapter");
    f.training.answer(f.trainee, ids[2], f.q(ids[2]).answer, "chapter");
    auto progress = f.training.progress(f.trainee);
    REQUIRE(progress.size() == 4);
    CHECK(progress[0].chapter == chapter);
    CHECK(progress[0].questions == static_cast<int>(ids.size()));
    CHECK(progress[0].practised == 3);
    CHECK(progress[0].correct == 2);
    CHECK(progress[1].practised == 0);
}

TEST_CASE("mock exams use the real blueprint and are scored like the exam")
{
    TrainingFixture f;
    auto mock = f.training.mock_exam(f.trainee, 5);
    CHECK(mock.pass_mark == 80);
    CHECK(mock.duration_ms == 120 * 60000);
    std::map<int, std::string> answers;
    for (const auto& q : mock.paper.questions) answers[q.position] = q.position <= 25 ? (q.key == "A" ? "B" : "A") : q.key;
    auto score = f.training.score_mock(mock, answers);
    CHECK(score.points == 75);
    CHECK_FALSE(score.passed);
}

TEST_CASE("a training pool smaller than a paper gives a shortened mock exam of training questions, pass mark in proportion")
{
    // The sealed pool is exam-only (two papers of 70 + 30); training has 35 true/false and 10 single choice.
    test::TempDir dir;
    auto db = storage::open(dir.database("kiosk.db"), {&content::schema(), &exam::schema()});
    ExamService exams(db, [] { return test::kNine; });
    TrainingService training(db, [] { return test::kNine; });
    content::ContentStore store(db);
    test::add_pool(store, 140, 60, content::Pool::Exam, "sealed");
    test::add_pool(store, 35, 10, content::Pool::Practice, "practice");
    const auto item_id = store.catalogue().find("电工作业", "低压电工作业")->id;
    auto bp = default_blueprint(*store.catalogue().find(item_id), ExamKind::Initial);
    bp.exam_only = true; // the real exam's choice must not empty the mock exam
    exams.save_blueprint(test::kAdmin, bp);
    Candidate c;
    c.id_number = test::id_with_check("11010519800101001");
    c.name = "王五";
    c.item_id = item_id;
    const auto trainee = exams.add_candidate(test::kStaff, c);

    for (std::uint64_t seed : {1, 2, 3}) {
        auto mock = training.mock_exam(trainee, seed);
        CHECK(mock.shortened());
        REQUIRE(mock.paper.questions.size() == 45);
        for (const auto& q : mock.paper.questions) CHECK_MESSAGE(q.uid.rfind("practice", 0) == 0, q.uid);
        CHECK(mock.full_questions == 100);
        CHECK(mock.max_points == 45);
        CHECK(mock.pass_mark == doctest::Approx(36)); // 80 of 100 → 36 of 45
        CHECK(mock.full_pass_mark == 80);
        CHECK(mock.duration_ms == 54 * 60000);        // 120 minutes × 45 / 100
        std::map<int, std::string> answers;
        for (const auto& q : mock.paper.questions)
            if (q.position <= 36) answers[q.position] = q.key;
        CHECK(training.score_mock(mock, answers).passed);
        answers[1] = mock.paper.questions[0].key == "A" ? "B" : "A";
        CHECK_FALSE(training.score_mock(mock, answers).passed);
    }

    // With no training question at all there is no mock exam, said plainly.
    test::TempDir empty_dir;
    auto empty = storage::open(empty_dir.database("kiosk.db"), {&content::schema(), &exam::schema()});
    content::ContentStore empty_store(empty);
    test::add_pool(empty_store, 140, 60, content::Pool::Exam, "sealed");
    ExamService empty_exams(empty, [] { return test::kNine; });
    c.item_id = empty_store.catalogue().find("电工作业", "低压电工作业")->id;
    const auto lonely = empty_exams.add_candidate(test::kStaff, c);
    CHECK_THROWS_WITH_AS(TrainingService(empty).mock_exam(lonely, 1), doctest::Contains("the practice bank has no question of this item"), ExamError);
}

TEST_CASE("study time counts as class hours only once the provider confirms it, breaks are not study")
{
    TrainingFixture f;
    auto period = f.training.start_study(f.trainee);
    f.now_ms += 4 * 60000;
    period = f.training.keep_studying(f.trainee, period);
    f.now_ms += 4 * 60000;
    period = f.training.keep_studying(f.trainee, period);
    f.now_ms += 60 * 60000; // away for an hour
    auto next = f.training.keep_studying(f.trainee, period);
    CHECK(next != period);
    f.now_ms += 2 * 60000;
    f.training.keep_studying(f.trainee, next);
    CHECK(f.training.unconfirmed_hours(f.trainee) == doctest::Approx(10.0 / 60));
    CHECK(exam::ExamStore(f.db).candidate(f.trainee)->class_hours == 0);
    CHECK_THROWS_AS(f.training.confirm_study(test::kStaff, f.trainee), PermissionDenied);
    CHECK(f.training.confirm_study(test::kTrainer, f.trainee) == doctest::Approx(10.0 / 60));
    CHECK(exam::ExamStore(f.db).candidate(f.trainee)->class_hours == doctest::Approx(10.0 / 60));
    CHECK(f.training.unconfirmed_hours(f.trainee) == 0);
}
