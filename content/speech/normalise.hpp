// Read-aloud text: what the speech engine is given for a question's text, and where each spoken character came
// from (so the kiosk can highlight the character being read).
//
// espeak-ng reads Chinese text well but stumbles on what exam questions are full of: 3.5米 ("三五米"), 80%
// ("八十 percent"), 2024年 ("二千二十四年"), standard codes (GB 50194 read as a number), formulas (CO2 "cuo"),
// option letters ("A.正确" with "space"), units (kV, mA, ℃, mg/m³) and polyphonic words (着火 read zhe). normalise()
// rewrites such text into characters and inline pinyin the engine reads right; it is a pure function.
//
// What it does, in order of precedence at each position:
//   - a word of the pronunciation list (pronunciation.hpp) is replaced by its reading (e.g. 着火 → zhao2火);
//   - a standard code (GB 50194—2014, GB/T 3608, JGJ 46, AQ/T 3034) is spelt letter by letter and read digit by
//     digit, the year after its dash too (G B 五零一九四 杠 二零一四);
//   - a chemical formula is named when known (CO2 → 二氧化碳, H2S → 硫化氢), else spelt (C 三 H 八);
//   - an option letter with a full stop (A. / A．) becomes A、;
//   - a number: years (2024年 → 二零二四年), percentages (80% → 百分之八十, ranges too), decimals (3.5 → 三点五),
//     fractions (1/3 → 三分之一), times (09:20 → 九时二十分), negative temperatures (-34℃ → 零下三十四摄氏度),
//     emergency numbers (119 → 幺幺九), ranges (5～6cm → 五至六厘米), long or zero-led numbers digit by digit,
//     and the unit after it (kV → 千伏, mg/m³ → 毫克每立方米, ℃ → 摄氏度, Ω → 欧);
//   - other Latin capitals are spelt (PE线 → P E线, TN-S → T N S);
//   - symbols are said (≥ 大于等于, ± 正负, Ⅱ 二), and an empty answer bracket （ ） is read 括号.
// Cantonese (the yue voice) reads the same characters; it says 一 where Mandarin says 幺 in phone numbers, and has no
// inline pinyin (its pronunciation rows replace characters instead).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sk::speech {

enum class Dialect { Mandarin, Cantonese };

// The dialect a kiosk language is read in: Cantonese for zh-HK and zh-MO (yue), Mandarin otherwise.
Dialect dialect_for_language(std::string_view language);
std::string_view to_string(Dialect d); // "cmn", "yue"

class PronunciationList;

// A byte range [begin, end) of the source text.
struct SourceRange {
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct Normalised {
    std::string spoken;               // UTF-8, what the engine reads
    std::vector<SourceRange> sources; // one per code point of `spoken`: the source bytes it reads
    // The source bytes read by code points [first, first + count) of `spoken` (clamped); empty when none.
    SourceRange source_of(std::size_t first, std::size_t count) const;
};

// Rewrites `text` for the engine. `list` may be null (no pronunciation fixes). Invalid UTF-8 bytes are dropped
// (never passed to the engine), control characters become spaces.
Normalised normalise(std::string_view text, Dialect dialect, const PronunciationList* list = nullptr);

// An integer as Chinese numerals: 2024 → 二千零二十四, 10 → 十, 100005 → 十万零五. Digits only, at most 12 of them
// (larger: read digit by digit).
std::string chinese_cardinal(std::string_view digits);
// Digit by digit: 2024 → 二零二四; with `yao`, 1 is 幺 (phone numbers in Mandarin).
std::string chinese_digits(std::string_view digits, bool yao = false);

} // namespace sk::speech
