// A file or folder chooser drawn with ImGui (Debian 12's SDL 2.26 has no native file dialog): a modal with the
// folder's path (typed paths accepted), its sub-folders and the files of the wanted kinds, keyboard (↑ ↓, Enter to
// open or choose, Backspace for the parent folder, Esc to cancel) and mouse (click, double-click).
//
// FileBrowser is the listing and navigation without UI (tested on its own); FilePicker draws it. One picker serves
// several buttons of a panel: open() takes a purpose, and draw() hands back the purpose with the chosen path.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sk::admin::gui {

class App;

enum class PickMode {
    File,   // a file with one of the extensions
    Folder, // a folder
};

class FileBrowser {
public:
    struct Entry {
        std::string name;
        bool folder = false;
        std::uintmax_t size = 0;
    };

    // extensions: lower case with the dot (".png"); empty: every file. Folder mode lists folders only.
    FileBrowser(PickMode mode, std::vector<std::string> extensions);

    // Lists `dir`. False (and error() says why, the listing unchanged) when it is no readable folder.
    bool go(const std::filesystem::path& dir);
    bool up();
    const std::filesystem::path& dir() const { return dir_; }
    // Sub-folders first, then files, each by name; hidden entries (".x") left out.
    const std::vector<Entry>& entries() const { return entries_; }
    const std::string& error() const { return error_; }
    PickMode mode() const { return mode_; }

    int selected() const { return selected_; }
    void select(int index);
    void move_selection(int by);
    // The selected entry: a folder is opened (nullopt); a file in File mode is the choice.
    std::optional<std::filesystem::path> activate();
    // What the Choose button takes: File mode the selected file; Folder mode the selected folder, else the folder
    // shown. nullopt when there is nothing to take.
    std::optional<std::filesystem::path> choice() const;
    // A typed path: a folder is opened; a file that fits the mode is the choice; otherwise error() says why.
    std::optional<std::filesystem::path> enter(const std::string& typed);

    bool accepts(const std::filesystem::path& file) const; // by extension

private:
    PickMode mode_;
    std::vector<std::string> extensions_;
    std::filesystem::path dir_;
    std::vector<Entry> entries_;
    std::string error_;
    int selected_ = -1;
};

class FilePicker {
public:
    // Opens the modal at the next draw(); starts in the last folder chosen from (any picker), else `start`, else
    // the home folder.
    void open(std::string purpose, PickMode mode, std::vector<std::string> extensions, const std::string& title,
              const std::filesystem::path& start = {});
    bool is_open() const { return browser_.has_value(); }
    // Draws the modal while it is open; the frame a path is chosen returns {purpose, path} and closes.
    std::optional<std::pair<std::string, std::filesystem::path>> draw(App& app);
    FileBrowser* browser() { return browser_ ? &*browser_ : nullptr; }

private:
    std::optional<FileBrowser> browser_;
    std::string purpose_, title_, typed_;
    bool opening_ = false;
    bool scroll_to_selected_ = false;
};

std::string human_size(std::uintmax_t bytes); // "12 KB", "1.4 MB"

} // namespace sk::admin::gui
