// Speech synthesis for the read-aloud (语音读题): libespeak-ng (Debian's libespeak-ng1, GPL-3.0-or-later), voice
// cmn-latn-pinyin for Mandarin and yue for Cantonese, synthesised synchronously into 22,050 Hz mono 16-bit PCM, with
// the time of every character read so the kiosk can highlight it.
//
// An utterance is a question read as an examinee hears it: the stem, then each option with its letter ("A、正确").
// Each is a Segment, synthesised on its own (the first can play while the rest are made) and appended to an
// Utterance, which answers "what is being read at this sample".
//
// espeak-ng is a global singleton (one voice, one callback, not reentrant): every call into it holds one
// process-wide mutex, so Synthesisers on several threads take turns. Its data is loaded at the first call.
#pragma once

#include "content/speech/normalise.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sk::speech {

inline constexpr int kSampleRate = 22050;

class SpeechError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Segment {
    std::string prefix; // spoken before the text, not part of it: the option letter ("A")
    std::string text;   // as shown on the screen; highlights are byte ranges of it
};

// From `sample` on, the engine reads bytes [begin, end) of the segment's text, or its prefix.
struct Mark {
    std::size_t sample = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
    bool prefix = false;
};

struct SegmentAudio {
    std::vector<std::int16_t> pcm; // kSampleRate Hz, mono
    std::vector<Mark> marks;       // by sample, ascending; samples relative to this segment
    double synth_ms = 0;           // wall time the engine took
};

struct Highlight {
    std::size_t segment = 0;
    std::size_t begin = 0; // bytes of the segment's text
    std::size_t end = 0;
    bool prefix = false; // the option letter is being read
    friend bool operator==(const Highlight&, const Highlight&) = default;
};

// The audio of several segments one after another.
class Utterance {
public:
    // Appends a segment's audio (after a short pause when it is not the first).
    void append(SegmentAudio audio);
    const std::vector<std::int16_t>& pcm() const { return pcm_; }
    std::size_t segments() const { return starts_.size(); }
    // First sample of segment `i`.
    std::size_t segment_start(std::size_t i) const { return starts_.at(i); }
    // What is read at `sample`; nullopt in a pause between segments and after the end.
    std::optional<Highlight> at(std::size_t sample) const;
    // The first sample after `sample` at which at() may change (the next mark or segment end); nullopt after the end.
    std::optional<std::size_t> next_change(std::size_t sample) const;
    double duration_s() const { return static_cast<double>(pcm_.size()) / kSampleRate; }

private:
    struct Span {
        std::size_t segment;
        Mark mark;            // absolute sample
        std::size_t end = 0;  // absolute sample where it stops (next mark or end of the segment's speech)
    };
    std::vector<std::int16_t> pcm_;
    std::vector<std::size_t> starts_;
    std::vector<Span> spans_;
};

struct SynthOptions {
    Dialect dialect = Dialect::Mandarin;
    int rate_wpm = 150; // espeak's words per minute (80-450)
    const class PronunciationList* pronunciations = nullptr; // null: PronunciationList::builtin()
};

class Synthesiser {
public:
    explicit Synthesiser(SynthOptions options);

    // Loads the engine and the voice now (otherwise at the first speak()); throws SpeechError when espeak-ng or
    // its voice data cannot be loaded.
    void warm_up() const;
    // Synthesises one segment. Stops early (returning what was made) when `cancel` becomes true. Thread-safe.
    // Throws SpeechError when the engine fails.
    SegmentAudio speak(const Segment& segment, const std::atomic<bool>* cancel = nullptr) const;
    // The engine's phonemes for `text` as given (not normalised): for tests of the pronunciation list.
    std::string phonemes(const std::string& text) const;
    // The voice name given to espeak-ng: "cmn-latn-pinyin" or "yue".
    const char* voice() const;
    const SynthOptions& options() const { return options_; }

private:
    SynthOptions options_;
};

} // namespace sk::speech
