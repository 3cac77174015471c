#include "kiosk/app/input.hpp"

#include <cfloat>

namespace sk::kiosk {

void Input::setup(ImGuiIO& io)
{
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.ConfigInputTextCursorBlink = false;
    io.ConfigWindowsMoveFromTitleBarOnly = true;
    io.KeyMap[ImGuiKey_Backspace] = SDL_SCANCODE_BACKSPACE;
    io.KeyMap[ImGuiKey_Enter] = SDL_SCANCODE_RETURN;
    io.KeyMap[ImGuiKey_KeyPadEnter] = SDL_SCANCODE_KP_ENTER;
    io.KeyMap[ImGuiKey_Escape] = SDL_SCANCODE_ESCAPE;
    io.MousePos = {-FLT_MAX, -FLT_MAX};
}

bool Input::handle(const SDL_Event& e)
{
    switch (e.type) {
    case SDL_MOUSEMOTION:
        queue_.emplace_back(Item::Move, float(e.motion.x), float(e.motion.y));
        return true;
    case SDL_MOUSEBUTTONDOWN:
        if (e.button.button != SDL_BUTTON_LEFT) return true;
        queue_.emplace_back(Item::Move, float(e.button.x), float(e.button.y));
        queue_.emplace_back(Item::Down);
        return true;
    case SDL_MOUSEBUTTONUP:
        if (e.button.button != SDL_BUTTON_LEFT) return true;
        queue_.emplace_back(Item::Move, float(e.button.x), float(e.button.y));
        queue_.emplace_back(Item::Up);
        // A finger that lifts is gone: move the pointer away so nothing stays highlighted.
        if (e.button.which == SDL_TOUCH_MOUSEID) queue_.emplace_back(Item::Leave);
        return true;
    case SDL_MOUSEWHEEL:
        queue_.emplace_back(Item::Wheel, 0, float(e.wheel.y));
        return true;
    case SDL_TEXTINPUT:
        queue_.emplace_back(Item::Text, 0, 0, 0, e.text.text);
        return true;
    case SDL_KEYDOWN:
    case SDL_KEYUP: {
        const int sc = e.key.keysym.scancode;
        if (sc != SDL_SCANCODE_BACKSPACE && sc != SDL_SCANCODE_RETURN && sc != SDL_SCANCODE_KP_ENTER) return true;
        queue_.emplace_back(e.type == SDL_KEYDOWN ? Item::KeyDown : Item::KeyUp, 0, 0, sc);
        return true;
    }
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
        // SDL also sends these as mouse events (SDL_TOUCH_MOUSEID), which is what the kiosk uses.
        return true;
    case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_LEAVE) queue_.emplace_back(Item::Leave);
        return false;
    default:
        return false;
    }
}

bool Input::apply(ImGuiIO& io)
{
    const bool any = !queue_.empty();
    while (!queue_.empty()) {
        Item it = std::move(queue_.front());
        queue_.pop_front();
        bool button_change = false;
        switch (it.kind) {
        case Item::Move: io.MousePos = {it.x, it.y}; break;
        case Item::Down:
            io.MouseDown[0] = true;
            button_change = true;
            break;
        case Item::Up:
            io.MouseDown[0] = false;
            button_change = true;
            break;
        case Item::Leave:
            // Always a frame after the release before it (apply() stops at a button change): the release
            // needs the pointer's position to click.
            io.MousePos = {-FLT_MAX, -FLT_MAX};
            break;
        case Item::Wheel: io.MouseWheel += it.y; break;
        case Item::Text: io.AddInputCharactersUTF8(it.text.c_str()); break;
        case Item::KeyDown: io.KeysDown[it.key] = true; break;
        case Item::KeyUp:
            // A key pressed and released before a frame must still be seen down for one frame.
            if (io.KeysDown[it.key] && io.KeysDownDuration[it.key] < 0) {
                queue_.push_front(std::move(it));
                return any;
            }
            io.KeysDown[it.key] = false;
            break;
        }
        if (button_change) return any;
    }
    return any;
}

} // namespace sk::kiosk
