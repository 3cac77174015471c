// The content model: catalogue (tracks, categories, items), questions and warning-education exhibits.
// Plain values with no storage or UI attached.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sk::content {

enum class Track { Special, Manager }; // 特种作业人员 / 主要负责人与安全生产管理人员

struct Category {
    std::int64_t id = 0;
    Track track = Track::Special;
    std::string name; // 作业类别 (special) or industry (managers)
};

struct Item {
    std::int64_t id = 0;
    std::int64_t category_id = 0;
    Track track = Track::Special;
    std::string category; // name of the category
    std::string name;     // 操作项目 (special) or role (managers)
};

struct Catalogue {
    std::vector<Category> categories;
    std::vector<Item> items;
    const Item* find(std::string_view category, std::string_view item) const;
    const Item* find(std::int64_t item_id) const;
};

enum class QuestionType { TrueFalse, Single, Multiple };
enum class Pool { Practice, Exam, Both };
enum class Status { Draft, Published, Retired };

std::string_view to_string(Track t);
std::string_view to_string(QuestionType t);
std::string_view to_string(Pool p);
std::string_view to_string(Status s);
std::optional<Track> parse_track(std::string_view s);
std::optional<QuestionType> parse_question_type(std::string_view s);
std::optional<Pool> parse_pool(std::string_view s);
std::optional<Status> parse_status(std::string_view s);
std::string_view type_label_zh(QuestionType t); // 判断题 / 单选题 / 多选题

// The options of every true/false question, in this order: A = 正确, B = 错误.
inline const std::vector<std::string>& true_false_options()
{
    static const std::vector<std::string> options{"正确", "错误"};
    return options;
}

struct Question {
    std::int64_t id = 0;   // row of this version in storage (0 before it is stored)
    std::string uid;       // stable across versions
    int version = 1;
    QuestionType type = QuestionType::Single;
    std::string category;  // catalogue category name; empty for an exhibit quiz question
    std::string item;      // catalogue item name; empty for an exhibit quiz question
    std::string chapter;
    int difficulty = 3;
    Pool pool = Pool::Both;
    Status status = Status::Published;
    std::string stem;
    std::vector<std::string> options;
    std::string answer;    // letters, ascending: "B", "ACD"; true/false: "A" true, "B" false
    std::string explanation;
    std::string image;     // media path, empty when none

    // Identity of the question's content, independent of uid, version, pool and status: two questions with the
    // same hash are the same question (used to skip duplicates on import).
    std::string content_hash() const;
};

// Index of each answer letter (A = 0). Throws std::invalid_argument for a letter outside A–Z.
std::vector<int> answer_indices(std::string_view answer);
std::string answer_letters(const std::vector<int>& indices);

// One problem found in a question, named by field.
struct FieldProblem {
    std::string field;
    std::string message;
};

// Single-line fields (names, employers, chapters, titles, …) hold no control character: no line break (Excel's
// Alt+Enter), TAB, ESC or NUL, nor any other C0 control (U+0000–U+001F), DEL (U+007F) or C1 control
// (U+0080–U+009F). Returns "" when `text` has none, else what and where, e.g. "含控制字符 U+000A（换行）at character
// 3: a single-line field allows none", for a FieldProblem message.
std::string control_character_problem(std::string_view text);

// Checks a question against the model's rules (options 2–8, key letters exist, single has one, multi two or more,
// difficulty 1–5, non-empty stem, …). Catalogue membership is checked by the store.
std::vector<FieldProblem> validate(const Question& q, bool exhibit_quiz = false);

struct TimelineEntry {
    std::string time;
    std::string event;
};

struct Violation {
    std::string kind; // 违章指挥 / 违章作业 / 违反劳动纪律
    std::string text;
};

struct ExhibitImage {
    std::string file;
    std::string caption;
};

struct Exhibit {
    std::int64_t id = 0;
    std::string uid;
    std::string title;
    std::string industry;
    std::string date; // YYYY-MM-DD
    std::string place;
    int deaths = 0;
    int injuries = 0;
    std::string summary;
    std::vector<TimelineEntry> timeline;
    std::vector<std::string> direct_causes;
    std::vector<std::string> underlying_causes;
    std::vector<Violation> violations;
    std::vector<std::string> lessons;
    std::vector<std::string> do_instead;
    std::vector<ExhibitImage> images;
    std::vector<Question> quiz;
};

const std::vector<std::string>& exhibit_industries();
const std::vector<std::string>& violation_kinds();
std::vector<FieldProblem> validate(const Exhibit& e);

// A media file (image) stored with the content.
struct MediaFile {
    std::string path; // e.g. images/sign-electric.png
    std::vector<unsigned char> data;
};

} // namespace sk::content
