// The exam fixture with a trainee (王五, PIN 246810, no class hours yet) and a sealed pool beside the practice one,
// for the training service's tests.
#pragma once

#include "exam/training.hpp"
#include "tests/exam/fixture.hpp"

namespace sk::test {

struct TrainingFixture : ExamFixture {
    exam::TrainingService training{db, [this] { return now_ms; }};
    std::int64_t trainee = 0;
    TrainingFixture() : ExamFixture(160, 70)
    {
        content::ContentStore store(db);
        add_pool(store, 10, 10, content::Pool::Exam, "sealed");
        trainee = add_candidate("11010519800101001", "王五", 0);
        training.set_pin(kTrainer, trainee, "246810");
    }
    content::Question q(std::int64_t id) { return *content::ContentStore(db).question(id); }
    std::string wrong(const content::Question& question) { return question.answer == "A" ? "B" : "A"; }
};

} // namespace sk::test
