#include "content/speech/normalise.hpp"

#include "content/speech/pronunciation.hpp"
#include "content/speech/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

namespace sk::speech {

using detail::append;
using detail::decode;
using detail::is_cjk;

Dialect dialect_for_language(std::string_view language)
{
    return language == "zh-HK" || language == "zh-MO" || language == "yue" ? Dialect::Cantonese : Dialect::Mandarin;
}

std::string_view to_string(Dialect d) { return d == Dialect::Cantonese ? "yue" : "cmn"; }

SourceRange Normalised::source_of(std::size_t first, std::size_t count) const
{
    SourceRange r{};
    bool any = false;
    for (std::size_t i = first; i < sources.size() && i < first + count; ++i) {
        const SourceRange& s = sources[i];
        if (s.begin == s.end) continue;
        if (!any) r = s;
        r.begin = std::min(r.begin, s.begin);
        r.end = std::max(r.end, s.end);
        any = true;
    }
    return r;
}

namespace {

constexpr std::array<std::string_view, 10> kDigits = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

// Up to 9999, no leading 零.
std::string section(unsigned n)
{
    static constexpr std::array<std::string_view, 4> units = {"", "十", "百", "千"};
    std::string out;
    bool zero = false;
    for (int p = 3; p >= 0; --p) {
        unsigned div = 1;
        for (int k = 0; k < p; ++k) div *= 10;
        const unsigned d = (n / div) % 10;
        if (d == 0) {
            if (!out.empty()) zero = true;
            continue;
        }
        if (zero) out += "零";
        zero = false;
        out += kDigits[d];
        out += units[static_cast<std::size_t>(p)];
    }
    return out;
}

} // namespace

std::string chinese_digits(std::string_view digits, bool yao)
{
    std::string out;
    for (const char c : digits)
        if (c >= '0' && c <= '9') out += (yao && c == '1') ? std::string_view("幺") : kDigits[static_cast<std::size_t>(c - '0')];
    return out;
}

std::string chinese_cardinal(std::string_view digits)
{
    std::string_view d = digits;
    while (d.size() > 1 && d.front() == '0') d.remove_prefix(1);
    if (d.empty() || d.size() > 12 || d.find_first_not_of("0123456789") != std::string_view::npos)
        return chinese_digits(digits);
    std::uint64_t n = 0;
    for (const char c : d) n = n * 10 + static_cast<std::uint64_t>(c - '0');
    if (n == 0) return "零";
    static constexpr std::array<std::string_view, 3> group_units = {"", "万", "亿"};
    const std::array<unsigned, 3> groups = {static_cast<unsigned>(n % 10000), static_cast<unsigned>(n / 10000 % 10000),
                                            static_cast<unsigned>(n / 100000000 % 10000)};
    std::string out;
    bool zero = false;
    for (int g = 2; g >= 0; --g) {
        const unsigned v = groups[static_cast<std::size_t>(g)];
        if (v == 0) {
            if (!out.empty()) zero = true;
            continue;
        }
        if (!out.empty() && (zero || v < 1000)) out += "零";
        zero = false;
        out += section(v);
        out += group_units[static_cast<std::size_t>(g)];
    }
    // 10-19 at the head: 十五, 十万, not 一十五.
    if (out.rfind("一十", 0) == 0) out.erase(0, std::string_view("一").size());
    return out;
}

namespace {

struct Ch {
    char32_t c;     // as written
    char32_t a;     // full-width ASCII folded to ASCII, the ideographic space to ' '
    std::size_t b;  // source bytes [b, e)
    std::size_t e;
};

char32_t fold(char32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
    if (c == 0x3000 || c == 0xA0) return ' ';
    if (c == 0x2212) return '-'; // minus sign
    return c;
}

bool digit(char32_t a) { return a >= '0' && a <= '9'; }
bool upper(char32_t a) { return a >= 'A' && a <= 'Z'; }
bool lower(char32_t a) { return a >= 'a' && a <= 'z'; }
bool alpha(char32_t a) { return upper(a) || lower(a); }
bool alnum(char32_t a) { return alpha(a) || digit(a); }
bool dash(char32_t c) { return c == '-' || c == 0x2014 || c == 0x2013 || c == 0x2010 || c == 0x2011; }
bool range_mark(char32_t a) { return a == '~' || a == 0x301C || dash(a); }

struct Unit {
    std::string_view text;
    std::string_view spoken;
};

// Longest first where one is the start of another.
constexpr std::array<Unit, 64> kUnits = {{
    {"mg/m³", "毫克每立方米"}, {"mg/m3", "毫克每立方米"}, {"g/m³", "克每立方米"}, {"kg/m³", "千克每立方米"},
    {"km/h", "千米每小时"}, {"m/s", "米每秒"}, {"r/min", "转每分"}, {"kW·h", "千瓦时"}, {"kWh", "千瓦时"},
    {"kg/L", "千克每升"}, {"V·A", "伏安"}, {"dB(A)", "分贝A"}, {"dB（A）", "分贝A"}, {"dB", "分贝"},
    {"mm²", "平方毫米"}, {"cm²", "平方厘米"}, {"km²", "平方千米"}, {"m²", "平方米"}, {"m³", "立方米"},
    {"mm2", "平方毫米"}, {"m2", "平方米"}, {"m3", "立方米"}, {"MΩ", "兆欧"}, {"kΩ", "千欧"}, {"Ω", "欧"},
    {"kV", "千伏"}, {"mV", "毫伏"}, {"V", "伏"}, {"mA", "毫安"}, {"kA", "千安"}, {"A", "安"}, {"kW", "千瓦"},
    {"MW", "兆瓦"}, {"W", "瓦"}, {"MPa", "兆帕"}, {"kPa", "千帕"}, {"Pa", "帕"}, {"kHz", "千赫兹"}, {"Hz", "赫兹"},
    {"km", "千米"}, {"cm", "厘米"}, {"mm", "毫米"}, {"m", "米"}, {"kg", "千克"}, {"mg", "毫克"}, {"g", "克"},
    {"t", "吨"}, {"mL", "毫升"}, {"ml", "毫升"}, {"L", "升"}, {"min", "分钟"}, {"ms", "毫秒"}, {"s", "秒"},
    {"h", "小时"}, {"lx", "勒克斯"}, {"ppm", "P P M"}, {"°C", "摄氏度"}, {"℃", "摄氏度"}, {"°F", "华氏度"},
    {"°", "度"}, {"′", "分"}, {"kN", "千牛"}, {"N", "牛"}, {"J", "焦"},
}};

struct Formula {
    std::string_view text;
    std::string_view name;
};

constexpr std::array<Formula, 24> kFormulas = {{
    {"CO2", "二氧化碳"}, {"CO", "一氧化碳"}, {"H2S", "硫化氢"}, {"SO2", "二氧化硫"}, {"NO2", "二氧化氮"},
    {"NO", "一氧化氮"}, {"NH3", "氨"}, {"CH4", "甲烷"}, {"O2", "氧气"}, {"N2", "氮气"}, {"H2", "氢气"},
    {"Cl2", "氯气"}, {"HCl", "氯化氢"}, {"H2O", "水"}, {"NaOH", "氢氧化钠"}, {"H2SO4", "硫酸"}, {"HNO3", "硝酸"},
    {"C2H2", "乙炔"}, {"C3H8", "丙烷"}, {"C2H4", "乙烯"}, {"SF6", "六氟化硫"}, {"O3", "臭氧"}, {"HF", "氟化氢"},
    {"CaO", "氧化钙"},
}};

// Element symbols (for formulas not in the table, read letter by letter).
bool element(std::string_view s)
{
    static constexpr std::array<std::string_view, 40> els = {
        "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca",
        "Ti", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Br", "Ag", "Sn", "I", "Ba", "Pt", "Au", "Hg", "Pb", "U",
        "As", "Cd"};
    return std::find(els.begin(), els.end(), s) != els.end();
}

// Characters that, right after a number, say it counts something (so 120次 is a count, not the emergency number).
bool measure_word(char32_t c)
{
    static constexpr std::u32string_view words = U"次个人名分秒米度元年月日天时周岁台件条项种只根块层倍张层级";
    return words.find(c) != std::u32string_view::npos;
}

constexpr std::array<std::pair<char32_t, std::string_view>, 34> kSymbols = {{
    {U'≥', "大于等于"}, {U'⩾', "大于等于"}, {U'≤', "小于等于"}, {U'⩽', "小于等于"}, {U'≠', "不等于"},
    {U'>', "大于"}, {U'<', "小于"}, {U'=', "等于"}, {U'±', "正负"}, {U'×', "乘"}, {U'÷', "除以"},
    {U'√', "根号"}, {U'℃', "摄氏度"}, {U'Ω', "欧"}, {U'%', "百分号"}, {U'+', "加"},
    {U'Ⅰ', "一"}, {U'Ⅱ', "二"}, {U'Ⅲ', "三"}, {U'Ⅳ', "四"}, {U'Ⅴ', "五"}, {U'Ⅵ', "六"}, {U'Ⅶ', "七"},
    {U'Ⅷ', "八"}, {U'Ⅸ', "九"}, {U'Ⅹ', "十"}, {U'①', "一"}, {U'②', "二"}, {U'③', "三"}, {U'④', "四"},
    {U'⑤', "五"}, {U'⑥', "六"}, {U'⑦', "七"}, {U'⑧', "八"},
}};

class Normaliser {
public:
    Normaliser(std::string_view text, Dialect dialect, const PronunciationList* list)
        : text_(text), dialect_(dialect), list_(list)
    {
        for (std::size_t i = 0; i < text.size();) {
            const auto d = decode(text, i);
            if (d.len == 0) {
                ++i; // an invalid byte is dropped
                continue;
            }
            char32_t c = d.c;
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029) c = ' ';
            ch_.push_back({c, fold(c), i, i + d.len});
            i += d.len;
        }
    }

    Normalised run()
    {
        std::size_t i = 0;
        while (i < ch_.size()) {
            const std::size_t before = i;
            i = step(i);
            if (i <= before) i = before + 1; // never stuck
        }
        return std::move(out_);
    }

private:
    char32_t a(std::size_t i) const { return i < ch_.size() ? ch_[i].a : 0; }
    char32_t prev(std::size_t i) const { return i > 0 ? ch_[i - 1].a : 0; }
    char32_t raw(std::size_t i) const { return i < ch_.size() ? ch_[i].c : 0; } // as written

    // Emits `spoken`, every code point of it reading source characters [from, to). Latin letters and digits never
    // run into the ones before (P E, not PE, which the engine reads as pinyin); next to Chinese they need no space.
    void emit(std::string_view spoken, std::size_t from, std::size_t to)
    {
        const auto ascii_alnum = [](char c) { return alnum(static_cast<unsigned char>(c)); };
        if (!spoken.empty() && ascii_alnum(spoken.front()) && !out_.spoken.empty() && ascii_alnum(out_.spoken.back()))
            emit(" ", from, from);
        const std::size_t b = from < ch_.size() ? ch_[from].b : text_.size();
        const SourceRange r{b, to <= from ? b : (to <= ch_.size() ? ch_[to - 1].e : text_.size())};
        for (std::size_t k = 0; k < spoken.size();) {
            const auto d = decode(spoken, k);
            const std::size_t n = d.len ? d.len : 1;
            out_.spoken.append(spoken.substr(k, n));
            out_.sources.push_back(r);
            k += n;
        }
    }
    void emit_char(std::size_t i)
    {
        std::string s;
        append(s, ch_[i].c);
        emit(s, i, i + 1);
    }

    // Does the source at character `i` spell `s` (compared with the text as written)?
    std::size_t match(std::size_t i, std::string_view s) const
    {
        if (i >= ch_.size()) return 0;
        const std::size_t b = ch_[i].b;
        if (text_.substr(b, s.size()) != s) return 0;
        std::size_t k = i;
        while (k < ch_.size() && ch_[k].b < b + s.size()) ++k;
        if (k > 0 && ch_[k - 1].e != b + s.size()) return 0; // ends inside a character (dropped bytes)
        return k - i;
    }

    std::size_t step(std::size_t i)
    {
        if (list_) {
            if (const PronunciationEntry* e = list_->match(text_, ch_[i].b, dialect_)) {
                const std::size_t n = match(i, e->word);
                if (n == e->units.size()) {
                    for (std::size_t k = 0; k < n; ++k) emit(e->units[k], i + k, i + k + 1);
                    return i + n;
                }
            }
        }
        const char32_t c = a(i);
        if (digit(c) || ((c == '-') && digit(a(i + 1)) && !alnum(prev(i)) && !range_after_number(i)))
            return number(i);
        if (upper(c) && !alpha(prev(i))) {
            if (const std::size_t n = code(i)) return n;
            if (const std::size_t n = formula(i)) return n;
            if (const std::size_t n = option_letter(i)) return n;
        }
        if (alpha(c)) return letters(i);
        if (c == '(' ) {
            std::size_t k = i + 1;
            while (a(k) == ' ') ++k;
            if (a(k) == ')') {
                emit("括号", i, k + 1);
                return k + 1;
            }
        }
        if (c == '_' && a(i + 1) == '_') {
            std::size_t k = i;
            while (a(k) == '_') ++k;
            emit("横线", i, k);
            return k;
        }
        if (c == '/') {
            static constexpr std::array<std::string_view, 9> per = {"分", "秒", "小时", "天", "日", "年", "月", "人", "次"};
            for (const auto p : per)
                if (match(i + 1, p)) {
                    emit("每", i, i + 1);
                    return i + 1;
                }
            emit(alpha(prev(i)) && alpha(a(i + 1)) ? "除以" : "、", i, i + 1);
            return i + 1;
        }
        if (ch_[i].c == U'·' && i > 0 && is_cjk(ch_[i - 1].c) && is_cjk(raw(i + 1))) return i + 1; // 张·三: silent
        if (ch_[i].c == U'‰') {
            emit("千分号", i, i + 1);
            return i + 1;
        }
        for (const auto& [sym, spoken] : kSymbols)
            if (ch_[i].a == sym) {
                emit(spoken, i, i + 1);
                return i + 1;
            }
        emit_char(i);
        return i + 1;
    }

    // A '-' that follows a number as a range (60-500V): read by number() as 至, not as a minus sign.
    bool range_after_number(std::size_t i) const { return i > 0 && digit(prev(i)); }

    // "GB 50194—2014", "GB/T 3608", "JGJ46", "AQ/T 3034-2022": two to five capitals, an optional /T or /Z, spaces,
    // digits (with points), an optional dash and year.
    std::size_t code(std::size_t i)
    {
        std::size_t k = i;
        while (upper(a(k))) ++k;
        const std::size_t letters_end = k;
        if (letters_end - i < 2 || letters_end - i > 5) return 0;
        std::size_t suffix = letters_end;
        if (a(k) == '/' && upper(a(k + 1)) && !alpha(a(k + 2))) {
            suffix = k + 1;
            k += 2;
        }
        std::size_t digits_at = k;
        while (a(digits_at) == ' ') ++digits_at;
        if (!digit(a(digits_at))) return 0;
        for (const auto& f : kFormulas)
            if (match(i, f.text) && !alnum(a(i + f.text.size()))) return 0; // CO2 is a formula
        for (std::size_t l = i; l < letters_end; ++l) emit_char(l);
        if (suffix != letters_end) emit_char(suffix);
        k = digits_at;
        while (digit(a(k)) || (a(k) == '.' && digit(a(k + 1)))) {
            if (a(k) == '.') emit("点", k, k + 1);
            else emit(chinese_digits(std::string(1, static_cast<char>(a(k)))), k, k + 1);
            ++k;
        }
        std::size_t d = k;
        while (a(d) == ' ') ++d;
        if (d < ch_.size() && dash(a(d))) {
            std::size_t y = d + 1;
            while (a(y) == ' ') ++y;
            if (digit(a(y))) {
                emit("杠", d, d + 1);
                while (digit(a(y))) {
                    emit(chinese_digits(std::string(1, static_cast<char>(a(y)))), y, y + 1);
                    ++y;
                }
                k = y;
            }
        }
        return k;
    }

    // A formula: a known one by its name, else element symbols and counts (C3H8 → C 三 H 八).
    std::size_t formula(std::size_t i)
    {
        std::size_t end = i;
        while (alnum(a(end))) ++end;
        std::string run;
        for (std::size_t k = i; k < end; ++k) run += static_cast<char>(a(k));
        for (const auto& f : kFormulas)
            if (run == f.text) {
                emit(f.name, i, end);
                return end;
            }
        // Unknown: at least two element symbols and a count.
        std::size_t k = i;
        int symbols = 0;
        bool count = false;
        while (k < end) {
            if (!upper(a(k))) return 0;
            std::string sym(1, static_cast<char>(a(k)));
            if (lower(a(k + 1)) && element(sym + static_cast<char>(a(k + 1)))) sym += static_cast<char>(a(k + 1));
            if (!element(sym)) return 0;
            k += sym.size();
            ++symbols;
            while (digit(a(k))) {
                ++k;
                count = true;
            }
        }
        if (symbols < 2 || !count) return 0;
        k = i;
        while (k < end) {
            if (alpha(a(k))) {
                emit_char(k++);
                continue;
            }
            std::size_t d = k;
            std::string digits;
            while (digit(a(d))) digits += static_cast<char>(a(d++));
            emit(chinese_cardinal(digits), k, d);
            k = d;
        }
        return end;
    }

    // "A.正确", "B．错误": the engine reads the full stop as "space"; A、 is read as a pause.
    std::size_t option_letter(std::size_t i)
    {
        if (alpha(a(i + 1)) || a(i + 1) != '.' || digit(a(i + 2))) return 0;
        emit_char(i);
        emit("、", i + 1, i + 2);
        std::size_t k = i + 2;
        while (a(k) == ' ') ++k;
        return k;
    }

    // Latin letters: capitals and mixed words are spelt (PE → P E, TN-S → T N S, kV → k V); lower-case words are
    // left to the engine.
    std::size_t letters(std::size_t i)
    {
        std::size_t end = i;
        bool has_upper = false;
        while (alpha(a(end))) has_upper |= upper(a(end++));
        // A unit without a number before it: （ ）mg/m³, （kV）.
        if (!alpha(prev(i))) {
            const Unit u = unit_at(i);
            const std::size_t n = u.text.size() ? match(i, u.text) : 0;
            if (n >= 2 && n >= end - i) {
                emit(u.spoken, i, i + n);
                return i + n;
            }
        }
        if (!has_upper || end - i > 8) {
            std::string word;
            for (std::size_t k = i; k < end; ++k) append(word, ch_[k].c);
            emit(word, i, end);
            return end;
        }
        for (std::size_t k = i; k < end; ++k) emit_char(k);
        // TN-C-S: the dash between letters is a pause, not a minus sign.
        if (dash(a(end)) && upper(a(end + 1))) {
            emit(" ", end, end + 1);
            return end + 1;
        }
        return end;
    }

    bool emergency(std::string_view digits, std::size_t i, std::size_t after) const
    {
        static constexpr std::array<std::string_view, 7> numbers = {"110", "119", "120", "122", "12350", "12345", "12315"};
        if (std::find(numbers.begin(), numbers.end(), digits) == numbers.end()) return false;
        const char32_t p = prev(i);
        if (range_mark(p) || (i > 0 && (raw(i - 1) == U'第' || raw(i - 1) == U'至'))) return false;
        const char32_t n = raw(after);
        return !(alnum(a(after)) || a(after) == '.' || a(after) == '%' || a(after) == '/' || measure_word(n) ||
                 range_mark(a(after)) || unit_at(after).text.size() || a(after) == ':');
    }

    Unit unit_at(std::size_t i) const
    {
        for (const Unit& u : kUnits) {
            const std::size_t n = match(i, u.text);
            if (!n) continue;
            // A Latin unit ends the word: 3m以上 is metres, 3max is not.
            const unsigned char last = static_cast<unsigned char>(u.text.back());
            if (last < 0x80 && alpha(last) && alpha(a(i + n))) continue;
            return u;
        }
        return {};
    }

    std::size_t number(std::size_t i)
    {
        const std::size_t start = i;
        bool negative = false;
        if (a(i) == '-') {
            negative = true;
            ++i;
        }
        std::string integer;
        std::size_t k = i;
        while (digit(a(k))) integer += static_cast<char>(a(k++));
        std::string fraction;
        if (a(k) == '.' && digit(a(k + 1))) {
            ++k;
            while (digit(a(k))) fraction += static_cast<char>(a(k++));
        }
        std::size_t end = k;

        // 09:20 → 九时二十分; 30:2, 1:29:300 → 三十比二, 一比二十九比三百 (a ratio)
        const bool clock = integer.size() <= 2 && std::stoi(integer) <= 24 && a(k) == ':' && digit(a(k + 1)) &&
                           digit(a(k + 2)) && !digit(a(k + 3)) && a(k + 1) <= '5' && a(k + 3) != ':';
        if (fraction.empty() && !negative && !clock && a(k) == ':' && digit(a(k + 1))) {
            emit(chinese_cardinal(integer), start, k);
            emit("比", k, k + 1);
            return k + 1;
        }
        if (fraction.empty() && !negative && clock) {
            const std::string minutes{static_cast<char>(a(k + 1)), static_cast<char>(a(k + 2))};
            std::string s = chinese_cardinal(integer) + "时";
            if (minutes != "00") s += (minutes[0] == '0' ? "零" : "") + chinese_cardinal(minutes) + "分";
            emit(s, start, k + 3);
            return k + 3;
        }
        // 1/3 → 三分之一, 1/√3 → 根号三分之一
        if (fraction.empty() && a(k) == '/' && (digit(a(k + 1)) || (raw(k + 1) == U'√' && digit(a(k + 2))))) {
            std::size_t d = k + 1;
            std::string root;
            if (!digit(a(d))) {
                root = "根号";
                ++d;
            }
            std::string den;
            while (digit(a(d))) den += static_cast<char>(a(d++));
            if (!unit_at(d).text.size() || root.size()) {
                emit((negative ? "负" : "") + root + chinese_cardinal(den) + "分之" + chinese_cardinal(integer), start, d);
                return d;
            }
        }

        const char32_t next = raw(k);
        const bool year = fraction.empty() && !negative && integer.size() == 4 && integer[0] >= '1' &&
                          integer[0] <= '2' && (next == U'年' || next == U'修' || next == U'版');
        std::string reading;
        if (year) reading = chinese_digits(integer);
        else if (emergency(integer, start, k) && !negative)
            reading = chinese_digits(integer, dialect_ == Dialect::Mandarin);
        else if ((integer.size() > 1 && integer[0] == '0') || integer.size() >= 9)
            reading = chinese_digits(integer);
        else
            reading = chinese_cardinal(integer);
        if (!fraction.empty()) reading += "点" + chinese_digits(fraction);
        // Mandarin counts two of something 两: 2次, 2人, 2m → 两次, 两人, 两米.
        if (dialect_ == Dialect::Mandarin && integer == "2" && fraction.empty() && !negative &&
            (std::u32string_view(U"个次年天人名台件条项种只根块层倍张周岁米万千").find(raw(k)) != std::u32string_view::npos ||
             (unit_at(k).text.size() && raw(k) != U'°' && raw(k) != U'℃')))
            reading = "两";

        std::size_t after = end;
        while (a(after) == ' ' && after - end < 1) ++after;
        std::string prefix;
        std::string suffix;
        if (a(after) == '%') {
            prefix = "百分之";
            end = after + 1;
        } else if (raw(after) == U'‰') {
            prefix = "千分之";
            end = after + 1;
        } else if (const Unit u = unit_at(after); u.text.size()) {
            suffix = std::string(u.spoken);
            end = after + match(after, u.text);
        }
        if (negative) {
            const bool temperature = suffix == "摄氏度" || suffix == "华氏度";
            prefix = (temperature ? "零下" : "负") + prefix;
        }
        emit(prefix + reading + suffix, start, end);
        // 5～6cm, 60-500V, 19.5%～21%: a range.
        if (range_mark(a(end)) && (digit(a(end + 1)) || (a(end + 1) == ' ' && digit(a(end + 2))))) {
            emit("至", end, end + 1);
            ++end;
            while (a(end) == ' ') ++end;
        }
        return end;
    }

    std::string_view text_;
    Dialect dialect_;
    const PronunciationList* list_;
    std::vector<Ch> ch_;
    Normalised out_;
};

} // namespace

Normalised normalise(std::string_view text, Dialect dialect, const PronunciationList* list)
{
    return Normaliser(text, dialect, list).run();
}

} // namespace sk::speech
