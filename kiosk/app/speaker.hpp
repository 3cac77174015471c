// The kiosk's read-aloud (朗读): synthesis on a worker thread, playback through SDL audio and/or a WAV file, and
// the character being read for the screens to highlight.
//
// A screen calls toggle(key, segments) when 朗读 is tapped (key names what is read, e.g. "exam:17"); the worker
// synthesises the segments one by one (sk_speech: espeak-ng) and hands each to the loop through a queue, waking it
// with SDL_PushEvent. The loop's update() queues each segment's audio to the sound device (opened for the
// utterance, closed after it, so an idle kiosk runs no audio thread) and writes what has been played to the
// --audio-out file. Playback time is the kiosk's clock from the first sound, so highlight() needs no audio
// callback and the headless virtual clock drives it the same way; next_deadline() is the next moment the highlighted character changes, so the loop draws
// one frame per character and otherwise sleeps.
//
// Reading stops when toggled again, when another key is read, and when a frame no longer shows the key's button
// (another screen, another question): end_frame() stops what was not seen().
#pragma once

#include "content/speech/pronunciation.hpp"
#include "content/speech/synth.hpp"
#include "content/speech/wav.hpp"
#include "kiosk/app/clock.hpp"

#include <SDL.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sk::kiosk {

// Samples pcm[from, to) scaled to `volume` percent of full scale: what goes to the sound device and to the audio
// out file. `from` and `to` are clamped to the samples there are.
std::vector<std::int16_t> scaled_samples(const std::vector<std::int16_t>& pcm, std::size_t from, std::size_t to,
                                         int volume);

// The visitor changed the volume while a reading plays. The sound device holds pcm[..., queued) scaled at the old
// volume and is playing sample `position`; what it is given instead, after its queue is cleared: the samples from
// the one being played to the end of what was queued, at the new `volume` (the rest comes as it is synthesised).
// Nothing when all that was queued has been played, and nothing is given twice (a position past the queue, e.g.
// a device that ran dry, re-queues nothing).
std::vector<std::int16_t> requeue_at_volume(const std::vector<std::int16_t>& pcm, std::size_t position,
                                            std::size_t queued, int volume);

struct SpeakerSettings {
    speech::Dialect dialect = speech::Dialect::Mandarin;
    int volume = 80;  // percent of full scale: the operator's limit (speech_volume), and the default level
    int rate_wpm = 150;
    bool device = true;                 // play through SDL audio (off in headless runs)
    std::filesystem::path audio_out;    // empty: no WAV file
    const speech::PronunciationList* pronunciations = nullptr; // null: the built-in list
};

class Speaker {
public:
    // Throws speech::WavError when the audio output file cannot be written.
    Speaker(SpeakerSettings settings, const Clock& clock, std::function<void()> wake);
    ~Speaker();
    Speaker(const Speaker&) = delete;
    Speaker& operator=(const Speaker&) = delete;

    // Starts reading `segments` under `key`, or stops when `key` is being read already.
    void toggle(const std::string& key, std::vector<speech::Segment> segments);
    void stop();
    // `key` is being read (or synthesised to be read).
    bool active(const std::string& key) const;
    // The character of `key` being read now.
    std::optional<speech::Highlight> highlight(const std::string& key) const;

    // Between frames on the loop thread: takes finished segments, queues their audio, ends a finished utterance.
    // True when the picture may have changed.
    bool update();
    // When the highlight next changes or the utterance ends (clock ms).
    std::optional<std::int64_t> next_deadline() const;
    // Synthesis is running: a headless run waits for it before the next command.
    bool busy() const;

    // Frame bookkeeping: the screen drew the button of `key`; after the frame, what was not drawn stops.
    void seen(const std::string& key) { seen_ = seen_ || key == key_; }
    void end_frame();

    // Milliseconds from the last toggle() that started reading to its first segment's audio being queued (the
    // tap-to-first-sound figure), when known; SAFEKIOSK_FRAME_LOG prints it to standard error.
    std::optional<double> first_sound_ms() const { return first_sound_ms_; }
    // Loads the engine and voice on the worker thread now, so the first tap does not wait for them.
    void warm_up();
    const SpeakerSettings& settings() const { return settings_; }
    // The visitor's volume (音量－ / 音量＋): a level from 1 to kVolumeLevels, each a share of the configured volume
    // (the top level is the configured volume itself, the lowest 20 % of it, never silence). The default is the top
    // level; the idle timeout goes back to it. A change applies to the reading in progress at once.
    static constexpr int kVolumeLevels = 5;
    int volume_level() const { return level_; }
    void set_volume_level(int level);
    // Percent of full scale the audio is played at now.
    int volume() const { return settings_.volume * level_ / kVolumeLevels; }

    // The visitor chose another language: what is read from now on is read in `dialect` (Mandarin for zh-CN,
    // Cantonese for zh-HK); a reading in progress stops.
    void set_dialect(speech::Dialect dialect);

private:
    struct Job {
        std::uint64_t id;
        std::vector<speech::Segment> segments;
        speech::Dialect dialect;
    };
    struct Done {
        std::uint64_t id;
        speech::SegmentAudio audio;
        bool last;
        std::string error;
    };
    void worker();
    void open_device();
    void close_device();
    std::size_t position() const; // samples played of the current utterance
    void flush_wav(std::size_t upto); // the audio out file gets what has been played, up to `upto`

    SpeakerSettings settings_;
    const Clock& clock_;
    std::function<void()> wake_;
    std::unique_ptr<speech::WavWriter> wav_;
    speech::Synthesiser mandarin_;  // voice cmn-latn-pinyin
    speech::Synthesiser cantonese_; // voice yue
    const speech::Synthesiser& synth(speech::Dialect d) const
    {
        return d == speech::Dialect::Cantonese ? cantonese_ : mandarin_;
    }

    // Shared with the worker.
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Job> jobs_;
    std::deque<Done> done_;
    bool quit_ = false;
    bool warm_ = false;
    speech::Dialect warm_dialect_ = speech::Dialect::Mandarin;
    std::atomic<bool> cancel_{false};
    std::thread thread_;

    // Loop thread only.
    std::uint64_t next_id_ = 1;
    std::uint64_t current_ = 0; // job being read, 0 when none
    std::string key_;
    bool all_synthesised_ = false;
    speech::Utterance utterance_;
    std::size_t queued_ = 0;          // samples of utterance_ given to the sound device
    std::size_t written_ = 0;         // samples of utterance_ written to the audio out file (as they are played)
    std::int64_t start_ms_ = 0;       // clock time of the utterance's sample 0
    double toggled_at_ms_ = 0;
    std::optional<double> first_sound_ms_;
    bool seen_ = false;
    std::optional<speech::Highlight> shown_; // what update() last reported
    int level_ = kVolumeLevels;
    SDL_AudioDeviceID device_ = 0;
    bool device_failed_ = false;
};

} // namespace sk::kiosk
