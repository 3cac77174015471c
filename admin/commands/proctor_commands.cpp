#include "admin/commands/proctor_commands.hpp"

#include "exam/exam_service.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace sk::admin {

using ordered_json = nlohmann::ordered_json;

namespace {

enum class Act { Pause, Resume, AddTime, End, Move };

struct ProctorArgs {
    std::string attempt;
    std::string reason;
    int minutes = 0;
    std::string kiosk;
};

int do_act(Context& ctx, Act act, const ProctorArgs& a)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::require(actor, exam::Operation::ProctorAttempts);
    if (a.reason.find_first_not_of(" \t") == std::string::npos)
        throw std::invalid_argument("--reason is the incident record (考场记录): it may not be empty");
    exam::ExamService svc(db);
    const auto id = attempt_by_id_or_ticket(svc, actor, a.attempt);
    const char* done = "";
    switch (act) {
    case Act::Pause:
        svc.pause(actor, id, a.reason);
        done = "paused";
        break;
    case Act::Resume:
        svc.resume(actor, id, a.reason);
        done = "resumed";
        break;
    case Act::AddTime:
        svc.add_time(actor, id, a.minutes, a.reason);
        done = "given extra time";
        break;
    case Act::End:
        svc.cancel_for_cheating(actor, id, a.reason);
        done = "ended; its score is cancelled";
        break;
    case Act::Move:
        svc.move_kiosk(actor, id, a.kiosk, a.reason);
        done = "moved";
        break;
    }
    auto v = svc.view(id);
    if (ctx.json) {
        std::cout << ordered_json{{"attempt", id},
                                  {"ticket", v.attempt.ticket},
                                  {"state", std::string(exam::to_string(v.attempt.state))},
                                  {"kiosk", v.attempt.kiosk},
                                  {"remaining_s", v.clock.remaining_ms / 1000},
                                  {"reason", a.reason}}
                         .dump()
                  << "\n";
        return kOk;
    }
    std::cout << "Attempt " << id << " (" << v.attempt.ticket << ", " << v.candidate.name << ") " << done << ": "
              << exam::to_string(v.attempt.state) << ", kiosk " << (v.attempt.kiosk.empty() ? "-" : v.attempt.kiosk);
    if (v.attempt.state == exam::AttemptState::InProgress || v.attempt.state == exam::AttemptState::Paused)
        std::cout << ", " << v.clock.remaining_ms / 60000 << " min " << (v.clock.remaining_ms / 1000) % 60 << " s left";
    std::cout << "\n";
    return kOk;
}

CLI::App* add_act(CLI::App* proctor, Context& ctx, const char* name, const char* help, Act act,
                  std::shared_ptr<ProctorArgs> args)
{
    CLI::App* cmd = proctor->add_subcommand(name, help);
    cmd->add_option("ATTEMPT", args->attempt, "attempt id or admission ticket (session seats)")->required();
    cmd->add_option("--reason", args->reason, "what happened: recorded in the incident record and the audit log")->required();
    cmd->callback([&ctx, act, args] { ctx.action = [&ctx, act, args] { return do_act(ctx, act, *args); }; });
    return cmd;
}

} // namespace

void register_proctor_commands(CLI::App& app, Context& ctx)
{
    CLI::App* proctor = app.add_subcommand("proctor", "the exam room (监考): pause, resume, add time, end, move kiosk");
    proctor->require_subcommand(1);
    add_act(proctor, ctx, "pause", "pause an attempt: its clock stops", Act::Pause, std::make_shared<ProctorArgs>());
    add_act(proctor, ctx, "resume", "resume a paused attempt", Act::Resume, std::make_shared<ProctorArgs>());
    auto add_time = std::make_shared<ProctorArgs>();
    add_act(proctor, ctx, "add-time", "give an attempt extra minutes (e.g. after a kiosk fault)", Act::AddTime, add_time)
        ->add_option("--minutes", add_time->minutes, "1 to 120")
        ->required();
    add_act(proctor, ctx, "end", "end an attempt for cheating: the session's score is cancelled", Act::End,
            std::make_shared<ProctorArgs>());
    auto move = std::make_shared<ProctorArgs>();
    add_act(proctor, ctx, "move", "move an attempt to another kiosk; the time of the move is not charged", Act::Move, move)
        ->add_option("--kiosk", move->kiosk, "the new kiosk")
        ->required();
}

} // namespace sk::admin
