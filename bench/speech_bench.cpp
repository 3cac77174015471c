// The read-aloud (朗读): tap to first sound, measured as the synthesis of a question's first segment (its stem,
// normalised) with the engine and voice loaded, as the kiosk has them after start-up (it warms them up on its
// speech thread). Also the one-off start of the engine, a whole question's synthesis against its length (real-time
// factor) and the normaliser's speed, over the demo pack's questions in Mandarin and Cantonese.
//
// The kiosk adds to the first segment's synthesis only a hand-over to its loop (an SDL event) and SDL's queueing,
// well under a millisecond; the sound device's own latency (its buffer, 1024 samples = 46 ms) follows.
#include "bench/report.hpp"
#include "content/speech/normalise.hpp"
#include "content/speech/pronunciation.hpp"
#include "content/speech/synth.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct Q {
    std::string stem;
    std::vector<std::string> options;
};

std::vector<Q> demo_questions()
{
    std::vector<Q> out;
    const std::filesystem::path dir = std::filesystem::path(SAFEKIOSK_ROOT) / "media/demo-pack/questions";
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(f.path());
        std::string line;
        while (std::getline(in, line))
            if (!line.empty()) {
                const auto j = nlohmann::json::parse(line);
                out.push_back({j.at("stem"), j.value("options", std::vector<std::string>{})});
            }
    }
    return out;
}

double ms_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

} // namespace

int main()
{
    using namespace sk::speech;
    sk::bench::Report report("speech_bench");
    const auto questions = demo_questions();
    report.note(std::to_string(questions.size()) + " questions of the demo pack");

    const Synthesiser mandarin(SynthOptions{Dialect::Mandarin});
    const Synthesiser cantonese(SynthOptions{Dialect::Cantonese});
    auto t0 = std::chrono::steady_clock::now();
    mandarin.warm_up();
    report.info("start espeak-ng and load the Mandarin voice (once, at kiosk start, on the speech thread)",
                ms_since(t0), "ms");

    for (const auto* s : {&mandarin, &cantonese}) {
        const std::string lang = s == &mandarin ? "Mandarin" : "Cantonese";
        s->warm_up();
        // Every 7th question: a spread of lengths, about 180 of them.
        std::vector<double> first, whole;
        double audio_s = 0, synth_ms = 0;
        for (std::size_t i = 0; i < questions.size(); i += 7) {
            const Q& q = questions[i];
            t0 = std::chrono::steady_clock::now();
            const SegmentAudio stem = s->speak({"", q.stem});
            first.push_back(ms_since(t0));
            double all = first.back();
            std::size_t samples = stem.pcm.size();
            for (std::size_t k = 0; k < q.options.size(); ++k) {
                t0 = std::chrono::steady_clock::now();
                samples += s->speak({std::string(1, static_cast<char>('A' + k)), q.options[k]}).pcm.size();
                all += ms_since(t0);
            }
            whole.push_back(all);
            audio_s += static_cast<double>(samples) / kSampleRate;
            synth_ms += all;
        }
        report.at_most("tap 朗读 to first sound, " + lang + ": synthesis of the stem, 95th percentile",
                       percentile(first, 0.95), "ms", 150);
        report.info("tap 朗读 to first sound, " + lang + ": synthesis of the stem, median", percentile(first, 0.5), "ms");
        report.info("a whole question (stem and options), " + lang + ", median", percentile(whole, 0.5), "ms");
        report.at_least("speech made per second of synthesis, " + lang + " (real-time factor)",
                        audio_s / (synth_ms / 1000), "x", 5);
    }

    // The normaliser alone (runs on the speech thread before each segment).
    std::size_t bytes = 0;
    t0 = std::chrono::steady_clock::now();
    for (int round = 0; round < 5; ++round)
        for (const Q& q : questions) {
            bytes += normalise(q.stem, Dialect::Mandarin, &PronunciationList::builtin()).spoken.size();
            for (const auto& o : q.options) bytes += normalise(o, Dialect::Mandarin, &PronunciationList::builtin()).spoken.size();
        }
    const double norm_ms = ms_since(t0);
    report.info("normalise the demo bank's texts (" + std::to_string(questions.size()) + " questions)", norm_ms / 5, "ms");
    return report.finish();
}
