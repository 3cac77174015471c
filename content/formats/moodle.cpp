// Moodle's question formats: GIFT, Aiken and Moodle XML. The rules follow Moodle's own importers
// (question/format/{gift,aiken,xml}/format.php and question/format.php): how a file is split into questions, how a
// type is recognised, which grades are allowed. True/false and multiple choice become SafeKiosk questions; every
// other type is listed as skipped with its line.
#include "content/formats/import.hpp"
#include "content/formats/parsed.hpp"
#include "content/formats/text.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace sk::content::formats {

namespace {

const FieldNames& moodle_field_names()
{
    static const FieldNames names{{"stem", "questiontext"}, {"options", "answers"}, {"uid", "questiontext"}};
    return names;
}

enum class TextFormat { Moodle, Html, Plain, Markdown };

// The plain text of a Moodle text field. HTML (and Moodle auto-format, which allows HTML) loses its markup; plain
// text and Markdown are kept as they are. An image in the text cannot come along: a warning says so.
std::string plain(const std::string& text, TextFormat format, Parsed& parsed, const std::string& file, int line,
                  const char* field)
{
    if (format == TextFormat::Plain || format == TextFormat::Markdown) return trimmed(text);
    std::vector<std::string> images;
    std::string out = html_to_text(text, format == TextFormat::Moodle, &images);
    if (!images.empty())
        parsed.warnings.push_back({file, line, field, "the text shows an image, which is not imported"});
    return out;
}

std::string chapter_for(const Target& target, const std::string& category)
{
    if (!target.chapter.empty()) return target.chapter;
    if (!category.empty()) return category;
    return kUnclassifiedChapter;
}

Question base_question(const Target& target, const std::string& category)
{
    Question q;
    q.category = target.category;
    q.item = target.item;
    q.chapter = chapter_for(target, category);
    return q;
}

void store_question(Parsed& parsed, Question q, const std::string& prefix, const std::string& file, int line,
            const Catalogue& catalogue)
{
    std::string hash = q.content_hash();
    q.uid = prefix + short_hash(hash);
    accept_question(parsed, std::move(q), file, line, catalogue, moodle_field_names(), std::move(hash));
}

std::string format_percent(double fraction)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", fraction * 100);
    return buf;
}

// ---------------------------------------------------------------------------------------------------------------
// GIFT

// Escaped control characters are replaced by private-use code points while the text is taken apart, as Moodle
// replaces them by placeholders, and put back afterwards.
std::string placeholder(char c)
{
    std::string s;
    s.push_back('\xEE');
    s.push_back(static_cast<char>(0x80 | (static_cast<unsigned char>(c) >> 6)));
    s.push_back(static_cast<char>(0x80 | (static_cast<unsigned char>(c) & 0x3F)));
    return s;
}

// One pass into a new string: replacing in place moved the rest of the text at every match, which made a block of
// many escapes quadratic (seconds for a few hundred kilobytes).
void replace_all(std::string& s, std::string_view from, std::string_view to)
{
    if (from.empty()) return;
    std::size_t pos = s.find(from);
    if (pos == std::string::npos) return;
    std::string out;
    out.reserve(s.size());
    std::size_t start = 0;
    for (; pos != std::string::npos; pos = s.find(from, start)) {
        out.append(s, start, pos - start);
        out.append(to);
        start = pos + from.size();
    }
    out.append(s, start, std::string::npos);
    s = std::move(out);
}

std::string gift_escape_pre(std::string s)
{
    const std::string backslash = placeholder('\\');
    replace_all(s, "\\\\", backslash);
    for (char c : {':', '#', '=', '{', '}', '~'}) replace_all(s, std::string("\\") + c, placeholder(c));
    replace_all(s, "\\n", placeholder('\n'));
    replace_all(s, backslash, "\\");
    return s;
}

std::string gift_escape_post(std::string s)
{
    for (char c : {':', '#', '=', '{', '}', '~', '\n'}) replace_all(s, placeholder(c), std::string(1, c));
    return s;
}

struct GiftText {
    std::string text;
    TextFormat format;
};

// "[html]text" → html; an unknown [name] is part of the text (Moodle's parse_text_with_format).
GiftText gift_text(const std::string& raw, TextFormat fallback)
{
    GiftText out{raw, fallback};
    if (starts_with(raw, "[")) {
        std::size_t end = raw.find(']');
        if (end != std::string::npos) {
            std::string name = raw.substr(1, end - 1);
            bool known = true;
            if (name == "moodle") out.format = TextFormat::Moodle;
            else if (name == "html") out.format = TextFormat::Html;
            else if (name == "plain") out.format = TextFormat::Plain;
            else if (name == "markdown") out.format = TextFormat::Markdown;
            else known = false;
            if (known) out.text = raw.substr(end + 1);
        }
    }
    out.text = trimmed(gift_escape_post(out.text));
    return out;
}

// A GIFT weight "%50%", "%-100%", "%33.33333%" at the start of an answer: returns the fraction and removes it.
std::optional<double> gift_weight(std::string& answer)
{
    if (answer.empty() || answer[0] != '%') return std::nullopt;
    std::size_t i = 1;
    while (i < answer.size() && answer[i] == '-') ++i;
    std::size_t digits = i;
    while (i < answer.size() && answer[i] >= '0' && answer[i] <= '9') ++i;
    if (i == digits) return std::nullopt;
    if (i < answer.size() && answer[i] == '.') ++i;
    while (i < answer.size() && answer[i] >= '0' && answer[i] <= '9') ++i;
    if (i >= answer.size() || answer[i] != '%') return std::nullopt;
    std::string number = answer.substr(1, i - 1);
    answer = answer.substr(i + 1);
    return std::strtod(number.c_str(), nullptr) / 100.0;
}

struct GiftBlock {
    std::vector<std::string> lines; // trimmed; comment lines are " "
    int first_line = 0;             // first line that is not a comment
};

void gift_question(Parsed& parsed, const GiftBlock& block, const std::string& file, const Catalogue& catalogue,
                   const Target& target, std::string& category)
{
    std::string joined;
    for (std::size_t i = 0; i < block.lines.size(); ++i) {
        if (i) joined.push_back('\n');
        joined.append(block.lines[i]);
    }
    std::string text = gift_escape_pre(trimmed(joined));
    if (text.empty()) return;
    const int line = block.first_line;

    if (starts_with(text, "$CATEGORY:")) {
        std::string name = moodle_category_name(gift_escape_post(trimmed(text.substr(10))));
        category = name;
        parsed.categories.push_back(name);
        return;
    }
    std::string name;
    if (starts_with(text, "::")) {
        text = text.substr(2);
        std::size_t end = text.find("::");
        if (end != std::string::npos) {
            name = trimmed(gift_escape_post(text.substr(0, end)));
            text = trimmed(text.substr(end + 2));
        }
    }
    const std::size_t start = text.find('{');
    const std::size_t finish = text.find('}');
    if (start == std::string::npos && finish == std::string::npos) {
        parsed.skipped.push_back({file, line, "description", "a text without answers (Moodle: description)"});
        return;
    }
    if (start == std::string::npos || finish == std::string::npos || finish < start) {
        parsed.errors.push_back({file, line, "", "the answers must be enclosed in one pair of braces { }"});
        return;
    }
    std::string answers = trimmed(text.substr(start + 1, finish - start - 1));
    // Answers at the end: removed from the text; anywhere else: a blank (Moodle's missing-word style).
    std::string question_text = text;
    question_text.replace(start, finish - start + 1, ends_with(text, "}") ? "" : "_____");
    std::string general_feedback;
    if (std::size_t gf = answers.rfind("####"); gf != std::string::npos) {
        general_feedback = answers.substr(gf + 4);
        answers = trimmed(answers.substr(0, gf));
    }
    GiftText qt = gift_text(trimmed(question_text), TextFormat::Moodle);
    GiftText feedback = gift_text(trimmed(general_feedback), qt.format);

    std::string type;
    if (answers.empty()) type = "essay";
    else if (answers[0] == '#') type = "numerical";
    else if (answers.find('~') != std::string::npos) type = "multichoice";
    else if (answers.find('=') != std::string::npos && answers.find("->") != std::string::npos) type = "match";
    else {
        std::string check = answers;
        if (std::size_t hash = answers.find('#'); hash != std::string::npos && hash > 0)
            check = trimmed(answers.substr(0, hash));
        type = (check == "T" || check == "TRUE" || check == "F" || check == "FALSE") ? "truefalse" : "shortanswer";
    }
    if (type != "multichoice" && type != "truefalse") {
        parsed.skipped.push_back({file, line, type, "SafeKiosk has no " + type + " questions"});
        return;
    }
    ++parsed.read;
    Question q = base_question(target, category);
    q.stem = plain(qt.text, qt.format, parsed, file, line, "questiontext");
    q.explanation = plain(feedback.text, feedback.format, parsed, file, line, "generalfeedback");
    if (type == "truefalse") {
        std::string answer = answers.substr(0, answers.find('#'));
        GiftText a = gift_text(trimmed(answer), qt.format);
        q.type = QuestionType::TrueFalse;
        q.options = true_false_options();
        q.answer = (a.text == "T" || a.text == "TRUE") ? "A" : "B";
        store_question(parsed, std::move(q), "gift-", file, line, catalogue);
        return;
    }
    // Moodle marks a single-answer question with '='; SafeKiosk decides by the answers instead: every answer with a
    // positive weight is right, and two or more right answers make a 多选题.
    replace_all(answers, "=", "~=");
    std::vector<std::string> parts;
    std::size_t pos = 0;
    for (;;) {
        std::size_t tilde = answers.find('~', pos);
        parts.push_back(answers.substr(pos, tilde == std::string::npos ? std::string::npos : tilde - pos));
        if (tilde == std::string::npos) break;
        pos = tilde + 1;
    }
    if (!parts.empty() && trim(parts.front()).empty()) parts.erase(parts.begin());
    if (parts.size() < 2) {
        parsed.errors.push_back({file, line, "answers", "a multiple-choice question needs at least two answers"});
        return;
    }
    std::vector<int> correct;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string a = trimmed(parts[i]);
        double fraction = 0;
        if (!a.empty() && a[0] == '=') {
            fraction = 1;
            a = a.substr(1);
        } else if (auto w = gift_weight(a)) {
            fraction = *w;
            if (!moodle_fraction_allowed(fraction)) {
                parsed.errors.push_back({file, line, "answers",
                                         "answer " + std::to_string(i + 1) + ": weight " + format_percent(fraction) +
                                             "% is not a grade Moodle allows"});
                ok = false;
            }
        }
        std::string text = a.substr(0, a.find('#'));
        GiftText at = gift_text(trimmed(text), qt.format);
        q.options.push_back(plain(at.text, at.format, parsed, file, line, "answers"));
        if (fraction > 0) correct.push_back(static_cast<int>(i));
    }
    if (!ok) return;
    if (correct.empty()) {
        parsed.errors.push_back({file, line, "answers", "no answer is marked right (= or a positive %weight%)"});
        return;
    }
    q.type = correct.size() > 1 ? QuestionType::Multiple : QuestionType::Single;
    q.answer = answer_letters(correct);
    store_question(parsed, std::move(q), "gift-", file, line, catalogue);
}

// ---------------------------------------------------------------------------------------------------------------
// Moodle XML

TextFormat xml_format(const char* name, TextFormat fallback)
{
    std::string n = trimmed(name ? name : "");
    if (n.empty()) return fallback;
    if (n == "moodle_auto_format") return TextFormat::Moodle;
    if (n == "plain_text") return TextFormat::Plain;
    if (n == "markdown") return TextFormat::Markdown;
    if (n == "wiki_like") return TextFormat::Plain;
    return TextFormat::Html; // "html", and what Moodle assumes for an unknown name
}

std::string inner_text(const pugi::xml_node& node)
{
    std::string out;
    for (auto child : node.children())
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out.append(child.value());
    return trimmed(out);
}

class LineIndex {
public:
    explicit LineIndex(std::string_view text)
    {
        starts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') starts_.push_back(i + 1);
    }
    int line(std::ptrdiff_t offset) const
    {
        if (offset < 0) return 0;
        auto it = std::upper_bound(starts_.begin(), starts_.end(), static_cast<std::size_t>(offset));
        return static_cast<int>(it - starts_.begin());
    }

private:
    std::vector<std::size_t> starts_;
};

} // namespace

Parsed parse_gift(const std::filesystem::path& path, const Catalogue& catalogue, const Target& target)
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
    return parse_gift_text(bytes, file, catalogue, target);
}

Parsed parse_gift_text(const std::string& bytes, const std::string& file, const Catalogue& catalogue,
                       const Target& target)
{
    Parsed parsed;
    std::string text;
    try {
        DecodedText decoded = decode_text(bytes);
        parsed.encoding = decoded.encoding;
        text = std::move(decoded.text);
    } catch (const TextError& e) {
        parsed.errors.push_back({file, e.line(), "", e.what()});
        return parsed;
    }
    // Questions are separated by blank lines; lines starting with // are comments.
    std::string category;
    GiftBlock block;
    int line_no = 0;
    auto flush = [&] {
        if (!block.lines.empty()) gift_question(parsed, block, file, catalogue, target, category);
        block = GiftBlock{};
    };
    for (std::string_view raw : split_lines(text)) {
        ++line_no;
        std::string_view line = trim(raw);
        if (line.empty()) {
            flush();
            continue;
        }
        if (starts_with(line, "//")) {
            block.lines.emplace_back(" ");
            continue;
        }
        if (block.first_line == 0) block.first_line = line_no;
        block.lines.emplace_back(line);
    }
    flush();
    return parsed;
}

Parsed parse_aiken(const std::filesystem::path& path, const Catalogue& catalogue, const Target& target)
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
    return parse_aiken_text(bytes, file, catalogue, target);
}

Parsed parse_aiken_text(const std::string& bytes, const std::string& file, const Catalogue& catalogue,
                        const Target& target)
{
    Parsed parsed;
    std::string text;
    try {
        DecodedText decoded = decode_text(bytes);
        parsed.encoding = decoded.encoding;
        text = std::move(decoded.text);
    } catch (const TextError& e) {
        parsed.errors.push_back({file, e.line(), "", e.what()});
        return parsed;
    }
    // Aiken is plain text: "<", ">" and "&" are characters, never markup.
    std::optional<Question> q;
    int q_line = 0;
    int line_no = 0;
    for (std::string_view raw : split_lines(text)) {
        ++line_no;
        std::string_view line = trim(raw);
        if (line.size() < 2) continue;
        const bool choice = line[0] >= 'A' && line[0] <= 'Z' && (line[1] == ')' || line[1] == '.');
        if (choice) {
            if (!q) {
                parsed.errors.push_back({file, line_no, "", "an answer line outside a question (no question text before it)"});
                continue;
            }
            q->options.push_back(trimmed(line.substr(2)));
        } else if (starts_with(line, "ANSWER:")) {
            if (!q) {
                parsed.errors.push_back({file, line_no, "ANSWER", "an ANSWER line outside a question"});
                continue;
            }
            ++parsed.read;
            std::string answer = trimmed(line.substr(line.find(':') + 1));
            if (q->options.size() < 2) {
                parsed.errors.push_back({file, line_no, "ANSWER", "the question needs at least two answers"});
                q.reset();
                continue;
            }
            std::string letter = answer.substr(0, 1);
            if (letter.empty() || letter[0] < 'A' || letter[0] >= static_cast<char>('A' + q->options.size())) {
                parsed.errors.push_back({file, line_no, "ANSWER", "'" + answer + "' names no answer of the question"});
                q.reset();
                continue;
            }
            q->answer = letter;
            store_question(parsed, std::move(*q), "aiken-", file, q_line, catalogue);
            q.reset();
        } else {
            if (q) {
                ++parsed.read;
                parsed.errors.push_back({file, line_no, "ANSWER",
                                         "the question above (line " + std::to_string(q_line) +
                                             ") has no ANSWER line before this next question"});
            }
            q = base_question(target, "");
            q->type = QuestionType::Single;
            q->stem = std::string(line);
            q_line = line_no;
        }
    }
    if (q) {
        ++parsed.read;
        parsed.errors.push_back({file, q_line, "ANSWER", "the question has no ANSWER line before the end of the file"});
    }
    return parsed;
}

Parsed parse_moodle_xml(const std::filesystem::path& path, const Catalogue& catalogue, const Target& target)
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
    return parse_moodle_xml_text(bytes, file, catalogue, target);
}

Parsed parse_moodle_xml_text(const std::string& bytes, const std::string& file, const Catalogue& catalogue,
                             const Target& target)
{
    Parsed parsed;
    const LineIndex lines(bytes);
    if (!valid_utf8(bytes)) {
        parsed.errors.push_back({file, 0, "", "Moodle XML files must be UTF-8 text"});
        return parsed;
    }
    parsed.encoding = starts_with(bytes, "\xEF\xBB\xBF") ? "UTF-8 with BOM" : "UTF-8";
    pugi::xml_document doc;
    pugi::xml_parse_result result = doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result) {
        parsed.errors.push_back(
            {file, lines.line(result.offset), "", std::string("is not well-formed XML: ") + result.description()});
        return parsed;
    }
    pugi::xml_node quiz = doc.child("quiz");
    if (!quiz) {
        parsed.errors.push_back({file, 1, "", "is not a Moodle XML question file (no <quiz> element)"});
        return parsed;
    }
    std::string category;
    for (pugi::xml_node node : quiz.children("question")) {
        const int line = lines.line(node.offset_debug());
        const std::string type = node.attribute("type").value();
        if (type == "category") {
            pugi::xml_node c = node.child("category");
            std::string raw = c.child("text") ? inner_text(c.child("text")) : inner_text(c);
            category = moodle_category_name(raw);
            parsed.categories.push_back(category);
            continue;
        }
        if (type != "multichoice" && type != "truefalse") {
            parsed.skipped.push_back({file, line, type.empty() ? "(none)" : type,
                                      "SafeKiosk has no " + (type.empty() ? std::string("untyped") : type) +
                                          " questions"});
            continue;
        }
        ++parsed.read;
        const std::string name = html_to_text(inner_text(node.child("name").child("text")));
        pugi::xml_node qt = node.child("questiontext");
        const TextFormat qformat = xml_format(qt.attribute("format").value(), TextFormat::Html);
        Question q = base_question(target, category);
        q.stem = plain(inner_text(qt.child("text")), qformat, parsed, file, line, "questiontext");
        pugi::xml_node gf = node.child("generalfeedback");
        q.explanation = plain(inner_text(gf.child("text")), xml_format(gf.attribute("format").value(), qformat), parsed,
                              file, line, "generalfeedback");
        bool ok = true;
        if (type == "truefalse") {
            q.type = QuestionType::TrueFalse;
            q.options = true_false_options();
            bool first = true;
            std::optional<bool> true_is_right;
            for (pugi::xml_node a : node.children("answer")) {
                std::string text = inner_text(a.child("text"));
                if (text != "true" && text != "false") text = first ? "true" : "false"; // old files: true first
                const double fraction = std::strtod(a.attribute("fraction").value(), nullptr);
                const bool full = std::fabs(fraction - 100) < 1e-9;
                true_is_right = text == "true" ? full : !full;
                first = false;
            }
            if (!true_is_right) {
                parsed.errors.push_back({file, line, "answer", "a true/false question without answers"});
                continue;
            }
            q.answer = *true_is_right ? "A" : "B";
            store_question(parsed, std::move(q), "xml-", file, line, catalogue);
            continue;
        }
        std::vector<int> correct;
        int index = 0;
        for (pugi::xml_node a : node.children("answer")) {
            const int aline = lines.line(a.offset_debug());
            std::string fraction_text = trimmed(a.attribute("fraction").value());
            double fraction = 0;
            if (!fraction_text.empty()) {
                char* end = nullptr;
                fraction = std::strtod(fraction_text.c_str(), &end) / 100.0;
                if (end == fraction_text.c_str() || *end != '\0') {
                    parsed.errors.push_back({file, aline, "fraction", "'" + fraction_text + "' is not a number"});
                    ok = false;
                    continue;
                }
            }
            if (!moodle_fraction_allowed(fraction)) {
                parsed.errors.push_back({file, aline, "fraction",
                                         fraction_text + " is not a grade Moodle allows (question '" + name +
                                             "'); Moodle stops such an import"});
                ok = false;
            }
            const TextFormat aformat = xml_format(a.attribute("format").value(), qformat);
            q.options.push_back(plain(inner_text(a.child("text")), aformat, parsed, file, aline, "answer"));
            if (fraction > 0) correct.push_back(index);
            ++index;
        }
        if (!ok) continue;
        if (correct.empty()) {
            parsed.errors.push_back({file, line, "answer", "no answer has a positive fraction (question '" + name + "')"});
            continue;
        }
        q.type = correct.size() > 1 ? QuestionType::Multiple : QuestionType::Single;
        q.answer = answer_letters(correct);
        store_question(parsed, std::move(q), "xml-", file, line, catalogue);
    }
    return parsed;
}

} // namespace sk::content::formats
