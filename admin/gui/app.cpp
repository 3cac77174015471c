#include "admin/gui/app.hpp"

#include "admin/gui/fields.hpp"
#include "admin/gui/strings.hpp"
#include "admin/gui/batch_panel.hpp"
#include "admin/gui/users_panel.hpp"
#include "certs/storage/cert_store.hpp"
#include "exam/centre/centre.hpp"
#include "content/storage/visit_store.hpp"
#include "kiosk/app/i18n.hpp"
#include "kiosk/ui/frame_record.hpp"
#include "kiosk/ui/theme.hpp"

#include <imgui_impl_sdlrenderer.h>
#include <imgui_internal.h> // ImTextCharFromUtf8
#include <imgui_stdlib.h>

#include <SDL.h>

#include <algorithm>
#include <cmath>

namespace sk::admin::gui {

// [SECTION] Services

storage::Database open_installation(const std::filesystem::path& path)
{
    return storage::open(path, {&content::schema(), &content::visits_schema(), &exam::schema(), &certs::schema()},
                         false);
}

Services::Services(const std::filesystem::path& path)
    : db_path(path), db(open_installation(path)), content(db), exam(db), users(db), certs(db, exam), reports(db)
{
    exam.set_certificate_lookup(certs.certificate_lookup());
}

// [SECTION] Panel table

const std::vector<PanelEntry>& panel_table()
{
    using exam::Operation;
    static const std::vector<PanelEntry> table{
        {"questions",
         [](const exam::Actor& a) { return a.can(Operation::ManageContent) || a.can(Operation::ReadPracticeQuestions); },
         make_questions_panel},
        {"exhibits", [](const exam::Actor& a) { return a.can(Operation::ManageContent); }, make_exhibits_panel},
        {"blueprints", [](const exam::Actor& a) { return a.can(Operation::ManageBlueprints); }, make_blueprints_panel},
        {"candidates",
         [](const exam::Actor& a) { return a.can(Operation::ManageCandidates) || a.can(Operation::ManageSessions); },
         make_candidates_panel},
        {"certificates",
         [](const exam::Actor& a) {
             return a.can(Operation::IssueCertificates) || a.can(Operation::RevokeCertificates);
         },
         make_certificates_panel},
        {"batch", [](const exam::Actor& a) { return a.can(Operation::IssueCertificates); }, make_batch_panel},
        {"trainees", [](const exam::Actor& a) { return a.can(Operation::ManageTrainees); }, make_trainees_panel},
        {"reports", [](const exam::Actor& a) { return a.can(Operation::ReadReports); }, make_reports_panel},
        {"centre", [](const exam::Actor& a) { return a.can(Operation::ProctorAttempts) || a.can(Operation::ManageSessions); },
         make_centre_panel, [](Services& s) { return exam::centre::is_centre(s.db); }},
        {"users", [](const exam::Actor& a) { return a.can(Operation::ManageUsers); }, make_users_panel},
    };
    return table;
}

// [SECTION] App

namespace {
// Every text the window may show from the database: the glyphs of the fonts.
void collect_text(Services& s, std::vector<std::string>& out)
{
    const auto& cat = s.content.catalogue();
    for (const auto& c : cat.categories) out.push_back(c.name);
    for (const auto& i : cat.items) out.push_back(i.name);
    content::QuestionFilter all;
    all.include_exhibit_quiz = true;
    for (const auto& q : s.content.questions(all)) {
        out.push_back(q.stem);
        out.push_back(q.chapter);
        out.push_back(q.explanation);
        for (const auto& o : q.options) out.push_back(o);
    }
    for (const auto& e : s.content.exhibits()) {
        out.push_back(e.title + e.industry + e.place + e.summary);
        for (const auto& t : e.timeline) out.push_back(t.time + t.event);
        for (const auto& v : e.direct_causes) out.push_back(v);
        for (const auto& v : e.underlying_causes) out.push_back(v);
        for (const auto& v : e.violations) out.push_back(v.kind + v.text);
        for (const auto& v : e.lessons) out.push_back(v);
        for (const auto& v : e.do_instead) out.push_back(v);
        for (const auto& i : e.images) out.push_back(i.caption);
    }
    for (const auto& v : content::exhibit_industries()) out.push_back(v);
    for (auto& t : s.exam.glyph_texts()) out.push_back(std::move(t));
    // The engines' refusals and check texts are Chinese words around numbers.
    out.push_back("需要题库中有缺少不足难度已签发未通过有效期复审到期暂停吊销补发照片身份证号姓名作业类别操作项目考试类型工作单位"
                  "培训机构初训复审男女行列字段文件格式编码错误警告合格率考生人数平均分题目区分度难度系数标记应答遗漏");
    out.push_back(s.db_path.string());
    out.push_back(s.certs.policy().authority);
}

constexpr float kPreviewColumnEm = 33.8f; // the exam paper's question column on a 1920×1080 kiosk, in kiosk em
} // namespace

float App::preview_body_px(float width) { return std::max(9.0f, std::round(width / kPreviewColumnEm)); }

App::App(Services& services, SDL_Renderer* renderer, const ui::FontFile& font, ImVec2 size, std::function<void()> wake)
    : services_(services), renderer_(renderer), font_(font), size_(size), jobs_(std::move(wake))
{
    imgui_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(imgui_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    ImGui_ImplSDLRenderer_Init(renderer_);
    reload_glyphs();
    build_fonts();
    textures_ = std::make_unique<ui::TextureCache>(
        renderer_, [this](const std::string& path) -> std::optional<std::vector<unsigned char>> {
            if (const auto it = staged_.find(path); it != staged_.end()) return it->second;
            return services_.content.media(path);
        });
}

App::~App()
{
    ImGui::SetCurrentContext(imgui_);
    jobs_.cancel();
    jobs_.wait();
    panels_.clear();
    textures_.reset();
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext(imgui_);
}

void App::build_fonts()
{
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas& atlas = *io.Fonts;
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    atlas.Clear();
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    static ImVector<ImWchar> ranges; // must outlive the atlas build
    ImFontGlyphRangesBuilder builder;
    builder.AddText(ui::always_included_glyphs());
    builder.AddText("⚠✓✗▲▼■□●○←→◀▶…×");
    for (const auto& s : glyph_text_) builder.AddText(s.data(), s.data() + s.size());
    ranges.clear();
    builder.BuildRanges(&ranges);
    const auto add = [&](float px, int oversample) {
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false;
        cfg.OversampleH = oversample;
        cfg.OversampleV = 1;
        cfg.PixelSnapH = true;
        return atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(font_.data.data()),
                                          static_cast<int>(font_.data.size()), px, &cfg, ranges.Data);
    };
    // The window's own text: 1/50 of the height (18 px at 900), between 15 and 28 px.
    const float px = std::round(std::clamp(size_.y / 50.0f, 15.0f, 28.0f));
    fonts_.body_px = px;
    fonts_.body = add(px, 2); // small text: sub-pixel positions keep thin strokes (+, 1) crisp
    fonts_.heading = add(std::round(px * 1.35f), 1);
    // The preview column is a third of the window (question editor, App::preview_body_px).
    const float pv = preview_body_px(size_.x * 0.34f);
    fonts_.preview.body_px = pv;
    fonts_.preview.body = add(pv, 1);
    fonts_.preview.heading = add(std::round(pv * ui::kHeadingScale), 1);
    fonts_.preview.display = fonts_.preview.heading;
    if (!fonts_.body || !fonts_.heading || !fonts_.preview.body || !fonts_.preview.heading || !atlas.Build())
        throw ui::FontError("font file " + font_.path.string() + " could not be rasterised");
    io.FontDefault = fonts_.body;
    set_heading_font(fonts_.heading);
    ui::set_fonts({fonts_.body, fonts_.heading, fonts_.heading, px});
    apply_style();
    fonts_dirty_ = false;
}

void App::apply_style()
{
    ImGuiStyle& st = ImGui::GetStyle();
    st = ImGuiStyle();
    ImGui::StyleColorsDark(&st);
    const float e = fonts_.body_px;
    st.WindowPadding = {e * 0.8f, e * 0.6f};
    st.FramePadding = {e * 0.45f, e * 0.25f};
    st.ItemSpacing = {e * 0.5f, e * 0.4f};
    st.CellPadding = {e * 0.35f, e * 0.2f};
    st.ScrollbarSize = e * 0.7f;
    st.GrabMinSize = e * 0.7f;
    st.FrameRounding = e * 0.2f;
    st.ChildRounding = e * 0.3f;
    st.WindowRounding = e * 0.3f;
    st.PopupRounding = e * 0.2f;
    st.GrabRounding = e * 0.2f;
    st.WindowBorderSize = 0;
    st.ChildBorderSize = 1;
    ImVec4* c = st.Colors;
    const auto v = [](ImU32 u) { return ImGui::ColorConvertU32ToFloat4(u); };
    namespace k = ui::colour;
    c[ImGuiCol_WindowBg] = v(k::background);
    c[ImGuiCol_ChildBg] = v(k::rgb(0x13, 0x22, 0x38));
    c[ImGuiCol_PopupBg] = v(k::surface);
    c[ImGuiCol_Border] = v(k::border);
    c[ImGuiCol_Text] = v(k::text);
    c[ImGuiCol_TextDisabled] = v(k::text_dim);
    c[ImGuiCol_FrameBg] = v(k::rgb(0x0A, 0x14, 0x22));
    c[ImGuiCol_FrameBgHovered] = v(k::rgb(0x1B, 0x2E, 0x48));
    c[ImGuiCol_FrameBgActive] = v(k::rgb(0x22, 0x3A, 0x5B));
    c[ImGuiCol_Button] = v(k::surface_high);
    c[ImGuiCol_ButtonHovered] = v(k::surface_pressed);
    c[ImGuiCol_ButtonActive] = v(k::rgb(0x3A, 0x5E, 0x90));
    c[ImGuiCol_Header] = v(k::surface_high);
    c[ImGuiCol_HeaderHovered] = v(k::surface_pressed);
    c[ImGuiCol_HeaderActive] = v(k::rgb(0x3A, 0x5E, 0x90));
    c[ImGuiCol_CheckMark] = v(k::accent);
    c[ImGuiCol_SliderGrab] = v(k::accent);
    c[ImGuiCol_SliderGrabActive] = v(k::accent_pressed);
    c[ImGuiCol_TableHeaderBg] = v(k::surface);
    c[ImGuiCol_TableBorderStrong] = v(k::border);
    c[ImGuiCol_TableBorderLight] = v(k::rgb(0x26, 0x3B, 0x57));
    c[ImGuiCol_TableRowBg] = v(k::rgb(0, 0, 0, 0));
    c[ImGuiCol_TableRowBgAlt] = v(k::rgb(0xFF, 0xFF, 0xFF, 0x08));
    c[ImGuiCol_PlotHistogram] = v(k::accent);
    c[ImGuiCol_PlotHistogramHovered] = v(k::accent_pressed);
    c[ImGuiCol_TitleBg] = v(k::surface);
    c[ImGuiCol_TitleBgActive] = v(k::surface_high);
    c[ImGuiCol_Separator] = v(k::border);
    c[ImGuiCol_Tab] = v(k::surface);
    c[ImGuiCol_TabActive] = v(k::surface_pressed);
    c[ImGuiCol_TabHovered] = v(k::surface_pressed);
    c[ImGuiCol_ModalWindowDimBg] = v(k::rgb(0, 0, 0, 0x90));
}

void App::reload_glyphs()
{
    glyph_text_ = all_strings();
    const kiosk::Strings kiosk_strings = kiosk::Strings::load("zh-CN"); // the preview's labels
    for (const auto& s : kiosk_strings.all()) glyph_text_.push_back(s);
    collect_text(services_, glyph_text_);
    fonts_dirty_ = true;
}

void App::note_text(std::string_view text)
{
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        unsigned int c = 0;
        const int n = ImTextCharFromUtf8(&c, p, end);
        if (n <= 0) break;
        p += n;
        if (c >= 0x80 && c <= 0xFFFF && !fonts_.body->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
            glyph_text_.emplace_back(text);
            fonts_dirty_ = true;
            return;
        }
    }
}

void App::stage_image(const std::string& key, std::vector<unsigned char> bytes) { staged_[key] = std::move(bytes); }

void App::drop_staged_images() { staged_.clear(); }

bool App::job_ended(const JobStatus& st, const std::string& title, bool summary, bool error)
{
    if (st.cancelled) notify(trf("job.cancelled", {title}));
    else if (st.failed) notify(trf("job.failed", {title, st.message}), true);
    else if (summary) notify(st.message, error);
    return !st.cancelled && !st.failed;
}

void App::notify(std::string text, bool error)
{
    status_ = std::move(text);
    status_error_ = error;
}

bool App::begin_sign_in(const std::string& login, const std::string& password)
{
    auto actor = std::make_shared<std::optional<exam::Actor>>();
    const std::filesystem::path db = services_.db_path;
    const bool started = jobs_.start(
        tr("signin.wait"),
        [db, login, password, actor](const JobControl&) {
            auto conn = open_installation(db); // the job's own connection
            *actor = exam::UserService(conn).sign_in(login, password);
            return std::string();
        },
        [this, actor, login](const JobStatus& st) {
            signing_in_ = false;
            if (st.failed || !*actor) {
                sign_in_error_ = st.message;
                if (sign_in_error_.find("wrong login or password") != std::string::npos) sign_in_error_ = tr("signin.wrong");
                return;
            }
            open_panels(**actor);
            notify(trf("signin.welcome", {login}));
        });
    if (started) {
        login_ = login; // the form shows who is being signed in
        signing_in_ = true;
        sign_in_error_.clear();
    }
    return started;
}

bool App::sign_in(const std::string& login, const std::string& password)
{
    if (!begin_sign_in(login, password)) return false;
    jobs_.wait();
    return actor_.has_value();
}

void App::open_panels(exam::Actor actor)
{
    actor_ = std::move(actor);
    watch_.emplace(services_.exam);
    sign_in_error_.clear();
    password_.clear();
    panels_.clear();
    panel_ids_.clear();
    for (const auto& entry : panel_table())
        if (entry.allowed(*actor_) && (!entry.available || entry.available(services_))) {
            panels_.push_back(entry.make());
            panel_ids_.push_back(entry.id);
        }
    current_ = 0;
    refresh_panels();
}

void App::sign_out()
{
    jobs_.cancel();
    jobs_.wait();
    actor_.reset();
    watch_.reset();
    panels_.clear();
    panel_ids_.clear();
    status_.clear();
}

bool App::show_panel(const std::string& id)
{
    for (std::size_t i = 0; i < panel_ids_.size(); ++i)
        if (panel_ids_[i] == id) {
            current_ = i;
            return true;
        }
    return false;
}

Panel* App::current_panel() { return current_ < panels_.size() ? panels_[current_].get() : nullptr; }
std::vector<std::string> App::panel_ids() const { return panel_ids_; }

bool App::poll_changes()
{
    if (!actor_ || !watch_ || jobs_.running()) return false;
    if (watch_->changed()) {
        refresh_panels();
        settle_frames_ = std::max(settle_frames_, 2);
        return true;
    }
    Panel* shown = current_panel();
    const int interval = shown ? shown->live_interval_ms() : 0;
    const auto now = std::chrono::steady_clock::now();
    if (interval <= 0 || now - live_read_at_ < std::chrono::milliseconds(interval)) return false;
    live_read_at_ = now;
    try {
        shown->refresh(*this);
    } catch (const std::exception& e) {
        notify(message(e), true);
    }
    settle_frames_ = std::max(settle_frames_, 2);
    return true;
}

void App::refresh_panels()
{
    if (watch_) watch_->seen();
    live_read_at_ = std::chrono::steady_clock::now();
    for (auto& p : panels_) {
        try {
            p->refresh(*this);
        } catch (const std::exception& e) {
            notify(message(e), true);
        }
    }
}

void App::resize(ImVec2 size)
{
    const bool changed = size.x != size_.x || size.y != size_.y;
    size_ = size;
    if (changed) fonts_dirty_ = true;
    settle_frames_ = 3;
}

bool App::busy() const
{
    return settle_frames_ > 0 || textures_->pending() || jobs_.running() || signing_in_ || fonts_dirty_;
}

void App::frame(float dt)
{
    ImGui::SetCurrentContext(imgui_);
    if (fonts_dirty_) build_fonts();
    if (jobs_.poll()) settle_frames_ = std::max(settle_frames_, 2);
    poll_changes();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = size_;
    io.DeltaTime = dt > 0 ? dt : 1.0f / 60;
    ui::begin_frame_record();
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui::NewFrame();
    if (actor_) draw_main();
    else draw_sign_in();
    ImGui::Render();
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(ui::colour::background);
    SDL_SetRenderDrawColor(renderer_, static_cast<Uint8>(bg.x * 255), static_cast<Uint8>(bg.y * 255),
                           static_cast<Uint8>(bg.z * 255), 255);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    if (textures_->process()) settle_frames_ = std::max(settle_frames_, 1);
    for (const auto& err : textures_->take_errors()) notify(err, true);
    if (settle_frames_ > 0) --settle_frames_;
}

void App::draw_sign_in()
{
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::Begin("##signin-bg", nullptr, ui::kScreenWindowFlags);
    const float e = fonts_.body_px;
    const ImVec2 card{e * 26, signing_in_ ? e * 23.0f : e * 20.5f};
    ImGui::SetCursorScreenPos({vp->Pos.x + (vp->Size.x - card.x) / 2, vp->Pos.y + (vp->Size.y - card.y) / 2});
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::colour::surface);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {e * 1.6f, e * 1.2f});
    ImGui::BeginChild("signin", card, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetWindowPos();
    dl->AddRectFilled(p, {p.x + card.x, p.y + e * 0.35f}, ui::colour::accent, e * 0.3f, ImDrawFlags_RoundCornersTop);
    ImGui::Dummy({0, e * 0.3f});
    heading(tr("app.title"));
    dim_text(tr("signin.subtitle"));
    ImGui::Dummy({0, e * 0.6f});
    const float w = card.x - e * 3.2f;
    ImGui::TextUnformatted(tr("signin.login"));
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    if (signing_in_) ImGui::BeginDisabled();
    input_text(*this, "##login", login_, w);
    ImGui::TextUnformatted(tr("signin.password"));
    const bool enter = input_text(*this, "##password", password_, w,
                                  ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    if (signing_in_) ImGui::EndDisabled();
    ImGui::Dummy({0, e * 0.4f});
    const bool ready = !signing_in_ && !login_.empty() && !password_.empty();
    if (primary_button(signing_in_ ? tr("signin.busy") : tr("signin.button"), {w, e * 2.2f}, ready) || (enter && ready))
        begin_sign_in(login_, password_);
    if (signing_in_) {
        // A bar that runs while the worker checks the password (ImGui has no spinner: a moving segment).
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float t = static_cast<float>(ImGui::GetTime());
        const float seg = w * 0.25f;
        const float x = std::fmod(t * w * 0.8f, w + seg) - seg;
        ImDrawList* bar = ImGui::GetWindowDrawList();
        bar->AddRectFilled(p, {p.x + w, p.y + e * 0.3f}, ui::colour::rgb(0x0A, 0x14, 0x22), e * 0.15f);
        bar->AddRectFilled({p.x + std::max(0.0f, x), p.y}, {p.x + std::min(w, x + seg), p.y + e * 0.3f}, ui::colour::accent,
                           e * 0.15f);
        ImGui::Dummy({w, e * 0.3f});
        dim_text(tr("signin.wait"));
    }
    if (!sign_in_error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
        ImGui::TextWrapped("%s", sign_in_error_.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Dummy({0, e * 0.4f});
    dim_text(trf("signin.database", {services_.db_path.string()}));
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::End();
}

void App::draw_main()
{
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float e = fonts_.body_px;
    const float nav_w = e * 11;
    const float status_h = e * 2.2f;
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::Begin("##main", nullptr, ui::kScreenWindowFlags & ~ImGuiWindowFlags_NoNav);
    ImGui::PopStyleVar();

    // Navigation: the panels this user may open, then who is signed in.
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::colour::surface);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {e * 0.8f, e * 0.8f});
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0);
    ImGui::BeginChild("nav", {nav_w, vp->Size.y - status_h}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddRectFilled(p, {p.x + e * 0.35f, p.y + fonts_.heading->FontSize}, ui::colour::accent);
        ImGui::SetCursorScreenPos({p.x + e * 0.7f, p.y});
        heading(tr("app.short_title"));
    }
    ImGui::Dummy({0, e * 0.6f});
    for (std::size_t i = 0; i < panels_.size(); ++i) {
        const bool selected = i == current_;
        if (selected) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            dl->AddRectFilled({p.x - e * 0.8f, p.y}, {p.x - e * 0.55f, p.y + e * 2.0f}, ui::colour::accent);
        }
        ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, {0.0f, 0.5f});
        if (ImGui::Selectable((std::string(tr(panels_[i]->title_key())) + "##nav" + std::to_string(i)).c_str(), selected,
                              0, {0, e * 2.0f}))
            current_ = i;
        ImGui::PopStyleVar();
    }
    const float bottom = ImGui::GetWindowHeight() - e * 5.6f;
    if (ImGui::GetCursorPosY() < bottom) ImGui::SetCursorPosY(bottom);
    ImGui::Separator();
    ImGui::TextUnformatted(actor_->login.c_str());
    std::string roles;
    for (const auto& r : exam::role_names(actor_->roles))
        roles += (roles.empty() ? "" : "、") + std::string(tr(("role." + r).c_str()));
    ImGui::PushTextWrapPos(nav_w - e * 0.8f);
    dim_text(roles);
    ImGui::PopTextWrapPos();
    if (button(tr("signin.sign_out"), {nav_w - e * 1.6f, 0})) {
        ImGui::EndChild();
        ImGui::PopStyleVar(2);
        ImGui::PopStyleColor();
        ImGui::End();
        sign_out();
        return;
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();

    // The panel.
    ImGui::SetCursorScreenPos({vp->Pos.x + nav_w, vp->Pos.y});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {e * 1.0f, e * 0.8f});
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::colour::background);
    ImGui::BeginChild("panel", {vp->Size.x - nav_w, vp->Size.y - status_h}, false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    if (Panel* p = current_panel()) {
        try {
            p->draw(*this);
        } catch (const std::exception& ex) {
            notify(message(ex), true);
        }
    } else {
        dim_text(tr("app.no_panels"));
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();

    ImGui::SetCursorScreenPos({vp->Pos.x, vp->Pos.y + vp->Size.y - status_h});
    draw_job_bar();
    ImGui::End();
}

void App::draw_job_bar()
{
    const float e = fonts_.body_px;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = e * 2.2f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, {p.x + vp->Size.x, p.y + h}, ui::colour::rgb(0x0A, 0x12, 0x1F));
    dl->AddRectFilled(p, {p.x + vp->Size.x, p.y + 1}, ui::colour::border);
    ImGui::SetCursorScreenPos({p.x + e * 0.8f, p.y + (h - ImGui::GetFrameHeight()) / 2});
    const JobStatus st = jobs_.status();
    if (st.running) {
        ImGui::TextUnformatted(st.title.c_str());
        ImGui::SameLine();
        ImGui::ProgressBar(st.fraction, {e * 16, 0});
        ImGui::SameLine();
        dim_text(st.text);
        ImGui::SameLine();
        ImGui::SetCursorScreenPos({p.x + vp->Size.x - e * 6.5f, ImGui::GetCursorScreenPos().y});
        if (button(tr("job.cancel"), {e * 5.5f, 0})) jobs_.cancel();
    } else if (!status_.empty()) {
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, status_error_ ? tone::error : tone::dim);
        ImGui::TextUnformatted(status_.c_str());
        ImGui::PopStyleColor();
    }
}

} // namespace sk::admin::gui
