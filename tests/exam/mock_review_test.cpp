// The review after a mock exam: the questions not answered right, each put into the wrong-answer book.
#include "tests/exam/training_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace sk;
using namespace sk::exam;

using MockFixture = test::TrainingFixture;

TEST_CASE("a submitted mock exam lists the questions not answered right and puts them into the wrong-answer book")
{
    MockFixture f;
    // A question already in the book with two right answers in a row: a mock mistake starts its streak again.
    const auto chapter = f.training.chapters(f.trainee).front();
    const auto known = f.training.chapter_questions(f.trainee, chapter).front();
    f.training.answer(f.trainee, known, f.wrong(f.q(known)), "chapter");
    f.training.answer(f.trainee, known, f.q(known).answer, "wrong-book");
    f.training.answer(f.trainee, known, f.q(known).answer, "wrong-book");
    auto mock = f.training.mock_exam(f.trainee, 11);
    // The known question on the paper, so that the mock can get it wrong.
    mock.paper.questions[2].question_id = known;
    mock.paper.questions[2].uid = f.q(known).uid;
    std::map<int, std::string> answers;
    for (const auto& q : mock.paper.questions) answers[q.position] = q.key;
    const auto& p = mock.paper.questions;
    answers[p[0].position] = p[0].key == "A" ? "B" : "A"; // wrong
    answers.erase(p[4].position);                          // unanswered
    answers[p[2].position] = p[2].key == "A" ? "B" : "A"; // wrong, already in the book
    const auto r = f.training.submit_mock(f.trainee, mock, answers);
    CHECK(r.score.points == f.training.score_mock(mock, answers).points);
    CHECK(r.score.correct == static_cast<int>(p.size()) - 3);
    REQUIRE(r.mistakes.size() == 3);
    CHECK(r.mistakes[0].position == p[0].position);
    CHECK(r.mistakes[0].question_id == p[0].question_id);
    CHECK(r.mistakes[0].key == p[0].key);
    CHECK(r.mistakes[0].response == answers[p[0].position]);
    CHECK(r.mistakes[1].position == p[2].position);
    CHECK(r.mistakes[2].position == p[4].position);
    CHECK(r.mistakes[2].response.empty());
    CHECK(r.added_to_wrong_book == 2);
    auto book = f.training.wrong_book_questions(f.trainee);
    std::sort(book.begin(), book.end());
    std::vector<std::int64_t> expected{p[0].question_id, known, p[4].question_id};
    std::sort(expected.begin(), expected.end());
    CHECK(book == expected);
    // The known question's streak started again: two right answers leave it in the book.
    f.training.answer(f.trainee, known, f.q(known).answer, "wrong-book");
    CHECK(f.training.answer(f.trainee, known, f.q(known).answer, "wrong-book").in_wrong_book);
    // A paper holding a sealed exam-only question is refused, and the book is unchanged.
    content::ContentStore store(f.db);
    std::int64_t sealed = 0;
    for (std::int64_t id = 1; sealed == 0; ++id)
        if (auto q = store.question(id); q && q->pool == content::Pool::Exam) sealed = id;
    auto forged = mock;
    forged.paper.questions[5].question_id = sealed;
    answers[p[3].position] = p[3].key == "A" ? "B" : "A"; // a new mistake before the sealed question
    CHECK(test::refusal([&] { f.training.submit_mock(f.trainee, forged, answers); }) == ExamErrc::not_in_practice_pool);
    CHECK(f.training.wrong_book_questions(f.trainee).size() == 3);
}
