// The synthesiser: real audio from libespeak-ng with the time of every character, in Mandarin and Cantonese.
#include "content/speech/synth.hpp"
#include "content/speech/wav.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cmath>
#include <cstdlib>
#include <thread>

using namespace sk::speech;

namespace {
double rms(const std::vector<std::int16_t>& pcm, std::size_t from, std::size_t to)
{
    double sum = 0;
    for (std::size_t i = from; i < to && i < pcm.size(); ++i) sum += double(pcm[i]) * pcm[i];
    return to > from ? std::sqrt(sum / double(to - from)) : 0;
}
} // namespace

TEST_CASE("a Mandarin segment is audible speech of plausible length with a mark for each character in order")
{
    const Synthesiser s(SynthOptions{Dialect::Mandarin});
    CHECK(std::string(s.voice()) == "cmn-latn-pinyin");
    const std::string text = "短路时应立即切断电源";
    const SegmentAudio a = s.speak({"", text});
    const double seconds = double(a.pcm.size()) / kSampleRate;
    // Ten syllables at 150 words a minute: a few seconds, not silence and not a minute.
    CHECK(seconds > 1.5);
    CHECK(seconds < 8.0);
    CHECK(rms(a.pcm, 0, a.pcm.size()) > 500);
    REQUIRE(a.marks.size() == 10);
    std::size_t expect = 0;
    for (std::size_t i = 0; i < a.marks.size(); ++i) {
        const Mark& m = a.marks[i];
        CHECK_FALSE(m.prefix);
        CHECK(m.begin == expect); // each character in turn, 3 bytes each
        CHECK(m.end == expect + 3);
        expect = m.end;
        if (i > 0) CHECK(m.sample > a.marks[i - 1].sample);
        // Sound soon after each mark: the mark is where its character is spoken.
        CHECK(rms(a.pcm, m.sample, m.sample + kSampleRate / 10) > 200);
    }
}

TEST_CASE("an option is read with its letter first, the letter's marks say prefix")
{
    const Synthesiser s(SynthOptions{Dialect::Mandarin});
    const std::string text = "高度3.5米";
    const SegmentAudio a = s.speak({"B", text});
    REQUIRE(a.marks.size() >= 2);
    CHECK(a.marks.front().prefix);
    CHECK(a.marks.front().sample == 0);
    // 三点五 (three words of the engine) all read the source "3.5"; 米 reads 米.
    int number = 0;
    for (const Mark& m : a.marks)
        if (!m.prefix && text.substr(m.begin, m.end - m.begin) == "3.5") ++number;
    CHECK(number == 3);
    CHECK(text.substr(a.marks.back().begin, a.marks.back().end - a.marks.back().begin) == "米");
}

TEST_CASE("Cantonese uses the yue voice and sounds different from Mandarin")
{
    const Synthesiser c(SynthOptions{Dialect::Mandarin});
    const Synthesiser y(SynthOptions{Dialect::Cantonese});
    CHECK(std::string(y.voice()) == "yue");
    const SegmentAudio a = y.speak({"A", "正确"});
    CHECK(a.pcm.size() > kSampleRate / 2);
    CHECK(y.phonemes("正确") != c.phonemes("正确"));
    // Switching voices back and forth keeps each voice right (espeak-ng has one global voice).
    CHECK(c.phonemes("正确") == c.phonemes("正确"));
    CHECK(y.phonemes("处理").find("cyu") != std::string::npos);
}

TEST_CASE("an utterance says what is read at each sample, with pauses between segments")
{
    const Synthesiser s(SynthOptions{Dialect::Mandarin});
    Utterance u;
    u.append(s.speak({"", "着火时"}));
    u.append(s.speak({"A", "正确"}));
    REQUIRE(u.segments() == 2);
    const auto h0 = u.at(0);
    REQUIRE(h0);
    CHECK(h0->segment == 0);
    CHECK(h0->begin == 0);
    CHECK(h0->end == 3); // zhao2 reads 着
    // Walk through by next_change: segment 0 then segment 1, its letter first, never backwards.
    std::size_t sample = 0;
    std::vector<Highlight> seen;
    for (int guard = 0; guard < 100; ++guard) {
        if (auto h = u.at(sample); h && (seen.empty() || !(seen.back() == *h))) seen.push_back(*h);
        const auto next = u.next_change(sample);
        if (!next) break;
        REQUIRE(*next > sample);
        sample = *next;
    }
    REQUIRE(seen.size() >= 5);
    CHECK(seen.front().segment == 0);
    CHECK(seen.back().segment == 1);
    bool letter = false;
    for (const auto& h : seen) letter |= h.segment == 1 && h.prefix;
    CHECK(letter);
    CHECK_FALSE(u.at(u.pcm().size() + 10));
    // The pause between the segments highlights nothing.
    CHECK_FALSE(u.at(u.segment_start(1) - 10));
}

TEST_CASE("the engine is guarded: two threads speaking at once get what each would alone")
{
    const Synthesiser c(SynthOptions{Dialect::Mandarin});
    const Synthesiser y(SynthOptions{Dialect::Cantonese});
    const auto alone_c = c.speak({"", "必须系好安全带"}).pcm;
    const auto alone_y = y.speak({"", "必须系好安全带"}).pcm;
    std::vector<std::int16_t> got_c, got_y;
    std::thread t1([&] {
        for (int i = 0; i < 3; ++i) got_c = c.speak({"", "必须系好安全带"}).pcm;
    });
    std::thread t2([&] {
        for (int i = 0; i < 3; ++i) got_y = y.speak({"", "必须系好安全带"}).pcm;
    });
    t1.join();
    t2.join();
    // espeak-ng varies a few samples from call to call and after what it said before, so compare lengths (within 5 %) and phonemes.
    const auto near = [](std::size_t a, std::size_t b) { return a * 100 < b * 105 && b * 100 < a * 105; };
    INFO(got_c.size(), " ", alone_c.size(), " ", got_y.size(), " ", alone_y.size());
    CHECK(near(got_c.size(), alone_c.size()));
    CHECK(near(got_y.size(), alone_y.size()));
    CHECK_FALSE(near(alone_c.size(), alone_y.size())); // each thread kept its own voice
    CHECK(c.phonemes("安全带") != y.phonemes("安全带"));
}

TEST_CASE("cancelling stops a long synthesis early")
{
    const Synthesiser s(SynthOptions{Dialect::Mandarin});
    std::string text;
    for (int i = 0; i < 40; ++i) text += "生产经营单位应当对从业人员进行安全生产教育和培训。";
    std::atomic<bool> cancel{true};
    const SegmentAudio a = s.speak({"", text}, &cancel);
    CHECK(double(a.pcm.size()) / kSampleRate < 20.0); // the whole text is minutes of speech
    // Empty and punctuation-only text is silence, not an error.
    CHECK(s.speak({"", ""}).pcm.empty());
    CHECK(s.speak({"", "  "}).pcm.empty());
}

TEST_CASE("WAV files: written as they grow, read back, hostile paths refused")
{
    sk::test::TempDir dir;
    const auto path = dir / "out.wav";
    {
        WavWriter w(path, kSampleRate);
        const std::vector<std::int16_t> a = {1, -2, 3, 32767, -32768};
        w.append(a);
        // Valid after every append, before the writer is closed.
        CHECK(read_wav(path).samples == a);
        w.append(a);
        CHECK(w.samples() == 10);
    }
    const WavData d = read_wav(path);
    CHECK(d.sample_rate == kSampleRate);
    REQUIRE(d.samples.size() == 10);
    CHECK(d.samples[9] == -32768);

    const auto fifo = dir / "audio.fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH_AS(WavWriter(fifo, kSampleRate), doctest::Contains("not a regular file"), WavError);
    CHECK_THROWS_WITH_AS(WavWriter(dir / "no" / "such.wav", kSampleRate), doctest::Contains("cannot be written"),
                         WavError);
    sk::test::write_file(dir / "short.wav", sk::test::read_file(path).substr(0, 50));
    CHECK_THROWS_WITH_AS(read_wav(dir / "short.wav"), doctest::Contains("truncated"), WavError);
    sk::test::write_file(dir / "text.wav", "hello");
    CHECK_THROWS_WITH_AS(read_wav(dir / "text.wav"), doctest::Contains("not a WAV file"), WavError);
}
