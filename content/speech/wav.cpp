#include "content/speech/wav.hpp"

#include "content/formats/files.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace sk::speech {

namespace {

constexpr std::uint64_t kMaxBytes = 1ULL << 30;

void put32(unsigned char* p, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}
void put16(unsigned char* p, std::uint16_t v)
{
    p[0] = static_cast<unsigned char>(v);
    p[1] = static_cast<unsigned char>(v >> 8);
}
std::uint32_t get32(const unsigned char* p)
{
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}
std::uint16_t get16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }

} // namespace

WavWriter::WavWriter(const std::filesystem::path& path, int sample_rate) : path_(path), rate_(sample_rate)
{
    struct stat st{};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        throw WavError(path.string() + ": not a regular file (the audio output must be a .wav file)");
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) throw WavError(path.string() + ": cannot be written: " + std::strerror(errno));
    write_header();
}

WavWriter::~WavWriter()
{
    if (file_) std::fclose(file_);
}

void WavWriter::write_header()
{
    unsigned char h[44] = {};
    const std::uint32_t data = static_cast<std::uint32_t>(samples_ * 2);
    std::memcpy(h, "RIFF", 4);
    put32(h + 4, 36 + data);
    std::memcpy(h + 8, "WAVEfmt ", 8);
    put32(h + 16, 16);
    put16(h + 20, 1); // PCM
    put16(h + 22, 1); // mono
    put32(h + 24, static_cast<std::uint32_t>(rate_));
    put32(h + 28, static_cast<std::uint32_t>(rate_ * 2));
    put16(h + 32, 2);
    put16(h + 34, 16);
    std::memcpy(h + 36, "data", 4);
    put32(h + 40, data);
    if (std::fseek(file_, 0, SEEK_SET) != 0 || std::fwrite(h, 1, sizeof h, file_) != sizeof h ||
        std::fseek(file_, 0, SEEK_END) != 0 || std::fflush(file_) != 0)
        throw WavError(path_.string() + ": cannot be written: " + std::strerror(errno));
}

void WavWriter::append(std::span<const std::int16_t> samples)
{
    if (samples.empty()) return;
    if ((samples_ + samples.size()) * 2 > kMaxBytes)
        throw WavError(path_.string() + ": the audio output passed 1 GiB; nothing more is written to it");
    // Little-endian on disk whatever the machine.
    std::vector<unsigned char> bytes(samples.size() * 2);
    for (std::size_t i = 0; i < samples.size(); ++i) put16(bytes.data() + 2 * i, static_cast<std::uint16_t>(samples[i]));
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
        throw WavError(path_.string() + ": cannot be written: " + std::strerror(errno));
    samples_ += samples.size();
    write_header();
}

WavData read_wav(const std::filesystem::path& path)
{
    std::string bytes;
    try {
        bytes = content::formats::read_input_file(path, content::formats::FileKind::Questions);
    } catch (const content::formats::FileError& e) {
        throw WavError(e.what());
    }
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto fail = [&](const std::string& why) { throw WavError(path.string() + ": " + why); };
    if (bytes.size() < 44 || std::memcmp(p, "RIFF", 4) != 0 || std::memcmp(p + 8, "WAVE", 4) != 0)
        fail("not a WAV file");
    if (std::memcmp(p + 12, "fmt ", 4) != 0 || get16(p + 20) != 1 || get16(p + 22) != 1 || get16(p + 34) != 16)
        fail("not 16-bit mono PCM");
    if (std::memcmp(p + 36, "data", 4) != 0) fail("no data chunk after the format");
    const std::uint32_t n = get32(p + 40);
    if (n > bytes.size() - 44) fail("truncated: the data chunk says " + std::to_string(n) + " bytes, the file has " +
                                    std::to_string(bytes.size() - 44));
    WavData w;
    w.sample_rate = static_cast<int>(get32(p + 24));
    w.samples.resize(n / 2);
    for (std::size_t i = 0; i < w.samples.size(); ++i)
        w.samples[i] = static_cast<std::int16_t>(get16(p + 44 + 2 * i));
    return w;
}

} // namespace sk::speech
