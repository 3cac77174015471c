#include "kiosk/ui/text.hpp"

#include "kiosk/ui/frame_record.hpp"
#include "kiosk/ui/theme.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>

namespace sk::ui {

namespace {

bool is_cjk(unsigned c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0x2010 && c <= 0x206F);
}

bool is_space(unsigned c) { return c == ' ' || c == '\t' || c == 0x3000; }

// Characters that may not begin a line.
bool no_line_start(unsigned c)
{
    static constexpr char32_t chars[] = U"，。、；：？！）】」』》〉”’…·—%,.;:?!)]}";
    return std::char_traits<char32_t>::find(chars, std::size(chars) - 1, c) != nullptr;
}

// Characters that may not end a line.
bool no_line_end(unsigned c)
{
    static constexpr char32_t chars[] = U"（【「『《〈“‘([{";
    return std::char_traits<char32_t>::find(chars, std::size(chars) - 1, c) != nullptr;
}

struct Char {
    unsigned code;
    std::size_t at;  // byte offset
    std::size_t len; // bytes
    float advance;
};

std::vector<Char> decode(const ImFont* font, float size, std::string_view text)
{
    std::vector<Char> out;
    const float scale = size / font->FontSize;
    const char* begin = text.data();
    const char* s = begin;
    const char* end = begin + text.size();
    while (s < end) {
        unsigned int c = 0;
        int n = ImTextCharFromUtf8(&c, s, end);
        if (n <= 0) break;
        const float adv = c == '\n' ? 0.0f : font->GetCharAdvance(static_cast<ImWchar>(c)) * scale;
        out.push_back({c, static_cast<std::size_t>(s - begin), static_cast<std::size_t>(n), adv});
        s += n;
    }
    return out;
}

std::string trim_right(std::string s)
{
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
    return s;
}

} // namespace

std::vector<std::string> wrap(const ImFont* font, float size, std::string_view text, float width, int max_lines)
{
    std::vector<std::string> lines;
    std::vector<bool> soft; // the line after lines[i] follows a wrap, not a '\n'
    const auto chars = decode(font, size, text);
    std::size_t i = 0;
    const std::size_t n = chars.size();
    while (i < n) {
        // Skip spaces at the start of a wrapped line.
        while (i < n && is_space(chars[i].code)) ++i;
        std::size_t start = i;
        std::size_t last_break = start; // a break may happen before chars[last_break]
        float w = 0;
        std::size_t j = start;
        bool hard = false;
        for (; j < n; ++j) {
            const unsigned c = chars[j].code;
            if (c == '\n') {
                hard = true;
                break;
            }
            if (j > start) {
                const unsigned p = chars[j - 1].code;
                const bool can_break = is_space(p) || (!no_line_start(c) && !no_line_end(p) && (is_cjk(c) || is_cjk(p)));
                if (can_break) last_break = j;
            }
            if (w + chars[j].advance > width && j > start) {
                if (no_line_start(c)) {
                    // Closing punctuation hangs at the end of the line rather than starting the next.
                    ++j;
                } else if (last_break > start) {
                    j = last_break;
                }
                break;
            }
            w += chars[j].advance;
        }
        const std::size_t from = chars[start].at;
        const std::size_t to = j < n ? chars[j].at : text.size();
        lines.push_back(trim_right(std::string(text.substr(from, to - from))));
        soft.push_back(!hard);
        i = hard ? j + 1 : j;
        if (hard && i == n) {
            lines.emplace_back();
            soft.push_back(false);
        }
    }
    if (lines.empty()) lines.emplace_back();
    // No lone character on the last line of a paragraph: "…坍塌事" / "故" becomes "…坍塌" / "事故".
    if (lines.size() >= 2 && soft[lines.size() - 2]) {
        auto last = decode(font, size, lines.back());
        auto prev = decode(font, size, lines[lines.size() - 2]);
        if (last.size() == 1 && prev.size() >= 3 && is_cjk(last[0].code) && is_cjk(prev.back().code) &&
            !no_line_start(prev.back().code) && !no_line_end(prev[prev.size() - 2].code)) {
            std::string& p = lines[lines.size() - 2];
            lines.back() = p.substr(prev.back().at) + lines.back();
            p.erase(prev.back().at);
        }
    }
    if (max_lines > 0 && static_cast<int>(lines.size()) > max_lines) {
        lines.resize(max_lines);
        std::string& last = lines.back();
        const float ellipsis = measure(font, size, "…").x;
        // Drop characters from the end until the line and the ellipsis fit.
        while (!last.empty() && measure(font, size, last).x + ellipsis > width) {
            std::size_t k = last.size() - 1;
            while (k > 0 && (static_cast<unsigned char>(last[k]) & 0xC0) == 0x80) --k;
            last.erase(k);
        }
        last = trim_right(last);
        while (!last.empty()) {
            // Do not end on a comma or an opening bracket before the ellipsis.
            const auto tail = decode(font, size, last);
            if (tail.empty() || !(no_line_end(tail.back().code) || tail.back().code == 0xFF0C ||
                                  tail.back().code == 0x3001))
                break;
            last.erase(tail.back().at);
        }
        last += "…";
    }
    return lines;
}

ImVec2 measure(const ImFont* font, float size, std::string_view text)
{
    return font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.data(), text.data() + text.size());
}

void draw_text(ImDrawList* dl, const ImFont* font, float size, ImVec2 pos, ImU32 color, std::string_view text)
{
    if (text.empty()) return;
    check_glyphs(font, text);
    dl->AddText(font, size, pos, color, text.data(), text.data() + text.size());
    const ImVec2 sz = measure(font, size, text);
    record_text(text, pos, {pos.x + sz.x, pos.y + sz.y});
}

float lines_height(const ImFont* font, int lines, float line_spacing)
{
    if (lines <= 0) return 0;
    const float size = font->FontSize;
    return size + (lines - 1) * size * line_spacing;
}

namespace {
ReadingMark g_reading_mark;
bool g_reading_drawn = false;
ImVec2 g_reading_min, g_reading_max;
} // namespace

void set_reading_mark(const ReadingMark& mark)
{
    g_reading_mark = mark;
    g_reading_drawn = false;
}

bool reading_rect(ImVec2& min, ImVec2& max)
{
    if (!g_reading_drawn) return false;
    min = g_reading_min;
    max = g_reading_max;
    return true;
}

void follow_reading()
{
    ImVec2 min, max;
    if (!reading_rect(min, max)) return;
    const float top = ImGui::GetWindowPos().y;
    const float height = ImGui::GetWindowSize().y;
    if (min.y >= top && max.y <= top + height) return;
    ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() + (min.y - top) - height / 3, 0.0f, ImGui::GetScrollMaxY()));
}
const ReadingMark& reading_mark() { return g_reading_mark; }

std::vector<std::size_t> line_offsets(std::string_view text, const std::vector<std::string>& lines)
{
    std::vector<std::size_t> out;
    std::size_t cursor = 0;
    for (const auto& l : lines) {
        const std::size_t at = l.empty() ? cursor : text.find(l, cursor);
        out.push_back(at);
        if (at != std::string_view::npos) cursor = at + l.size();
    }
    return out;
}

void draw_reading_mark(ImDrawList* dl, const ImFont* font, float size, ImVec2 pos, std::string_view whole,
                       std::string_view line, std::size_t offset)
{
    const ReadingMark& m = g_reading_mark;
    if (!m.on(whole) || m.letter || offset == std::string_view::npos) return;
    const std::size_t b = std::max(m.begin, offset);
    const std::size_t e = std::min(m.end, offset + line.size());
    if (b >= e) return;
    const std::string_view before = line.substr(0, b - offset);
    const std::string_view marked = line.substr(b - offset, e - b);
    const float x0 = pos.x + measure(font, size, before).x;
    const float x1 = x0 + measure(font, size, marked).x;
    const float pad = size * 0.08f;
    // A yellow ground and a thick bar under it: the place shows by shape as well as by colour.
    dl->AddRectFilled({x0 - pad, pos.y - pad}, {x1 + pad, pos.y + size + pad}, colour::accent, size * 0.12f);
    dl->AddRectFilled({x0 - pad, pos.y + size + pad * 1.5f}, {x1 + pad, pos.y + size + pad * 3.5f}, colour::text);
    dl->AddText(font, size, {pos.x + measure(font, size, before).x, pos.y}, colour::on_accent, marked.data(),
                marked.data() + marked.size());
    frame_record().reading += marked;
    if (!g_reading_drawn) {
        g_reading_drawn = true;
        g_reading_min = {x0 - pad, pos.y - pad};
        g_reading_max = {x1 + pad, pos.y + size + pad * 3.5f};
    }
}

float draw_paragraph(ImDrawList* dl, const ImFont* font, float size, ImVec2 pos, float width, ImU32 color,
                     std::string_view text, float line_spacing, int max_lines)
{
    if (text.empty()) return 0;
    check_glyphs(font, text);
    const auto lines = wrap(font, size, text, width, max_lines);
    const bool marked = g_reading_mark.on(text);
    const auto offsets = marked ? line_offsets(text, lines) : std::vector<std::size_t>{};
    float y = pos.y;
    float widest = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) y += size * line_spacing;
        const auto& l = lines[i];
        dl->AddText(font, size, {pos.x, y}, color, l.data(), l.data() + l.size());
        if (marked) draw_reading_mark(dl, font, size, {pos.x, y}, text, l, offsets[i]);
        widest = std::max(widest, measure(font, size, l).x);
    }
    const float height = (y - pos.y) + size;
    // The record holds the whole text when it is shown whole, the shown part when it was cut.
    std::string shown;
    if (max_lines > 0)
        for (const auto& l : lines) shown += l;
    record_text(max_lines > 0 ? std::string_view(shown) : text, pos, {pos.x + widest, pos.y + height});
    return height;
}

void text(std::string_view s, ImU32 color, const ImFont* font)
{
    if (!font) font = ImGui::GetFont();
    const float size = font->FontSize;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    draw_text(ImGui::GetWindowDrawList(), font, size, pos, color, s);
    ImGui::Dummy(measure(font, size, s));
}

void paragraph(std::string_view s, ImU32 color, const ImFont* font, float width, int max_lines)
{
    if (!font) font = ImGui::GetFont();
    if (width <= 0) width = ImGui::GetContentRegionAvail().x;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float h = draw_paragraph(ImGui::GetWindowDrawList(), font, font->FontSize, pos, width, color, s, 1.25f,
                                   max_lines);
    ImGui::Dummy({width, h});
}

void text_centered(std::string_view s, ImU32 color, const ImFont* font, float width)
{
    if (!font) font = ImGui::GetFont();
    const float avail = width > 0 ? width : ImGui::GetContentRegionAvail().x;
    const ImVec2 sz = measure(font, font->FontSize, s);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail - sz.x) / 2));
    text(s, color, font);
}

} // namespace sk::ui

namespace sk::ui {

namespace {
bool has_glyph(const ImFont* font, unsigned c)
{
    return c < 0x20 || (c <= 0xFFFF && font->FindGlyphNoFallback(static_cast<ImWchar>(c)));
}
} // namespace

std::vector<unsigned> missing_glyphs(const ImFont* font, std::string_view text)
{
    std::vector<unsigned> out;
    const char* s = text.data();
    const char* end = s + text.size();
    while (s < end) {
        unsigned int c = 0;
        const int n = ImTextCharFromUtf8(&c, s, end);
        if (n <= 0) break;
        s += n;
        if (!has_glyph(font, c) && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    return out;
}

std::string known_glyphs_only(const ImFont* font, std::string_view text)
{
    std::string out;
    const char* s = text.data();
    const char* end = s + text.size();
    while (s < end) {
        unsigned int c = 0;
        const int n = ImTextCharFromUtf8(&c, s, end);
        if (n <= 0) break;
        if (has_glyph(font, c)) out.append(s, static_cast<std::size_t>(n));
        s += n;
    }
    return out;
}

std::string utf8(unsigned c)
{
    std::string s;
    if (c < 0x80) {
        s.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        s.push_back(static_cast<char>(0xC0 | (c >> 6)));
        s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        s.push_back(static_cast<char>(0xE0 | (c >> 12)));
        s.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        s.push_back(static_cast<char>(0xF0 | (c >> 18)));
        s.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
    return s;
}

} // namespace sk::ui
