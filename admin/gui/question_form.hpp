// The question editor's form, without any UI: the fields as the editor shows them, the library's validation
// (content::validate plus the catalogue) named by field, and saving through ContentStore, so that an edit of a
// published question becomes a new version and a paper that showed the old version keeps it.
#pragma once

#include "content/model.hpp"
#include "content/storage/content_store.hpp"
#include "exam/roles.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sk::admin::gui {

// What a form did when the record it edits was read again (another workstation may have saved it meanwhile).
enum class Follow {
    Same,     // stored as the form loaded it
    Followed, // the form had no unsaved change: it now edits what is stored
    Kept,     // the form has unsaved changes: they are kept, and `newer` holds what is stored now
};

struct QuestionForm {
    content::Question question;     // the values being edited
    std::vector<bool> correct;      // the key as one tick per option
    std::optional<content::Question> original; // as loaded; none for a new question
    std::optional<content::Question> newer;    // saved elsewhere while this form held unsaved changes

    static QuestionForm edit(const content::Question& q);
    // A new draft question of `item` (next free uid "<prefix>-<n>").
    static QuestionForm create(content::ContentStore& store, const content::Item& item, content::QuestionType type);

    // Changes the type: a true/false question gets the options 正确/错误; a choice keeps at least 2 options.
    void set_type(content::QuestionType t);
    void add_option();
    void remove_option(std::size_t index);

    // The question as it would be saved (the key from the ticks).
    content::Question value() const;
    // Every problem, by field: stem, options, answer, chapter, difficulty, category/item.
    std::vector<content::FieldProblem> problems(content::ContentStore& store) const;
    bool changed() const;

    // `stored`: the current version of this question as read now. Never drops an unsaved change (see Follow).
    // Saving after Kept writes the edit as the newest version, over the one saved elsewhere.
    Follow follow(const content::Question& stored);
    // The 放弃修改 button (revert): back to what is stored (the version saved elsewhere when there is one).
    void revert();

    // Saves through ContentStore::save_question (needs ManageContent). Throws std::invalid_argument with the first
    // problem when the form is not valid; PermissionDenied when the actor may not edit content. Afterwards the form
    // edits the stored version.
    content::SaveResult save(content::ContentStore& store, const exam::Actor& actor);
};

} // namespace sk::admin::gui
