#include "content/speech/synth.hpp"

#include "content/speech/pronunciation.hpp"
#include "content/speech/utf8.hpp"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>

namespace sk::speech {

namespace {

// The pause between two segments (after the stem, between options).
constexpr std::size_t kPauseSamples = kSampleRate * 3 / 10;

// Everything below is espeak-ng's global state: touched only with g_engine held.
std::mutex g_engine;
bool g_initialised = false;
std::string g_voice;
int g_rate = -1;

struct Collector {
    std::vector<std::int16_t>* pcm = nullptr;
    std::vector<espeak_EVENT> words;
    const std::atomic<bool>* cancel = nullptr;
};
Collector* g_collector = nullptr;

int on_synth(short* wav, int numsamples, espeak_EVENT* events)
{
    Collector* c = g_collector;
    if (!c) return 1;
    if (wav && numsamples > 0) c->pcm->insert(c->pcm->end(), wav, wav + numsamples);
    for (espeak_EVENT* e = events; e && e->type != espeakEVENT_LIST_TERMINATED; ++e)
        if (e->type == espeakEVENT_WORD && e->length > 0 && e->text_position > 0) c->words.push_back(*e);
    return c->cancel && c->cancel->load() ? 1 : 0;
}

// With g_engine held.
void ensure_engine(const char* voice, int rate)
{
    if (!g_initialised) {
        const int sr = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (sr != kSampleRate)
            throw SpeechError("espeak-ng cannot be started (its data, Debian package espeak-ng-data, is missing or "
                              "unreadable): espeak_Initialize returned " +
                              std::to_string(sr));
        espeak_SetSynthCallback(on_synth);
        g_initialised = true;
    }
    if (g_voice != voice) {
        if (espeak_SetVoiceByName(voice) != EE_OK)
            throw SpeechError(std::string("espeak-ng has no voice '") + voice + "' (Debian package espeak-ng-data)");
        g_voice = voice;
        g_rate = -1; // a voice change resets the rate
    }
    if (g_rate != rate) {
        espeak_SetParameter(espeakRATE, rate, 0);
        g_rate = rate;
    }
}

std::size_t code_points(std::string_view s)
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto d = detail::decode(s, i);
        i += d.len ? d.len : 1;
        ++n;
    }
    return n;
}

} // namespace

Synthesiser::Synthesiser(SynthOptions options) : options_(options)
{
    options_.rate_wpm = std::clamp(options_.rate_wpm, 80, 450);
    if (!options_.pronunciations) options_.pronunciations = &PronunciationList::builtin();
}

const char* Synthesiser::voice() const
{
    return options_.dialect == Dialect::Cantonese ? "yue" : "cmn-latn-pinyin";
}

void Synthesiser::warm_up() const
{
    const std::lock_guard lock(g_engine);
    ensure_engine(voice(), options_.rate_wpm);
}

SegmentAudio Synthesiser::speak(const Segment& segment, const std::atomic<bool>* cancel) const
{
    const Normalised prefix = normalise(segment.prefix, options_.dialect, options_.pronunciations);
    const Normalised text = normalise(segment.text, options_.dialect, options_.pronunciations);
    // The letter is followed by a pause mark, so "A" and the option's first word stay apart.
    std::string spoken = prefix.spoken;
    std::size_t prefix_chars = code_points(prefix.spoken);
    if (!prefix.spoken.empty()) {
        spoken += "、";
        ++prefix_chars;
    }
    spoken += text.spoken;

    SegmentAudio out;
    if (spoken.find_first_not_of(" 、") == std::string::npos) return out;
    Collector collector;
    collector.pcm = &out.pcm;
    collector.cancel = cancel;
    const auto t0 = std::chrono::steady_clock::now();
    {
        const std::lock_guard lock(g_engine);
        ensure_engine(voice(), options_.rate_wpm);
        g_collector = &collector;
        const espeak_ERROR err = espeak_Synth(spoken.c_str(), spoken.size() + 1, 0, POS_CHARACTER, 0,
                                              espeakCHARS_UTF8, nullptr, nullptr);
        g_collector = nullptr;
        if (err != EE_OK) throw SpeechError("espeak-ng could not synthesise the text (error " + std::to_string(err) + ")");
    }
    out.synth_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

    // Word events give the 1-based character position in `spoken` and the length in characters.
    for (const espeak_EVENT& e : collector.words) {
        const std::size_t first = static_cast<std::size_t>(e.text_position - 1);
        const std::size_t count = static_cast<std::size_t>(e.length);
        Mark m;
        m.sample = std::min(static_cast<std::size_t>(std::max(e.sample, 0)), out.pcm.size());
        if (first < prefix_chars) {
            m.prefix = true;
        } else {
            const SourceRange r = text.source_of(first - prefix_chars, count);
            if (r.begin == r.end) continue; // a space or a pause mark
            m.begin = r.begin;
            m.end = r.end;
        }
        out.marks.push_back(m);
    }
    std::stable_sort(out.marks.begin(), out.marks.end(),
                     [](const Mark& a, const Mark& b) { return a.sample < b.sample; });
    return out;
}

std::string Synthesiser::phonemes(const std::string& text) const
{
    const std::lock_guard lock(g_engine);
    ensure_engine(voice(), options_.rate_wpm);
    std::string out;
    const void* p = text.c_str();
    while (p) {
        const char* ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        if (!ph) break;
        if (!out.empty()) out += ' ';
        out += ph;
    }
    return out;
}

void Utterance::append(SegmentAudio audio)
{
    if (!starts_.empty()) pcm_.insert(pcm_.end(), kPauseSamples, 0);
    const std::size_t base = pcm_.size();
    const std::size_t index = starts_.size();
    starts_.push_back(base);
    // The speech ends where the last non-silent sample is (espeak ends a clause with silence).
    std::size_t speech_end = audio.pcm.size();
    while (speech_end > 0 && std::abs(audio.pcm[speech_end - 1]) < 64) --speech_end;
    for (std::size_t i = 0; i < audio.marks.size(); ++i) {
        Span s{index, audio.marks[i], 0};
        s.mark.sample += base;
        const std::size_t next = i + 1 < audio.marks.size() ? audio.marks[i + 1].sample : speech_end;
        s.end = base + std::max(next, audio.marks[i].sample);
        if (s.end > s.mark.sample) spans_.push_back(s);
    }
    pcm_.insert(pcm_.end(), audio.pcm.begin(), audio.pcm.end());
}

std::optional<Highlight> Utterance::at(std::size_t sample) const
{
    // The last span that starts at or before `sample`.
    auto it = std::upper_bound(spans_.begin(), spans_.end(), sample,
                               [](std::size_t s, const Span& span) { return s < span.mark.sample; });
    if (it == spans_.begin()) return std::nullopt;
    --it;
    if (sample >= it->end) return std::nullopt;
    return Highlight{it->segment, it->mark.begin, it->mark.end, it->mark.prefix};
}

std::optional<std::size_t> Utterance::next_change(std::size_t sample) const
{
    for (const Span& s : spans_) {
        if (s.mark.sample > sample) return s.mark.sample;
        if (s.end > sample) return s.end;
    }
    return std::nullopt;
}

} // namespace sk::speech
