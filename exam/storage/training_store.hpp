// Storage of training data: trainee PINs, practice answers, the wrong-answer book and study time. Training data
// lives apart from exam data: nothing here reads papers, exam answers or results.
#pragma once

#include "content/storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sk::exam {

struct PinState {
    std::string hash; // Argon2id; empty when no PIN is set
    int failures = 0;
    std::int64_t locked_until_ms = 0;
};

struct WrongBookEntry {
    std::string uid;
    int streak = 0; // right answers in a row since it was last wrong
    std::int64_t added_at_ms = 0;
};

struct ChapterProgress {
    std::string chapter;
    int questions = 0; // in the practice pool
    int practised = 0; // distinct questions answered at least once
    int correct = 0;   // distinct questions whose latest answer was right
};

struct StudyPeriod {
    std::int64_t id = 0;
    std::int64_t started_ms = 0;
    std::int64_t ended_ms = 0;
    bool confirmed = false;
};

class TrainingStore {
public:
    explicit TrainingStore(storage::Database& db) : db_(db) {}

    PinState pin(std::int64_t candidate_id);
    void set_pin(std::int64_t candidate_id, const PinState& p);

    void add_practice_answer(std::int64_t candidate_id, std::int64_t question_id, const std::string& uid,
                             const std::string& mode, const std::string& response, bool correct, std::int64_t at_ms);
    std::optional<WrongBookEntry> wrong_entry(std::int64_t candidate_id, const std::string& uid);
    void put_wrong_entry(std::int64_t candidate_id, const WrongBookEntry& e);
    void remove_wrong_entry(std::int64_t candidate_id, const std::string& uid);
    std::vector<WrongBookEntry> wrong_book(std::int64_t candidate_id);
    std::vector<ChapterProgress> progress(std::int64_t candidate_id, std::int64_t item_id);

    std::int64_t start_study(std::int64_t candidate_id, std::int64_t at_ms);
    // Extends the period to at_ms unless more than max_gap_ms passed since its end; false when it did not.
    bool extend_study(std::int64_t period_id, std::int64_t at_ms, std::int64_t max_gap_ms);
    std::vector<StudyPeriod> study_periods(std::int64_t candidate_id);
    void confirm_study(std::int64_t candidate_id, const std::string& by, std::int64_t at_ms);

private:
    storage::Database& db_;
};

} // namespace sk::exam
