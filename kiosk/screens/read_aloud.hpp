// The read-aloud control of the question screens (exam, training, mock exam, exhibit quiz) and the case page:
// a 朗读 button that reads the texts through the kiosk's Speaker, and the highlight of the character being read.
#pragma once

#include "kiosk/app/screen.hpp"

#include <imgui.h>

#include <string>
#include <vector>

namespace sk::kiosk {

// What is read, in order: each text with an optional letter spoken before it ("A" for an option). The strings must
// be the very objects the screen draws (the highlight finds them by address).
struct ReadAloudText {
    std::string letter;
    const std::string* text = nullptr;
};

// The texts of a question: the stem, then each option with its letter.
template <class Options>
std::vector<ReadAloudText> question_texts(const std::string& stem, const Options& options)
{
    std::vector<ReadAloudText> out{{"", &stem}};
    for (std::size_t i = 0; i < options.size(); ++i)
        out.push_back({std::string(1, static_cast<char>('A' + i)), &options[i]});
    return out;
}

// False when the kiosk reads nothing aloud (speech_volume 0, or no speech engine): draw no button.
bool read_aloud_available(ScreenContext& ctx);
// Marks the character being read for this frame; call before drawing the texts.
void mark_reading(ScreenContext& ctx, const std::string& key, const std::vector<ReadAloudText>& texts);
// The 朗读 button (停止 while reading) at the cursor: a tap starts or stops reading `texts` under `key`; after it on
// the same row 音量－, the volume level (rising bars) and 音量＋, the visitor's volume within the kiosk's. `room` is
// the width the row may take: when the volume controls do not fit in it, only 朗读 is drawn.
// True when this tap started a reading (朗读, or 朗读 again after a stop: a replay).
bool read_aloud_button(ScreenContext& ctx, const std::string& key, const std::vector<ReadAloudText>& texts,
                       float height, float room = 1e9f);
// 朗读 and the volume controls at the right end of the line at `line`, `column` wide, whose own texts end at x
// `used` and y `used_bottom`; when they do not all fit beside them, right-aligned in a row of their own under the
// line. Returns where the next content starts (under the controls). Draws nothing when read_aloud_available() is
// false (then returns under the line's texts).
float read_aloud_row(ScreenContext& ctx, const std::string& key, const std::vector<ReadAloudText>& texts, ImVec2 line,
                     float column, float used, float used_bottom, float height);
// The width of that row within `room`.
float read_aloud_button_width(ScreenContext& ctx, float height, float room = 1e9f);

} // namespace sk::kiosk
