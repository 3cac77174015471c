#include "kiosk/ui/textures.hpp"

#include "kiosk/ui/frame_record.hpp"
#include "kiosk/ui/theme.hpp"

#include <SDL.h>
#include <stb_image.h>
#include <stb_image_resize.h>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace sk::ui {

namespace {
constexpr std::size_t kMaxTextures = 48;
}

bool TextureCache::Key::operator<(const Key& o) const
{
    return std::tie(path, box_w, box_h, fit) < std::tie(o.path, o.box_w, o.box_h, o.fit);
}

TextureCache::TextureCache(SDL_Renderer* renderer, Loader loader) : renderer_(renderer), loader_(std::move(loader)) {}

TextureCache::~TextureCache() { clear(); }

ImVec2 fitted_size(int width, int height, ImVec2 box, Fit fit)
{
    if (width <= 0 || height <= 0) return {0, 0};
    const float sx = box.x / width;
    const float sy = box.y / height;
    const float s = fit == Fit::Contain ? std::min(sx, sy) : std::max(sx, sy);
    return {std::max(1.0f, std::round(width * s)), std::max(1.0f, std::round(height * s))};
}

const Texture* TextureCache::fitted(const std::string& path, int box_w, int box_h, Fit fit)
{
    if (box_w <= 0 || box_h <= 0 || failed_.count(path)) return nullptr;
    Key key{path, box_w, box_h, fit};
    auto it = textures_.find(key);
    if (it == textures_.end()) {
        wanted_[key] = true;
        return nullptr;
    }
    it->second.last_used = ++use_counter_;
    return &it->second.texture;
}

bool TextureCache::failed(const std::string& path) const { return failed_.count(path) > 0; }

const TextureCache::Decoded* TextureCache::decode(const std::string& path)
{
    if (auto it = decoded_.find(path); it != decoded_.end()) return &it->second;
    auto bytes = loader_(path);
    if (!bytes) {
        failed_[path] = "not in the content database";
        errors_.push_back(path + ": not in the content database");
        return nullptr;
    }
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load_from_memory(bytes->data(), static_cast<int>(bytes->size()), &w, &h, &n, 4);
    if (!px) {
        const std::string why = std::string("cannot be decoded as an image (") + stbi_failure_reason() + ")";
        failed_[path] = why;
        errors_.push_back(path + ": " + why);
        return nullptr;
    }
    Decoded d;
    d.width = w;
    d.height = h;
    d.rgba.assign(px, px + static_cast<std::size_t>(w) * h * 4);
    d.opaque = true;
    for (std::size_t i = 3; i < d.rgba.size() && d.opaque; i += 4) d.opaque = d.rgba[i] == 255;
    stbi_image_free(px);
    return &decoded_.emplace(path, std::move(d)).first->second;
}

bool TextureCache::process()
{
    bool made = false;
    for (const auto& [key, _] : wanted_) {
        if (textures_.count(key) || failed_.count(key.path)) continue;
        const Decoded* d = decode(key.path);
        if (!d) continue;
        const ImVec2 size = fitted_size(d->width, d->height, {float(key.box_w), float(key.box_h)}, key.fit);
        const int w = static_cast<int>(size.x);
        const int h = static_cast<int>(size.y);
        std::vector<unsigned char> scaled(static_cast<std::size_t>(w) * h * 4);
        const unsigned char* pixels = d->rgba.data();
        if (w != d->width || h != d->height) {
            stbir_resize_uint8_srgb(d->rgba.data(), d->width, d->height, 0, scaled.data(), w, h, 0, 4, 3, 0);
            pixels = scaled.data();
        }
        SDL_Texture* t = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, w, h);
        if (!t) {
            errors_.push_back(key.path + ": no texture (" + SDL_GetError() + ")");
            failed_[key.path] = "no texture";
            continue;
        }
        SDL_UpdateTexture(t, nullptr, pixels, w * 4);
        // An opaque picture is copied, not blended: much faster for the software renderer.
        SDL_SetTextureBlendMode(t, d->opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
        textures_[key] = {{t, w, h}, ++use_counter_};
        made = true;
    }
    wanted_.clear();
    decoded_.clear();
    evict();
    return made;
}

void TextureCache::evict()
{
    while (textures_.size() > kMaxTextures) {
        auto oldest = std::min_element(textures_.begin(), textures_.end(), [](const auto& a, const auto& b) {
            return a.second.last_used < b.second.last_used;
        });
        SDL_DestroyTexture(oldest->second.texture.texture);
        textures_.erase(oldest);
        ++dropped_;
    }
}

void TextureCache::clear()
{
    for (auto& [_, e] : textures_) SDL_DestroyTexture(e.texture.texture);
    if (!textures_.empty()) ++dropped_;
    textures_.clear();
    wanted_.clear();
    decoded_.clear();
    failed_.clear();
}

std::vector<std::string> TextureCache::take_errors()
{
    std::vector<std::string> out;
    out.swap(errors_);
    return out;
}

void image(TextureCache& cache, const std::string& path, ImVec2 box, Fit fit)
{
    draw_image(cache, path, ImGui::GetCursorScreenPos(), box, fit);
    ImGui::Dummy(box);
}

void draw_image(TextureCache& cache, const std::string& path, ImVec2 min, ImVec2 box, Fit fit)
{
    const ImVec2 max{min.x + box.x, min.y + box.y};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Texture* t = cache.fitted(path, static_cast<int>(box.x), static_cast<int>(box.y), fit);
    if (t) {
        if (fit == Fit::Contain) {
            const ImVec2 p{std::round(min.x + (box.x - t->width) / 2), std::round(min.y + (box.y - t->height) / 2)};
            dl->AddImage(t->id(), p, {p.x + t->width, p.y + t->height});
        } else {
            // Crop the centre of the texture to the box.
            // (SDL's renderers refuse texture coordinates outside 0–1, even by a rounding error.)
            const float u0 = std::clamp((t->width - box.x) / 2 / t->width, 0.0f, 0.5f);
            const float v0 = std::clamp((t->height - box.y) / 2 / t->height, 0.0f, 0.5f);
            dl->AddImage(t->id(), min, max, {u0, v0}, {1 - u0, 1 - v0});
        }
    } else {
        dl->AddRectFilled(min, max, colour::surface);
        if (cache.failed(path)) {
            const float t2 = std::max(1.0f, em() * 0.08f);
            dl->AddRect(min, max, colour::border, 0, 0, t2);
            dl->AddLine(min, max, colour::border, t2);
            dl->AddLine({min.x, max.y}, {max.x, min.y}, colour::border, t2);
        }
    }
}

} // namespace sk::ui
