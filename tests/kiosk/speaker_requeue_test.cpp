// When the visitor taps 音量－ / 音量＋ while a reading plays, the speaker clears the sound card's queue and gives it
// the rest again at the new volume (kiosk/app/speaker.hpp, requeue_at_volume). Checked here without a sound card:
// the rest starts at the sample being heard (nothing repeated, nothing skipped), ends where the queue ended, and is
// scaled to the new volume.
#include "kiosk/app/speaker.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

using sk::kiosk::requeue_at_volume;
using sk::kiosk::scaled_samples;

namespace {
// A recognisable utterance: sample i is i * 10 (wrapping into int16), with full-scale peaks at both ends.
std::vector<std::int16_t> utterance(std::size_t n)
{
    std::vector<std::int16_t> pcm(n);
    for (std::size_t i = 0; i < n; ++i) pcm[i] = static_cast<std::int16_t>((i * 10) % 30000);
    pcm.front() = 32767;
    pcm.back() = -32768;
    return pcm;
}
} // namespace

TEST_CASE("a volume change mid-reading re-queues from the sample being heard to the end of the queue, at the new volume")
{
    const auto pcm = utterance(22050 * 3); // three seconds synthesised
    const std::size_t queued = 22050 * 2;   // two of them given to the sound card so far
    const std::size_t position = 22050;     // one second heard

    const auto rest = requeue_at_volume(pcm, position, queued, 20);
    REQUIRE(rest.size() == queued - position);
    // The first re-queued sample is the one being heard now, at a fifth of full scale; the last is the last queued.
    CHECK(rest.front() == static_cast<std::int16_t>(pcm[position] * 20 / 100));
    CHECK(rest.back() == static_cast<std::int16_t>(pcm[queued - 1] * 20 / 100));
    for (std::size_t i = 0; i < rest.size(); i += 997)
        CHECK(rest[i] == static_cast<std::int16_t>(pcm[position + i] * 20 / 100));

    // Louder again: the same stretch at the full volume is the synthesised audio itself.
    const auto full = requeue_at_volume(pcm, position, queued, 100);
    REQUIRE(full.size() == queued - position);
    CHECK(std::equal(full.begin(), full.end(), pcm.begin() + static_cast<std::ptrdiff_t>(position)));
}

TEST_CASE("nothing is re-queued twice: a device that has played all it was given, or ran dry, gets nothing back")
{
    const auto pcm = utterance(1000);
    CHECK(requeue_at_volume(pcm, 600, 600, 50).empty());
    CHECK(requeue_at_volume(pcm, 900, 600, 50).empty());
    // A queue said to run past the synthesised audio is cut at its end.
    CHECK(requeue_at_volume(pcm, 990, 5000, 50).size() == 10);
    CHECK(requeue_at_volume({}, 0, 0, 50).empty());
}

TEST_CASE("the first sample of a reading re-queues the whole queue, and full-scale samples never wrap")
{
    const auto pcm = utterance(500);
    const auto all = requeue_at_volume(pcm, 0, 500, 80);
    REQUIRE(all.size() == 500);
    CHECK(all.front() == 32767 * 80 / 100);
    CHECK(all.back() == -32768 * 80 / 100);
    // A volume outside 0..100 is held to it: never louder than the synthesised audio, never inverted.
    CHECK(scaled_samples(pcm, 0, 1, 150).front() == 32767);
    CHECK(scaled_samples(pcm, 499, 500, -5).front() == 0);
    CHECK(scaled_samples(pcm, 10, 5, 100).empty());
}
