#include "kiosk/app/speaker.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace sk::kiosk {

namespace {
double steady_ms()
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
} // namespace

std::vector<std::int16_t> scaled_samples(const std::vector<std::int16_t>& pcm, std::size_t from, std::size_t to,
                                         int volume)
{
    to = std::min(to, pcm.size());
    from = std::min(from, to);
    std::vector<std::int16_t> out(pcm.begin() + static_cast<std::ptrdiff_t>(from),
                                  pcm.begin() + static_cast<std::ptrdiff_t>(to));
    volume = std::clamp(volume, 0, 100);
    for (auto& s : out) s = static_cast<std::int16_t>(s * volume / 100);
    return out;
}

std::vector<std::int16_t> requeue_at_volume(const std::vector<std::int16_t>& pcm, std::size_t position,
                                            std::size_t queued, int volume)
{
    return scaled_samples(pcm, std::min(position, queued), queued, volume);
}

Speaker::Speaker(SpeakerSettings settings, const Clock& clock, std::function<void()> wake)
    : settings_(std::move(settings)), clock_(clock), wake_(std::move(wake)),
      mandarin_(speech::SynthOptions{speech::Dialect::Mandarin, settings_.rate_wpm, settings_.pronunciations}),
      cantonese_(speech::SynthOptions{speech::Dialect::Cantonese, settings_.rate_wpm, settings_.pronunciations})
{
    settings_.volume = std::clamp(settings_.volume, 0, 100);
    if (!settings_.audio_out.empty())
        wav_ = std::make_unique<speech::WavWriter>(settings_.audio_out, speech::kSampleRate);
    thread_ = std::thread([this] { worker(); });
}

Speaker::~Speaker()
{
    {
        const std::lock_guard lock(mutex_);
        quit_ = true;
        cancel_ = true;
    }
    cv_.notify_all();
    thread_.join();
    close_device();
}

void Speaker::warm_up()
{
    {
        const std::lock_guard lock(mutex_);
        warm_ = true;
        warm_dialect_ = settings_.dialect;
    }
    cv_.notify_all();
}

void Speaker::set_dialect(speech::Dialect dialect)
{
    if (dialect == settings_.dialect) return;
    stop();
    settings_.dialect = dialect;
    warm_up(); // the other voice loads now, not at the first tap
}

void Speaker::set_volume_level(int level)
{
    level = std::clamp(level, 1, kVolumeLevels);
    if (level == level_) return;
    if (current_) flush_wav(position()); // what was heard so far, at the old volume
    level_ = level;
    // The reading in progress: what the device holds was scaled at the old volume; it gets the rest again at the
    // new one from the sample being played now. (The audio out file is scaled as it is written, i.e. as played.)
    if (!device_ || !current_) return;
    SDL_ClearQueuedAudio(device_);
    const auto pcm = requeue_at_volume(utterance_.pcm(), position(), queued_, volume());
    if (!pcm.empty())
        SDL_QueueAudio(device_, pcm.data(), static_cast<Uint32>(pcm.size() * sizeof(std::int16_t)));
}

void Speaker::worker()
{
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] { return quit_ || warm_ || !jobs_.empty(); });
            if (quit_) return;
            if (jobs_.empty()) {
                warm_ = false;
                const speech::Dialect dialect = warm_dialect_;
                lock.unlock();
                try {
                    synth(dialect).warm_up();
                } catch (const std::exception& e) {
                    std::cerr << "safekiosk: read-aloud: " << e.what() << "\n";
                }
                continue;
            }
            job = std::move(jobs_.front());
            jobs_.pop_front();
            cancel_ = false;
        }
        for (std::size_t i = 0; i < job.segments.size(); ++i) {
            Done d{job.id, {}, i + 1 == job.segments.size(), {}};
            try {
                d.audio = synth(job.dialect).speak(job.segments[i], &cancel_);
            } catch (const std::exception& e) {
                d.error = e.what();
                d.last = true;
            }
            const bool stop = cancel_.load() || !d.error.empty();
            {
                const std::lock_guard lock(mutex_);
                if (stop) d.last = true;
                done_.push_back(std::move(d));
            }
            if (wake_) wake_();
            if (stop) break;
        }
        if (wake_) wake_();
    }
}

void Speaker::toggle(const std::string& key, std::vector<speech::Segment> segments)
{
    if (current_ && key == key_) {
        stop();
        return;
    }
    stop();
    current_ = next_id_++;
    key_ = key;
    seen_ = true;
    all_synthesised_ = false;
    utterance_ = {};
    queued_ = 0;
    written_ = 0;
    toggled_at_ms_ = steady_ms();
    first_sound_ms_.reset();
    {
        const std::lock_guard lock(mutex_);
        jobs_.push_back({current_, std::move(segments), settings_.dialect});
    }
    cv_.notify_all();
}

void Speaker::flush_wav(std::size_t upto)
{
    upto = std::min(upto, utterance_.pcm().size());
    if (!wav_ || upto <= written_) return;
    const auto pcm = scaled_samples(utterance_.pcm(), written_, upto, volume());
    written_ = upto;
    try {
        wav_->append(pcm);
    } catch (const std::exception& e) {
        std::cerr << "safekiosk: read-aloud: " << e.what() << "\n";
        wav_.reset();
    }
}

void Speaker::stop()
{
    if (!current_) return;
    flush_wav(position()); // what was heard until the stop
    {
        const std::lock_guard lock(mutex_);
        jobs_.clear();
        cancel_ = true;
    }
    current_ = 0;
    key_.clear();
    utterance_ = {};
    queued_ = 0;
    close_device();
}

bool Speaker::active(const std::string& key) const { return current_ != 0 && key == key_; }

std::size_t Speaker::position() const
{
    if (!current_ || utterance_.segments() == 0) return 0;
    const std::int64_t ms = std::max<std::int64_t>(0, clock_.now_ms() - start_ms_);
    return static_cast<std::size_t>(ms * speech::kSampleRate / 1000);
}

std::optional<speech::Highlight> Speaker::highlight(const std::string& key) const
{
    if (!active(key) || utterance_.segments() == 0) return std::nullopt;
    return utterance_.at(position());
}

bool Speaker::busy() const { return current_ != 0 && !all_synthesised_; }

bool Speaker::update()
{
    bool changed = false;
    std::deque<Done> done;
    {
        const std::lock_guard lock(mutex_);
        done.swap(done_);
    }
    for (Done& d : done) {
        if (d.id != current_) continue; // a stopped utterance
        if (!d.error.empty()) std::cerr << "safekiosk: read-aloud: " << d.error << "\n";
        if (d.last) all_synthesised_ = true;
        const bool first = utterance_.segments() == 0;
        const std::size_t played = position();
        utterance_.append(std::move(d.audio));
        const std::size_t start = utterance_.segment_start(utterance_.segments() - 1);
        if (first) {
            start_ms_ = clock_.now_ms();
            open_device();
            first_sound_ms_ = steady_ms() - toggled_at_ms_;
            if (std::getenv("SAFEKIOSK_FRAME_LOG"))
                std::fprintf(stderr, "safekiosk: read-aloud: first sound queued %.1f ms after the tap\n", *first_sound_ms_);
        } else if (start < played) {
            // The device ran dry before this segment was made: it plays from now.
            start_ms_ = clock_.now_ms() - static_cast<std::int64_t>(start) * 1000 / speech::kSampleRate;
        }
        // The new audio (and the pause before it) to the device and the file, at the kiosk's volume.
        const auto pcm = scaled_samples(utterance_.pcm(), queued_, utterance_.pcm().size(), volume());
        queued_ = utterance_.pcm().size();
        if (device_ && !pcm.empty())
            SDL_QueueAudio(device_, pcm.data(), static_cast<Uint32>(pcm.size() * sizeof(std::int16_t)));
        changed = true;
    }
    flush_wav(position());
    // Finished: everything made and played.
    if (current_ && all_synthesised_ && position() >= utterance_.pcm().size()) {
        flush_wav(utterance_.pcm().size());
        current_ = 0;
        key_.clear();
        utterance_ = {};
        queued_ = 0;
        close_device();
        changed = true;
    }
    // The character read now differs from the one the last frame showed.
    const auto now = current_ && utterance_.segments() ? utterance_.at(position()) : std::nullopt;
    if (now != shown_) {
        shown_ = now;
        changed = true;
    }
    return changed;
}

std::optional<std::int64_t> Speaker::next_deadline() const
{
    if (!current_ || utterance_.segments() == 0) return std::nullopt;
    const std::size_t pos = position();
    std::size_t next = utterance_.pcm().size();
    if (const auto c = utterance_.next_change(pos)) next = std::min(next, *c);
    if (next <= pos) next = pos + 1;
    return start_ms_ + static_cast<std::int64_t>((next * 1000 + speech::kSampleRate - 1) / speech::kSampleRate);
}

void Speaker::end_frame()
{
    if (current_ && !seen_) stop();
    seen_ = false;
}

void Speaker::open_device()
{
    if (!settings_.device || device_ || device_failed_) return;
    if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        std::cerr << "safekiosk: read-aloud: no sound (SDL audio: " << SDL_GetError() << ")\n";
        device_failed_ = true;
        return;
    }
    SDL_AudioSpec want{};
    want.freq = speech::kSampleRate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, nullptr, 0);
    if (!device_) {
        std::cerr << "safekiosk: read-aloud: no sound device (SDL: " << SDL_GetError() << ")\n";
        device_failed_ = true;
        return;
    }
    SDL_PauseAudioDevice(device_, 0);
}

void Speaker::close_device()
{
    if (!device_) return;
    SDL_ClearQueuedAudio(device_);
    SDL_CloseAudioDevice(device_);
    device_ = 0;
}

} // namespace sk::kiosk
