#include "admin/gui/exhibit_form.hpp"

#include <sstream>
#include <stdexcept>

namespace sk::admin::gui {

namespace {

std::string join_lines(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : "\n") + x;
    return s;
}

std::vector<std::string> split_lines(const std::string& s)
{
    std::vector<std::string> v;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);)
        if (line.find_first_not_of(" \t\r") != std::string::npos) v.push_back(line);
    return v;
}

QuestionForm new_quiz_question(const std::string& uid)
{
    QuestionForm f;
    f.question.uid = uid;
    f.question.category.clear();
    f.question.item.clear();
    f.question.pool = content::Pool::Practice;
    f.question.status = content::Status::Published;
    f.set_type(content::QuestionType::TrueFalse);
    return f;
}

} // namespace

ExhibitForm ExhibitForm::edit(const content::Exhibit& e)
{
    ExhibitForm f;
    f.exhibit = e;
    f.exhibit.quiz.clear();
    f.direct = join_lines(e.direct_causes);
    f.underlying = join_lines(e.underlying_causes);
    f.lessons = join_lines(e.lessons);
    f.instead = join_lines(e.do_instead);
    for (const auto& q : e.quiz) f.quiz.push_back(QuestionForm::edit(q));
    f.original = e;
    return f;
}

ExhibitForm ExhibitForm::create(content::ContentStore& store, const std::string& industry, const std::string& today)
{
    ExhibitForm f;
    f.exhibit.industry = industry;
    f.exhibit.uid = content::free_exhibit_uid(store, industry);
    f.exhibit.date = today;
    f.add_quiz(store);
    return f;
}

std::string ExhibitForm::add_image(content::ContentStore& store, const std::filesystem::path& file)
{
    auto bytes = content::read_image_file(file);
    const std::string path = content::free_media_path(store, file, media);
    media[path] = std::move(bytes);
    exhibit.images.push_back({path, ""});
    return path;
}

std::string ExhibitForm::replace_image(content::ContentStore& store, std::size_t index, const std::filesystem::path& file)
{
    if (index >= exhibit.images.size()) throw std::out_of_range("no image " + std::to_string(index + 1));
    auto bytes = content::read_image_file(file);
    const std::string path = content::free_media_path(store, file, media);
    media[path] = std::move(bytes);
    exhibit.images[index].file = path;
    return path;
}

void ExhibitForm::remove_image(std::size_t index)
{
    if (index < exhibit.images.size()) exhibit.images.erase(exhibit.images.begin() + static_cast<std::ptrdiff_t>(index));
}

void ExhibitForm::move_image(std::size_t index, int by)
{
    const auto to = static_cast<std::ptrdiff_t>(index) + by;
    if (index >= exhibit.images.size() || to < 0 || to >= static_cast<std::ptrdiff_t>(exhibit.images.size())) return;
    std::swap(exhibit.images[index], exhibit.images[static_cast<std::size_t>(to)]);
}

const std::vector<unsigned char>* ExhibitForm::new_image(const std::string& path) const
{
    const auto it = media.find(path);
    return it == media.end() ? nullptr : &it->second;
}

bool ExhibitForm::add_quiz(content::ContentStore& store)
{
    if (quiz.size() >= 5) return false;
    content::Exhibit e = value();
    quiz.push_back(new_quiz_question(content::free_quiz_uid(store, e)));
    return true;
}

void ExhibitForm::remove_quiz(std::size_t index)
{
    if (index < quiz.size()) quiz.erase(quiz.begin() + static_cast<std::ptrdiff_t>(index));
}

content::Exhibit ExhibitForm::value() const
{
    content::Exhibit e = exhibit;
    e.direct_causes = split_lines(direct);
    e.underlying_causes = split_lines(underlying);
    e.lessons = split_lines(lessons);
    e.do_instead = split_lines(instead);
    e.quiz.clear();
    for (const auto& q : quiz) e.quiz.push_back(q.value());
    return e;
}

std::vector<content::FieldProblem> ExhibitForm::problems(content::ContentStore& store) const
{
    return content::check_exhibit(store, value(), media, is_new());
}

Follow ExhibitForm::follow(const content::Exhibit& stored)
{
    if (!original || stored.uid != original->uid) return Follow::Same;
    if (exhibit_line(stored) == exhibit_line(*original)) {
        newer.reset();
        return Follow::Same;
    }
    if (!changed()) {
        *this = edit(stored);
        return Follow::Followed;
    }
    newer = stored;
    return Follow::Kept;
}

void ExhibitForm::revert()
{
    if (newer) *this = edit(*newer);
    else if (original) *this = edit(*original);
}

bool ExhibitForm::changed() const { return !original || exhibit_line(value()) != exhibit_line(*original); }

std::vector<content::FieldProblem> ExhibitForm::save(content::ContentStore& store, const exam::Actor& actor)
{
    exam::require(actor, exam::Operation::ManageContent);
    const content::Exhibit e = value();
    auto problems = content::save_exhibit_with_media(store, e, media, is_new());
    if (!problems.empty()) return problems;
    if (auto stored = store.exhibit(e.uid)) *this = edit(*stored);
    return {};
}

std::string exhibit_line(const content::Exhibit& e)
{
    std::string s = e.uid + '\x1f' + e.title + '\x1f' + e.industry + '\x1f' + e.date + '\x1f' + e.place + '\x1f' +
                    std::to_string(e.deaths) + '\x1f' + std::to_string(e.injuries) + '\x1f' + e.summary;
    for (const auto& t : e.timeline) s += '\x1e' + t.time + '\x1f' + t.event;
    for (const auto& v : e.direct_causes) s += "\x1e" "d" + v;
    for (const auto& v : e.underlying_causes) s += "\x1e" "u" + v;
    for (const auto& v : e.violations) s += "\x1e" "v" + v.kind + v.text;
    for (const auto& v : e.lessons) s += "\x1e" "l" + v;
    for (const auto& v : e.do_instead) s += "\x1e" "i" + v;
    for (const auto& v : e.images) s += "\x1e" "m" + v.file + '\x1f' + v.caption;
    for (const auto& q : e.quiz)
        s += "\x1e" "q" + q.uid + '\x1f' + q.content_hash() + '\x1f' + std::to_string(q.difficulty);
    return s;
}

} // namespace sk::admin::gui
