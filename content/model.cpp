#include "content/model.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace sk::content {

const Item* Catalogue::find(std::string_view category, std::string_view item) const
{
    for (const auto& i : items)
        if (i.category == category && i.name == item) return &i;
    return nullptr;
}

const Item* Catalogue::find(std::int64_t item_id) const
{
    for (const auto& i : items)
        if (i.id == item_id) return &i;
    return nullptr;
}

std::string_view to_string(Track t) { return t == Track::Special ? "special" : "manager"; }

std::string_view to_string(QuestionType t)
{
    switch (t) {
    case QuestionType::TrueFalse: return "tf";
    case QuestionType::Single: return "single";
    case QuestionType::Multiple: return "multi";
    }
    return "";
}

std::string_view to_string(Pool p)
{
    switch (p) {
    case Pool::Practice: return "practice";
    case Pool::Exam: return "exam";
    case Pool::Both: return "both";
    }
    return "";
}

std::string_view to_string(Status s)
{
    switch (s) {
    case Status::Draft: return "draft";
    case Status::Published: return "published";
    case Status::Retired: return "retired";
    }
    return "";
}

std::optional<Track> parse_track(std::string_view s)
{
    if (s == "special") return Track::Special;
    if (s == "manager") return Track::Manager;
    return std::nullopt;
}

std::optional<QuestionType> parse_question_type(std::string_view s)
{
    if (s == "tf") return QuestionType::TrueFalse;
    if (s == "single") return QuestionType::Single;
    if (s == "multi") return QuestionType::Multiple;
    return std::nullopt;
}

std::optional<Pool> parse_pool(std::string_view s)
{
    if (s == "practice") return Pool::Practice;
    if (s == "exam") return Pool::Exam;
    if (s == "both") return Pool::Both;
    return std::nullopt;
}

std::optional<Status> parse_status(std::string_view s)
{
    if (s == "draft") return Status::Draft;
    if (s == "published") return Status::Published;
    if (s == "retired") return Status::Retired;
    return std::nullopt;
}

std::string_view type_label_zh(QuestionType t)
{
    switch (t) {
    case QuestionType::TrueFalse: return "判断题";
    case QuestionType::Single: return "单选题";
    case QuestionType::Multiple: return "多选题";
    }
    return "";
}

std::string Question::content_hash() const
{
    // Fields joined with a separator that cannot occur in UTF-8 text.
    std::string s;
    auto add = [&](std::string_view v) {
        s.append(v);
        s.push_back('\xff');
    };
    add(to_string(type));
    add(category);
    add(item);
    add(stem);
    for (const auto& o : options) add(o);
    add(answer);
    // SHA-256 through OpenSSL, which uses the processor's SHA instructions where it has them: a hundred thousand
    // questions are hashed on every import, and libsodium's portable SHA-256 took a tenth of the import's time.
    struct Sha256 {
        EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        ~Sha256()
        {
            EVP_MD_CTX_free(ctx);
            EVP_MD_free(md);
        }
    };
    thread_local const Sha256 sha;
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    unsigned int length = 0;
    if (!sha.md || !sha.ctx || EVP_DigestInit_ex2(sha.ctx, sha.md, nullptr) != 1 ||
        EVP_DigestUpdate(sha.ctx, s.data(), s.size()) != 1 || EVP_DigestFinal_ex(sha.ctx, digest.data(), &length) != 1 ||
        length != digest.size())
        throw std::runtime_error("SHA-256 is not available (OpenSSL)");
    std::string hex(digest.size() * 2, '0');
    sodium_bin2hex(hex.data(), hex.size() + 1, digest.data(), digest.size());
    return hex;
}

std::vector<int> answer_indices(std::string_view answer)
{
    std::vector<int> out;
    for (char c : answer) {
        if (c < 'A' || c > 'Z') throw std::invalid_argument("answer letter out of range");
        out.push_back(c - 'A');
    }
    return out;
}

std::string answer_letters(const std::vector<int>& indices)
{
    std::vector<int> sorted = indices;
    std::sort(sorted.begin(), sorted.end());
    std::string out;
    for (int i : sorted) out.push_back(static_cast<char>('A' + i));
    return out;
}

namespace {
bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

bool valid_uid(std::string_view uid)
{
    if (uid.empty() || uid.size() > 64) return false;
    return std::all_of(uid.begin(), uid.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.';
    });
}

bool valid_date(std::string_view d)
{
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (d[i] < '0' || d[i] > '9') return false;
    int y = std::stoi(std::string(d.substr(0, 4)));
    unsigned m = static_cast<unsigned>(std::stoi(std::string(d.substr(5, 2))));
    unsigned day = static_cast<unsigned>(std::stoi(std::string(d.substr(8, 2))));
    return std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m), std::chrono::day(day)).ok();
}
} // namespace

std::string control_character_problem(std::string_view text)
{
    std::size_t character = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if ((b & 0xC0) != 0x80) ++character; // the first byte of a character
        unsigned cp = 0;
        if (b < 0x20 || b == 0x7F) cp = b;
        else if (b == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                 static_cast<unsigned char>(text[i + 1]) <= 0x9F)
            cp = static_cast<unsigned char>(text[i + 1]);
        else continue;
        const char* what = cp == '\n' || cp == '\r' ? "换行 line break"
                           : cp == '\t'              ? "制表符 TAB"
                           : cp == 0x1B              ? "ESC"
                           : cp == 0                 ? "NUL"
                                                     : "控制字符 control character";
        char code[8];
        std::snprintf(code, sizeof code, "U+%04X", cp);
        return std::string("含控制字符 ") + code + "（" + what + "）at character " + std::to_string(character) +
               ": a single-line field allows none";
    }
    return "";
}

std::vector<FieldProblem> validate(const Question& q, bool exhibit_quiz)
{
    std::vector<FieldProblem> p;
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"category", &q.category},
                                       {"item", &q.item},
                                       {"chapter", &q.chapter}})
        if (auto problem = control_character_problem(*value); !problem.empty()) p.push_back({field, problem});
    if (!valid_uid(q.uid)) p.push_back({"uid", "must be 1–64 letters, digits, '-', '_' or '.'"});
    if (q.version < 1) p.push_back({"version", "must be 1 or more"});
    if (blank(q.stem)) p.push_back({"stem", "is empty"});
    if (!exhibit_quiz) {
        if (blank(q.category)) p.push_back({"category", "is empty"});
        if (blank(q.item)) p.push_back({"item", "is empty"});
        if (blank(q.chapter)) p.push_back({"chapter", "is empty"});
    }
    if (q.difficulty < 1 || q.difficulty > 5)
        p.push_back({"difficulty", "must be 1 to 5, got " + std::to_string(q.difficulty)});
    if (q.type == QuestionType::TrueFalse) {
        if (q.options != true_false_options()) p.push_back({"options", "a true/false question has the options 正确, 错误"});
    } else {
        if (q.options.size() < 2 || q.options.size() > 8)
            p.push_back({"options", "needs 2 to 8 options, got " + std::to_string(q.options.size())});
        for (std::size_t i = 0; i < q.options.size(); ++i)
            if (blank(q.options[i]))
                p.push_back({"options", std::string("option ") + static_cast<char>('A' + i) + " is empty"});
    }
    if (q.answer.empty()) {
        p.push_back({"answer", "is empty"});
    } else {
        bool letters_ok = true;
        for (std::size_t i = 0; i < q.answer.size(); ++i) {
            char c = q.answer[i];
            if (c < 'A' || c >= static_cast<char>('A' + q.options.size())) {
                p.push_back({"answer", std::string("'") + c + "' names no option"});
                letters_ok = false;
            } else if (i > 0 && c <= q.answer[i - 1]) {
                p.push_back({"answer", "letters must be in order without repeats, got " + q.answer});
                letters_ok = false;
            }
        }
        if (letters_ok) {
            if (q.type != QuestionType::Multiple && q.answer.size() != 1)
                p.push_back({"answer", "a " + std::string(type_label_zh(q.type)) + " has exactly one answer, got " + q.answer});
            if (q.type == QuestionType::Multiple && q.answer.size() < 2)
                p.push_back({"answer", "a 多选题 needs at least two correct options, got " + q.answer});
        }
    }
    return p;
}

const std::vector<std::string>& exhibit_industries()
{
    static const std::vector<std::string> v{"道路交通", "火灾", "建筑施工", "危险化学品", "特种设备",
                                            "水上交通", "工贸",     "电力",     "矿山"};
    return v;
}

const std::vector<std::string>& violation_kinds()
{
    static const std::vector<std::string> v{"违章指挥", "违章作业", "违反劳动纪律"};
    return v;
}

std::vector<FieldProblem> validate(const Exhibit& e)
{
    std::vector<FieldProblem> p;
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"title", &e.title},
                                       {"place", &e.place}})
        if (auto problem = control_character_problem(*value); !problem.empty()) p.push_back({field, problem});
    for (std::size_t i = 0; i < e.timeline.size(); ++i)
        if (auto problem = control_character_problem(e.timeline[i].time); !problem.empty())
            p.push_back({"timeline[" + std::to_string(i + 1) + "].time", problem});
    if (!valid_uid(e.uid)) p.push_back({"uid", "must be 1–64 letters, digits, '-', '_' or '.'"});
    if (blank(e.title)) p.push_back({"title", "is empty"});
    const auto& inds = exhibit_industries();
    if (std::find(inds.begin(), inds.end(), e.industry) == inds.end())
        p.push_back({"industry", "'" + e.industry + "' is not a known industry"});
    if (!valid_date(e.date)) p.push_back({"date", "'" + e.date + "' is not a date YYYY-MM-DD"});
    if (e.deaths < 0) p.push_back({"deaths", "must be 0 or more"});
    if (e.injuries < 0) p.push_back({"injuries", "must be 0 or more"});
    if (blank(e.summary)) p.push_back({"summary", "is empty"});
    const auto& kinds = violation_kinds();
    for (const auto& v : e.violations)
        if (std::find(kinds.begin(), kinds.end(), v.kind) == kinds.end())
            p.push_back({"violations", "'" + v.kind + "' is not 违章指挥, 违章作业 or 违反劳动纪律"});
    if (e.images.empty()) p.push_back({"images", "needs at least one image"});
    if (e.quiz.empty() || e.quiz.size() > 5)
        p.push_back({"quiz", "needs 1 to 5 questions, got " + std::to_string(e.quiz.size())});
    for (std::size_t i = 0; i < e.quiz.size(); ++i)
        for (auto& qp : validate(e.quiz[i], true))
            p.push_back({"quiz[" + std::to_string(i + 1) + "]." + qp.field, qp.message});
    return p;
}

} // namespace sk::content
