// What the screens of a kiosk are made from: the configuration, the UI strings, the stores and the role's
// content. The program (kiosk/app/run.cpp) assembles it once; each screen's factory takes what it needs.
#pragma once

#include "kiosk/app/admin_gate.hpp"
#include "kiosk/app/clock.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/app/i18n.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace sk::storage {
class Database;
}
namespace sk::content {
class ContentStore;
class VisitStore;
} // namespace sk::content
namespace sk::exam::centre {
class SenderThread;
}
namespace sk::exam {
class ExamService;
class TrainingService;
class UserService;
} // namespace sk::exam

namespace sk::kiosk {

class ExhibitLibrary;
class Speaker;

// Who is signed in at a training kiosk, shared by its training screens (one trainee at a time).
struct TraineeSignIn {
    std::int64_t candidate = 0; // 0: nobody
    std::int64_t period = 0;    // the study period being counted (TrainingService::start_study)
    std::string name;
};

struct Services {
    const KioskConfig& config;
    const Strings& strings;
    std::filesystem::path database_path;
    content::ContentStore& content;
    content::VisitStore& visits;
    AdminGate& admin;
    const Clock& clock;
    ExhibitLibrary* exhibits = nullptr; // the exhibit role's cases, loaded at start
    exam::ExamService* exam = nullptr;       // the exam engine (exam and training roles)
    exam::TrainingService* training = nullptr; // training mode (training role)
    exam::UserService* users = nullptr;         // proctor sign-in (exam role)
    // An exam centre's kiosk (kiosk.json "centre"): the thread sending the journal's outbox; its status() tells the
    // screens what the centre does not hold yet. Null on a single-machine kiosk.
    const exam::centre::SenderThread* centre = nullptr;
    // The folder of the glyph atlas cache (ui/atlas_cache.hpp); empty: the atlas is built at every start.
    std::filesystem::path font_cache_dir{};
    // The read-aloud (朗读); null when speech_volume is 0 or the speech engine cannot start.
    Speaker* speaker = nullptr;
    // The training role's signed-in trainee.
    TraineeSignIn trainee{};
};

} // namespace sk::kiosk
