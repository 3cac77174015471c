#include "admin/gui/file_picker.hpp"

#include "admin/gui/app.hpp"
#include "admin/gui/fields.hpp"
#include "admin/gui/strings.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace sk::admin::gui {

namespace fs = std::filesystem;

namespace {
std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

fs::path g_last_folder; // where the last choice was made, for the next picker

fs::path home_folder()
{
    if (const char* h = std::getenv("HOME"); h && *h) return h;
    std::error_code ec;
    return fs::current_path(ec);
}
} // namespace

std::string human_size(std::uintmax_t bytes)
{
    char buf[32];
    if (bytes < 1024) std::snprintf(buf, sizeof buf, "%ju B", bytes);
    else if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%ju KB", (bytes + 1023) / 1024);
    else std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buf;
}

FileBrowser::FileBrowser(PickMode mode, std::vector<std::string> extensions) : mode_(mode)
{
    for (auto& e : extensions) extensions_.push_back(lower(std::move(e)));
}

bool FileBrowser::accepts(const fs::path& file) const
{
    if (extensions_.empty()) return true;
    const std::string ext = lower(file.extension().string());
    return std::find(extensions_.begin(), extensions_.end(), ext) != extensions_.end();
}

bool FileBrowser::go(const fs::path& dir)
{
    std::error_code ec;
    fs::path target = fs::absolute(dir, ec).lexically_normal();
    if (target.has_filename() == false && target != target.root_path()) target = target.parent_path();
    if (!fs::is_directory(target, ec)) {
        error_ = trf("pick.not_folder", {dir.string()});
        return false;
    }
    std::vector<Entry> list;
    fs::directory_iterator it(target, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        error_ = trf("pick.unreadable", {target.string(), ec.message()});
        return false;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code e2;
        const bool folder = it->is_directory(e2);
        if (!folder && (mode_ == PickMode::Folder || !it->is_regular_file(e2) || !accepts(it->path()))) continue;
        list.push_back({name, folder, folder ? 0 : it->file_size(e2)});
    }
    std::sort(list.begin(), list.end(), [](const Entry& a, const Entry& b) {
        return a.folder != b.folder ? a.folder : a.name < b.name;
    });
    dir_ = target;
    entries_ = std::move(list);
    error_.clear();
    selected_ = entries_.empty() ? -1 : 0;
    return true;
}

bool FileBrowser::up()
{
    if (dir_ == dir_.root_path() || !dir_.has_parent_path()) return false;
    const std::string from = dir_.filename().string();
    if (!go(dir_.parent_path())) return false;
    for (std::size_t i = 0; i < entries_.size(); ++i)
        if (entries_[i].folder && entries_[i].name == from) selected_ = static_cast<int>(i);
    return true;
}

void FileBrowser::select(int index)
{
    if (index >= 0 && index < static_cast<int>(entries_.size())) selected_ = index;
}

void FileBrowser::move_selection(int by)
{
    if (entries_.empty()) return;
    selected_ = std::clamp(selected_ < 0 ? 0 : selected_ + by, 0, static_cast<int>(entries_.size()) - 1);
}

std::optional<fs::path> FileBrowser::activate()
{
    if (selected_ < 0 || selected_ >= static_cast<int>(entries_.size())) return std::nullopt;
    const Entry& e = entries_[static_cast<std::size_t>(selected_)];
    if (e.folder) {
        go(dir_ / e.name);
        return std::nullopt;
    }
    return dir_ / e.name;
}

std::optional<fs::path> FileBrowser::choice() const
{
    const bool has = selected_ >= 0 && selected_ < static_cast<int>(entries_.size());
    if (mode_ == PickMode::Folder) {
        if (has) return dir_ / entries_[static_cast<std::size_t>(selected_)].name;
        return dir_.empty() ? std::nullopt : std::optional(dir_);
    }
    if (has && !entries_[static_cast<std::size_t>(selected_)].folder)
        return dir_ / entries_[static_cast<std::size_t>(selected_)].name;
    return std::nullopt;
}

std::optional<fs::path> FileBrowser::enter(const std::string& typed)
{
    if (typed.empty()) return std::nullopt;
    fs::path p = typed;
    if (p.is_relative()) p = dir_ / p;
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
        go(p);
        return std::nullopt;
    }
    if (mode_ == PickMode::File && fs::is_regular_file(p, ec)) {
        if (accepts(p)) return p.lexically_normal();
        std::string kinds;
        for (const auto& e : extensions_) kinds += (kinds.empty() ? "" : " ") + e;
        error_ = trf("pick.wrong_kind", {p.filename().string(), kinds});
        return std::nullopt;
    }
    error_ = trf("pick.not_found", {typed});
    return std::nullopt;
}

void FilePicker::open(std::string purpose, PickMode mode, std::vector<std::string> extensions, const std::string& title,
                      const fs::path& start)
{
    browser_.emplace(mode, std::move(extensions));
    purpose_ = std::move(purpose);
    title_ = title;
    if (!(!g_last_folder.empty() && browser_->go(g_last_folder)) && !(!start.empty() && browser_->go(start)))
        browser_->go(home_folder());
    typed_ = browser_->dir().string();
    opening_ = true;
}

std::optional<std::pair<std::string, fs::path>> FilePicker::draw(App& app)
{
    if (!browser_) return std::nullopt;
    FileBrowser& b = *browser_;
    const float e = ImGui::GetFontSize();
    const char* popup = "##file-picker";
    if (opening_) {
        ImGui::OpenPopup(popup);
        opening_ = false;
        scroll_to_selected_ = true;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 size{std::min(e * 44, vp->Size.x * 0.9f), std::min(e * 30, vp->Size.y * 0.9f)};
    ImGui::SetNextWindowSize(size);
    ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x / 2, vp->Pos.y + vp->Size.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
    std::optional<fs::path> chosen;
    bool cancel = false;
    if (!ImGui::BeginPopupModal(popup, nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                                    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings)) {
        browser_.reset(); // closed from outside
        return std::nullopt;
    }
    heading(title_.c_str());
    const fs::path before = b.dir();
    if (button(tr("pick.up"), {e * 5, 0}, b.dir() != b.dir().root_path())) b.up();
    ImGui::SameLine();
    if (button(tr("pick.home"), {e * 5, 0})) b.go(home_folder());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    const bool entered = input_text(app, "##path", typed_, -1, ImGuiInputTextFlags_EnterReturnsTrue);
    if (entered) chosen = b.enter(typed_);
    const bool typing = ImGui::IsItemActive() || entered; // that Enter was the field's
    if (!b.error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
        ImGui::TextWrapped("▲ %s", b.error().c_str());
        ImGui::PopStyleColor();
    }
    const float footer = ImGui::GetFrameHeightWithSpacing() * 2 + e * 0.4f;
    ImGui::BeginChild("##entries", {0, ImGui::GetContentRegionAvail().y - footer}, true);
    if (b.entries().empty())
        dim_text(b.mode() == PickMode::Folder ? tr("pick.no_folders") : tr("pick.empty"));
    for (int i = 0; i < static_cast<int>(b.entries().size()); ++i) {
        const auto& entry = b.entries()[static_cast<std::size_t>(i)];
        ImGui::PushID(i);
        const std::string label = (entry.folder ? "▶ " : "   ") + entry.name;
        if (ImGui::Selectable(label.c_str(), i == b.selected(), ImGuiSelectableFlags_AllowDoubleClick)) {
            b.select(i);
            if (ImGui::IsMouseDoubleClicked(0)) {
                if (auto p = b.activate()) chosen = p;
            }
        }
        if (i == b.selected() && scroll_to_selected_) {
            ImGui::SetScrollHereY(0.5f);
            scroll_to_selected_ = false;
        }
        if (!entry.folder) {
            ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - e * 5);
            dim_text(human_size(entry.size));
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    // Keys, while no text field has them.
    if (!typing && !chosen) {
        const auto key = [](ImGuiKey k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k)); };
        if (key(ImGuiKey_DownArrow)) {
            b.move_selection(1);
            scroll_to_selected_ = true;
        }
        if (key(ImGuiKey_UpArrow)) {
            b.move_selection(-1);
            scroll_to_selected_ = true;
        }
        if (key(ImGuiKey_Enter) || key(ImGuiKey_KeyPadEnter)) chosen = b.activate();
        if (key(ImGuiKey_Backspace)) b.up();
        if (key(ImGuiKey_Escape)) cancel = true;
    }
    if (b.dir() != before) {
        typed_ = b.dir().string();
        app.note_text(typed_);
        scroll_to_selected_ = true;
    }
    const auto current = b.choice();
    ImGui::AlignTextToFramePadding();
    if (current) dim_text(trf("pick.chosen", {current->filename().string().empty() ? current->string()
                                                                                      : current->filename().string()}));
    else dim_text(tr(b.mode() == PickMode::Folder ? "pick.hint_folder" : "pick.hint_file"));
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - e * 12.5f);
    if (primary_button(tr("pick.choose"), {e * 6, 0}, current.has_value())) chosen = current;
    ImGui::SameLine();
    if (button(tr("pick.cancel"), {e * 6, 0})) cancel = true;
    if (chosen || cancel) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    if (cancel) {
        browser_.reset();
        return std::nullopt;
    }
    if (chosen) {
        g_last_folder = chosen->parent_path();
        browser_.reset();
        return std::pair{purpose_, *chosen};
    }
    return std::nullopt;
}

} // namespace sk::admin::gui
