// The stored zh-HK texts of the content (docs/storage.md "Traditional Chinese (zh-HK) texts").
//
// Each distinct Simplified text of the content — a question's stem, options and explanation; an exhibit's title,
// place, summary, timeline, causes, violations, lessons, what to do instead, captions and quiz — has one row in the
// table zh_hk_text: the Simplified text (found by its SHA-256), OpenCC's s2hk conversion with the correction list
// applied, and an editor's correction when one was made (`safekiosk-admin content zh-hk set`), which is shown
// instead. Texts are converted when content is saved (import, editing a question or an exhibit); an edited text is
// a new text, converted anew; a correction stays with its text across imports. The kiosk reads one text at a time.
#pragma once

#include "content/model.hpp"
#include "content/storage/database.hpp"
#include "content/zh_hk/convert.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sk::content::zh_hk {

// The Simplified texts of a question / an exhibit (its quiz included) that have a zh-HK text.
std::vector<std::string> question_texts(const Question& q);
std::vector<std::string> exhibit_texts(const Exhibit& e);

// The key of a text in the table: the hex SHA-256 of its UTF-8 bytes.
std::string text_key(std::string_view simplified);

struct StoredText {
    std::int64_t id = 0;
    std::string source;                   // Simplified
    std::string converted;                // OpenCC s2hk + correction list
    std::optional<std::string> corrected; // an editor's text, shown instead
    const std::string& shown() const { return corrected ? *corrected : converted; }
};

class TextStore {
public:
    explicit TextStore(storage::Database& db) : db_(db) {}

    // Converts and stores each text not stored yet (blank texts and texts without a Chinese character are
    // skipped); returns how many it added. Runs in the caller's transaction when there is one.
    // `converter` null: Converter::shared(), opened only when a text needs converting.
    std::size_t store(const std::vector<std::string>& texts, const Converter* converter = nullptr);
    // The stored row of a Simplified text.
    std::optional<StoredText> find(std::string_view simplified);
    // The text to show in zh-HK: the stored one, else `simplified` itself (content stored by a program without
    // the conversion, or a text with no Chinese).
    std::string shown(std::string_view simplified);
    std::optional<StoredText> by_id(std::int64_t id);
    // Every distinct character of the texts shown (converted or corrected), once each, as UTF-8: the glyphs a
    // display needs for the zh-HK content, read without holding the texts.
    std::string characters();
    // Every stored text, by id; with `corrected_only`, only those an editor corrected.
    std::vector<StoredText> all(bool corrected_only = false);
    // Sets (or with nullopt clears) the editor's correction of row `id`; false when there is no such row. Throws
    // std::invalid_argument for an empty or non-UTF-8 text.
    bool set_corrected(std::int64_t id, const std::optional<std::string>& text);
    // Converts every stored text again with `converter` (after the correction list changed); returns how many
    // converted texts changed. Editors' corrections are kept.
    std::size_t reconvert(const Converter* converter = nullptr);

private:
    storage::Database& db_;
};

// A copy of a question / an exhibit with every text replaced by its zh-HK text (TextStore::shown); the uid,
// answer, dates, numbers and media paths are kept.
Question localised(const Question& q, TextStore& texts);
Exhibit localised(const Exhibit& e, TextStore& texts);

// Stores the zh-HK texts of all content in the database (the migration that adds the table, and a repair).
std::size_t store_all_content_texts(storage::Database& db, const Converter* converter = nullptr);

} // namespace sk::content::zh_hk
