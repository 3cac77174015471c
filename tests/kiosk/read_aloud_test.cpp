// The read-aloud (朗读, issue 16): a tap reads the question (stem, then each option with its letter) into the sound
// output, here the --audio-out WAV file; the character being read is highlighted; a second tap stops; the exhibit
// case page, its quiz and the training kiosk have the button too; speech_volume 0 removes it.
#include "content/formats/import.hpp"
#include "content/speech/wav.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "exam/exam_service.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/exam_db.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <cmath>

using namespace sk;

namespace {

struct Demo {
    std::filesystem::path db;
    std::filesystem::path config;
    std::vector<exam::ShownQuestion> paper;
};

// The demo installation with 张伟 started on his paper at seat A01.
Demo demo(const test::TempDir& dir, const std::string& extra_config = "")
{
    Demo d;
    d.db = dir / "demo.db";
    auto imported = test::run_admin({"--db", d.db.string(), "content", "import", test::source_path("media/demo-pack").string()});
    REQUIRE_MESSAGE(imported.code == 0, imported.err);
    auto setup = test::run_admin({"--db", d.db.string(), "demo", "setup", "--json"});
    REQUIRE_MESSAGE(setup.code == 0, setup.err);
    const auto j = nlohmann::json::parse(setup.out);
    const auto& who = j["examinees"][0];
    d.config = dir / "seat.json";
    nlohmann::json config{{"role", "exam"}, {"kiosk_id", who["kiosk"]}, {"room", j["room"]}};
    if (!extra_config.empty()) config.update(nlohmann::json::parse(extra_config));
    test::write_file(d.config, config.dump());
    auto database = test::open_exam_db(d.db);
    exam::ExamService svc(database);
    const auto attempt = svc.check_in(who["id_number"], who["ticket"], who["kiosk"], j["room"]);
    svc.confirm_identity(attempt);
    svc.show_instructions(attempt);
    svc.start(attempt);
    d.paper = svc.shown_paper(attempt);
    return d;
}

double rms(const std::vector<std::int16_t>& s, std::size_t from, std::size_t to)
{
    double sum = 0;
    for (std::size_t i = from; i < to && i < s.size(); ++i) sum += double(s[i]) * s[i];
    return to > from ? std::sqrt(sum / double(to - from)) : 0;
}

} // namespace

TEST_CASE("朗读 reads the question and its options into the audio output and highlights the character being read")
{
    test::TempDir dir;
    const Demo d = demo(dir);
    const auto& q = d.paper.front();
    const auto wav = dir / "speech.wav";
    for (const char* size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        const std::string name = std::string(size) == "1920x1080" ? "landscape" : "portrait";
        const std::string script = "expect-screen exam-paper\n"
                                   "expect-no-reading\n"
                                   "tap-text 朗读\n"
                                   "expect-text 停止\n"
                                   "wait 1200ms\n"
                                   "expect-reading " + q.stem + "\n"
                                   "screenshot read-aloud-" + name + "\n"
                                   "wait 120s\n"
                                   "expect-no-reading\n"
                                   "expect-text 朗读\n";
        auto run = test::run_script(dir.path(), d.db, script, size, "read.txt",
                                    {"--config", d.config.string(), "--audio-out", wav.string()});
        INFO(run.err);
        REQUIRE(run.code == 0);
        const auto audio = speech::read_wav(wav);
        CHECK(audio.sample_rate == 22050);
        const double seconds = double(audio.samples.size()) / audio.sample_rate;
        // The stem and two options at about three characters a second: seconds, not silence, not minutes.
        std::size_t chars = q.stem.size() / 3;
        for (const auto& o : q.options) chars += o.size() / 3 + 1;
        CHECK(seconds > chars * 0.15);
        CHECK(seconds < chars * 0.8 + 3);
        CHECK(rms(audio.samples, 0, audio.samples.size()) > 300);
        // The volume of kiosk.json (80 % by default): no sample at full scale.
        const auto loudest = std::max_element(audio.samples.begin(), audio.samples.end(),
                                              [](auto a, auto b) { return std::abs(a) < std::abs(b); });
        CHECK(std::abs(*loudest) <= 32767 * 80 / 100 + 1);
    }
}

TEST_CASE("the option letters are highlighted as they are read, and a second tap stops the reading")
{
    test::TempDir dir;
    const Demo d = demo(dir, R"({"speech_volume": 50})");
    const auto wav = dir / "speech.wav";
    // Past the stem (which the engine reads at 2-5 characters a second) into the options: option A's letter or
    // text is read at some moment; step through in 100 ms and look for the letter's ring.
    std::string script = "expect-screen exam-paper\ntap-text 朗读\n";
    const std::string& a = d.paper.front().options[0];
    script += "log stem\n";
    for (int i = 0; i < 400; ++i) script += "wait 100ms\nprint-reading\n";
    auto run = test::run_script(dir.path(), d.db, script, "1920x1080", "letters.txt",
                                {"--config", d.config.string(), "--audio-out", wav.string()});
    INFO(run.err);
    REQUIRE(run.code == 0);
    CHECK(run.out.find("reading: A\n") != std::string::npos);
    CHECK(run.out.find("reading: B\n") != std::string::npos);
    CHECK(run.out.find("reading: " + a.substr(0, 3)) != std::string::npos);
    const auto full = speech::read_wav(wav).samples.size();

    // Stopped after a second: the button reads 朗读 again and the audio stops there.
    const std::string stop = "expect-screen exam-paper\ntap-text 朗读\nwait 1s\nexpect-reading " +
                             d.paper.front().stem + "\ntap-text 停止\nexpect-no-reading\nexpect-text 朗读\n"
                             "wait 30s\nexpect-no-reading\n";
    auto stopped = test::run_script(dir.path(), d.db, stop, "1920x1080", "stop.txt",
                                    {"--config", d.config.string(), "--audio-out", wav.string()});
    INFO(stopped.err);
    REQUIRE(stopped.code == 0);
    // The audio output holds what was heard until the stop: about a second, not the whole question.
    const auto heard = speech::read_wav(wav).samples.size();
    CHECK(heard >= 22050);
    CHECK(heard < 22050 * 2);
    CHECK(heard < full);

    // Going to the next question stops the reading of the first.
    const std::string next = "expect-screen exam-paper\ntap-text 朗读\nwait 500ms\ntap-text 下一题\n"
                             "expect-text 第 2 题\nexpect-no-reading\nexpect-text 朗读\n";
    auto moved = test::run_script(dir.path(), d.db, next, "1920x1080", "next.txt", {"--config", d.config.string()});
    INFO(moved.err);
    CHECK(moved.code == 0);
}

TEST_CASE("the exhibit case page, its quiz and the training questions read aloud too")
{
    test::TempDir dir;
    const Demo d = demo(dir);
    const std::string exhibit = "expect-screen attract\ntap 50% 90%\ntap-text 建筑施工\n"
                                "tap-text 某住宅工地临边作业高处坠落\nexpect-screen case\n"
                                "tap-text 朗读\nwait 800ms\nexpect-reading 某住宅工地临边作业高处坠落\n"
                                "screenshot case-reading\ntap-text 停止\ntap-text 开始答题\nexpect-screen quiz\n"
                                "tap-text 朗读\nwait 800ms\n"
                                "expect-reading 在坠落高度基准面（ ）及以上有可能坠落的高处进行的作业，叫作高处作业。\n"
                                "screenshot quiz-reading\n";
    for (const char* size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        auto run = test::run_script(dir.path(), d.db, exhibit, size, "exhibit.txt", {"--role", "exhibit"});
        INFO(run.err);
        CHECK(run.code == 0);
    }
    // Upright with large text the quiz's line has no room for the volume controls beside its number and type: they
    // stand under it, all of them; the top bar shows no lone "…" where the title has no room.
    auto upright = test::run_script(dir.path(), d.db,
                                    "expect-screen attract\ntap 50% 90%\ntap-text 建筑施工\n"
                                    "tap-text 某住宅工地临边作业高处坠落\ntap-text 大字\ntap-text 开始答题\n"
                                    "expect-screen quiz\nexpect-visible 朗读\nexpect-visible 音量－\n"
                                    "expect-visible 音量＋\nexpect-no-text …\nexpect-targets 44\n"
                                    "screenshot quiz-large-portrait\n",
                                    "1080x1920", "upright.txt", {"--role", "exhibit"});
    INFO(upright.err);
    CHECK(upright.code == 0);
    test::keep_shots(dir.path(), "read-");
    const std::string training = "expect-screen train-signin\n" + test::keypad("510107199505050021") +
                                 "tap-text 下一步\n" + test::keypad("123456") +
                                 "tap-text 登录\nexpect-screen train-menu\ntap-text 随机练习\nexpect-screen train-practice\n"
                                 "tap-text 朗读\nwait 800ms\nscreenshot practice-reading\nexpect-text 停止\n"
                                 "tap-text 停止\nexpect-text 朗读\n";
    auto run = test::run_script(dir.path(), d.db, training, "1920x1080", "training.txt", {"--role", "training"});
    INFO(run.err);
    CHECK(run.code == 0);
}

TEST_CASE("speech_volume 0 removes the button, and a bad --audio-out is refused before the kiosk starts")
{
    test::TempDir dir;
    const Demo d = demo(dir, R"({"speech_volume": 0})");
    auto run = test::run_script(dir.path(), d.db, "expect-screen exam-paper\nexpect-no-text 朗读\n", "1920x1080",
                                "silent.txt", {"--config", d.config.string()});
    INFO(run.err);
    CHECK(run.code == 0);
    auto refused = test::run_script(dir.path(), d.db, "expect-screen exam-paper\n", "1920x1080", "silent2.txt",
                                    {"--config", d.config.string(), "--audio-out", (dir / "x.wav").string()});
    CHECK(refused.code == 2);
    CHECK(refused.err.find("speech_volume is 0") != std::string::npos);

    // An installation's own pronunciation list: a bad row stops the kiosk naming the file and the line.
    test::write_file(dir / "words.tsv", "cmn\t电工\tdian4工\ncmn\t焊工\than\n");
    test::write_file(d.config, nlohmann::json{{"role", "exam"}, {"pronunciations", (dir / "words.tsv").string()}}.dump());
    auto bad_list = test::run_script(dir.path(), d.db, "expect-screen exam-paper\n", "1920x1080", "words.txt",
                                     {"--config", d.config.string()});
    CHECK(bad_list.code == 2);
    CHECK(bad_list.err.find("words.tsv:2: the reading 'han' has 'han', neither a Chinese character nor a pinyin") !=
          std::string::npos);
    test::write_file(dir / "words.tsv", "# our words\ncmn\t焊工\than4工\n");
    auto good_list = test::run_script(dir.path(), d.db, "expect-screen exam-paper\ntap-text 朗读\nwait 1s\n"
                                      "expect-text 停止\n", "1920x1080", "words2.txt", {"--config", d.config.string()});
    INFO(good_list.err);
    CHECK(good_list.code == 0);

    const auto fifo = dir / "audio.fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    test::write_file(d.config, R"({"role": "exam"})");
    auto fifo_run = test::run_script(dir.path(), d.db, "expect-screen exam-paper\n", "1920x1080", "fifo.txt",
                                     {"--config", d.config.string(), "--audio-out", fifo.string()});
    CHECK(fifo_run.code == 2);
    CHECK(fifo_run.err.find("not a regular file") != std::string::npos);
}

namespace {
int peak(const std::vector<std::int16_t>& s, std::size_t from = 0, std::size_t to = SIZE_MAX)
{
    int p = 0;
    for (std::size_t i = from; i < to && i < s.size(); ++i) p = std::max(p, std::abs(int(s[i])));
    return p;
}

std::string taps(const std::string& label, int n)
{
    std::string out;
    for (int i = 0; i < n; ++i) out += "tap-text " + label + "\n";
    return out;
}
} // namespace

TEST_CASE("音量－ / 音量＋ lower and raise the read-aloud within speech_volume, also while reading")
{
    test::TempDir dir;
    const Demo d = demo(dir, R"({"speech_volume": 60})");
    const auto wav = dir / "speech.wav";
    const int limit = 32767 * 60 / 100 + 1;
    auto read = [&](const std::string& before, const std::string& size = "1920x1080") {
        const std::string script = "expect-screen exam-paper\n" + before +
                                   "tap-text 朗读\nwait 1s\nexpect-text 停止\nwait 2s\ntap-text 停止\n";
        auto run = test::run_script(dir.path(), d.db, script, size, "volume.txt",
                                    {"--config", d.config.string(), "--audio-out", wav.string()});
        INFO(run.err);
        REQUIRE(run.code == 0);
        return speech::read_wav(wav).samples;
    };
    // The default is the kiosk's volume, and 音量＋ cannot go above it: it is disabled there.
    const auto normal = read("expect-targets 44\n");
    CHECK(peak(normal) > limit / 2);
    CHECK(peak(normal) <= limit);
    auto raise = test::run_script(dir.path(), d.db, "expect-screen exam-paper\ntap-text 音量＋\n", "1920x1080",
                                  "raise.txt", {"--config", d.config.string()});
    CHECK(raise.code != 0);
    CHECK(raise.err.find("nothing labelled '音量＋' can be tapped") != std::string::npos);
    // Four taps of 音量－: the lowest level, a fifth of the kiosk's volume, where 音量－ is disabled (never silence).
    const auto lowest = read(taps("音量－", 4) + "expect-targets 44\nscreenshot volume-lowest-landscape\n");
    CHECK(peak(lowest) < peak(normal) / 3);
    CHECK(peak(lowest) > peak(normal) / 8);
    // One step down and back up: the default again.
    CHECK(peak(read(taps("音量－", 1) + taps("音量＋", 1))) > peak(normal) * 9 / 10);
    CHECK(peak(read(taps("音量－", 2) + "expect-targets 44\nscreenshot volume-lower-portrait\n", "1080x1920")) <
          peak(normal));
    // Upright with large text the number row has no room: the controls stand in a row of their own, all of them,
    // and the clock above stays whole.
    read(taps("音量－", 1) + "tap-text 大字\nexpect-text 判断题\nexpect-visible 音量－\nexpect-visible 音量＋\n"
         "expect-visible 剩余\nexpect-targets 44\nscreenshot volume-large-portrait\n" + taps("音量＋", 1),
         "1080x1920");
    test::keep_shots(dir.path(), "volume-");


    // The reading in progress gets quieter at the tap: its last option (read after the tap) is a fifth as loud as
    // the same option read through at the default volume.
    auto whole = [&](const std::string& taps_during) {
        const std::string script = "expect-screen exam-paper\ntap-text 朗读\nwait 1500ms\n" + taps_during +
                                   "wait 60s\nexpect-no-reading\n";
        auto run = test::run_script(dir.path(), d.db, script, "1920x1080", "during.txt",
                                    {"--config", d.config.string(), "--audio-out", wav.string()});
        INFO(run.err);
        REQUIRE(run.code == 0);
        const auto samples = speech::read_wav(wav).samples;
        REQUIRE(samples.size() > 22050 * 3);
        return peak(samples, samples.size() - 22050 / 2);
    };
    const int tail_normal = whole("");
    const int tail_lowered = whole(taps("音量－", 4));
    CHECK(tail_normal > 1000);
    CHECK(tail_lowered < tail_normal / 3);
    CHECK(tail_lowered > tail_normal / 8);
}

TEST_CASE("the read-aloud volume goes back to the kiosk's at the idle timeout, like 大字")
{
    test::TempDir dir;
    const Demo d = demo(dir);
    const auto wav = dir / "speech.wav";
    const std::string to_case = "expect-screen attract\ntap 50% 90%\ntap-text 建筑施工\n"
                                "tap-text 某住宅工地临边作业高处坠落\nexpect-screen case\n";
    const std::string read = "tap-text 朗读\nwait 2s\ntap-text 停止\n";
    auto run = [&](const std::string& script) {
        auto r = test::run_script(dir.path(), d.db, script, "1920x1080", "idle.txt",
                                  {"--role", "exhibit", "--audio-out", wav.string()});
        INFO(r.err);
        REQUIRE(r.code == 0);
        return peak(speech::read_wav(wav).samples);
    };
    const int normal = run(to_case + read);
    const int lowered = run(to_case + taps("音量－", 4) + "expect-targets 44\nscreenshot case-volume\n" + read);
    auto upright = test::run_script(dir.path(), d.db, to_case + taps("音量－", 2) + "screenshot case-volume-portrait\n",
                                    "1080x1920", "upright.txt", {"--role", "exhibit"});
    CHECK(upright.code == 0);
    test::keep_shots(dir.path(), "volume-");
    const int next_visitor = run(to_case + taps("音量－", 4) + "wait 100s\nexpect-screen attract\n" + to_case + read);
    CHECK(lowered < normal / 3);
    CHECK(next_visitor > normal * 9 / 10);
    CHECK(normal <= 32767 * 80 / 100 + 1);
}
