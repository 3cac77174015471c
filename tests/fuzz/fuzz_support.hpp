// Shared by the fuzz targets (tests/fuzz/<name>_fuzz.cpp): the catalogue the parsers check against, and the
// properties every parser's result must have whatever the input. A broken property aborts, which libFuzzer (and the
// corpus replay, tests/fuzz/replay_main.cpp) reports as a crash with the input that caused it.
#pragma once

#include "content/formats/export.hpp"
#include "content/formats/parsed.hpp"
#include "content/formats/text.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace sk::fuzz {

// The seeded catalogue of a fresh installation, built once in memory.
inline const content::Catalogue& catalogue()
{
    static const content::Catalogue c = [] {
        auto db = storage::Database::open_memory();
        storage::migrate(db, {&content::schema()});
        return content::ContentStore(db).catalogue();
    }();
    return c;
}

// Where Moodle questions go, as `content import --category 电工作业 --item 低压电工作业` would say.
inline content::formats::Target target() { return {"电工作业", "低压电工作业", ""}; }

// Media of the bundled demo pack: pack inputs may name its images (read only).
inline std::filesystem::path media_dir() { return std::filesystem::path(SAFEKIOSK_SOURCE_DIR) / "media" / "demo-pack"; }

inline std::string bytes_of(const std::uint8_t* data, std::size_t size)
{
    return std::string(reinterpret_cast<const char*>(data), size);
}

[[noreturn]] inline void broken(const std::string& what)
{
    std::fprintf(stderr, "fuzz: property broken: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

// Accepted questions and exhibits are valid and in the catalogue; every problem names a file.
inline void check_parsed(const content::formats::Parsed& p)
{
    for (const auto& sq : p.questions) {
        if (!content::validate(sq.q).empty()) broken("an invalid question was accepted (" + sq.file + ":" +
                                                     std::to_string(sq.line) + ")");
        if (!catalogue().find(sq.q.category, sq.q.item)) broken("a question outside the catalogue was accepted");
        if (sq.line < 0) broken("a negative line number");
    }
    for (const auto& se : p.exhibits)
        if (!content::validate(se.e).empty()) broken("an invalid exhibit was accepted");
    if (static_cast<int>(p.questions.size()) > p.read) broken("more questions accepted than read");
    for (const auto* list : {&p.errors, &p.warnings})
        for (const auto& problem : *list) {
            if (problem.file.empty()) broken("a problem without a file: " + problem.message);
            if (problem.line < 0) broken("a problem with a negative line: " + problem.to_string());
            if (problem.message.empty()) broken("a problem without a message");
        }
}

// A question written as a pack line and read back is the same question, field for field.
inline void check_pack_round_trip(const content::Question& q)
{
    if (!q.image.empty()) return; // its image would have to be in the pack
    const std::string line = content::formats::question_json_line(q);
    content::formats::PackTexts pack{R"({"format":"safekiosk-pack","version":1,"questions":["q.jsonl"]})",
                                     {{"q.jsonl", line + "\n"}}};
    const auto back = content::formats::parse_pack_texts(pack, media_dir(), catalogue());
    if (back.questions.size() != 1) broken("a question did not come back from its pack line: " + line);
    if (content::formats::question_json_line(back.questions.front().q) != line)
        broken("a question changed through its pack line: " + line);
}

// What the CSV importer makes of a cell: line breaks as LF (a lone CR is dropped by the writer), trimmed.
inline std::string csv_normal(const std::string& s)
{
    std::string out;
    for (char c : s)
        if (c != '\r') out.push_back(c);
    return content::formats::trimmed(out);
}

inline bool csv_representable(const content::Question& q)
{
    auto same = [](const std::string& s) { return csv_normal(s) == s; };
    if (!same(q.stem) || !same(q.explanation) || !same(q.chapter) || q.chapter.empty()) return false;
    for (const auto& o : q.options)
        if (!same(o)) return false;
    return true;
}

// Questions whose text survives CSV's rules (no leading/trailing space, no CR) written as CSV and read back are the
// same questions: type, stem, options, answer, explanation, category, item, chapter, difficulty.
inline void check_csv_round_trip(const std::vector<content::formats::SourceQuestion>& questions)
{
    std::vector<content::Question> qs;
    for (const auto& sq : questions)
        if (csv_representable(sq.q) && qs.size() < 64) qs.push_back(sq.q);
    if (qs.empty()) return;
    const std::string text = content::formats::questions_csv(qs);
    const auto back = content::formats::parse_csv_questions_text(text, "round-trip.csv", catalogue(), target());
    if (back.questions.size() != qs.size())
        broken("CSV round trip: " + std::to_string(qs.size()) + " questions written, " +
               std::to_string(back.questions.size()) + " read back" +
               (back.errors.empty() ? "" : " (" + back.errors.front().to_string() + ")"));
    for (std::size_t i = 0; i < qs.size(); ++i) {
        const auto& a = qs[i];
        const auto& b = back.questions[i].q;
        if (a.type != b.type || a.stem != b.stem || a.options != b.options || a.answer != b.answer ||
            a.explanation != b.explanation || a.category != b.category || a.item != b.item || a.chapter != b.chapter ||
            a.difficulty != b.difficulty)
            broken("CSV round trip changed a question: " + content::formats::question_json_line(a) + " -> " +
                   content::formats::question_json_line(b));
    }
}

// Everything above for one parser's result.
inline void check_all(const content::formats::Parsed& p)
{
    check_parsed(p);
    std::size_t n = 0;
    for (const auto& sq : p.questions)
        if (n++ < 16) check_pack_round_trip(sq.q);
    check_csv_round_trip(p.questions);
}

} // namespace sk::fuzz
