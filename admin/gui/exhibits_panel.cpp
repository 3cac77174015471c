// Exhibits (accident cases of the warning-education base): the list and "new case"; the editor of the case's fields,
// its timeline, causes, violations, lessons and what to do instead; its images (add, replace, remove, reorder, with
// the file picker; new files shown before they are stored) with captions; its 1–5 quiz questions. The form model
// is ExhibitForm (exhibit_form.hpp): problems by field beside the fields, and a save that stores the case and its
// new images in one transaction or nothing.
#include "admin/gui/app.hpp"
#include "admin/gui/exhibit_form.hpp"
#include "admin/gui/fields.hpp"
#include "admin/gui/file_picker.hpp"
#include "admin/gui/strings.hpp"
#include "kiosk/ui/textures.hpp"

#include <imgui_stdlib.h>

namespace sk::admin::gui {

namespace {

const std::vector<std::string>& image_extensions()
{
    static const std::vector<std::string> v{".png", ".jpg", ".jpeg"};
    return v;
}

class ExhibitsPanel final : public Panel {
public:
    const char* id() const override { return "exhibits"; }
    const char* title_key() const override { return "nav.exhibits"; }

    void refresh(App& app) override
    {
        exam::require(*app.actor(), exam::Operation::ManageContent);
        list_ = app.services().content.exhibits();
        // The case being edited as stored now: followed when nothing is typed, else the edit is kept and the editor
        // says it was saved elsewhere.
        if (form_ && !form_->is_new())
            for (const auto& e : list_)
                if (e.uid == form_->exhibit.uid && form_->follow(e) == Follow::Followed) app.drop_staged_images();
    }

    void show_example(App& app) override
    {
        if (!list_.empty()) open(app, list_.front());
    }

    std::string next_example(App& app) override
    {
        // A new case with an image brought in and the picker open over it.
        if (examples_++ > 0) return {};
        new_case(app);
        form_->exhibit.title = "某仓库叉车倒车撞人事故";
        app.note_text(form_->exhibit.title);
        picker_.open("add", PickMode::File, image_extensions(), tr("ex.pick_image"), app.services().db_path.parent_path());
        if (FileBrowser* b = picker_.browser()) // the first file selected, as after ↓ ↓
            for (std::size_t i = 0; i < b->entries().size(); ++i)
                if (!b->entries()[i].folder) {
                    b->select(static_cast<int>(i));
                    break;
                }
        return "new-case";
    }

    void draw(App& app) override
    {
        const float e = ImGui::GetFontSize();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        ImGui::BeginChild("ex-list", {avail.x * 0.22f, avail.y}, true);
        heading(tr("nav.exhibits"));
        if (primary_button(tr("ex.new"), {-1, 0})) new_case(app);
        ImGui::Spacing();
        for (const auto& x : list_) {
            ImGui::PushID(x.uid.c_str());
            // The whole title, wrapped over as many lines as it needs (never cut at the column's edge).
            const float wrap_w = ImGui::GetContentRegionAvail().x;
            const ImVec2 at = ImGui::GetCursorPos();
            const ImVec2 size = ImGui::CalcTextSize(x.title.c_str(), nullptr, false, wrap_w);
            if (ImGui::Selectable("##case", form_ && form_->exhibit.uid == x.uid && !form_->is_new(), 0, {0, size.y}))
                open(app, x);
            ImGui::SetCursorPos(at);
            ImGui::PushTextWrapPos(at.x + wrap_w);
            ImGui::TextUnformatted(x.title.c_str());
            ImGui::PopTextWrapPos();
            ImGui::PushStyleColor(ImGuiCol_Text, tone::dim);
            ImGui::TextUnformatted((x.industry + " · " + x.date).c_str());
            ImGui::PopStyleColor();
            ImGui::PopID();
        }
        ImGui::EndChild();
        ImGui::SameLine(0, e * 0.5f);
        ImGui::BeginChild("ex-edit", {0, avail.y}, true);
        if (form_) editor(app);
        else dim_text(tr("ex.pick"));
        ImGui::EndChild();
        if (auto picked = picker_.draw(app)) use_picked(app, picked->first, picked->second);
    }

private:
    void open(App& app, const content::Exhibit& e)
    {
        form_ = ExhibitForm::edit(e);
        app.drop_staged_images();
    }

    void new_case(App& app)
    {
        const auto& industries = content::exhibit_industries();
        form_ = ExhibitForm::create(app.services().content, industries.front(), local_date(exam::system_now_ms()));
        app.drop_staged_images();
    }

    void use_picked(App& app, const std::string& purpose, const std::filesystem::path& file)
    {
        if (!form_) return;
        try {
            std::string path;
            if (purpose == "add") path = form_->add_image(app.services().content, file);
            else path = form_->replace_image(app.services().content, std::stoul(purpose), file);
            app.stage_image(path, *form_->new_image(path));
            app.notify(trf("ex.image_added", {file.filename().string()}));
        } catch (const std::exception& ex) {
            app.notify(message(ex), true);
        }
    }

    void editor(App& app)
    {
        const float e = ImGui::GetFontSize();
        ExhibitForm& f = *form_;
        content::Exhibit& x = f.exhibit;
        const auto problems = f.problems(app.services().content);
        // Header: title, uid, save.
        heading(f.is_new() ? tr("ex.new_title") : x.title.c_str());
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - e * 13.5f);
        if (primary_button(tr("ex.save"), {e * 7, 0}, f.changed() && problems.empty())) save(app);
        ImGui::SameLine();
        if (button(tr("q.revert"), {e * 6, 0}, f.original.has_value() && (f.changed() || f.newer))) {
            f.revert();
            app.drop_staged_images();
        }
        if (f.newer && f.changed()) warning_text(tr("ex.changed_elsewhere"));
        if (!problems.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
            ImGui::TextUnformatted(trf("q.problems", {std::to_string(problems.size())}).c_str());
            ImGui::PopStyleColor();
        } else {
            dim_text(x.uid);
        }
        ImGui::Separator();
        const float half = (ImGui::GetContentRegionAvail().x - e) / 2;
        ImGui::BeginChild("ex-fields", {half, 0});
        fields(app, f, problems, half);
        ImGui::EndChild();
        ImGui::SameLine(0, e);
        ImGui::BeginChild("ex-images", {0, 0});
        images(app, f, problems);
        ImGui::Spacing();
        quiz(app, f, problems);
        ImGui::EndChild();
    }

    void fields(App& app, ExhibitForm& f, const std::vector<content::FieldProblem>& problems, float half)
    {
        const float e = ImGui::GetFontSize();
        content::Exhibit& x = f.exhibit;
        const float label_w = e * 5;
        const float w = half - label_w - e * 0.8f;
        const auto label = [&](const char* key) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(tr(key));
            ImGui::SameLine(label_w);
        };
        if (f.is_new()) {
            label("ex.uid");
            input_text(app, "##uid", x.uid, e * 10);
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            dim_text(tr("ex.uid_hint_short"));
            field_problems(problems, "uid");
        }
        label("ex.title");
        input_text(app, "##title", x.title, w);
        field_problems(problems, "title");
        label("ex.industry");
        const auto& industries = content::exhibit_industries();
        int industry = -1;
        for (std::size_t i = 0; i < industries.size(); ++i)
            if (industries[i] == x.industry) industry = static_cast<int>(i);
        if (combo("##industry", industry, industries, nullptr, w)) x.industry = industries[static_cast<std::size_t>(industry)];
        field_problems(problems, "industry");
        label("ex.date");
        input_text(app, "##date", x.date, e * 7);
        ImGui::SameLine();
        ImGui::TextUnformatted(tr("ex.place"));
        ImGui::SameLine();
        input_text(app, "##place", x.place, -1);
        field_problems(problems, "date");
        label("ex.deaths");
        ImGui::SetNextItemWidth(e * 6);
        ImGui::InputInt("##deaths", &x.deaths);
        ImGui::SameLine();
        ImGui::TextUnformatted(tr("ex.injuries"));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(e * 6);
        ImGui::InputInt("##injuries", &x.injuries);
        field_problems(problems, "deaths");
        field_problems(problems, "injuries");
        label("ex.summary");
        input_multiline(app, "##summary", x.summary, {w, e * 5});
        field_problems(problems, "summary");
        label("ex.direct");
        input_multiline(app, "##direct", f.direct, {w, e * 3.5f});
        label("ex.underlying");
        input_multiline(app, "##underlying", f.underlying, {w, e * 3.5f});
        label("ex.lessons");
        input_multiline(app, "##lessons", f.lessons, {w, e * 3.5f});
        label("ex.instead");
        input_multiline(app, "##instead", f.instead, {w, e * 3.5f});
        dim_text(tr("ex.lines_hint"));
        heading(tr("ex.timeline"));
        std::optional<std::size_t> drop;
        for (std::size_t i = 0; i < x.timeline.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            input_text(app, "##time", x.timeline[i].time, e * 5);
            ImGui::SameLine();
            input_text(app, "##event", x.timeline[i].event, w + label_w - e * 8);
            ImGui::SameLine();
            if (button("×", {e * 1.8f, 0})) drop = i;
            ImGui::PopID();
        }
        if (drop) x.timeline.erase(x.timeline.begin() + static_cast<std::ptrdiff_t>(*drop));
        if (button(tr("ex.add_event"))) x.timeline.push_back({});
        heading(tr("ex.violations"));
        const auto& kinds = content::violation_kinds();
        drop.reset();
        for (std::size_t i = 0; i < x.violations.size(); ++i) {
            ImGui::PushID(static_cast<int>(i) + 1000);
            int k = -1;
            for (std::size_t j = 0; j < kinds.size(); ++j)
                if (kinds[j] == x.violations[i].kind) k = static_cast<int>(j);
            if (combo("##kind", k, kinds, nullptr, e * 7)) x.violations[i].kind = kinds[static_cast<std::size_t>(k)];
            ImGui::SameLine();
            input_text(app, "##vtext", x.violations[i].text, w + label_w - e * 10);
            ImGui::SameLine();
            if (button("×", {e * 1.8f, 0})) drop = i;
            ImGui::PopID();
        }
        if (drop) x.violations.erase(x.violations.begin() + static_cast<std::ptrdiff_t>(*drop));
        if (button(tr("ex.add_violation"))) x.violations.push_back({kinds[1], ""});
        field_problems(problems, "violations");
    }

    void images(App& app, ExhibitForm& f, const std::vector<content::FieldProblem>& problems)
    {
        const float e = ImGui::GetFontSize();
        content::Exhibit& x = f.exhibit;
        heading(tr("ex.images"));
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - e * 8);
        if (button(tr("ex.add_image"), {e * 8, 0}))
            picker_.open("add", PickMode::File, image_extensions(), tr("ex.pick_image"));
        const float w = ImGui::GetContentRegionAvail().x;
        const float tw = (w - e) / 2;
        const float th = tw * 9 / 16;
        std::optional<std::size_t> remove;
        for (std::size_t i = 0; i < x.images.size(); ++i) {
            ImGui::PushID(static_cast<int>(i) + 2000);
            if (i % 2) ImGui::SameLine(0, e);
            ImGui::BeginGroup();
            const ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddRectFilled(p, {p.x + tw, p.y + th}, IM_COL32(0x0A, 0x14, 0x22, 255));
            ui::image(app.textures(), x.images[i].file, {tw, th});
            if (f.new_image(x.images[i].file)) {
                ImGui::PushStyleColor(ImGuiCol_Text, tone::warn);
                ImGui::TextUnformatted(trf("ex.new_image", {x.images[i].file}).c_str());
                ImGui::PopStyleColor();
            } else {
                dim_text(x.images[i].file);
            }
            ImGui::SetNextItemWidth(tw);
            if (ImGui::InputTextWithHint("##caption", tr("ex.caption"), &x.images[i].caption))
                app.note_text(x.images[i].caption);
            if (button("◀", {e * 1.8f, 0}, i > 0)) f.move_image(i, -1);
            ImGui::SameLine();
            if (button("▶", {e * 1.8f, 0}, i + 1 < x.images.size())) f.move_image(i, 1);
            ImGui::SameLine();
            if (button(tr("ex.replace_image")))
                picker_.open(std::to_string(i), PickMode::File, image_extensions(), tr("ex.pick_image"));
            ImGui::SameLine();
            if (button(tr("ex.remove_image"))) remove = i;
            field_problems(problems, "images[" + std::to_string(i + 1) + "]");
            ImGui::EndGroup();
            ImGui::PopID();
        }
        if (remove) f.remove_image(*remove);
        for (const auto& p : problems)
            if (p.field == "images") field_problems(problems, "images");
    }

    void quiz(App& app, ExhibitForm& f, const std::vector<content::FieldProblem>& problems)
    {
        const float e = ImGui::GetFontSize();
        heading(tr("ex.quiz"));
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - e * 8);
        if (button(tr("ex.add_quiz"), {e * 8, 0}, f.quiz.size() < 5)) f.add_quiz(app.services().content);
        dim_text(tr("ex.quiz_hint"));
        for (const auto& p : problems)
            if (p.field == "quiz") field_problems(problems, "quiz");
        static const std::vector<std::string> types{tr("q.type_tf"), tr("q.type_single"), tr("q.type_multi")};
        const float w = ImGui::GetContentRegionAvail().x;
        std::optional<std::size_t> remove;
        for (std::size_t i = 0; i < f.quiz.size(); ++i) {
            QuestionForm& q = f.quiz[i];
            const std::string field = "quiz[" + std::to_string(i + 1) + "]";
            ImGui::PushID(static_cast<int>(i) + 3000);
            ImGui::Separator();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(trf("ex.quiz_n", {std::to_string(i + 1)}).c_str());
            ImGui::SameLine();
            dim_text(q.question.uid);
            ImGui::SameLine();
            int type = static_cast<int>(q.question.type);
            if (combo("##type", type, types, nullptr, e * 6)) q.set_type(static_cast<content::QuestionType>(type));
            ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - e * 5);
            if (button(tr("ex.remove_quiz"), {e * 5, 0})) remove = i;
            field_problems(problems, field + ".uid");
            ImGui::TextUnformatted(tr("q.stem"));
            input_multiline(app, "##stem", q.question.stem, {w, e * 2.6f});
            field_problems(problems, field + ".stem");
            options_editor(app, q, w);
            field_problems(problems, field + ".options");
            field_problems(problems, field + ".answer");
            ImGui::TextUnformatted(tr("q.explanation"));
            input_multiline(app, "##explanation", q.question.explanation, {w, e * 2.4f});
            ImGui::PopID();
        }
        if (remove) f.remove_quiz(*remove);
    }

    void save(App& app)
    {
        try {
            const std::string title = form_->exhibit.title;
            const auto problems = form_->save(app.services().content, *app.actor());
            if (!problems.empty()) {
                app.notify(trf("ex.refused", {std::to_string(problems.size())}) + "：" + problems.front().field + " " +
                               problem_text(problems.front().message),
                           true);
                return;
            }
            app.notify(trf("ex.saved", {title}));
            const std::string uid = form_->exhibit.uid;
            list_ = app.services().content.exhibits();
            app.drop_staged_images();
        } catch (const std::exception& ex) {
            app.notify(message(ex), true);
        }
    }

    std::vector<content::Exhibit> list_;
    std::optional<ExhibitForm> form_;
    FilePicker picker_;
    int examples_ = 0;
};

} // namespace

std::unique_ptr<Panel> make_exhibits_panel() { return std::make_unique<ExhibitsPanel>(); }

} // namespace sk::admin::gui
