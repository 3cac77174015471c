// Questions from a CSV file laid out like docs/templates/questions-template.csv (docs/csv-template.md).
#include "content/formats/csv_questions.hpp"

#include "content/formats/csv.hpp"
#include "content/formats/import.hpp"
#include "content/formats/parsed.hpp"
#include "content/formats/text.hpp"

#include <algorithm>
#include <map>

namespace sk::content::formats {

namespace csv_columns {
std::string option_column(int index) { return std::string("选项") + static_cast<char>('A' + index); }

std::vector<std::string> header(int options)
{
    std::vector<std::string> h{kType, kStem};
    for (int i = 0; i < options; ++i) h.push_back(option_column(i));
    for (const char* c : {kAnswer, kExplanation, kCategory, kItem, kChapter, kDifficulty}) h.emplace_back(c);
    return h;
}
} // namespace csv_columns

namespace {
using namespace csv_columns;

constexpr int kMaxOptions = 8;

const FieldNames& field_names()
{
    static const FieldNames names{{"uid", kStem},           {"type", kType},       {"stem", kStem},
                                  {"options", "选项"},      {"answer", kAnswer},   {"explanation", kExplanation},
                                  {"category", kCategory},  {"item", kItem},       {"chapter", kChapter},
                                  {"difficulty", kDifficulty}};
    return names;
}

std::optional<QuestionType> parse_type(std::string_view cell)
{
    std::string s = to_lower_ascii(trim(cell));
    static const std::pair<const char*, QuestionType> names[] = {
        {"判断", QuestionType::TrueFalse},    {"判断题", QuestionType::TrueFalse}, {"tf", QuestionType::TrueFalse},
        {"单选", QuestionType::Single},       {"单选题", QuestionType::Single},    {"单项选择题", QuestionType::Single},
        {"single", QuestionType::Single},     {"多选", QuestionType::Multiple},    {"多选题", QuestionType::Multiple},
        {"多项选择题", QuestionType::Multiple}, {"multi", QuestionType::Multiple},
    };
    for (const auto& [n, t] : names)
        if (s == n) return t;
    return std::nullopt;
}

// Removes spaces and the separators people put between letters (in one pass: erasing them one by one was
// quadratic in the length of the cell).
std::string compact(std::string_view cell)
{
    static constexpr std::string_view separators[] = {" ", ",", "，", "、", ";", "；", "\t", "\xE3\x80\x80"};
    const std::string_view t = trim(cell);
    std::string s;
    s.reserve(t.size());
    for (std::size_t i = 0; i < t.size();) {
        std::size_t skip = 0;
        for (std::string_view sep : separators)
            if (t.substr(i, sep.size()) == sep) {
                skip = sep.size();
                break;
            }
        if (skip) {
            i += skip;
        } else {
            s.push_back(t[i]);
            ++i;
        }
    }
    return s;
}

std::optional<std::string> true_false_answer(std::string_view cell)
{
    std::string s = to_lower_ascii(compact(cell));
    static const char* const yes[] = {"对", "正确", "√", "✓", "✔", "是", "t", "true", "y", "a"};
    static const char* const no[] = {"错", "错误", "×", "✗", "✘", "x", "否", "f", "false", "n", "b"};
    for (const char* y : yes)
        if (s == y) return "A";
    for (const char* n : no)
        if (s == n) return "B";
    return std::nullopt;
}

// Letters of a choice answer: "acd", "A C D", "A,C,D", "Ａ" … → "ACD". nullopt when something else is in the cell.
std::optional<std::string> choice_answer(std::string_view cell, std::string& bad)
{
    std::string s = compact(cell);
    std::vector<int> idx;
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 'a' && c <= 'z') {
            idx.push_back(c - 'a');
            ++i;
        } else if (c >= 'A' && c <= 'Z') {
            idx.push_back(c - 'A');
            ++i;
        } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
                   static_cast<unsigned char>(s[i + 2]) >= 0xA1 && static_cast<unsigned char>(s[i + 2]) <= 0xBA) {
            idx.push_back(static_cast<unsigned char>(s[i + 2]) - 0xA1); // full-width Ａ–Ｚ
            i += 3;
        } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBD &&
                   static_cast<unsigned char>(s[i + 2]) >= 0x81 && static_cast<unsigned char>(s[i + 2]) <= 0x9A) {
            idx.push_back(static_cast<unsigned char>(s[i + 2]) - 0x81); // full-width ａ–ｚ
            i += 3;
        } else {
            bad = s;
            return std::nullopt;
        }
    }
    std::sort(idx.begin(), idx.end());
    idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
    return answer_letters(idx);
}

std::optional<int> parse_difficulty(std::string_view cell)
{
    std::string s = compact(cell);
    if (s.empty()) return 3;
    if (s.size() == 1 && s[0] >= '1' && s[0] <= '5') return s[0] - '0';
    static const std::pair<const char*, int> words[] = {{"易", 1},  {"容易", 1}, {"简单", 1}, {"较易", 2},
                                                        {"中", 3},  {"中等", 3}, {"一般", 3}, {"较难", 4},
                                                        {"难", 5},  {"困难", 5}};
    for (const auto& [w, d] : words)
        if (s == w) return d;
    return std::nullopt;
}
} // namespace

Parsed parse_csv_questions(const std::filesystem::path& path, const Catalogue& catalogue, const Target& defaults)
{
    const std::string file = path.string();
    std::string bytes;
    try {
        bytes = read_bytes(file);
    } catch (const TextError& e) {
        Parsed parsed;
        parsed.errors.push_back({file, e.line(), "", e.what()});
        return parsed;
    }
    return parse_csv_questions_text(bytes, file, catalogue, defaults);
}

Parsed parse_csv_questions_text(const std::string& bytes, const std::string& file, const Catalogue& catalogue,
                                const Target& defaults)
{
    Parsed parsed;
    std::vector<CsvRecord> records;
    try {
        DecodedText decoded = decode_text(bytes);
        parsed.encoding = decoded.encoding;
        records = parse_csv(decoded.text);
    } catch (const TextError& e) {
        parsed.errors.push_back({file, e.line(), "", e.what()});
        return parsed;
    }
    if (records.empty()) {
        parsed.errors.push_back({file, 1, "", "the file is empty; row 1 must be the header " +
                                                  std::string("题型,题干,选项A,…,答案,解析,作业类别,操作项目,知识点,难度")});
        return parsed;
    }

    // Row 1: the header. Columns are found by name, so their order does not matter.
    std::map<std::string, std::size_t> column;
    const CsvRecord& head = records.front();
    for (std::size_t i = 0; i < head.cells.size(); ++i) {
        std::string name = trimmed(head.cells[i]);
        if (name.empty()) continue;
        if (!column.emplace(name, i).second) parsed.errors.push_back({file, 1, name, "the column appears twice"});
    }
    std::vector<std::string> known = header(kMaxOptions);
    for (const auto& [name, index] : column)
        if (std::find(known.begin(), known.end(), name) == known.end())
            parsed.warnings.push_back({file, 1, name, "is not a column of the template; it is not read"});
    for (const char* required : {kType, kStem, kAnswer})
        if (!column.count(required))
            parsed.errors.push_back({file, 1, required,
                                     "the header has no such column (row 1 must be the template's header: "
                                     "题型,题干,选项A,…,答案,解析,作业类别,操作项目,知识点,难度)"});
    if (!parsed.errors.empty()) return parsed;

    // Each column's index, looked up once (not once per cell of every row).
    auto column_index = [&](const std::string& name) -> std::optional<std::size_t> {
        auto it = column.find(name);
        return it == column.end() ? std::nullopt : std::optional(it->second);
    };
    std::vector<std::optional<std::size_t>> option_cols;
    for (int i = 0; i < kMaxOptions; ++i) option_cols.push_back(column_index(option_column(i)));
    const auto type_col = column_index(kType), stem_col = column_index(kStem), answer_col = column_index(kAnswer),
               explanation_col = column_index(kExplanation), category_col = column_index(kCategory),
               item_col = column_index(kItem), chapter_col = column_index(kChapter),
               difficulty_col = column_index(kDifficulty);
    for (std::size_t r = 1; r < records.size(); ++r) {
        const CsvRecord& rec = records[r];
        if (rec.blank()) continue;
        ++parsed.read;
        const int row = rec.row;
        auto cell = [&](const std::optional<std::size_t>& index) -> std::string_view {
            if (!index || *index >= rec.cells.size()) return {};
            return rec.cells[*index];
        };
        auto option_cell = [&](int i) { return cell(option_cols[static_cast<std::size_t>(i)]); };
        bool ok = true;
        auto error = [&](const std::string& field, const std::string& message) {
            parsed.errors.push_back({file, row, field, message});
            ok = false;
        };

        Question q;
        std::string type_cell = trimmed(cell(type_col));
        auto type = parse_type(type_cell);
        if (!type) {
            error(kType, type_cell.empty() ? "is empty (判断, 单选 or 多选)" : "'" + type_cell + "' is not 判断, 单选 or 多选");
            continue;
        }
        q.type = *type;
        q.stem = trimmed(cell(stem_col));
        if (q.type == QuestionType::TrueFalse) {
            q.options = true_false_options();
            for (int i = 0; i < kMaxOptions; ++i) {
                std::string o = trimmed(option_cell(i));
                if (o.empty()) continue;
                auto as_answer = true_false_answer(o);
                if (i > 1 || !as_answer || *as_answer != (i == 0 ? "A" : "B"))
                    error(option_column(i), "a 判断 question has the fixed options 正确, 错误; leave the option cells empty");
            }
            auto answer = true_false_answer(cell(answer_col));
            std::string shown = trimmed(cell(answer_col));
            if (!answer)
                error(kAnswer, shown.empty() ? "is empty (对 or 错)"
                                             : "'" + shown + "' is not an answer of a 判断 question (对/错, 正确/错误, √/×)");
            else
                q.answer = *answer;
        } else {
            int last = -1;
            for (int i = 0; i < kMaxOptions; ++i)
                if (!trim(option_cell(i)).empty()) last = i;
            for (int i = 0; i <= last; ++i) {
                std::string o = trimmed(option_cell(i));
                if (o.empty()) error(option_column(i), "is empty, but a later option is filled");
                q.options.push_back(o);
            }
            std::string bad;
            auto answer = choice_answer(cell(answer_col), bad);
            if (!answer)
                error(kAnswer, "'" + bad + "' is not a list of option letters (like B or ACD)");
            else
                q.answer = *answer;
        }
        q.explanation = trimmed(cell(explanation_col));
        q.category = trimmed(cell(category_col));
        q.item = trimmed(cell(item_col));
        if (q.category.empty() && q.item.empty()) {
            q.category = defaults.category;
            q.item = defaults.item;
        }
        if (q.category.empty()) error(kCategory, "is empty (fill it in, or give --category and --item)");
        if (q.item.empty()) error(kItem, "is empty (fill it in, or give --category and --item)");
        q.chapter = trimmed(cell(chapter_col));
        if (q.chapter.empty()) q.chapter = defaults.chapter.empty() ? kUnclassifiedChapter : defaults.chapter;
        std::string difficulty = trimmed(cell(difficulty_col));
        if (auto d = parse_difficulty(difficulty)) q.difficulty = *d;
        else error(kDifficulty, "'" + difficulty + "' is not 1 to 5 (or 易, 较易, 中, 较难, 难)");
        if (!ok) continue;
        std::string hash = q.content_hash();
        q.uid = "csv-" + short_hash(hash);
        accept_question(parsed, std::move(q), file, row, catalogue, field_names(), std::move(hash));
    }
    return parsed;
}

} // namespace sk::content::formats
