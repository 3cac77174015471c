// Exam blueprints: how a paper is composed and how it is marked, stored as data per item and kind.
#pragma once

#include "content/model.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sk::exam {

enum class ExamKind { Initial, Review }; // 初训考试 / 复审考试
std::string_view to_string(ExamKind k);
std::optional<ExamKind> parse_exam_kind(std::string_view s);

// One stratum: `count` questions of `type`, optionally from one chapter and a difficulty band, each worth `points`.
struct Stratum {
    content::QuestionType type = content::QuestionType::TrueFalse;
    std::string chapter; // empty: any chapter
    int difficulty_min = 1;
    int difficulty_max = 5;
    int count = 0;
    double points = 1.0;
};

// A subject of the practical exam (实际操作考试), scored by examiners on site.
struct PracticalSubject {
    std::string code; // K1 … K4
    std::string name;
    double max_points = 0;
};

struct Blueprint {
    std::int64_t id = 0;
    std::int64_t item_id = 0;
    ExamKind kind = ExamKind::Initial;
    int version = 1;
    std::string name;
    std::vector<Stratum> strata;
    double pass_mark = 80;
    int duration_minutes = 120;
    int grace_seconds = 60;        // after time-up the examinee may still save for this long, then it is submitted
    bool shuffle_options = true;   // single/multiple choice options shuffled per examinee (true/false never)
    bool partial_credit = false;   // multiple choice: a correct subset earns points × chosen/correct
    int retakes = 1;               // 补考 allowed after a failed first attempt
    int valid_months = 12;         // a pass stays valid this long (theory passed, practical pending)
    double required_class_hours = 0; // confirmed training hours (学时) needed before registering
    std::vector<PracticalSubject> practical; // empty: no practical exam (managers)
    double practical_pass_mark = 80;
    // 考培分离: papers draw only questions of pool `exam`, never the `both` ones a training kiosk also shows with
    // their keys. Off by default (older blueprints and banks that share questions keep working).
    bool exam_only = false;

    double total_points() const;
    int question_count() const;
};

// The defaults of ../shared/domain.md: special operators 70 true/false + 30 single choice, 1 point each, pass at 80,
// 120 minutes, practical K1–K4 (100 points, pass at 80); managers 50 true/false + 30 single + 20 multiple choice,
// pass at 80, 120 minutes, no practical. Class hours: managers 32 initial (48 in high-risk industries), 12 (16) for a
// review; special operators 8 for a review and, for an initial exam, the figure an administrator sets (default 48).
Blueprint default_blueprint(const content::Item& item, ExamKind kind);

// What a blueprint needs that the sealed exam pool does not have.
struct Shortage {
    std::size_t stratum;     // index in strata
    std::string description; // "单选题 / 电工基础 / 难度1-5: needs 12, exam pool has 9" (", exam-only" under exam_only)
    int needed = 0;
    int available = 0;
};

// One question of the pool as the drawer and the checker see it.
struct PoolQuestion {
    std::int64_t id = 0; // row of the exact version
    std::string uid;
    content::QuestionType type = content::QuestionType::TrueFalse;
    std::string chapter;
    int difficulty = 3;
    int option_count = 2;
    std::string answer;
    content::Pool pool = content::Pool::Exam; // `both`: also shown, with its key, on training kiosks
};

bool matches(const Stratum& s, const PoolQuestion& q);
// Whether a paper of `bp` may contain `q` of the pool it is drawn from: under exam_only only a question of pool `exam`.
bool eligible(const Blueprint& bp, const PoolQuestion& q);

// How one stratum is served by the sealed pool: the matching questions that are exam-only and those also in training
// (`both`), each counted once over the strata in order as check_blueprint does.
struct StratumSupply {
    std::string description; // "判断题 / 全部章节"
    int drawn = 0;           // per paper
    int exam_only = 0;
    int shared = 0;          // pool `both`
};

// The overlap of a blueprint's pool with training, for `blueprint check`, `content stats` and the admin window.
struct PoolSupply {
    std::vector<StratumSupply> strata;
    int drawn = 0;     // questions per paper
    int exam_only = 0; // exam-only questions that can serve the blueprint
    int shared = 0;    // questions of pool `both` that can serve it: trainees can see them with their keys
    // Whole papers the exam-only questions give without a question in common (0 when any stratum has too few).
    int exam_only_papers() const;
};

PoolSupply pool_supply(const Blueprint& bp, const std::vector<PoolQuestion>& exam_pool);

// Checks the blueprint against the pool; strata are filled in order (specific before general as given), each
// question counts once. Empty when every stratum can be filled. Under exam_only only pool `exam` questions count.
std::vector<Shortage> check_blueprint(const Blueprint& bp, const std::vector<PoolQuestion>& exam_pool);

std::vector<content::FieldProblem> validate(const Blueprint& bp);

} // namespace sk::exam
