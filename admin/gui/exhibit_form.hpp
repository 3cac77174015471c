// The exhibit editor's form, without any UI: a case's fields as the editor shows them (causes, lessons … one per
// line), its images with the files brought in from disk but not stored yet, its 1–5 quiz questions (each a
// QuestionForm: type, stem, options, key by ticks), the problems by field (content::check_exhibit), and saving the
// case and its new images in one transaction (content::save_exhibit_with_media): a refused save stores nothing.
#pragma once

#include "admin/gui/question_form.hpp"
#include "content/exhibit_edit.hpp"
#include "exam/roles.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sk::admin::gui {

struct ExhibitForm {
    content::Exhibit exhibit;                          // quiz kept in `quiz` below
    std::string direct, underlying, lessons, instead;  // one per line
    std::vector<QuestionForm> quiz;
    content::NewMedia media;                           // images brought in, by their future media path
    std::optional<content::Exhibit> original;          // as loaded; none for a new case
    std::optional<content::Exhibit> newer;             // saved elsewhere while this form held unsaved changes

    static ExhibitForm edit(const content::Exhibit& e);
    // A new case: a free uid, the industry given, today's date, one empty true/false quiz question.
    static ExhibitForm create(content::ContentStore& store, const std::string& industry, const std::string& today);

    bool is_new() const { return !original.has_value(); }

    // Adds the image file as the case's last image (caption empty); std::invalid_argument naming the file when it
    // is no PNG/JPEG or cannot be read. Returns its media path.
    std::string add_image(content::ContentStore& store, const std::filesystem::path& file);
    // The image `index` shows the file instead (the caption stays).
    std::string replace_image(content::ContentStore& store, std::size_t index, const std::filesystem::path& file);
    void remove_image(std::size_t index);
    void move_image(std::size_t index, int by); // -1 earlier, +1 later
    // The bytes an image shows: brought-in ones from `media`, else nullptr (stored: the texture cache reads them).
    const std::vector<unsigned char>* new_image(const std::string& path) const;

    // At most 5 quiz questions; a new one is a true/false question with a free uid.
    bool add_quiz(content::ContentStore& store);
    void remove_quiz(std::size_t index);

    content::Exhibit value() const;
    std::vector<content::FieldProblem> problems(content::ContentStore& store) const;
    bool changed() const;

    // `stored`: this case as read now (another workstation may have saved it). As QuestionForm::follow: an
    // unchanged form follows it, unsaved changes are kept with `newer` set; saving then writes the edit over it.
    Follow follow(const content::Exhibit& stored);
    // The 放弃修改 button (revert): back to what is stored (the version saved elsewhere when there is one). Images brought in
    // and not saved are dropped.
    void revert();

    // Needs ManageContent. Returns the problems when there are any (nothing stored); afterwards the form edits the
    // stored case.
    std::vector<content::FieldProblem> save(content::ContentStore& store, const exam::Actor& actor);
};

// A comparable form of a case (every field and quiz question), to tell whether it was changed.
std::string exhibit_line(const content::Exhibit& e);

} // namespace sk::admin::gui
