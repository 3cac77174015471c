// Users (administrators, as `safekiosk-admin user …`): every user with roles, training provider and whether they may
// sign in; adding one (the first password is made up and shown once), setting roles and a trainer's provider,
// resetting a password (the new one shown once), disabling and enabling. Every rule is exam::UserService's (which
// audits each change and refuses, e.g., to take one's own administrator role); the panel only shows its refusals.
// A change made elsewhere to the user being edited never overwrites the editor: the panel says so and keeps the edit.
#include "admin/gui/users_panel.hpp"

#include "admin/gui/fields.hpp"
#include "admin/gui/strings.hpp"

#include <imgui_stdlib.h>

#include <algorithm>

namespace sk::admin::gui {

namespace {

bool same_roles(std::vector<exam::Role> a, std::vector<exam::Role> b)
{
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

std::vector<exam::Role> roles_of(const exam::UserInfo& u)
{
    std::vector<exam::Role> out;
    for (const auto& n : u.roles)
        if (auto r = exam::parse_role(n)) out.push_back(*r);
    return out;
}

std::string role_labels(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : "、") + std::string(tr("role." + n));
    return out;
}

// The roles editor: a tick per role and the provider of training staff.
struct RoleForm {
    std::vector<exam::Role> roles;
    std::string provider;

    bool has(exam::Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }
    void tick(exam::Role r, bool on)
    {
        if (on && !has(r)) roles.push_back(r);
        if (!on) roles.erase(std::remove(roles.begin(), roles.end(), r), roles.end());
    }
    bool same(const RoleForm& o) const { return same_roles(roles, o.roles) && provider == o.provider; }
};

RoleForm form_of(const exam::UserInfo& u) { return {roles_of(u), u.provider}; }

enum class Pending { None, Reset, Disable, Enable };

class UsersPanel final : public UsersPanelActions {
public:
    const char* id() const override { return "users"; }
    const char* title_key() const override { return "nav.users"; }

    void refresh(App& app) override
    {
        users_ = app.services().users.users(*app.actor());
        const exam::UserInfo* u = current();
        if (!u) {
            if (!selected_.empty() && !adding_) {
                selected_.clear();
                form_ = base_ = {};
            }
            return;
        }
        const RoleForm stored = form_of(*u);
        if (stored.same(base_)) return;
        // Changed elsewhere: an untouched editor follows; an edit in progress stays, and the panel says so.
        if (form_.same(base_)) {
            form_ = base_ = stored;
            changed_elsewhere_ = false;
        } else {
            changed_elsewhere_ = true;
        }
    }

    std::vector<std::string> rows() const override
    {
        std::vector<std::string> out;
        for (const auto& u : users_) {
            std::string roles;
            for (const auto& r : u.roles) roles += (roles.empty() ? "" : ",") + r;
            out.push_back(u.login + " " + u.name + " " + roles + (u.provider.empty() ? "" : " " + u.provider) +
                          (u.disabled ? " disabled" : ""));
        }
        return out;
    }

    void show_example(App& app) override
    {
        // A user other than oneself, with the role editor open.
        example_ = 0;
        for (const auto& u : users_)
            if (u.login != app.actor()->login) {
                select(u.login);
                return;
            }
        if (!users_.empty()) select(users_.front().login);
    }

    std::string next_example(App& app) override
    {
        switch (example_++) {
        case 0: // an unsaved edit of a user changed elsewhere, and a reset awaiting confirmation
            if (!current()) return {};
            tick_role(exam::Role::Examiner, !form_.has(exam::Role::Examiner));
            changed_elsewhere_ = true;
            pending_ = Pending::Reset;
            return "editing";
        case 1: // the new-user form, filled in
            adding_ = true;
            new_login_ = "zhang.li";
            new_name_ = "张丽";
            new_form_ = {{exam::Role::TrainingStaff}, "示范安全培训中心"};
            app.note_text(new_name_ + new_form_.provider);
            return "new";
        default: return {};
        }
    }

    bool select(const std::string& login) override
    {
        const auto it = std::find_if(users_.begin(), users_.end(), [&](const auto& u) { return u.login == login; });
        if (it == users_.end()) return false;
        selected_ = login;
        adding_ = false;
        form_ = base_ = form_of(*it);
        changed_elsewhere_ = false;
        pending_ = Pending::None;
        shown_password_.clear();
        error_.clear();
        return true;
    }

    void tick_role(exam::Role role, bool on) override { form_.tick(role, on); }
    void set_provider(const std::string& provider) override { form_.provider = provider; }

    bool save_roles(App& app) override
    {
        return act(app, [&] {
            app.services().users.set_roles(*app.actor(), selected_, form_.roles, trainer(form_) ? form_.provider : "");
            return trf("users.roles_done", {selected_, role_labels(exam::role_names(form_.roles))});
        });
    }

    std::string reset_password(App& app) override
    {
        std::string password;
        const std::string login = selected_;
        act(app, [&] {
            password = app.services().users.reset_password(*app.actor(), login);
            return trf("users.reset_done", {login});
        });
        shown_password_ = password;
        shown_for_ = login;
        return password;
    }

    bool set_disabled(App& app, bool disabled) override
    {
        return act(app, [&] {
            app.services().users.set_disabled(*app.actor(), selected_, disabled);
            return trf(disabled ? "users.disabled_done" : "users.enabled_done", {selected_});
        });
    }

    const std::string& error() const override { return error_; }
    bool changed_elsewhere() const override { return changed_elsewhere_; }

    void draw(App& app) override
    {
        const float e = ImGui::GetFontSize();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        ImGui::BeginChild("users-list", {avail.x * 0.56f, avail.y}, true);
        list();
        ImGui::EndChild();
        ImGui::SameLine(0, e * 0.5f);
        ImGui::BeginChild("users-detail", {0, avail.y}, true);
        if (adding_) add_form(app);
        else if (const exam::UserInfo* u = current()) detail(app, *u);
        else dim_text(tr("users.pick"));
        ImGui::EndChild();
    }

private:
    static bool trainer(const RoleForm& f) { return f.has(exam::Role::TrainingStaff); }

    const exam::UserInfo* current() const
    {
        for (const auto& u : users_)
            if (u.login == selected_) return &u;
        return nullptr;
    }

    void list()
    {
        const float e = ImGui::GetFontSize();
        heading(trf("users.title", {std::to_string(users_.size())}).c_str());
        if (primary_button(tr("users.new"), {e * 6, 0})) {
            adding_ = true;
            new_login_.clear();
            new_name_.clear();
            new_form_ = {};
            shown_password_.clear();
            error_.clear();
        }
        if (!begin_list_table("users", 5, {0, ImGui::GetContentRegionAvail().y})) return;
        ImGui::TableSetupColumn(tr("users.login"), 0, e * 6.5f);
        ImGui::TableSetupColumn(tr("users.name"), 0, e * 4.5f);
        ImGui::TableSetupColumn(tr("users.roles"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr("users.provider"), 0, e * 7);
        ImGui::TableSetupColumn(tr("users.state"), 0, e * 4);
        ImGui::TableHeadersRow();
        const auto now = exam::system_now_ms();
        for (const auto& u : users_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(u.login.c_str());
            if (ImGui::Selectable(u.login.c_str(), !adding_ && u.login == selected_, ImGuiSelectableFlags_SpanAllColumns))
                select(u.login);
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(u.name.c_str());
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(role_labels(u.roles).c_str());
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            ellipsis_text(u.provider.empty() ? "—" : u.provider);
            ImGui::TableNextColumn();
            if (u.disabled) pill(tr("users.state_disabled"), tone::error);
            else if (u.locked_until_ms > now) pill(tr("users.state_locked"), tone::warn);
            else pill(tr("users.state_active"), tone::ok);
        }
        ImGui::EndTable();
    }

    void roles_editor(App& app, RoleForm& f, const char* id)
    {
        const float e = ImGui::GetFontSize();
        ImGui::PushID(id);
        for (exam::Role r : exam::all_roles()) {
            bool on = f.has(r);
            const std::string label = std::string(tr("role." + std::string(exam::to_string(r)))) + "##" +
                                      std::string(exam::to_string(r));
            if (ImGui::Checkbox(label.c_str(), &on)) f.tick(r, on);
        }
        if (trainer(f)) {
            ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - e * 0.2f);
            if (ImGui::InputTextWithHint("##provider", tr("users.provider_hint"), &f.provider)) app.note_text(f.provider);
        }
        ImGui::PopID();
    }

    void detail(App& app, const exam::UserInfo& u)
    {
        const float e = ImGui::GetFontSize();
        heading((u.name + "  " + u.login).c_str());
        if (u.login == app.actor()->login) dim_text(tr("users.yourself"));
        if (u.disabled) problem(tr("users.is_disabled"));
        else if (u.failed_sign_ins > 0) dim_text(trf("users.failures", {std::to_string(u.failed_sign_ins)}));
        ImGui::Spacing();

        heading(tr("users.roles"));
        roles_editor(app, form_, "edit");
        const bool dirty = !form_.same(base_);
        if (changed_elsewhere_ && dirty) {
            warning_text(trf("users.changed_elsewhere",
                             {role_labels(u.roles) + (u.provider.empty() ? "" : "（" + u.provider + "）")}));
            if (button(tr("users.take_theirs"))) {
                form_ = base_ = form_of(u);
                changed_elsewhere_ = false;
            }
            ImGui::SameLine();
        }
        if (primary_button(tr("users.save_roles"), {e * 7, 0}, dirty)) save_roles(app);
        if (!error_.empty()) problem(error_.c_str());
        ImGui::Spacing();
        ImGui::Separator();

        heading(tr("users.password"));
        if (!shown_password_.empty() && shown_for_ == u.login) {
            ImGui::TextUnformatted(tr("users.new_password"));
            ImGui::PushFont(app.fonts().heading);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tone::warn), "%s", shown_password_.c_str());
            ImGui::PopFont();
            ImGui::PushTextWrapPos(0);
            dim_text(tr("users.shown_once"));
            ImGui::PopTextWrapPos();
            if (button(tr("users.password_noted"))) shown_password_.clear();
        } else if (confirm(app, Pending::Reset, tr("users.reset"), trf("users.confirm_reset", {u.login}))) {
            reset_password(app);
        }
        ImGui::Spacing();
        ImGui::Separator();
        heading(tr("users.access"));
        if (u.disabled) {
            if (confirm(app, Pending::Enable, tr("users.enable"), trf("users.confirm_enable", {u.login})))
                set_disabled(app, false);
        } else if (confirm(app, Pending::Disable, tr("users.disable"), trf("users.confirm_disable", {u.login}))) {
            set_disabled(app, true);
        }
    }

    // A button that asks once more before it acts; true when confirmed.
    bool confirm(App&, Pending what, const char* label, const std::string& question)
    {
        if (pending_ != what) {
            if (button(label)) pending_ = what;
            return false;
        }
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tone::warn), "%s", question.c_str());
        ImGui::PopTextWrapPos();
        bool yes = primary_button(tr("users.confirm"));
        ImGui::SameLine();
        if (button(tr("pick.cancel"))) pending_ = Pending::None;
        if (yes) pending_ = Pending::None;
        return yes;
    }

    void add_form(App& app)
    {
        const float e = ImGui::GetFontSize();
        heading(tr("users.new_title"));
        if (!shown_password_.empty() && shown_for_ == new_login_) {
            ImGui::TextUnformatted(trf("users.added", {new_login_}).c_str());
            ImGui::TextUnformatted(tr("users.new_password"));
            ImGui::PushFont(app.fonts().heading);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tone::warn), "%s", shown_password_.c_str());
            ImGui::PopFont();
            ImGui::PushTextWrapPos(0);
            dim_text(tr("users.shown_once"));
            ImGui::PopTextWrapPos();
            if (button(tr("users.password_noted"))) {
                shown_password_.clear();
                adding_ = false;
                select(new_login_);
            }
            return;
        }
        ImGui::SetNextItemWidth(e * 10);
        ImGui::InputTextWithHint("##login", tr("users.login_hint"), &new_login_, ImGuiInputTextFlags_CharsNoBlank);
        ImGui::SetNextItemWidth(e * 10);
        if (ImGui::InputTextWithHint("##name", tr("users.name"), &new_name_)) app.note_text(new_name_);
        heading(tr("users.roles"));
        roles_editor(app, new_form_, "new");
        dim_text(tr("users.first_password"));
        const bool ready = !new_login_.empty() && !new_name_.empty() && !new_form_.roles.empty();
        if (primary_button(tr("users.add"), {e * 6, 0}, ready)) {
            const std::string password = exam::generate_password();
            if (act(app, [&] {
                    app.services().users.add_user(*app.actor(), {new_login_, new_name_, password, new_form_.roles,
                                                                 trainer(new_form_) ? new_form_.provider : ""});
                    return trf("users.added", {new_login_});
                })) {
                shown_password_ = password;
                shown_for_ = new_login_;
            }
        }
        ImGui::SameLine();
        if (button(tr("pick.cancel"))) adding_ = false;
        if (!error_.empty()) problem(error_.c_str());
    }

    static void problem(const char* text)
    {
        ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted((std::string("▲ ") + text).c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }

    // One operation of the user service: its message in the status bar, or its refusal in the panel; the list read
    // again and the editor set to what is stored now.
    template <class F>
    bool act(App& app, F&& op)
    {
        try {
            app.notify(op());
            error_.clear();
            users_ = app.services().users.users(*app.actor());
            if (const exam::UserInfo* u = current()) form_ = base_ = form_of(*u);
            changed_elsewhere_ = false;
            return true;
        } catch (const std::exception& ex) {
            error_ = ex.what();
            app.notify(message(ex), true);
            return false;
        }
    }

    std::vector<exam::UserInfo> users_;
    std::string selected_;
    RoleForm form_, base_, new_form_;
    bool changed_elsewhere_ = false, adding_ = false;
    Pending pending_ = Pending::None;
    std::string shown_password_, shown_for_, error_, new_login_, new_name_;
    int example_ = 0;
};

} // namespace

std::unique_ptr<Panel> make_users_panel() { return std::make_unique<UsersPanel>(); }

} // namespace sk::admin::gui
