// Exhibits (accident cases of the warning-education base): the list; the editor of the case's fields, its timeline,
// causes, violations, lessons and what to do instead; its images shown from the media blobs as textures with their
// captions. Saved through ContentStore::save_exhibit after content::validate, problems beside the fields.
#include "admin/gui/app.hpp"
#include "admin/gui/fields.hpp"
#include "admin/gui/strings.hpp"
#include "kiosk/ui/textures.hpp"

#include <imgui_stdlib.h>

#include <sstream>

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

struct ExhibitForm {
    content::Exhibit exhibit;
    std::string direct, underlying, lessons, instead; // one per line
    static ExhibitForm from(const content::Exhibit& e)
    {
        return {e, join_lines(e.direct_causes), join_lines(e.underlying_causes), join_lines(e.lessons),
                join_lines(e.do_instead)};
    }
    content::Exhibit value() const
    {
        content::Exhibit e = exhibit;
        e.direct_causes = split_lines(direct);
        e.underlying_causes = split_lines(underlying);
        e.lessons = split_lines(lessons);
        e.do_instead = split_lines(instead);
        return e;
    }
};

class ExhibitsPanel final : public Panel {
public:
    const char* id() const override { return "exhibits"; }
    const char* title_key() const override { return "nav.exhibits"; }

    void refresh(App& app) override
    {
        exam::require(*app.actor(), exam::Operation::ManageContent);
        list_ = app.services().content.exhibits();
        if (form_) {
            for (const auto& e : list_)
                if (e.uid == form_->exhibit.uid) open(e);
        }
    }

    void show_example(App&) override
    {
        if (!list_.empty()) open(list_.front());
    }

    void draw(App& app) override
    {
        const float e = ImGui::GetFontSize();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        ImGui::BeginChild("ex-list", {avail.x * 0.24f, avail.y}, true);
        heading(tr("nav.exhibits"));
        for (const auto& x : list_) {
            ImGui::PushID(x.uid.c_str());
            if (ImGui::Selectable(x.title.c_str(), form_ && form_->exhibit.uid == x.uid)) open(x);
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
    }

private:
    void open(const content::Exhibit& e)
    {
        form_ = ExhibitForm::from(e);
        saved_ = e;
    }

    void editor(App& app)
    {
        const float e = ImGui::GetFontSize();
        content::Exhibit& x = form_->exhibit;
        const content::Exhibit value = form_->value();
        const auto problems = content::validate(value);
        heading(x.title.c_str());
        dim_text(x.uid);
        ImGui::Separator();
        const float half = (ImGui::GetContentRegionAvail().x - e) / 2;
        ImGui::BeginChild("ex-fields", {half, 0});
        const float label_w = e * 5;
        const float w = half - label_w - e * 0.8f;
        const auto label = [&](const char* key) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(tr(key));
            ImGui::SameLine(label_w);
        };
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
        input_multiline(app, "##direct", form_->direct, {w, e * 3.5f});
        label("ex.underlying");
        input_multiline(app, "##underlying", form_->underlying, {w, e * 3.5f});
        label("ex.lessons");
        input_multiline(app, "##lessons", form_->lessons, {w, e * 3.5f});
        label("ex.instead");
        input_multiline(app, "##instead", form_->instead, {w, e * 3.5f});
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
        for (std::size_t i = 0; i < x.violations.size(); ++i) {
            ImGui::PushID(static_cast<int>(i) + 1000);
            int k = -1;
            for (std::size_t j = 0; j < kinds.size(); ++j)
                if (kinds[j] == x.violations[i].kind) k = static_cast<int>(j);
            if (combo("##kind", k, kinds, nullptr, e * 7)) x.violations[i].kind = kinds[static_cast<std::size_t>(k)];
            ImGui::SameLine();
            input_text(app, "##vtext", x.violations[i].text, -1);
            ImGui::PopID();
        }
        field_problems(problems, "violations");
        ImGui::EndChild();
        ImGui::SameLine(0, e);
        ImGui::BeginChild("ex-images", {0, 0});
        images(app, x, problems);
        ImGui::Spacing();
        heading(tr("ex.quiz"));
        for (const auto& q : x.quiz) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s", q.stem.c_str());
        }
        field_problems(problems, "quiz");
        dim_text(tr("ex.quiz_hint"));
        ImGui::Spacing();
        const bool dirty = exhibit_line(value) != exhibit_line(saved_);
        if (primary_button(tr("ex.save"), {e * 7, 0}, dirty && problems.empty())) {
            try {
                exam::require(*app.actor(), exam::Operation::ManageContent);
                app.services().content.save_exhibit(value);
                app.notify(trf("ex.saved", {value.title}));
                refresh(app);
            } catch (const std::exception& ex) {
                app.notify(ex.what(), true);
            }
        }
        ImGui::SameLine();
        if (button(tr("q.revert"), {e * 6, 0}, dirty)) open(saved_);
        if (!problems.empty()) {
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
            ImGui::TextUnformatted(trf("q.problems", {std::to_string(problems.size())}).c_str());
            ImGui::PopStyleColor();
        }
        ImGui::EndChild();
    }

    void images(App& app, content::Exhibit& x, const std::vector<content::FieldProblem>& problems)
    {
        const float e = ImGui::GetFontSize();
        heading(tr("ex.images"));
        const float w = ImGui::GetContentRegionAvail().x;
        const float tw = (w - e) / 2;
        const float th = tw * 9 / 16;
        for (std::size_t i = 0; i < x.images.size(); ++i) {
            ImGui::PushID(static_cast<int>(i) + 2000);
            if (i % 2) ImGui::SameLine(0, e);
            ImGui::BeginGroup();
            const ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddRectFilled(p, {p.x + tw, p.y + th}, IM_COL32(0x0A, 0x14, 0x22, 255));
            ui::image(app.textures(), x.images[i].file, {tw, th});
            dim_text(x.images[i].file);
            input_text(app, "##caption", x.images[i].caption, tw);
            ImGui::EndGroup();
            ImGui::PopID();
        }
        field_problems(problems, "images");
    }

    // A comparable form of the exhibit (every field), to tell whether the form was changed.
    static std::string exhibit_line(const content::Exhibit& e)
    {
        std::string s = e.title + '\x1f' + e.industry + '\x1f' + e.date + '\x1f' + e.place + '\x1f' +
                        std::to_string(e.deaths) + '\x1f' + std::to_string(e.injuries) + '\x1f' + e.summary;
        for (const auto& t : e.timeline) s += '\x1e' + t.time + '\x1f' + t.event;
        for (const auto& v : e.direct_causes) s += "\x1e" "d" + v;
        for (const auto& v : e.underlying_causes) s += "\x1e" "u" + v;
        for (const auto& v : e.violations) s += "\x1e" "v" + v.kind + v.text;
        for (const auto& v : e.lessons) s += "\x1e" "l" + v;
        for (const auto& v : e.do_instead) s += "\x1e" "i" + v;
        for (const auto& v : e.images) s += "\x1e" "m" + v.file + v.caption;
        return s;
    }

    std::vector<content::Exhibit> list_;
    std::optional<ExhibitForm> form_;
    content::Exhibit saved_;
};

} // namespace

std::unique_ptr<Panel> make_exhibits_panel() { return std::make_unique<ExhibitsPanel>(); }

} // namespace sk::admin::gui
