#include "admin/demo_setup.hpp"

#include "admin/cli.hpp"

#include "content/calendar.hpp"
#include "content/formats/files.hpp"
#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"
#include "exam/secrets.hpp"
#include "exam/training.hpp"
#include "exam/users.hpp"

#include <algorithm>
#include <map>

namespace sk::admin {

namespace {

// What demo setup may do. It acts as "demo-setup" on an empty installation (nobody to sign in as); once the
// installation has users, as the administrator who signed in and asked for it, so the audit log names that person.
const std::vector<exam::Role> kSetupRoles{exam::Role::Administrator, exam::Role::ExamStaff, exam::Role::TrainingStaff};
constexpr const char* kSetupActor = "demo-setup";

struct DemoCandidate {
    const char* name;
    const char* id17; // the check character is computed
    const char* category;
    const char* item;
    const char* kiosk;
    const char* photo;
};

const DemoCandidate kExaminees[] = {
    {"张伟", "11010519850315031", "电工作业", "低压电工作业", "A01", "person-1.png"},
    {"李娜", "32010619900722004", "电工作业", "低压电工作业", "A02", "person-2.png"},
    {"王强", "44030519781109005", "一般行业", "安全生产管理人员", "A03", "person-3.png"},
};
const std::vector<std::pair<std::string, std::vector<std::string>>> kDemoUsers{
    {"admin", {"admin"}},       {"staff", {"exam-staff"}}, {"proctor", {"proctor"}},
    {"examiner", {"examiner"}}, {"trainer", {"trainer"}},  {"certs", {"cert-officer"}}};

const DemoCandidate kTrainee{"赵敏", "51010719950505002", "电工作业", "低压电工作业", "", "person-4.png"};

// The demo photos, read before anything is changed: a missing or unreadable photo (a wrong --photos folder) is
// refused naming the file, instead of demo candidates without their photos.
std::map<std::string, std::vector<unsigned char>> read_photos(const std::filesystem::path& photos_dir)
{
    std::map<std::string, std::vector<unsigned char>> out;
    std::vector<const char*> names;
    for (const auto& d : kExaminees) names.push_back(d.photo);
    names.push_back(kTrainee.photo);
    for (const char* name : names) {
        try {
            const auto bytes = content::formats::read_input_file(photos_dir / name, content::formats::FileKind::Image);
            out[name] = std::vector<unsigned char>(bytes.begin(), bytes.end());
        } catch (const content::formats::FileError& e) {
            throw CommandError(std::string("demo photo ") + e.what() + "; nothing was changed");
        }
    }
    return out;
}

// The item's initial blueprint; a new one is the default of the rules drawing exam-only questions (考培分离: the
// demo pack holds two papers of them per item, so no question of the sealed pool is shown on a training kiosk).
exam::Blueprint demo_blueprint(exam::ExamService& svc, content::ContentStore& content, std::int64_t item_id,
                               const exam::Actor& setup)
{
    if (auto bp = svc.current_blueprint(setup, item_id, exam::ExamKind::Initial)) return *bp;
    auto bp = exam::default_blueprint(*content.catalogue().find(item_id), exam::ExamKind::Initial);
    bp.exam_only = true;
    return svc.blueprint(setup, svc.save_blueprint(setup, bp));
}

std::int64_t ensure_candidate(exam::ExamService& svc, content::ContentStore& content, const DemoCandidate& d,
                              const std::map<std::string, std::vector<unsigned char>>& photos, const exam::Actor& setup)
{
    const std::string id = std::string(d.id17) + exam::id_check_character(d.id17);
    if (auto c = svc.candidate_by_id_number(setup, id)) return c->id;
    exam::Candidate c;
    c.id_number = id;
    c.name = d.name;
    c.employer = "演示单位：某市安全生产示范企业";
    c.provider = "演示培训机构：某市安全技术培训中心";
    c.item_id = content.catalogue().find(d.category, d.item)->id;
    c.photo = photos.at(d.photo);
    auto cid = svc.add_candidate(setup, c);
    svc.set_class_hours(setup, cid, demo_blueprint(svc, content, c.item_id, setup).required_class_hours);
    return cid;
}

} // namespace

std::vector<std::string> demo_logins()
{
    std::vector<std::string> out;
    for (const auto& u : kDemoUsers) out.push_back(u.first);
    return out;
}

DemoSummary setup_demo(storage::Database& db, std::int64_t now_ms, const std::filesystem::path& photos_dir,
                       const DemoAuthority& who)
{
    DemoSummary out;
    exam::ExamService svc(db, [now_ms] { return now_ms; });
    exam::TrainingService training(db, [now_ms] { return now_ms; });
    exam::UserService user_service(db, [now_ms] { return now_ms; });
    content::ContentStore content(db);

    // An installation with users: only an administrator who signed in, and only asked, adds the demo users.
    exam::Actor actor{kSetupActor, kSetupRoles};
    if (user_service.has_users()) {
        if (!who.actor)
            throw exam::PermissionDenied("the installation already has users: demo setup adds users with a published "
                                         "password, so sign in as an administrator (--user LOGIN) and ask for them "
                                         "with --add-demo-users");
        exam::require(*who.actor, exam::Operation::ManageUsers);
        actor = *who.actor;
        std::vector<std::string> missing;
        const auto users = user_service.users(actor);
        for (const auto& u : kDemoUsers)
            if (std::none_of(users.begin(), users.end(), [&](const exam::UserInfo& i) { return i.login == u.first; }))
                missing.push_back(u.first);
        if (!missing.empty() && !who.add_demo_users) {
            std::string list;
            for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
            throw CommandError("demo setup would add the users " + list + " with the published password " +
                                  kDemoPassword + ": give --add-demo-users to add them; nothing was changed");
        }
    }
    // Candidates, sessions and blueprints are made with demo setup's rights, in the name of whoever asked for it.
    const exam::Actor setup{actor.login, kSetupRoles};
    const auto photos = read_photos(photos_dir);
    if (svc.setting("demo") != "1") svc.set_setting(setup, "demo", "1", "demo.setup", "demo data set up");

    const auto users = user_service.users(actor);
    for (const auto& [login, roles] : kDemoUsers) {
        const std::string& wanted = login; // clang 14 captures no structured binding in a lambda
        if (std::none_of(users.begin(), users.end(), [&](const exam::UserInfo& i) { return i.login == wanted; }))
            user_service.add_user(actor, {login, "演示用户 " + login, kDemoPassword, exam::parse_roles(roles),
                                          login == "trainer" ? "演示培训机构：某市安全技术培训中心" : ""});
        out.users.push_back({login, kDemoPassword, roles.front()});
    }

    const auto window = demo_session_window(now_ms);
    const std::int64_t day = window.starts_at_ms; // today in China Standard Time
    out.room = "第一考场";
    out.session_window = calendar::datetime_text(day) + " – " + calendar::datetime_text(window.ends_at_ms);
    for (const auto& d : kExaminees) {
        DemoPerson p{d.name, "", std::string(d.category) + " / " + d.item, "", d.kiosk, ""};
        auto cid = ensure_candidate(svc, content, d, photos, setup);
        p.id_number = svc.candidate(setup, cid)->id_number;
        const auto item_id = svc.candidate(setup, cid)->item_id;
        auto bp = demo_blueprint(svc, content, item_id, setup);
        // Today's demo session for this item, created on first use each day.
        std::int64_t session_id = 0;
        for (const auto& s : svc.sessions(setup))
            if (s.item_id == item_id && s.starts_at_ms == day) session_id = s.id;
        if (session_id == 0) {
            exam::Session s;
            s.blueprint_id = bp.id;
            s.starts_at_ms = day;
            s.ends_at_ms = window.ends_at_ms;
            s.room = out.room;
            s.proctor = "proctor";
            for (int k = 1; k <= 10; ++k) s.kiosks.push_back((k < 10 ? "A0" : "A") + std::to_string(k));
            try {
                session_id = svc.create_session(setup, s);
            } catch (const exam::ExamError& e) {
                p.note = e.what();
                out.examinees.push_back(p);
                continue;
            }
        }
        for (const auto& a : svc.attempts_of_session(setup, session_id))
            if (a.candidate_id == cid) p.ticket = a.ticket;
        if (p.ticket.empty()) {
            try {
                p.ticket = svc.register_candidate(setup, cid, session_id, d.kiosk);
            } catch (const exam::ExamError& e) {
                p.note = e.what();
            }
        }
        out.examinees.push_back(p);
    }

    auto tid = ensure_candidate(svc, content, kTrainee, photos, setup);
    if (exam::TrainingStore(db).pin(tid).hash.empty()) training.set_pin(setup, tid, kDemoTraineePin);
    out.trainee = {kTrainee.name, svc.candidate(setup, tid)->id_number,
                   std::string(kTrainee.category) + " / " + kTrainee.item, "", "", ""};
    out.trainee_pin = kDemoTraineePin;
    return out;
}

} // namespace sk::admin
