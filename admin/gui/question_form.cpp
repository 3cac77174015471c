#include "admin/gui/question_form.hpp"

#include "exam/content_audit.hpp"
#include "exam/question_bank.hpp"

#include <stdexcept>

namespace sk::admin::gui {

using content::QuestionType;

QuestionForm QuestionForm::edit(const content::Question& q)
{
    QuestionForm f;
    f.question = q;
    f.original = q;
    f.correct.assign(q.options.size(), false);
    try {
        for (int i : content::answer_indices(q.answer))
            if (i >= 0 && i < static_cast<int>(f.correct.size())) f.correct[static_cast<std::size_t>(i)] = true;
    } catch (const std::invalid_argument&) {
        // a key naming no option: shown as no tick, and validation says so
    }
    return f;
}

QuestionForm QuestionForm::create(content::ContentStore& store, const content::Item& item, QuestionType type)
{
    QuestionForm f;
    f.question.category = item.category;
    f.question.item = item.name;
    f.question.status = content::Status::Draft;
    f.question.pool = content::Pool::Practice;
    const auto chapters = store.chapters(item.id);
    if (!chapters.empty()) f.question.chapter = chapters.front();
    const std::string prefix = "q" + std::to_string(item.id) + "-new-";
    for (int n = 1;; ++n)
        if (!store.question_by_uid(prefix + std::to_string(n))) {
            f.question.uid = prefix + std::to_string(n);
            break;
        }
    f.question.options = {"", "", "", ""};
    f.correct.assign(4, false);
    f.set_type(type);
    return f;
}

void QuestionForm::set_type(QuestionType t)
{
    question.type = t;
    if (t == QuestionType::TrueFalse) {
        question.options = content::true_false_options();
        correct.resize(2, false);
        int ticks = 0;
        for (bool c : correct) ticks += c;
        if (ticks > 1) correct = {true, false};
    } else {
        if (question.options == content::true_false_options()) question.options = {"", "", "", ""};
        while (question.options.size() < 2) question.options.emplace_back();
        correct.resize(question.options.size(), false);
    }
}

void QuestionForm::add_option()
{
    if (question.type == QuestionType::TrueFalse || question.options.size() >= 8) return;
    question.options.emplace_back();
    correct.push_back(false);
}

void QuestionForm::remove_option(std::size_t index)
{
    if (question.type == QuestionType::TrueFalse || index >= question.options.size() || question.options.size() <= 2)
        return;
    question.options.erase(question.options.begin() + static_cast<std::ptrdiff_t>(index));
    correct.erase(correct.begin() + static_cast<std::ptrdiff_t>(index));
}

content::Question QuestionForm::value() const
{
    content::Question q = question;
    std::vector<int> indices;
    for (std::size_t i = 0; i < correct.size() && i < q.options.size(); ++i)
        if (correct[i]) indices.push_back(static_cast<int>(i));
    q.answer = content::answer_letters(indices);
    return q;
}

std::vector<content::FieldProblem> QuestionForm::problems(content::ContentStore& store) const
{
    const content::Question q = value();
    auto p = content::validate(q);
    if (!q.category.empty() && !q.item.empty() && !store.catalogue().find(q.category, q.item))
        p.push_back({"item", "'" + q.category + " / " + q.item + "' is not in the catalogue"});
    return p;
}

Follow QuestionForm::follow(const content::Question& stored)
{
    if (!original || stored.uid != original->uid) return Follow::Same;
    const auto same = [](const content::Question& a, const content::Question& b) {
        return a.id == b.id && a.status == b.status && a.pool == b.pool && a.content_hash() == b.content_hash();
    };
    if (same(stored, *original)) {
        newer.reset(); // e.g. saved elsewhere and then put back
        return Follow::Same;
    }
    if (!changed()) {
        *this = edit(stored);
        return Follow::Followed;
    }
    newer = stored;
    return Follow::Kept;
}

void QuestionForm::revert()
{
    if (newer) *this = edit(*newer);
    else if (original) *this = edit(*original);
}

bool QuestionForm::changed() const
{
    if (!original) return true;
    const content::Question q = value();
    return q.content_hash() != original->content_hash() || q.pool != original->pool || q.status != original->status ||
           q.chapter != original->chapter || q.difficulty != original->difficulty ||
           q.explanation != original->explanation;
}

content::SaveResult QuestionForm::save(content::ContentStore& store, const exam::Actor& actor)
{
    exam::require(actor, exam::Operation::ManageContent);
    const auto p = problems(store);
    if (!p.empty()) throw std::invalid_argument(p.front().field + ": " + p.front().message);
    content::Question q = value();
    if (original) q.version = original->version;
    const content::SaveResult r = exam::QuestionBank(store.db()).save(actor, q); // with its audit entry
    if (auto stored = store.question(r.id)) *this = edit(*stored);
    return r;
}

} // namespace sk::admin::gui
