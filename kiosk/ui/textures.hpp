// Images for the kiosk: PNG or JPEG bytes (from the content database) decoded with stb_image and scaled once,
// with a proper filter, to the size they are shown at, as SDL textures of the software renderer.
//
// Draw code only asks (fitted()); decoding and scaling happen in process(), which the loop calls after the frame
// has been rendered, so nothing slow runs between ImGui::Begin and End. A texture that is not ready yet is
// reported as pending and the loop draws another frame once process() has made it.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct SDL_Renderer;
struct SDL_Texture;

namespace sk::ui {

struct Texture {
    SDL_Texture* texture = nullptr;
    int width = 0;
    int height = 0;
    ImTextureID id() const { return static_cast<ImTextureID>(texture); }
};

enum class Fit {
    Contain, // the whole image inside the box, letterboxed
    Cover,   // the box filled, the image cropped
};

class TextureCache {
public:
    using Loader = std::function<std::optional<std::vector<unsigned char>>(const std::string& path)>;

    TextureCache(SDL_Renderer* renderer, Loader loader);
    ~TextureCache();
    TextureCache(const TextureCache&) = delete;
    TextureCache& operator=(const TextureCache&) = delete;

    // The image at `path` scaled for a box of box_w × box_h pixels; nullptr until process() has made it, and when
    // the image cannot be loaded (then failed(path) is true).
    const Texture* fitted(const std::string& path, int box_w, int box_h, Fit fit);
    bool failed(const std::string& path) const;

    // Loads and scales what fitted() asked for. True when a texture became ready (draw another frame).
    bool process();
    bool pending() const { return !wanted_.empty(); }

    // Drops every texture (the renderer is about to change) and forgets failures.
    void clear();
    // Counts the times textures were destroyed (evicted or cleared): a new texture may then reuse an old one's
    // address, so whoever compares frames by texture identity (ui/damage.hpp) redraws everything.
    std::uint64_t dropped() const { return dropped_; }
    // Problems met while loading, one line each ("images/x.png: not a PNG or JPEG image"); cleared when read.
    std::vector<std::string> take_errors();

private:
    struct Decoded {
        int width = 0;
        int height = 0;
        bool opaque = false;
        std::vector<unsigned char> rgba;
    };
    struct Key {
        std::string path;
        int box_w, box_h;
        Fit fit;
        bool operator<(const Key& o) const;
    };
    struct Entry {
        Texture texture;
        std::uint64_t last_used = 0;
    };
    const Decoded* decode(const std::string& path);
    void evict();

    SDL_Renderer* renderer_;
    Loader loader_;
    std::map<std::string, Decoded> decoded_; // only during process()
    std::map<std::string, std::string> failed_;
    std::map<Key, Entry> textures_;
    std::map<Key, bool> wanted_;
    std::vector<std::string> errors_;
    std::uint64_t use_counter_ = 0;
    std::uint64_t dropped_ = 0;
};

// The scaled size of a width × height image for a box.
ImVec2 fitted_size(int width, int height, ImVec2 box, Fit fit);

// Draws the image at `path` into the box at the cursor and advances the cursor by the box. While the image is not
// ready the box shows the surface colour; an image that cannot be loaded shows a crossed box. Corners are square:
// a textured quad is a fast copy for the software renderer, a rounded one is not (shapes.hpp).
void image(TextureCache& cache, const std::string& path, ImVec2 box, Fit fit = Fit::Contain);
// The same at `min` (screen coordinates) without touching the layout.
void draw_image(TextureCache& cache, const std::string& path, ImVec2 min, ImVec2 box, Fit fit = Fit::Contain);

} // namespace sk::ui
