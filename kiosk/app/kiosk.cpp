#include "kiosk/app/kiosk.hpp"

#include "kiosk/app/launch_log.hpp"
#include "kiosk/app/paths.hpp"
#include "kiosk/app/speaker.hpp"
#include "kiosk/screens/registry.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

#include "content/speech/normalise.hpp"
#include "content/storage/content_store.hpp"
#include "content/zh_hk/texts.hpp"
#include "exam/exam_service.hpp"

#include <imgui_impl_sdlrenderer.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

namespace sk::kiosk {

namespace {
// The body font is 1/30 of the screen's short side (36 px on a 1080p panel either way round); the visitor's
// text-size switch makes it a quarter larger.
constexpr float kFontFraction = 1.0f / 30.0f;
constexpr float kLargeTextScale = 1.25f;
} // namespace

namespace {
// Pictures by path: content media, or "candidate:ID" for an examinee's registration photo.
ui::TextureCache::Loader media_loader(Services& s)
{
    return [&s](const std::string& path) -> std::optional<std::vector<unsigned char>> {
        static const std::string prefix = "candidate:";
        if (path.rfind(prefix, 0) == 0) {
            if (!s.exam) return std::nullopt;
            auto photo = s.exam->candidate_photo(std::stoll(path.substr(prefix.size())));
            if (photo.empty()) return std::nullopt;
            return photo;
        }
        return s.content.media(path);
    };
}
} // namespace

ui::GlyphText Kiosk::glyph_text(Services& services)
{
    ui::GlyphText g;
    g.display = services.strings.all();
    // Every language a visitor may pick, and the zh-HK texts of the content (Traditional characters).
    for (const auto& language : languages())
        if (language != services.strings.language()) {
            const Strings other = Strings::load(language);
            g.display.insert(g.display.end(), other.all().begin(), other.all().end());
        }
    g.large.push_back(content::zh_hk::TextStore(services.content.db()).characters());
    g.display.push_back(services.config.title);
    g.all.push_back(services.database_path.string());
    collect_role_text(services, g.all, g.large);
    return g;
}

Kiosk::Kiosk(Services& services, SDL_Renderer* renderer, ImVec2 size, const ui::FontFile& font,
             std::function<void(const std::vector<SDL_Rect>&)> present)
    : services_(services), renderer_(renderer), size_(size), font_(font), present_(std::move(present))
{
    const std::string start = start_screen(services.config.role);
    if (start.empty())
        throw std::invalid_argument("the " + std::string(to_string(services.config.role)) +
                                    " role has no screens in this build of safekiosk ");
    if (const char* log = std::getenv("SAFEKIOSK_FRAME_LOG")) {
        const std::string v = log;
        frame_log_ = v == "all" ? FrameLog::All : v == "first" ? FrameLog::First : FrameLog::Off;
    }
    imgui_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(imgui_);
    Input::setup(ImGui::GetIO());
    ImGui_ImplSDLRenderer_Init(renderer_);
    log_launch_step("window ready");
    for (const auto& language : languages()) {
        if (language == services.strings.language()) default_language_ = languages_.size();
        languages_.push_back(Strings::load(language));
        language_names_.push_back(language);
    }
    if (default_language_ >= languages_.size()) { // strings of a language not built in: shown as configured
        default_language_ = languages_.size();
        languages_.push_back(services.strings);
        language_names_.push_back(services.strings.language());
    }
    language_ = default_language_;
    glyphs_ = glyph_text(services);
    log_launch_step("glyph text collected");
    build_fonts();
    log_launch_step(atlas_source_ == ui::AtlasSource::Cache ? "fonts read from the glyph atlas cache"
                                                            : "fonts built (glyphs rasterised)");
    textures_ = std::make_unique<ui::TextureCache>(renderer_, media_loader(services_));

    std::map<std::string, Screen*> screens;
    for (const ScreenEntry* entry : role_screens(services.config.role)) {
        screen_objects_.push_back(entry->make(services));
        screens[entry->name] = screen_objects_.back().get();
    }
    nav_ = std::make_unique<Navigator>(std::move(screens), role_flow(services.config.role), start);
    nav_->reset();
    last_input_ms_ = last_frame_ms_ = services_.clock.now_ms();
    request_frames(kSettleFrames);
    log_launch_step("screens ready");
}

Kiosk::~Kiosk()
{
    ImGui::SetCurrentContext(imgui_);
    textures_.reset();
    destroy_font_texture();
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext(imgui_);
}

void Kiosk::build_fonts()
{
    const float px = std::round(std::min(size_.x, size_.y) * kFontFraction * (large_text_ ? kLargeTextScale : 1.0f));
    ImGuiIO& io = ImGui::GetIO();
    std::filesystem::path cache;
    if (!services_.font_cache_dir.empty())
        cache = font_cache_file(services_.font_cache_dir, services_.database_path,
                                std::string(to_string(services_.config.role)), px);
    fonts_ = ui::build_fonts(*io.Fonts, font_, px, glyphs_, cache, &atlas_source_);
    ui::set_fonts(fonts_);
    io.FontDefault = fonts_.body;
    ui::apply_theme(ImGui::GetStyle(), px);
    io.MouseDragThreshold = px * 0.4f;
    // The renderer's texture holds the glyphs from here on: ImGui's own copies of the atlas (8-bit, several MiB
    // with every character of the role's content) and of the font file (ImGui 1.86 copies the 5 MiB file for each
    // of the three sizes) are freed; a rebuild starts again from font_.
    make_font_texture();
    io.Fonts->ClearTexData();
    io.Fonts->ClearInputData();
    fonts_dirty_ = false;
    damage_.invalidate(); // a new font texture (its pointer may be the old one's)
}

// The glyph texture, made by the kiosk rather than by the SDL_Renderer backend: the backend converts the 8-bit
// atlas to an RGBA copy (4 bytes a pixel, 25 MiB for the exam role's atlas) and copies that into the texture; here
// the 8-bit atlas is written straight into the texture's own pixels (the same RGBA32 texture, white with the
// glyph coverage as alpha).
void Kiosk::make_font_texture()
{
    destroy_font_texture();
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    const int w = atlas.TexWidth, h = atlas.TexHeight;
    font_texture_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STREAMING, w, h);
    void* pixels = nullptr;
    int pitch = 0;
    if (!font_texture_ || SDL_LockTexture(font_texture_, nullptr, &pixels, &pitch) != 0)
        throw ui::FontError("the glyph texture (" + std::to_string(w) + "x" + std::to_string(h) +
                            ") cannot be made: " + SDL_GetError());
    const unsigned char* src = atlas.TexPixelsAlpha8;
    for (int y = 0; y < h; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(static_cast<unsigned char*>(pixels) + std::ptrdiff_t(y) * pitch);
        const unsigned char* a = src + std::ptrdiff_t(y) * w;
        for (int x = 0; x < w; ++x) row[x] = IM_COL32(255, 255, 255, a[x]);
    }
    SDL_UnlockTexture(font_texture_);
    SDL_SetTextureBlendMode(font_texture_, SDL_BLENDMODE_BLEND);
    atlas.SetTexID(static_cast<ImTextureID>(font_texture_));
}

void Kiosk::destroy_font_texture()
{
    if (font_texture_) SDL_DestroyTexture(font_texture_);
    font_texture_ = nullptr;
}

void Kiosk::set_renderer(SDL_Renderer* renderer, ImVec2 size)
{
    ImGui::SetCurrentContext(imgui_);
    textures_->clear();
    destroy_font_texture(); // made by the old renderer, which goes
    ImGui_ImplSDLRenderer_Shutdown();
    renderer_ = renderer;
    ImGui_ImplSDLRenderer_Init(renderer_);
    textures_ = std::make_unique<ui::TextureCache>(renderer_, media_loader(services_));
    size_ = size;
    build_fonts(); // the new renderer needs the glyph texture, and ImGui keeps no copy of its pixels
    damage_.invalidate();
    request_frames(kSettleFrames);
}

std::int64_t Kiosk::now_ms() const { return services_.clock.now_ms(); }

void Kiosk::request_frames(int n) { frames_left_ = std::max(frames_left_, n); }

void Kiosk::go(const std::string& event, const std::string& arg)
{
    if (!pending_go_) pending_go_ = {event, arg};
}

void Kiosk::wake_at(std::int64_t ms)
{
    if (!next_wake_ || ms < *next_wake_) next_wake_ = ms;
}

void Kiosk::after_frame(std::function<void()> task) { tasks_.push_back(std::move(task)); }

void Kiosk::set_language(const std::string& language)
{
    const auto it = std::find(language_names_.begin(), language_names_.end(), language);
    if (it == language_names_.end()) return;
    const auto index = static_cast<std::size_t>(it - language_names_.begin());
    if (index == language_) return;
    language_ = index;
    hk_questions_.clear();
    hk_exhibits_.clear();
    hk_texts_.clear();
    if (services_.speaker) services_.speaker->set_dialect(speech::dialect_for_language(language));
    damage_.invalidate();
    request_frames(kSettleFrames);
}

const content::Question& Kiosk::shown(const content::Question& q)
{
    if (!traditional()) return q;
    const auto key = std::make_pair(q.uid, q.version);
    auto it = hk_questions_.find(key);
    if (it == hk_questions_.end()) {
        content::zh_hk::TextStore texts(services_.content.db());
        it = hk_questions_.emplace(key, content::zh_hk::localised(q, texts)).first;
    }
    return it->second;
}

const content::Exhibit& Kiosk::shown(const content::Exhibit& e)
{
    if (!traditional()) return e;
    auto it = hk_exhibits_.find(e.uid);
    if (it == hk_exhibits_.end()) {
        content::zh_hk::TextStore texts(services_.content.db());
        it = hk_exhibits_.emplace(e.uid, content::zh_hk::localised(e, texts)).first;
    }
    return it->second;
}

std::string Kiosk::shown_text(const std::string& simplified)
{
    if (!traditional()) return simplified;
    auto it = hk_texts_.find(simplified);
    if (it == hk_texts_.end())
        it = hk_texts_.emplace(simplified, content::zh_hk::TextStore(services_.content.db()).shown(simplified)).first;
    return it->second;
}

bool Kiosk::idle_applies() const
{
    return (!nav_->at_start() || large_text_ || high_contrast_ || language_ != default_language_) && !nav_->screen().holds_idle();
}

std::int64_t Kiosk::idle_timeout_at() const { return last_input_ms_ + services_.config.idle_timeout_s * 1000LL; }

std::int64_t Kiosk::idle_warning_at() const
{
    return std::max(last_input_ms_, idle_timeout_at() - kIdleWarningMs);
}

bool Kiosk::idle_warning_shown(std::int64_t now) const
{
    return idle_applies() && now >= idle_warning_at() && now < idle_timeout_at();
}

void Kiosk::draw_idle_warning(std::int64_t now)
{
    // Over the screen, in a window of its own: the screen below gets no tap while it shows (handle_event keeps
    // them), and any tap — on 继续 or beside it — keeps the session.
    const Strings& tr = this->tr();
    const auto& f = ui::fonts();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::Begin("idle-warning", nullptr, ui::kScreenWindowFlags & ~ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar();
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    const float e = ui::em();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(vp->Pos, {vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y}, ui::colour::scrim);
    const float w = std::min(vp->Size.x - e * 3, e * 30);
    const float pad = e * 1.5f;
    const int seconds = static_cast<int>((idle_timeout_at() - now + 999) / 1000);
    const std::string message = tr.format(Key::idle_warning, {std::to_string(seconds)});
    const float text_h = ui::lines_height(
        f.heading, static_cast<int>(ui::wrap(f.heading, f.heading->FontSize, message, w - pad * 2).size()));
    const float button_h = std::max(e * 4.0f, 88.0f);
    const float h = pad * 2 + text_h + e * 1.5f + button_h;
    const ImVec2 min{vp->Pos.x + (vp->Size.x - w) / 2, vp->Pos.y + (vp->Size.y - h) / 2};
    ui::fill_rounded(dl, min, {min.x + w, min.y + h}, ui::colour::surface_high, e * 0.6f);
    ui::fill_rounded(dl, min, {min.x + w, min.y + e * 0.35f}, ui::colour::accent, e * 0.6f, ImDrawFlags_RoundCornersTop);
    const float y = min.y + pad;
    ui::draw_paragraph(dl, f.heading, f.heading->FontSize, {min.x + pad, y}, w - pad * 2, ui::colour::text, message);
    ImGui::SetCursorScreenPos({min.x + pad, y + text_h + e * 1.5f});
    const std::string label = tr(Key::idle_continue) + "##idle-continue";
    ui::big_button(label.c_str(), {w - pad * 2, button_h}, ui::ButtonKind::Primary, true, f.display);
    ImGui::End();
}

void Kiosk::set_high_contrast(bool on)
{
    if (on == high_contrast_) return;
    high_contrast_ = on;
    ui::set_high_contrast(on);
    ui::apply_theme(ImGui::GetStyle(), fonts_.body_px);
    damage_.invalidate(); // every pixel changes colour
    request_frames(kSettleFrames);
}

void Kiosk::reset_volume()
{
    if (services_.speaker) services_.speaker->set_volume_level(Speaker::kVolumeLevels);
}

void Kiosk::set_large_text(bool on)
{
    if (on == large_text_) return;
    large_text_ = on;
    fonts_dirty_ = true;
}

bool Kiosk::ensure_glyphs(const std::string& text)
{
    std::string added;
    for (const unsigned c : ui::missing_glyphs(fonts_.body, text))
        if (requested_glyphs_.insert(c).second) added += ui::utf8(c);
    for (const unsigned c : ui::missing_glyphs(fonts_.heading, text))
        if (requested_glyphs_.insert(c).second) added += ui::utf8(c);
    if (!added.empty()) {
        // Rebuilt in update(), between frames, like the switch to large text.
        glyphs_.large.push_back(added);
        fonts_dirty_ = true;
        request_frames(kSettleFrames);
    }
    return ui::missing_glyphs(fonts_.body, text).empty() && ui::missing_glyphs(fonts_.heading, text).empty();
}

void Kiosk::check_admin_gesture(const SDL_Event& e)
{
    const float zone = fonts_.body_px * 2.5f;
    const std::int64_t now = services_.clock.now_ms();
    switch (e.type) {
    case SDL_MOUSEBUTTONDOWN:
        if (e.button.button == SDL_BUTTON_LEFT && e.button.x < zone && e.button.y < zone) corner_down_ms_ = now;
        else corner_down_ms_.reset();
        break;
    case SDL_MOUSEMOTION:
        if (corner_down_ms_ && (e.motion.x >= zone || e.motion.y >= zone)) corner_down_ms_.reset();
        break;
    case SDL_MOUSEBUTTONUP: corner_down_ms_.reset(); break;
    default: break;
    }
}

void Kiosk::handle_event(const SDL_Event& e)
{
    ImGui::SetCurrentContext(imgui_);
    switch (e.type) {
    case SDL_QUIT: return; // Alt+F4, the window manager, SIGTERM: leaving needs the administrator PIN
    case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_CLOSE) return;
        if (e.window.event == SDL_WINDOWEVENT_EXPOSED || e.window.event == SDL_WINDOWEVENT_SHOWN ||
            e.window.event == SDL_WINDOWEVENT_RESTORED) {
            damage_.invalidate(); // the whole window is pushed again
            request_frames(kSettleFrames);
        }
        break;
    case SDL_USEREVENT: request_frames(1); return; // background work finished
    default: break;
    }
    if (idle_warning_shown(services_.clock.now_ms()) || warning_tap_) {
        // The idle warning is up: a tap anywhere keeps the session and reaches nothing below it.
        if (e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_FINGERDOWN) {
            warning_tap_ = true;
            return;
        }
        if (e.type == SDL_MOUSEBUTTONUP || e.type == SDL_FINGERUP) {
            if (warning_tap_) {
                warning_tap_ = false;
                last_input_ms_ = services_.clock.now_ms();
                damage_.invalidate();
                request_frames(kSettleFrames);
            }
            return;
        }
        if (e.type == SDL_MOUSEMOTION || e.type == SDL_FINGERMOTION || e.type == SDL_MOUSEWHEEL) return;
    }
    check_admin_gesture(e);
    if (swallow_release_ && (e.type == SDL_MOUSEBUTTONUP || e.type == SDL_MOUSEMOTION)) {
        // The finger that opened the PIN screen lifts: it must not press a key there.
        if (e.type == SDL_MOUSEBUTTONUP) swallow_release_ = false;
        return;
    }
    if (input_.handle(e)) {
        last_input_ms_ = services_.clock.now_ms();
        request_frames(kSettleFrames);
    }
}

std::optional<std::int64_t> Kiosk::next_deadline() const
{
    std::optional<std::int64_t> d = wake_;
    const auto earliest = [&](std::int64_t t) {
        if (!d || t < *d) d = t;
    };
    if (idle_applies()) {
        const std::int64_t now = services_.clock.now_ms();
        earliest(idle_timeout_at());
        if (now < idle_warning_at()) earliest(idle_warning_at());
        else earliest(now + 1000 - (now - idle_warning_at()) % 1000); // the warning's countdown, once a second
    }
    if (corner_down_ms_) earliest(*corner_down_ms_ + kAdminHoldMs);
    if (services_.speaker)
        if (const auto s = services_.speaker->next_deadline()) earliest(*s);
    return d;
}

void Kiosk::update()
{
    ImGui::SetCurrentContext(imgui_);
    const std::int64_t now = services_.clock.now_ms();
    if (wake_ && now >= *wake_) {
        wake_.reset();
        request_frames(1);
    }
    if (Speaker* s = services_.speaker) {
        // Read-aloud: new audio, a new character to highlight, the end of the reading.
        if (s->update()) request_frames(1);
        // A visitor listening is not idle.
        if (s->next_deadline()) last_input_ms_ = std::max(last_input_ms_, now);
    }
    if (corner_down_ms_ && now - *corner_down_ms_ >= kAdminHoldMs) {
        corner_down_ms_.reset();
        const std::string& here = nav_->current();
        if (here != "admin-pin" && here != "admin") {
            // Release the press off-screen, so whatever the finger rests on is not clicked, and open the PIN pad.
            SDL_Event leave{};
            leave.type = SDL_WINDOWEVENT;
            leave.window.event = SDL_WINDOWEVENT_LEAVE;
            input_.handle(leave);
            SDL_Event up{};
            up.type = SDL_MOUSEBUTTONUP;
            up.button.button = SDL_BUTTON_LEFT;
            up.button.x = -100000;
            up.button.y = -100000;
            input_.handle(up);
            swallow_release_ = true;
            pending_go_ = {"admin", ""};
            request_frames(kSettleFrames);
        }
    }
    // The idle warning appears, and its countdown changes once a second.
    const int warning_seconds =
        idle_warning_shown(now) ? static_cast<int>((idle_timeout_at() - now + 999) / 1000) : -1;
    if (warning_seconds != warning_seconds_) {
        warning_seconds_ = warning_seconds;
        request_frames(1);
    }
    const bool idle = now >= idle_timeout_at();
    if (idle && idle_applies()) {
        warning_tap_ = false;
        pending_go_.reset();
        nav_->reset();
        set_large_text(false);
        set_high_contrast(false);
        reset_volume();
        set_language(language_names_[default_language_]);
        request_frames(kSettleFrames);
    }
    if (fonts_dirty_) {
        build_fonts();
        request_frames(kSettleFrames);
    }
}

void Kiosk::log_frame(double cpu_ms)
{
    const std::string& screen = nav_->current();
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    const double mono = t.tv_sec * 1e3 + t.tv_nsec / 1e6;
    if (screen != last_logged_screen_) {
        last_logged_screen_ = screen;
        std::fprintf(stderr, "safekiosk: frame: first of screen '%s' at monotonic %.3f ms\n", screen.c_str(), mono);
    }
    if (frame_log_ == FrameLog::All) {
        std::string rects;
        for (const auto& r : last_damage_)
            rects += " " + std::to_string(r.w) + "x" + std::to_string(r.h) + "+" + std::to_string(r.x) + "+" +
                     std::to_string(r.y);
        std::fprintf(stderr,
                     "safekiosk: frame: screen '%s' at monotonic %.3f ms: %.4f of the screen redrawn, %.3f ms CPU;"
                     " rectangles:%s\n",
                     screen.c_str(), mono, damage_.damaged_fraction(), cpu_ms, rects.empty() ? " none" : rects.c_str());
    }
}

bool Kiosk::busy() const
{
    return input_.pending() || services_.admin.checking() || textures_->pending() ||
           (services_.speaker && services_.speaker->busy());
}

void Kiosk::frame()
{
    ImGui::SetCurrentContext(imgui_);
    const auto cpu_ms = [] {
        timespec t{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
    };
    const double cpu0 = cpu_ms();
    ImGuiIO& io = ImGui::GetIO();
    const std::int64_t now = services_.clock.now_ms();
    io.DeltaTime = std::clamp((now - last_frame_ms_) / 1000.0f, 0.001f, 1.0f);
    last_frame_ms_ = now;
    io.DisplaySize = size_;
    const bool had_input = input_.apply(io);
    ui::begin_frame_record();
    next_wake_.reset();

    // A timer's work (reading the engine) before the frame, so that one frame per tick shows its result.
    nav_->screen().before_frame(*this);
    // A screen that leaves before it is ever drawn (the exam kiosk's attract screen resuming an attempt at start):
    // the screen it leads to is drawn in this frame instead, not one whole frame later.
    for (int hops = 0; pending_go_ && hops < 4; ++hops) {
        const auto go = *pending_go_;
        pending_go_.reset();
        nav_->follow(go.first, go.second);
        damage_.invalidate();
        if (nav_->at_start()) {
            set_large_text(false);
            set_high_contrast(false);
            reset_volume();
        }
        if (fonts_dirty_) build_fonts();
        nav_->screen().before_frame(*this);
    }
    const double build0 = cpu_ms();
    ImGui::NewFrame(); // no ImGui_ImplSDLRenderer_NewFrame: it only makes the backend's font texture (see above)
    ui::set_reading_mark({});
    nav_->screen().draw(*this);
    if (idle_warning_shown(now)) draw_idle_warning(now);
    ImGui::Render();
    // Reading aloud stops when its button is no longer on the screen (another screen or question).
    if (services_.speaker) services_.speaker->end_frame();
    last_build_cpu_ms_ = cpu_ms() - build0;

    // Only what changed since the last frame is rendered and presented. A texture freed since then may have
    // been replaced by another at the same address: then everything is drawn again.
    if (textures_->dropped() != textures_dropped_) {
        textures_dropped_ = textures_->dropped();
        damage_.invalidate();
    }
    const ImU32 bg = ui::colour::background;
    ImDrawData* draw = ImGui::GetDrawData();
    last_damage_ = damage_.update(*draw, static_cast<int>(size_.x), static_cast<int>(size_.y), bg);
    SDL_ClearError();
    if (!last_damage_.empty()) {
        ui::render_damaged(renderer_, draw, last_damage_, bg);
        SDL_RenderPresent(renderer_);
    }
    // SDL drops a whole draw call it refuses (e.g. texture coordinates outside 0–1): never silently.
    render_error_ = SDL_GetError();
    if (!render_error_.empty() && render_error_ != last_logged_render_error_) {
        std::cerr << "safekiosk: rendering failed on screen '" << nav_->current() << "': " << render_error_ << "\n";
        last_logged_render_error_ = render_error_;
    }
    if (present_ && !last_damage_.empty()) present_(last_damage_);
    if (frame_log_ != FrameLog::Off) log_frame(frame_log_ == FrameLog::All ? cpu_ms() - cpu0 : 0);
    if (frames_left_ > 0) --frames_left_;
    wake_ = next_wake_;

    // What the screen asked for, now that the frame is on screen.
    auto tasks = std::move(tasks_);
    tasks_.clear();
    for (auto& t : tasks) t();
    if (!tasks.empty()) request_frames(1);
    if (textures_->process()) request_frames(2);
    for (const auto& err : textures_->take_errors()) std::cerr << "safekiosk: image " << err << "\n";
    // What input changes (a scroll, a new layout) shows a frame or two later: keep drawing until it settles.
    if (had_input || input_.pending()) request_frames(kSettleFrames);
    if (fonts_dirty_) {
        build_fonts();
        request_frames(kSettleFrames);
    }
    if (pending_go_) {
        const auto [event, arg] = *pending_go_;
        pending_go_.reset();
        nav_->follow(event, arg);
        damage_.invalidate(); // a new screen: drawn whole
        // Back at the start screen, the next visitor starts with the normal text size.
        if (nav_->at_start()) {
            set_large_text(false);
            set_high_contrast(false);
            reset_volume();
        }
        if (fonts_dirty_) build_fonts();
        request_frames(kSettleFrames);
    }
}

} // namespace sk::kiosk
