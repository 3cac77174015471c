// The pronunciation list as data: rows checked with file and line, the built-in list parses, and each of its rows
// changes what espeak-ng says (a row that changed nothing would be dead weight or a typo).
#include "content/speech/pronunciation.hpp"
#include "content/speech/synth.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <string>

using namespace sk::speech;

namespace {
std::string error_of(const std::string& text)
{
    try {
        PronunciationList::parse(text, "list.tsv");
    } catch (const PronunciationError& e) {
        return e.what();
    }
    return "";
}
} // namespace

TEST_CASE("the built-in pronunciation list parses and has the words of the issue")
{
    const auto& list = PronunciationList::builtin();
    CHECK(list.entries().size() >= 40);
    for (const std::string w : {"着火", "重新", "调试", "处理", "还原", "不得"}) {
        INFO(w);
        CHECK(list.match(w, 0, Dialect::Mandarin) != nullptr);
    }
    const auto* e = list.match("着火点", 0, Dialect::Mandarin);
    REQUIRE(e);
    CHECK(e->units == std::vector<std::string>{"zhao2", "火"});
    CHECK(list.match("着火", 0, Dialect::Cantonese)->units == std::vector<std::string>{"雀", "火"});
}

TEST_CASE("a bad row is refused naming the file, the line and the problem")
{
    CHECK(error_of("# comment\n\ncmn\t着火\n") ==
          "list.tsv:3: expected 3 or 4 tab-separated columns (dialect, word, reading[, note]), found 2");
    CHECK(error_of("xx\t着火\tzhao2火\n") == "list.tsv:1: dialect 'xx' is neither cmn nor yue");
    CHECK(error_of("cmn\t着火\tzhao火\n").find("list.tsv:1: the reading 'zhao火' has 'zhao'") == 0);
    CHECK(error_of("cmn\t着火\tzhao2\n") == "list.tsv:1: the reading 'zhao2' has 1 syllables for the 2 characters of '着火'");
    CHECK(error_of("cmn\t着火\t着火\n") == "list.tsv:1: the reading is the word itself");
    CHECK(error_of("cmn\tfire\tzhao2\n") == "list.tsv:1: the word 'fire' has a character that is not Chinese");
    CHECK(error_of("yue\t着火\tzoek3火\n").find("list.tsv:1: a yue reading cannot use pinyin") == 0);
    CHECK(error_of("cmn\t着火\tzhao2火\ncmn\t着火\tzhuo2火\n") ==
          "list.tsv:2: '着火' is listed for cmn already (list.tsv:1)");
    CHECK(error_of("cmn\t着火\tzhao2火\x01\n") == "list.tsv:1: control character at byte 20");
    CHECK(error_of("cmn\t着\xFF\tzhao2\n") == "list.tsv:1: not UTF-8 (byte 8)");
    CHECK(error_of("cmn\t\tzhao2\n") == "list.tsv:1: the word must have 1 to 8 Chinese characters");
    CHECK(error_of(std::string(1200, '#') + "\n") == "list.tsv:1: line longer than 1000 bytes");
    // Good: CRLF, a BOM, a note column; the same word for both dialects.
    const auto ok = PronunciationList::parse("\xEF\xBB\xBF" "cmn\t着火\tzhao2火\tnote\r\nyue\t着火\t雀火\r\n", "ok.tsv");
    CHECK(ok.entries().size() == 2);
    CHECK(ok.entries()[0].source == "ok.tsv:1");
}

TEST_CASE("a list file that is not a regular file is refused, not read")
{
    sk::test::TempDir dir;
    const auto fifo = dir / "list.fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH_AS(PronunciationList::load(fifo), doctest::Contains("not a regular file"), PronunciationError);
    CHECK_THROWS_AS(PronunciationList::load("/dev/zero"), PronunciationError);
    CHECK_THROWS_WITH_AS(PronunciationList::load(dir / "missing.tsv"), doctest::Contains("missing.tsv"),
                         PronunciationError);
    sk::test::write_file(dir / "mine.tsv", "cmn\t着火\tzhuo2火\ncmn\t电工\tdian3工\n");
    PronunciationList list = PronunciationList::builtin();
    const std::size_t before = list.entries().size();
    list.merge(PronunciationList::load(dir / "mine.tsv"));
    CHECK(list.entries().size() == before + 1); // 着火 replaced, 电工 added
    CHECK(list.match("着火", 0, Dialect::Mandarin)->units[0] == "zhuo2");
}

TEST_CASE("every row of the built-in list changes what the engine says")
{
    const Synthesiser cmn(SynthOptions{Dialect::Mandarin});
    const Synthesiser yue(SynthOptions{Dialect::Cantonese});
    for (const auto& e : PronunciationList::builtin().entries()) {
        const Synthesiser& s = e.dialect == Dialect::Mandarin ? cmn : yue;
        std::string reading;
        for (const auto& u : e.units) reading += u + (u[0] >= 'a' && u[0] <= 'z' ? " " : "");
        INFO(e.source, ": ", e.word, " → ", reading);
        // Phonemes without the word breaks, so only the sounds are compared.
        auto sounds = [](std::string p) {
            std::erase_if(p, [](char c) { return c == ' ' || c == '_' || c == '|' || c == '\''; });
            return p;
        };
        CHECK(sounds(s.phonemes(e.word)) != sounds(s.phonemes(reading)));
    }
    // The reading of 着火 is the one a person says: zháo (ts.Au35), not zhe (ts.o-11).
    CHECK(cmn.phonemes("着火").find("ts.'o-11") != std::string::npos);
    CHECK(cmn.phonemes("zhao2火").find("ts.'Au35") != std::string::npos);
}
