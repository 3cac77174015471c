// The desktop window rendered headless: the sign-in window and every panel a user may open, as PNGs that are
// neither missing nor blank, with Chinese text drawn from the font (no missing glyphs); and the roles decide the
// panels (a trainer gets no exhibits, blueprints or certificates).
#include "admin/gui/app.hpp"
#include "admin/gui/fields.hpp"
#include "admin/gui/run.hpp"
#include "exam/users.hpp"
#include "kiosk/ui/frame_record.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>
#include <stb_image.h>

#include <SDL.h>

#include <set>

using namespace sk;

namespace {
const char* kFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

// A small exam centre with users, scored exams and certificates, so every panel has something to show.
struct Centre {
    test::ExamFixture f;
    std::filesystem::path path;
    Centre() : path(f.dir / "kiosk.db")
    {
        exam::UserService users(f.db);
        users.add_first_user({"admin", "管理员", "password-admin", {exam::Role::Administrator}, ""});
        const exam::Actor admin{"admin", {exam::Role::Administrator}};
        users.add_user(admin, {"certs", "发证员", "password-certs", {exam::Role::CertificateOfficer}, ""});
        users.add_user(admin, {"trainer", "培训员", "password-trainer", {exam::Role::TrainingStaff}, "示范安全培训中心"});
        users.add_user(admin, {"staff", "考务员", "password-staff", {exam::Role::ExamStaff}, ""});
        f.add_pool("电工作业", "低压电工作业", 14, 14, 0);
        const auto item = f.item("电工作业", "低压电工作业");
        const auto session = f.session(f.blueprint(item, true));
        const auto start = f.exam_store.session(session)->starts_at_ms;
        const std::vector<std::pair<std::string, std::string>> people = {
            {test::id_number("19800101", 11), "张伟"}, {test::id_number("19810202", 22), "李娜"},
            {test::id_number("19820303", 33), "王强"}, {test::id_number("19830404", 44), "刘芳"}};
        for (std::size_t i = 0; i < people.size(); ++i) {
            const auto cid = f.candidate(people[i].first, people[i].second, item, static_cast<unsigned>(i + 1));
            f.now_ms = start - 60000;
            f.sit(cid, session, i != 3);
            if (i < 3) f.practical(cid, item);
        }
        f.registry.issue(f.officer, f.exam_store.candidate_by_id_number(people[0].first)->id, item);
    }
};

// Distinct colours in the image and whether it decodes at the size asked.
int colours(const std::filesystem::path& png, int w, int h)
{
    int x = 0, y = 0, n = 0;
    unsigned char* px = stbi_load(png.string().c_str(), &x, &y, &n, 3);
    REQUIRE(px != nullptr);
    CHECK(x == w);
    CHECK(y == h);
    std::set<unsigned> seen;
    for (int i = 0; i < x * y; i += 7) seen.insert(px[i * 3] << 16 | px[i * 3 + 1] << 8 | px[i * 3 + 2]);
    stbi_image_free(px);
    return static_cast<int>(seen.size());
}

std::vector<std::string> names(const std::vector<std::filesystem::path>& files)
{
    std::vector<std::string> v;
    for (const auto& f : files) v.push_back(f.filename().string());
    return v;
}
} // namespace

TEST_CASE("the desktop window's panels render headless to PNGs that are not blank")
{
    if (!std::filesystem::exists(kFont)) {
        MESSAGE("WenQuanYi Micro Hei is not installed (fonts-wqy-microhei)");
        return;
    }
    Centre c;
    // Kept in the build folder, to be looked at.
    const auto out = test::binary_path("admin-gui-screenshots");
    std::filesystem::remove_all(out);
    for (const auto& [user, password] : {std::pair{"admin", "password-admin"}, std::pair{"certs", "password-certs"},
                                         std::pair{"trainer", "password-trainer"}}) {
        admin::gui::GuiOptions o;
        o.db = c.path;
        o.headless = true;
        o.screenshots = out / user;
        o.user = user;
        o.password = password;
        const auto r = admin::gui::run_headless(o);
        CAPTURE(r.error);
        REQUIRE(r.code == 0);
        if (std::string(user) == "admin")
            CHECK(names(r.files) == std::vector<std::string>{"01-signin.png",           "02-signing-in.png",
                                                            "03-questions.png",        "04-exhibits.png",
                                                            "05-exhibits-new-case.png", "06-blueprints.png",
                                                            "07-candidates.png",       "08-candidates-photo.png",
                                                            "09-reports.png",          "10-users.png",
                                                            "11-users-editing.png",    "12-users-new.png"});
        else if (std::string(user) == "certs")
            CHECK(names(r.files) == std::vector<std::string>{"01-signin.png", "02-signing-in.png", "03-certificates.png",
                                                            "04-batch.png", "05-batch-confirm.png", "06-batch-preview.png"});
        else
            CHECK(names(r.files) == std::vector<std::string>{"01-signin.png", "02-signing-in.png", "03-questions.png",
                                                            "04-trainees.png", "05-reports.png"});
        for (const auto& f : r.files) {
            CAPTURE(f.string());
            REQUIRE(std::filesystem::exists(f));
            CHECK(colours(f, 1600, 900) > 40); // text, panels and controls, not one flat colour
        }
    }

    // A wrong password: the sign-in screenshot only, and exit code 4.
    admin::gui::GuiOptions o;
    o.db = c.path;
    o.screenshots = out / "refused";
    o.user = "admin";
    o.password = "wrong-password";
    const auto r = admin::gui::run_headless(o);
    CHECK(r.code == 4);
    CHECK(names(r.files) == std::vector<std::string>{"01-signin.png", "02-signing-in.png"});
}

TEST_CASE("the roles decide the panels and every drawn character has a glyph")
{
    if (!std::filesystem::exists(kFont)) return;
    Centre c;
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    REQUIRE(SDL_Init(SDL_INIT_VIDEO) == 0);
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, 1280, 800, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
    {
        admin::gui::Services services(c.path);
        const auto font = ui::FontFile::load(kFont);
        admin::gui::App app(services, renderer, font, {1280, 800}, {});
        CHECK_FALSE(app.sign_in("trainer", "not-the-password"));
        CHECK_FALSE(app.actor());
        CHECK(app.sign_in_error() == "用户名或密码错误");
        // Signing in runs on the job thread: the window keeps drawing frames ("signing in") until it is done.
        REQUIRE(app.begin_sign_in("trainer", "password-trainer"));
        CHECK(app.signing_in());
        CHECK_FALSE(app.begin_sign_in("trainer", "password-trainer")); // one at a time
        app.frame(1.0f / 60);
        CHECK_FALSE(app.actor()); // Argon2id takes far longer than a frame
        app.jobs().wait();
        CHECK_FALSE(app.signing_in());
        REQUIRE(app.actor());
        CHECK(app.actor()->login == "trainer");
        // Training staff: practice questions, their trainees, reports; no exhibits, blueprints, candidates, results.
        CHECK(app.panel_ids() == std::vector<std::string>{"questions", "trainees", "reports"});
        app.sign_out();
        REQUIRE(app.sign_in("staff", "password-staff"));
        CHECK(app.panel_ids() == std::vector<std::string>{"candidates", "reports"});
        app.sign_out();
        REQUIRE(app.sign_in("admin", "password-admin"));
        for (const auto& id : app.panel_ids()) {
            CAPTURE(id);
            REQUIRE(app.show_panel(id));
            app.current_panel()->show_example(app);
            for (int i = 0; i < 4; ++i) {
                if (app.jobs().running()) app.jobs().wait();
                app.frame(1.0f / 60);
            }
            std::string missing;
            for (const auto& m : ui::frame_record().missing_glyphs) missing += m.text + "\n";
            CHECK_MESSAGE(missing.empty(), missing);
        }
        // A long question in a narrow column is cut with "…" to the width, on a character boundary.
        const std::string stem = "低压电工作业-12  低压电工作业第12题：停电检修时应当先验电";
        const float width = ImGui::CalcTextSize("低压电工作业-12  低压").x;
        const std::string cut = admin::gui::fit_text(stem, width);
        CHECK(cut.size() < stem.size());
        CHECK(cut.rfind("…") == cut.size() - std::string("…").size());
        CHECK(stem.rfind(cut.substr(0, cut.size() - std::string("…").size()), 0) == 0);
        CHECK(ImGui::CalcTextSize(cut.c_str()).x <= width);
        CHECK(admin::gui::fit_text("短", width) == "短");
    }
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    SDL_Quit();
}
