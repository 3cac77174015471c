// Training mode, separate from exams: trainee sign-in (ID number + PIN set by the training provider), practice by
// chapter, random practice, the wrong-answer book, mock exams on the real blueprint drawn from the practice pool
// only, the explanation after each answer, progress by chapter, and study time that counts as class hours only
// once the provider confirms it.
#pragma once

#include "exam/exam_service.hpp"
#include "exam/paper.hpp"
#include "exam/roles.hpp"
#include "exam/scoring.hpp"
#include "exam/storage/training_store.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sk::exam {


struct PracticeFeedback {
    bool correct = false;
    std::string key;         // the correct letters
    std::string explanation;
    bool in_wrong_book = false; // after this answer
};

// A mock exam on the trainee's real blueprint, drawn only from what a training kiosk may show (pools `practice` and
// `both`, never an exam-only question). When that pool cannot fill a stratum, the stratum keeps what the pool has:
// a shortened mock exam whose pass mark and time shrink in proportion (pass mark × points ÷ full points, time ×
// questions ÷ full questions, whole minutes), which the kiosk tells the trainee.
struct MockExam {
    Paper paper;
    double max_points = 0;
    double pass_mark = 0;
    std::int64_t duration_ms = 0;
    bool partial_credit = false;
    int full_questions = 0; // the real paper
    double full_points = 0;
    double full_pass_mark = 0;
    bool shortened() const { return static_cast<int>(paper.questions.size()) < full_questions; }
};

// A question of a submitted mock exam the trainee did not get fully right: wrong, only partly right, or
// unanswered. The kiosk shows these after the score (the review of wrong answers).
struct MockMistake {
    int position = 0;
    std::int64_t question_id = 0;
    std::string response; // the trainee's letters in the shown order; empty when unanswered
    std::string key;      // the correct letters in the shown order
};

struct MockResult {
    Score score;
    std::vector<MockMistake> mistakes; // in paper order
    int added_to_wrong_book = 0;       // mistakes that were not in the wrong-answer book before
};

// Wait after the n-th consecutive wrong PIN: none for the first two, then 5 s doubling up to 15 minutes.
std::int64_t pin_delay_ms(int failures);

class TrainingService {
public:
    TrainingService(storage::Database& db, Clock clock = system_now_ms);

    // Provider staff
    void set_pin(const Actor& actor, std::int64_t candidate_id, const std::string& pin);
    // Confirms all unconfirmed study time and adds it to the class hours; returns the hours added.
    double confirm_study(const Actor& actor, std::int64_t candidate_id);

    // The trainee at a training kiosk
    std::int64_t sign_in(const std::string& id_number, const std::string& pin);
    std::vector<std::string> chapters(std::int64_t candidate_id);
    std::vector<std::int64_t> chapter_questions(std::int64_t candidate_id, const std::string& chapter);
    std::vector<std::int64_t> random_questions(std::int64_t candidate_id, int count, std::uint64_t seed);
    std::vector<std::int64_t> wrong_book_questions(std::int64_t candidate_id);
    PracticeFeedback answer(std::int64_t candidate_id, std::int64_t question_id, const std::string& letters,
                            const std::string& mode);
    // The real exam's blueprint is the item's current one, else the default of the rules. Throws ExamError when the
    // training pool has no question for any stratum.
    MockExam mock_exam(std::int64_t candidate_id, std::uint64_t seed);
    Score score_mock(const MockExam& mock, const std::map<int, std::string>& responses) const;
    // Submits a mock exam: its score (as score_mock) and the questions not fully right, each of which goes into the
    // trainee's wrong-answer book (a question already there starts its streak of right answers again), in one
    // transaction. Refuses a paper holding a question a training kiosk may not show (not_in_practice_pool).
    MockResult submit_mock(std::int64_t candidate_id, const MockExam& mock, const std::map<int, std::string>& responses);
    std::vector<ChapterProgress> progress(std::int64_t candidate_id);

    std::int64_t start_study(std::int64_t candidate_id);
    // Called on each interaction: extends the study period, or starts a new one after a break of more than 5
    // minutes (time away from the kiosk is not study time). Returns the current period.
    std::int64_t keep_studying(std::int64_t candidate_id, std::int64_t period_id);
    double unconfirmed_hours(std::int64_t candidate_id);
    // The trainee's name, for the kiosk's greeting.
    std::string trainee_name(std::int64_t candidate_id);

private:
    Candidate candidate(std::int64_t id);
    Blueprint real_blueprint(const Candidate& c);
    std::int64_t now() const { return clock_(); }
    storage::Database& db_;
    ExamStore exam_;
    TrainingStore store_;
    Clock clock_;
};

} // namespace sk::exam
