// UI strings of the desktop window, Chinese first (English when SAFEKIOSK_LANG=en or --lang en). Keys are short
// dotted names; every key has both languages (tests/admin_gui checks the table and that every tr("…") in the
// sources names a key).
#pragma once

#include <exception>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace sk::admin::gui {

enum class Language { Chinese, English };
void set_language(Language l);
Language language();

// The text of `key` in the current language; the key itself when unknown.
const char* tr(std::string_view key);
// tr(key) with {0}, {1} … replaced by the arguments.
std::string trf(std::string_view key, std::initializer_list<std::string> args);

struct StringEntry {
    const char* key;
    const char* zh;
    const char* en;
};
const std::vector<StringEntry>& string_table();

// What the user reads about a failure: a library refusal (exam::ExamError) worded by the table ("error." + its key),
// anything else as its what().
std::string message(const std::exception& e);

// Every string of every language (for the font's glyphs).
std::vector<std::string> all_strings();

} // namespace sk::admin::gui
