// The batch certificates panel (certificate officers, as `safekiosk-admin cert batch`): what its controls do,
// callable by tests without clicking (the same code runs).
#pragma once

#include "admin/gui/app.hpp"
#include "certs/batch.hpp"

namespace sk::admin::gui {

class BatchPanelActions : public Panel {
public:
    // The filters (provider, item, exam days, sessions); the pending list is read again at once (reads only).
    virtual void set_filter(App& app, const certs::BatchFilter& filter) = 0;
    // The passes the filter chooses, each with why it cannot be issued (the dry run).
    virtual const std::vector<certs::PendingPass>& pending() const = 0;
    virtual void set_output(const std::filesystem::path& pdf) = 0;
    // The printer queue chosen from CUPS's list (empty: do not print); false when CUPS does not offer it.
    virtual bool choose_printer(const std::string& name) = 0;
    // The 批量签发 button and the confirmation after it: starts the batch on the job thread; false when nothing
    // can be issued or a job runs.
    virtual bool confirm_and_issue(App& app) = 0;
    // The last batch's result (after its job ended); nullopt before.
    virtual const std::optional<certs::BatchResult>& result() const = 0;
    // A row of the list clicked: the preview shows that person's certificate (an issuable one).
    virtual void select(std::size_t index) = 0;
    // The certificate the preview draws (CertRegistry::draft: nothing issued), built when the panel is drawn; none
    // before, or when nobody chosen can be issued.
    virtual const std::optional<certs::Certificate>& preview() const = 0;
};

std::unique_ptr<Panel> make_batch_panel();

} // namespace sk::admin::gui
