#include "kiosk/app/run.hpp"

#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "kiosk/app/admin_gate.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/app/launch_log.hpp"
#include "kiosk/app/loops.hpp"
#include "kiosk/app/options.hpp"
#include "kiosk/app/paths.hpp"
#include "content/installation.hpp"
#include "exam/storage/exam_store.hpp"
#include "exam/centre/checkin.hpp"
#include "exam/centre/copy.hpp"
#include "exam/centre/sync.hpp"
#include "exam/exam_service.hpp"
#include "exam/training.hpp"
#include "exam/users.hpp"
#include "certs/storage/cert_store.hpp"
#include "kiosk/app/services.hpp"
#include "kiosk/app/speaker.hpp"
#include "kiosk/screens/exhibit_library.hpp"
#include "kiosk/screens/registry.hpp"

#include <SDL.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <random>

namespace sk::kiosk {

namespace {

int hash_pin()
{
    std::string pin;
    std::getline(std::cin, pin);
    if (pin.size() < 4 || pin.size() > 12 || pin.find_first_not_of("0123456789") != std::string::npos) {
        std::cerr << "safekiosk: a PIN is 4 to 12 digits\n";
        return 2;
    }
    std::cout << AdminGate::hash(pin) << "\n";
    return 0;
}

void wake_loop()
{
    if (!SDL_WasInit(SDL_INIT_EVENTS)) return;
    SDL_Event e{};
    e.type = SDL_USEREVENT;
    SDL_PushEvent(&e);
}

} // namespace

int run(int argc, char** argv)
{
    log_launch_step("main");
    Options opt;
    if (auto code = parse_options(argc, argv, opt)) return *code;
    if (opt.hash_pin) return hash_pin();

    std::filesystem::path db_path = opt.db ? *opt.db : content::default_database_path();
    const std::filesystem::path config_path = opt.config ? *opt.config : default_config_path(db_path);
    KioskConfig config;
    try {
        std::error_code ec;
        if (opt.config || std::filesystem::exists(config_path, ec)) {
            config = load_config(config_path);
        } else {
            std::cerr << "safekiosk: no configuration at " << config_path.string()
                      << "; using the defaults (exhibit kiosk, demo PIN), see docs/kiosk-config.md\n";
        }
    } catch (const ConfigError& e) {
        std::cerr << "safekiosk: " << e.what() << "\n";
        return 2;
    }
    if (opt.role) config.role = *opt.role;
    const bool db_given = opt.db || !config.database.empty();
    if (!opt.db && !config.database.empty()) db_path = config.database;
    if (!config.centre.empty()) {
        // The centre's outbox lives in an SQLite journal on this kiosk, and only an exam kiosk sends to it (training
        // kiosks keep a database of their own for now: docs/exam-centre.md).
        if (config.role != Role::Exam) {
            std::cerr << "safekiosk: " << config_path.string() << ": \"centre\" is for an exam kiosk; this one runs as "
                      << to_string(config.role) << "\n";
            return 2;
        }
        if (storage::is_server_locator(db_path.string())) {
            std::cerr << "safekiosk: " << config_path.string() << ": with \"centre\" the kiosk's database is its journal, "
                      << "an SQLite file on this kiosk, not a server database (" << db_path.string() << ")\n";
            return 2;
        }
    }
    if (start_screen(config.role).empty()) {
        std::cerr << "safekiosk: the " << to_string(config.role)
                  << " role has no screens in this build\n";
        return 2;
    }

    std::unique_ptr<Strings> strings;
    std::unique_ptr<ui::FontFile> font;
    try {
        strings = std::make_unique<Strings>(Strings::load(config.language));
        font = std::make_unique<ui::FontFile>(ui::FontFile::load(config.font));
    } catch (const std::exception& e) {
        std::cerr << "safekiosk: " << e.what() << "\n";
        return 2;
    }

    log_launch_step("configuration, strings and font file read");
    bool centre_reached = false;
    if (!config.centre.empty()) {
        // The centre seats an attempt at the kiosk its login belongs to: that must be this kiosk.json's kiosk_id. A
        // centre that cannot be reached now does not stop the kiosk (an attempt under way goes on without it); each
        // check-in asks again.
        try {
            exam::centre::require_kiosk_login(config.centre, config.kiosk_id);
            centre_reached = true;
        } catch (const exam::centre::CentreUnreachable& e) {
            std::cerr << "safekiosk: cannot reach the exam centre to confirm that its login is kiosk " << config.kiosk_id
                      << " (" << e.what() << "); check-in needs the centre and asks again\n";
        } catch (const std::exception& e) {
            std::cerr << "safekiosk: " << config_path.string() << ": " << e.what() << "\n";
            return 2;
        }
        log_launch_step("centre login checked");
    }
    std::optional<storage::Database> db;
    try {
        if (!db_given) std::filesystem::create_directories(db_path.parent_path());
        // Every library's tables: an installation always has the whole schema, whichever program opened it first.
        db.emplace(storage::open(db_path, {&content::schema(), &content::visits_schema(), &exam::schema(), &certs::schema()}));
    } catch (const storage::StorageError& e) {
        // A full disk is said as such (SQLite calls a full disk met while opening only "disk I/O error").
        if (e.disk_full()) std::cerr << "safekiosk: " << (*strings)(Key::start_storage_full) << "\n";
        std::cerr << "safekiosk: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "safekiosk: " << e.what() << "\n";
        return 2;
    }
    log_launch_step("database open");
    // An exam centre's kiosk copies what its room's sessions need from the centre (its bank, candidates, sessions,
    // ids kept: exam/centre/copy.hpp) before its screens read the bank for their glyphs. A centre that cannot be
    // reached, or a copy the journal cannot take, leaves the journal as it is; each check-in pulls again.
    if (centre_reached) {
        try {
            const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count();
            const auto r = exam::centre::pull_from_centre(*db, config.centre, config.kiosk_id, now);
            if (r.changed()) std::cerr << "safekiosk: " << db_path.string() << ": " << exam::centre::describe(r) << "\n";
        } catch (const std::exception& e) {
            std::cerr << "safekiosk: " << db_path.string() << ": the centre's copy was not taken (" << e.what()
                      << "); the kiosk goes on with what its journal holds\n";
        }
        log_launch_step("centre copy pulled");
    }
    // An exam centre's kiosk: every answer, mark and clock event saved from now on also goes into the journal's
    // outbox (in the same transaction), and a thread of its own sends the outbox to the centre, starting with what
    // earlier runs left unsent. The UI never waits for it.
    SystemClock system_clock;
    VirtualClock virtual_clock;
    const Clock& clock = opt.headless ? static_cast<const Clock&>(virtual_clock) : system_clock;
    std::unique_ptr<exam::centre::SenderThread> centre_link;
    if (!config.centre.empty()) {
        try {
            exam::centre::enable_outbox(*db);
            exam::centre::SenderOptions sending{config.centre};
            // The kiosk's clock as its engine reads it, for the proctor panel's check against the centre's.
            sending.wall_ms = [&clock] {
                return std::chrono::duration_cast<std::chrono::milliseconds>(clock.wall().time_since_epoch()).count();
            };
            centre_link = std::make_unique<exam::centre::SenderThread>(db_path, std::move(sending));
        } catch (const std::exception& e) {
            std::cerr << "safekiosk: " << db_path.string() << ": cannot turn the centre's outbox on: " << e.what() << "\n";
            return 2;
        }
    }
    // On the way out the thread gets up to 10 s to empty the outbox; what is left stays in the journal for the next
    // start.
    const auto finish_centre = [&centre_link, &db_path] {
        if (!centre_link) return;
        try {
            const auto status = centre_link->status();
            if (!status.audit_problem.empty()) std::cerr << "safekiosk: " << status.audit_problem << "\n";
            const std::int64_t left = centre_link->finish(std::chrono::seconds(10));
            if (left > 0)
                std::cerr << "safekiosk: " << left << " event(s) not yet at the centre"
                          << (status.last_error.empty() ? std::string() : " (" + status.last_error + ")")
                          << "; kept in " << db_path.string() << " and sent at the next start\n";
        } catch (const std::exception& e) {
            std::cerr << "safekiosk: " << db_path.string() << ": " << e.what() << "\n";
        }
        centre_link.reset();
    };
    content::ContentStore content(*db);
    content::VisitStore visits(*db);

    // The administrator PIN's back-off is kept in the database (a restart does not reset it), on the wall clock.
    exam::AdminPinBackoff admin_backoff(*db, [&clock] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(clock.wall().time_since_epoch()).count();
    });
    AdminGate admin(config.admin_pin_hash, clock, wake_loop, &admin_backoff);
    if (admin.demo())
        std::cerr << "safekiosk: no admin_pin_hash configured: the demo PIN applies (docs/kiosk.md)\n";

    std::unique_ptr<ExhibitLibrary> exhibits;
    try {
        if (config.role == Role::Exhibit) exhibits = std::make_unique<ExhibitLibrary>(content.exhibits());
    } catch (const std::exception& e) {
        std::cerr << "safekiosk: " << db_path.string() << ": cannot read the exhibits: " << e.what() << "\n";
        return 2;
    }
    // The engines run on the kiosk's wall clock (the virtual clock in headless runs).
    const exam::Clock engine_clock = [&clock] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(clock.wall().time_since_epoch()).count();
    };
    // The exam time is measured on the monotonic clock beside it (docs/kiosk.md): CLOCK_BOOTTIME of this boot, or in
    // a headless run the virtual clock's count under a boot id of this run alone (each run's count starts afresh, so
    // no two runs' readings are ever subtracted).
    const std::string headless_boot = [] {
        std::random_device rd;
        char id[40];
        std::snprintf(id, sizeof id, "headless-%08x%08x", rd(), rd());
        return std::string(id);
    }();
    const exam::ReadingClock exam_clock = [&clock, &engine_clock, &opt, &headless_boot] {
        if (!opt.headless) return exam::system_reading();
        return exam::ClockReading{engine_clock(), exam::MonoReading{headless_boot, clock.now_ms()}};
    };
    std::unique_ptr<exam::ExamService> exam_service;
    std::unique_ptr<exam::TrainingService> training_service;
    if (config.role == Role::Exam || config.role == Role::Training)
        exam_service = std::make_unique<exam::ExamService>(*db, exam_clock);
    if (config.role == Role::Training) training_service = std::make_unique<exam::TrainingService>(*db, engine_clock);
    std::unique_ptr<exam::UserService> user_service;
    if (config.role == Role::Exam) user_service = std::make_unique<exam::UserService>(*db, engine_clock);
    Services services{config, *strings, db_path, content, visits, admin, clock, exhibits.get()};
    services.exam = exam_service.get();
    services.training = training_service.get();
    services.users = user_service.get();
    services.centre = centre_link.get();
    // The glyph atlas cache: a window kiosk uses the user's cache folder; a headless run only the folder it is given.
    if (opt.font_cache) services.font_cache_dir = *opt.font_cache;
    else if (!opt.headless && !opt.no_font_cache) services.font_cache_dir = default_cache_dir();

    // The read-aloud: the kiosk language picks the voice; headless runs play nothing (but may write a WAV file).
    std::unique_ptr<Speaker> speaker;
    std::optional<speech::PronunciationList> pronunciations;
    if (config.speech_volume > 0) {
        try {
            if (!config.pronunciations.empty()) {
                // The installation's own words on top of the built-in list: a bad row stops the kiosk here.
                pronunciations = speech::PronunciationList::builtin();
                pronunciations->merge(speech::PronunciationList::load(config.pronunciations));
            }
            speaker = std::make_unique<Speaker>(
                SpeakerSettings{speech::dialect_for_language(config.language), config.speech_volume, config.speech_rate,
                                !opt.headless, opt.audio_out, pronunciations ? &*pronunciations : nullptr},
                clock, wake_loop);
        } catch (const speech::PronunciationError& e) {
            std::cerr << "safekiosk: pronunciation list: " << e.what() << "\n";
            return 2;
        } catch (const speech::WavError& e) {
            std::cerr << "safekiosk: --audio-out: " << e.what() << "\n";
            return 2;
        } catch (const std::exception& e) {
            std::cerr << "safekiosk: read-aloud: " << e.what() << "\n";
            return 2;
        }
        // The engine and voice load on the speech thread while the kiosk starts, not at the first tap (a headless
        // run loads them when it first reads).
        if (!opt.headless) speaker->warm_up();
    } else if (!opt.audio_out.empty()) {
        std::cerr << "safekiosk: --audio-out: speech_volume is 0 in the configuration: nothing is read aloud\n";
        return 2;
    }
    services.speaker = speaker.get();

    log_launch_step("services ready");
    int code = 2;
    try {
        if (opt.headless)
            code = run_headless(services, virtual_clock, *font, opt.size.value_or(Size{1920, 1080}), opt.script,
                                opt.screenshots);
        else
            code = run_window(services, *font, opt.size);
    } catch (const std::exception& e) {
        std::cerr << "safekiosk: " << e.what() << "\n";
        code = 2;
    }
    finish_centre();
    return code;
}

} // namespace sk::kiosk
