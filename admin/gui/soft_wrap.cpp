#include "admin/gui/soft_wrap.hpp"

#include <algorithm>

namespace sk::admin::gui {

namespace {

// Bytes of the UTF-8 character that starts with `lead` (1 for a stray continuation byte, so nothing stalls).
std::size_t char_length(unsigned char lead)
{
    return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
}

// The start of the UTF-8 character before `at`.
std::size_t previous_char(std::string_view s, std::size_t at)
{
    if (at == 0) return 0;
    std::size_t i = at - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    return i;
}

// Chinese closing punctuation, which never starts a line (避头点): it takes the character before it along.
bool closing_punctuation(std::string_view ch)
{
    static constexpr std::string_view kClosing[] = {"，", "。", "、", "；", "：", "？", "！", "）", "》", "」",
                                                    "』", "”", "’", "…", ")", ",", ".", ";", ":", "?", "!"};
    return std::find(std::begin(kClosing), std::end(kClosing), ch) != std::end(kClosing);
}

// Opening marks, which never end a line (避尾点): they go to the next line with what they open.
bool opening_punctuation(std::string_view ch)
{
    static constexpr std::string_view kOpening[] = {"（", "《", "「", "『", "“", "‘", "(", "["};
    return std::find(std::begin(kOpening), std::end(kOpening), ch) != std::end(kOpening);
}

} // namespace

void SoftWrap::layout(std::string_view text, float width, const Measure& measure)
{
    display_.clear();
    soft_.clear();
    display_.reserve(text.size() + text.size() / 16);
    std::size_t line = 0;        // where the current line starts in display_
    std::size_t after_space = 0; // in display_: just after the line's last space (0: none)
    float line_width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = std::min(char_length(static_cast<unsigned char>(text[i])), text.size() - i);
        const std::string_view ch = text.substr(i, n);
        i += n;
        if (ch == "\n") {
            display_ += '\n';
            soft_.push_back(false);
            line = display_.size();
            after_space = 0;
            line_width = 0;
            continue;
        }
        const float w = measure(ch);
        // A space may hang past the edge (it ends the line there); anything else goes to the next line.
        if (line_width + w > width && display_.size() > line && ch != " ") {
            // Inside a Latin word or number: after the line's last space when there is one; before closing
            // punctuation: before the character it follows; else right here.
            std::size_t at = display_.size();
            if (closing_punctuation(ch)) {
                if (const std::size_t prev = previous_char(display_, at); prev > line) at = prev;
            } else if (static_cast<unsigned char>(ch[0]) < 0x80 && after_space > line) {
                at = after_space;
            }
            for (std::size_t prev = previous_char(display_, at); prev > line &&
                 opening_punctuation(std::string_view(display_).substr(prev, at - prev));
                 prev = previous_char(display_, at))
                at = prev;
            display_.insert(at, 1, '\n');
            soft_.insert(soft_.begin() + static_cast<std::ptrdiff_t>(at), true);
            line = at + 1;
            after_space = 0;
            line_width = measure(std::string_view(display_).substr(line));
        }
        display_ += ch;
        soft_.insert(soft_.end(), n, false);
        line_width += w;
        if (ch == " ") after_space = display_.size();
    }
}

std::string SoftWrap::text() const
{
    std::string out;
    out.reserve(display_.size());
    for (std::size_t i = 0; i < display_.size(); ++i)
        if (!soft_[i]) out += display_[i];
    return out;
}

int SoftWrap::display_position(int at) const
{
    int seen = 0;
    std::size_t i = 0;
    for (; i < display_.size(); ++i) {
        if (soft_[i]) continue;
        if (seen == at) break;
        ++seen;
    }
    return static_cast<int>(i);
}

int SoftWrap::text_position(int at) const
{
    int n = 0;
    for (std::size_t i = 0; i < display_.size() && static_cast<int>(i) < at; ++i) n += soft_[i] ? 0 : 1;
    return n;
}

int SoftWrap::edited(std::string_view edited, int cursor, bool forward, float width, const Measure& measure)
{
    // What changed: the display's bytes [prefix, old_end) became the edit's [prefix, new_end).
    const std::string_view old = display_;
    std::size_t prefix = 0;
    while (prefix < old.size() && prefix < edited.size() && old[prefix] == edited[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix < old.size() - prefix && suffix < edited.size() - prefix &&
           old[old.size() - 1 - suffix] == edited[edited.size() - 1 - suffix])
        ++suffix;
    const std::size_t old_end = old.size() - suffix, new_end = edited.size() - suffix;

    std::string text;
    text.reserve(edited.size());
    for (std::size_t i = 0; i < prefix; ++i)
        if (!soft_[i]) text += old[i];
    std::size_t text_cursor = 0;
    bool only_soft_removed = new_end == prefix && old_end > prefix;
    for (std::size_t i = prefix; i < old_end; ++i) only_soft_removed &= soft_[i];
    const std::size_t cut = text.size(); // where the edit is in the text
    text += edited.substr(prefix, new_end - prefix);
    for (std::size_t i = old_end; i < old.size(); ++i)
        if (!soft_[i]) text += old[i];

    if (only_soft_removed) {
        // Only a break the user never typed went: delete the character beside it instead.
        std::size_t from = cut, to = cut;
        if (forward) to = cut + std::min(char_length(static_cast<unsigned char>(text[cut])), text.size() - cut);
        else from = previous_char(text, cut);
        if (cut < text.size() || !forward) text.erase(from, to - from);
        text_cursor = from;
    } else {
        // The cursor: text bytes before it, counted through the prefix (old flags), the new bytes and the rest.
        const auto c = static_cast<std::size_t>(std::clamp(cursor, 0, static_cast<int>(edited.size())));
        if (c <= prefix) {
            for (std::size_t i = 0; i < c; ++i) text_cursor += soft_[i] ? 0 : 1;
        } else if (c <= new_end) {
            text_cursor = cut + (c - prefix);
        } else {
            text_cursor = cut + (new_end - prefix);
            for (std::size_t i = old_end; i < old_end + (c - new_end); ++i) text_cursor += soft_[i] ? 0 : 1;
        }
    }
    layout(text, width, measure);
    return display_position(static_cast<int>(text_cursor));
}

} // namespace sk::admin::gui
