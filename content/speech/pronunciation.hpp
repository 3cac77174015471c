// The pronunciation list: words the speech engine reads wrong, with the reading that fixes them, kept as data
// (content/speech/pronunciation.tsv, built into the library; a kiosk may add a file of its own).
//
// espeak-ng picks one reading per character, so polyphonic words come out wrong (着火 read zhe huo, 处理 chu4,
// 调试 diao4). Its Mandarin voice reads inline pinyin with a tone digit in the middle of Chinese text ("发生zhao2火时"
// is read right), so a row gives the word and its reading with the wrong characters replaced by pinyin:
//
//     # dialect <TAB> word <TAB> reading [<TAB> note]
//     cmn	着火	zhao2火	着 zháo, not zhe
//     yue	處理	杵理	处 cyu2 (the yue voice has no inline romanisation: a character read the same replaces it)
//
// The reading has one unit per character of the word, in order: the same character, another CJK character read
// as it should be, or (cmn only) a pinyin syllable of lower-case letters and a tone digit 1-5. Blank lines and
// lines starting with '#' are ignored. A bad row is an error naming the file, the line and what is wrong; nothing
// of a file with an error is used.
#pragma once

#include "content/speech/normalise.hpp"

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sk::speech {

class PronunciationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PronunciationEntry {
    Dialect dialect = Dialect::Mandarin;
    std::string word;               // UTF-8, CJK characters only
    std::vector<std::string> units; // one per character of `word`: what the engine is given for it
    std::string source;             // "file:line", for messages
};

class PronunciationList {
public:
    PronunciationList() = default;
    // Parses the text of a list; `source` names it in errors ("pronunciation.tsv:12: …"). Throws PronunciationError.
    static PronunciationList parse(std::string_view text, const std::string& source);
    // Reads a list file (a regular file of at most 1 MiB). Throws PronunciationError (also for a file that cannot
    // be read).
    static PronunciationList load(const std::filesystem::path& path);
    // The list built into the library (content/speech/pronunciation.tsv).
    static const PronunciationList& builtin();

    // Adds the entries of `other`; its rows replace this list's rows for the same word and dialect.
    void merge(const PronunciationList& other);

    // The longest entry of `dialect` whose word starts at byte `pos` of `text`, or null.
    const PronunciationEntry* match(std::string_view text, std::size_t pos, Dialect dialect) const;
    const std::vector<PronunciationEntry>& entries() const { return entries_; }

private:
    std::vector<PronunciationEntry> entries_;
    std::size_t longest_word_ = 0; // bytes
};

} // namespace sk::speech
