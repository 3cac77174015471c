// The users panel (administrators): what its buttons do, callable by tests without clicking (the same code runs).
#pragma once

#include "admin/gui/app.hpp"

namespace sk::admin::gui {

class UsersPanelActions : public Panel {
public:
    // Selects the user `login` and loads the role editor with their roles; false when there is no such user.
    virtual bool select(const std::string& login) = 0;
    // Ticks or clears one role in the editor (not saved yet).
    virtual void tick_role(exam::Role role, bool on) = 0;
    virtual void set_provider(const std::string& provider) = 0;
    // The 保存角色 button: UserService::set_roles; false (and the library's refusal in error()) when refused.
    virtual bool save_roles(App& app) = 0;
    // The confirmed 重置密码 button: the new password, shown once (empty when refused).
    virtual std::string reset_password(App& app) = 0;
    // The confirmed 停用 / 启用 button.
    virtual bool set_disabled(App& app, bool disabled) = 0;
    // The last refusal shown in the panel, as the library wrote it.
    virtual const std::string& error() const = 0;
    // Whether the record being edited was changed elsewhere while the editor held unsaved changes.
    virtual bool changed_elsewhere() const = 0;
};

std::unique_ptr<Panel> make_users_panel();

} // namespace sk::admin::gui
