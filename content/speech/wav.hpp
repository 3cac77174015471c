// WAV files of the read-aloud: `safekiosk --audio-out FILE.wav` writes everything the kiosk speaks into one file
// (tests and headless runs listen to it instead of a sound card).
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace sk::speech {

class WavError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A 16-bit mono PCM WAV file that grows: the header is rewritten after every append, so the file is a valid WAV
// at every moment (a kiosk killed mid-sentence leaves a playable file). At most 1 GiB of samples (~6.7 hours at
// 22,050 Hz); more is refused, not written.
class WavWriter {
public:
    // Creates or truncates `path`. Throws WavError naming the file when it cannot be written (or is not a regular
    // file: a FIFO or device would block or never end).
    WavWriter(const std::filesystem::path& path, int sample_rate);
    ~WavWriter();
    WavWriter(const WavWriter&) = delete;
    WavWriter& operator=(const WavWriter&) = delete;

    // Throws WavError on a write error or when the file would pass the limit.
    void append(std::span<const std::int16_t> samples);
    std::uint64_t samples() const { return samples_; }

private:
    void write_header();
    std::filesystem::path path_;
    std::FILE* file_ = nullptr;
    int rate_;
    std::uint64_t samples_ = 0;
};

struct WavData {
    int sample_rate = 0;
    std::vector<std::int16_t> samples;
};

// Reads a 16-bit mono PCM WAV file (as WavWriter writes them). Throws WavError naming the file and the problem.
WavData read_wav(const std::filesystem::path& path);

} // namespace sk::speech
