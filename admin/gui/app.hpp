// The desktop window of safekiosk-admin: sign-in, then one panel per job of the exam centre, shown only when the
// signed-in user's roles allow it. Thin over the libraries: every rule and all data access is theirs.
//
// [SECTION] Services: the libraries over one database connection (the UI thread's; jobs open their own)
// [SECTION] Panel: one screen of the window, a small type with one draw function, registered in panel_table()
// [SECTION] App: fonts, the job runner, the texture cache, sign-in and the frame
#pragma once

#include "admin/gui/jobs.hpp"
#include "certs/registry.hpp"
#include "certs/signing.hpp"
#include "content/storage/content_store.hpp"
#include "exam/change_watch.hpp"
#include "exam/exam_service.hpp"
#include "exam/reports.hpp"
#include "exam/users.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/textures.hpp"

#include <imgui.h>

#include <filesystem>
#include <functional>
#include <map>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct SDL_Renderer;

namespace sk::admin::gui {

// [SECTION] Services
// Opens an installation database (every library's schema) without creating it: StorageError naming a missing file.
storage::Database open_installation(const std::filesystem::path& path);

struct Services {
    explicit Services(const std::filesystem::path& path);
    std::filesystem::path db_path;
    storage::Database db;
    content::ContentStore content;
    exam::ExamService exam;
    exam::UserService users;
    certs::CertRegistry certs;
    exam::Reports reports;
};

class App;

// [SECTION] Panel
class Panel {
public:
    virtual ~Panel() = default;
    virtual const char* id() const = 0;        // "questions": screenshot file names, --panel
    virtual const char* title_key() const = 0; // strings key of the navigation label
    // Reloads what it lists (after sign-in, and after a job changed the data).
    virtual void refresh(App& app) = 0;
    virtual void draw(App& app) = 0;
    // Headless screenshots: open something worth looking at (the first question, exhibit, blueprint …).
    virtual void show_example(App&) {}
    // Headless screenshots: arrange one more view (a new record, a dialog open) and return its name for the file
    // ("new-case"), or an empty string when there is none more.
    virtual std::string next_example(App&) { return {}; }
    // What the panel lists now, one line per record (tests check that a change made elsewhere shows up).
    virtual std::vector<std::string> rows() const { return {}; }
    // A panel of data that changes without an audit entry (the exam centre's uploads) is read again this often, in
    // milliseconds, while it is shown; 0: only when the installation's revision changes (App::poll_changes).
    virtual int live_interval_ms() const { return 0; }
};

struct PanelEntry {
    const char* id;
    // Whether the signed-in user sees the panel at all.
    std::function<bool(const exam::Actor&)> allowed;
    std::function<std::unique_ptr<Panel>()> make;
    // Whether the installation has what the panel shows (empty: always), e.g. the centre's seats on a centre only.
    std::function<bool(Services&)> available = {};
};
// Every panel, in navigation order.
const std::vector<PanelEntry>& panel_table();

std::unique_ptr<Panel> make_questions_panel();
std::unique_ptr<Panel> make_exhibits_panel();
std::unique_ptr<Panel> make_blueprints_panel();
std::unique_ptr<Panel> make_candidates_panel();
std::unique_ptr<Panel> make_certificates_panel();
std::unique_ptr<Panel> make_reports_panel();
std::unique_ptr<Panel> make_trainees_panel();
std::unique_ptr<Panel> make_centre_panel();

// [SECTION] App
struct AdminFonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
    ui::FontSet preview; // the kiosk's three sizes at the scale of the question preview
    float body_px = 0;
};

class App {
public:
    // `wake` is called from worker threads to make the loop draw a frame (SDL_PushEvent in the window).
    App(Services& services, SDL_Renderer* renderer, const ui::FontFile& font, ImVec2 size, std::function<void()> wake);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    Services& services() { return services_; }
    JobRunner& jobs() { return jobs_; }
    ui::TextureCache& textures() { return *textures_; }
    const AdminFonts& fonts() const { return fonts_; }
    const std::optional<exam::Actor>& actor() const { return actor_; }

    // Starts signing in on the job thread (Argon2id takes about half a second, and the wait after wrong passwords
    // grows): the form shows "signing in" meanwhile, and the panels open in the poll() after it succeeded; a refusal
    // is shown under the form. False when a job is running already.
    bool begin_sign_in(const std::string& login, const std::string& password);
    bool signing_in() const { return signing_in_; }
    // begin_sign_in, then waits for it (tests, headless screenshots); false when refused.
    bool sign_in(const std::string& login, const std::string& password);
    const std::string& sign_in_error() const { return sign_in_error_; }
    void sign_out();
    // Shows the panel `id` (when the user may see it); false when there is none such.
    bool show_panel(const std::string& id);
    Panel* current_panel();
    std::vector<std::string> panel_ids() const;
    void refresh_panels();
    // Live panels: asks the installation's revision (exam::ChangeWatch, the audit log's newest id) at most once a
    // second and, when another process or workstation changed something, reloads every panel. Called by frame();
    // true when the panels were reloaded. Not while a job runs (its end refreshes anyway). The shown panel is also
    // read again when its live interval (Panel::live_interval_ms) has passed.
    bool poll_changes();

    // Image bytes not stored yet (an exhibit's new image, a candidate's photo file) that textures() shows under
    // `key` until they are dropped; staged keys are looked up before the media table.
    void stage_image(const std::string& key, std::vector<unsigned char> bytes);
    void drop_staged_images();

    // A short line in the status bar (an error in red).
    void notify(std::string text, bool error = false);
    // The end of a job in the status bar: "cancelled, nothing written", or the failure, else (when `summary`) its
    // message (in red when `error`). True when the job ran to its end.
    bool job_ended(const JobStatus& st, const std::string& title, bool summary = true, bool error = false);
    // After an import: the glyphs of everything the database now holds are built before the next frame.
    void reload_glyphs();
    // Text typed into a field: characters the fonts do not have yet are added before the next frame.
    void note_text(std::string_view text);

    // One frame: input must have been given to ImGui already. Builds and renders into the renderer.
    void frame(float dt);
    void resize(ImVec2 size);
    // True while something still wants frames (textures being made, a job running, fonts rebuilt).
    bool busy() const;

    // The kiosk's preview metrics: body px of the preview fonts for a preview column `width` pixels wide.
    static float preview_body_px(float width);

private:
    void build_fonts();
    void open_panels(exam::Actor actor);
    void draw_sign_in();
    void draw_main();
    void draw_job_bar();
    void apply_style();

    Services& services_;
    SDL_Renderer* renderer_;
    const ui::FontFile& font_;
    ImVec2 size_;
    ImGuiContext* imgui_ = nullptr;
    AdminFonts fonts_;
    std::vector<std::string> glyph_text_;
    std::map<std::string, std::vector<unsigned char>> staged_;
    bool fonts_dirty_ = false;
    JobRunner jobs_;
    std::unique_ptr<ui::TextureCache> textures_;
    std::optional<exam::Actor> actor_;
    std::optional<exam::ChangeWatch> watch_;
    std::vector<std::unique_ptr<Panel>> panels_;
    std::vector<std::string> panel_ids_;
    std::size_t current_ = 0;
    std::chrono::steady_clock::time_point live_read_at_{}; // when the current panel was last read for its live interval
    std::string login_, password_, sign_in_error_;
    bool signing_in_ = false;
    std::string status_;
    bool status_error_ = false;
    int settle_frames_ = 3;
};

} // namespace sk::admin::gui
