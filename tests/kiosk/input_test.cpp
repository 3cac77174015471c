// Touch input: taps shorter than a frame, no hover after a lift, drags that scroll instead of clicking.
#include "kiosk/app/input.hpp"
#include "kiosk/ui/scroll.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

using namespace sk;

namespace {
struct Context {
    ImGuiContext* ctx = ImGui::CreateContext();
    Context()
    {
        ImGui::SetCurrentContext(ctx);
        ImGuiIO& io = ImGui::GetIO();
        kiosk::Input::setup(io);
        io.Fonts->AddFontDefault();
        unsigned char* px;
        int w, h;
        io.Fonts->GetTexDataAsAlpha8(&px, &w, &h);
        io.DisplaySize = {800, 600};
        io.DeltaTime = 1.0f / 60;
    }
    ~Context() { ImGui::DestroyContext(ctx); }
};

SDL_Event touch(Uint32 type, int x, int y)
{
    SDL_Event e{};
    e.type = type;
    if (type == SDL_MOUSEMOTION) {
        e.motion.which = SDL_TOUCH_MOUSEID;
        e.motion.x = x;
        e.motion.y = y;
    } else {
        e.button.which = SDL_TOUCH_MOUSEID;
        e.button.button = SDL_BUTTON_LEFT;
        e.button.x = x;
        e.button.y = y;
    }
    return e;
}

// One frame with a window holding a button at (100, 100)–(300, 160); returns whether it was clicked.
bool frame_with_button(kiosk::Input& input)
{
    input.apply(ImGui::GetIO());
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize({800, 600});
    ImGui::Begin("w", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::SetCursorScreenPos({100, 100});
    const bool clicked = ImGui::Button("tap me", {200, 60});
    ImGui::End();
    ImGui::Render();
    return clicked;
}
} // namespace

TEST_CASE("a tap shorter than a frame still clicks and leaves no pointer behind")
{
    Context c;
    kiosk::Input input;
    frame_with_button(input);
    // Down and up arrive together, between two frames.
    CHECK(input.handle(touch(SDL_MOUSEBUTTONDOWN, 150, 130)));
    CHECK(input.handle(touch(SDL_MOUSEBUTTONUP, 150, 130)));
    int clicks = 0;
    for (int i = 0; i < 4; ++i) clicks += frame_with_button(input) ? 1 : 0;
    CHECK(clicks == 1);
    CHECK(!input.pending());
    CHECK(!ImGui::IsMousePosValid());
    CHECK(!ImGui::GetIO().MouseDown[0]);
}

TEST_CASE("a press that moves off the button before it lifts does not click")
{
    Context c;
    kiosk::Input input;
    frame_with_button(input);
    input.handle(touch(SDL_MOUSEBUTTONDOWN, 150, 130));
    input.handle(touch(SDL_MOUSEMOTION, 500, 400));
    input.handle(touch(SDL_MOUSEBUTTONUP, 500, 400));
    int clicks = 0;
    for (int i = 0; i < 4; ++i) clicks += frame_with_button(input) ? 1 : 0;
    CHECK(clicks == 0);
}

TEST_CASE("a finger dragged in a scroll area scrolls it and does not click the button it started on")
{
    Context c;
    kiosk::Input input;
    bool clicked = false;
    float scroll = 0;
    const auto frame = [&] {
        input.apply(ImGui::GetIO());
        ImGui::NewFrame();
        ImGui::SetNextWindowPos({0, 0});
        ImGui::SetNextWindowSize({800, 600});
        ImGui::Begin("w", nullptr, ImGuiWindowFlags_NoDecoration);
        ui::begin_scroll_area("list", {800, 600});
        for (int i = 0; i < 30; ++i) {
            ImGui::PushID(i);
            if (ImGui::Button("item", {700, 80})) clicked = true;
            ImGui::PopID();
        }
        scroll = ImGui::GetScrollY();
        ui::end_scroll_area();
        ImGui::End();
        ImGui::Render();
    };
    frame();
    input.handle(touch(SDL_MOUSEBUTTONDOWN, 300, 500));
    frame();
    for (int y = 480; y >= 200; y -= 20) {
        input.handle(touch(SDL_MOUSEMOTION, 300, y));
        frame();
    }
    input.handle(touch(SDL_MOUSEBUTTONUP, 300, 200));
    for (int i = 0; i < 4; ++i) frame();
    CHECK(!clicked);
    CHECK(scroll > 250);
    // A plain tap afterwards still clicks.
    input.handle(touch(SDL_MOUSEBUTTONDOWN, 300, 300));
    input.handle(touch(SDL_MOUSEBUTTONUP, 300, 300));
    for (int i = 0; i < 4; ++i) frame();
    CHECK(clicked);
}
