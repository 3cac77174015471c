#include "exam/exam_service.hpp"
#include "exam/grading.hpp"
#include "exam/session_draw.hpp"

#include "content/formats/images.hpp"
#include "content/calendar.hpp"
#include "content/storage/content_store.hpp"
#include "exam/idnumber.hpp"
#include "exam/paper.hpp"
#include "exam/scoring.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>

namespace sk::exam {

using json = nlohmann::json;
using storage::Transaction;

namespace {

// Calendar days and months are China Standard Time (content/calendar.hpp), whatever the machine's time zone.
std::chrono::year_month_day day_of(std::int64_t ms) { return calendar::date_of_ms(ms); }
std::int64_t add_months_ms(std::int64_t ms, int months) { return calendar::add_months_ms(ms, months); }

std::string fmt_points(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

constexpr std::int64_t kCheckInEarlyMs = 30 * 60 * 1000; // check-in opens 30 minutes before the start
constexpr const char* kIdentityDisputed = "attempt.identity_disputed"; // 不是本人 at the identity screen

} // namespace

std::int64_t system_now_ms()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string examinee_actor(const std::string& id_number) { return "examinee:" + id_number; }

const std::string& system_boot_id()
{
    static const std::string id = [] {
        std::ifstream in("/proc/sys/kernel/random/boot_id");
        std::string line;
        std::getline(in, line);
        return line;
    }();
    return id;
}

ClockReading system_reading()
{
    ClockReading r{system_now_ms(), std::nullopt};
    timespec ts{};
    if (!system_boot_id().empty() && clock_gettime(CLOCK_BOOTTIME, &ts) == 0)
        r.mono = MonoReading{system_boot_id(), static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000};
    return r;
}

ExamService::ExamService(storage::Database& db) : ExamService(db, ReadingClock(system_reading)) {}

ExamService::ExamService(storage::Database& db, Clock clock)
    : ExamService(db, ReadingClock([wall = std::move(clock)] { return ClockReading{wall(), std::nullopt}; }))
{
}

ExamService::ExamService(storage::Database& db, ReadingClock clock) : db_(db), store_(db), clock_(std::move(clock)) {}

// ---------------------------------------------------------------------------------------------------- blueprints

std::int64_t ExamService::save_blueprint(const Actor& actor, const Blueprint& bp)
{
    require(actor, Operation::ManageBlueprints);
    auto problems = validate(bp);
    if (!problems.empty()) throw ExamError(ExamErrc::blueprint_invalid, {problems.front().field, problems.front().message});
    Transaction tx(db_);
    auto id = store_.save_blueprint(bp);
    store_.append_audit(now(), actor.login, "blueprint.save", "blueprint:" + std::to_string(id), bp.name);
    tx.commit();
    return id;
}

std::vector<Shortage> ExamService::check_blueprint(const Actor& actor, std::int64_t blueprint_id)
{
    require(actor, Operation::ManageBlueprints);
    auto bp = store_.blueprint(blueprint_id);
    if (!bp) throw ExamError(ExamErrc::no_blueprint, {std::to_string(blueprint_id)});
    return exam::check_blueprint(*bp, store_.exam_pool(bp->item_id));
}

std::vector<Blueprint> ExamService::blueprints(const Actor& actor)
{
    require(actor, Operation::ManageBlueprints);
    return store_.blueprints();
}

Blueprint ExamService::blueprint(const Actor& actor, std::int64_t blueprint_id)
{
    require(actor, Operation::ManageBlueprints);
    auto bp = store_.blueprint(blueprint_id);
    if (!bp) throw ExamError(ExamErrc::no_blueprint, {std::to_string(blueprint_id)});
    return *bp;
}

Blueprint ExamService::ensure_blueprint(const Actor& actor, std::int64_t item_id, ExamKind kind)
{
    if (auto bp = store_.current_blueprint(item_id, kind)) return *bp;
    content::ContentStore content(db_);
    const content::Item* item = content.catalogue().find(item_id);
    if (!item) throw ExamError(ExamErrc::no_item, {std::to_string(item_id)});
    save_blueprint(actor, default_blueprint(*item, kind));
    return *store_.current_blueprint(item_id, kind);
}

// ---------------------------------------------------------------------------------------- candidates and sessions

std::string photo_decode_problem(const std::vector<unsigned char>& b)
{
    return content::formats::image_problem(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

bool is_photo(const std::vector<unsigned char>& b)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (b.size() > kMaxPhotoBytes) return false;
    const bool magic = (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) ||
                       (b.size() >= sizeof png && std::equal(std::begin(png), std::end(png), b.begin()));
    // Decoded fully: a truncated PNG was once accepted and then stopped `cert pdf`.
    return magic && photo_decode_problem(b).empty();
}

std::vector<content::FieldProblem> prepare_candidate(Candidate& c, std::chrono::year_month_day today,
                                                     const content::Catalogue& catalogue)
{
    std::vector<content::FieldProblem> problems;
    auto parsed = parse_id_number(c.id_number, today);
    if (auto* err = std::get_if<IdNumberError>(&parsed)) {
        problems.push_back({"id_number", err->message});
    } else {
        const auto& id = std::get<IdNumber>(parsed);
        c.id_number = id.value;
        c.sex = id.sex == Sex::Male ? "男" : "女";
        char date[16];
        std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(id.birth_date.year()),
                      static_cast<unsigned>(id.birth_date.month()), static_cast<unsigned>(id.birth_date.day()));
        c.birth_date = date;
    }
    if (c.name.find_first_not_of(" \t") == std::string::npos) problems.push_back({"name", "姓名不能为空"});
    // Single-line fields: a line break (Excel's Alt+Enter) or another control character would be printed on the
    // certificate and the admission ticket.
    for (const auto& [field, value] :
         {std::pair<const char*, const std::string*>{"name", &c.name}, {"employer", &c.employer}, {"provider", &c.provider}})
        if (auto problem = content::control_character_problem(*value); !problem.empty())
            problems.push_back({field, problem});
    if (!catalogue.find(c.item_id)) problems.push_back({"item_id", "no catalogue item " + std::to_string(c.item_id)});
    if (!c.photo.empty() && !is_photo(c.photo))
        problems.push_back({"photo", c.photo.size() > kMaxPhotoBytes ? "the photo is larger than 2 MB"
                                                                     : "the photo " + photo_decode_problem(c.photo)});
    return problems;
}

std::int64_t ExamService::insert_candidate(const Actor& actor, Candidate& c, content::ContentStore& content)
{
    auto problems = prepare_candidate(c, day_of(now()), content.catalogue());
    if (!problems.empty()) throw ExamError(ExamErrc::candidate_invalid, {problems.front().message});
    if (store_.candidate_by_id_number(c.id_number)) throw ExamError(ExamErrc::id_number_registered, {c.id_number});
    auto cid = store_.add_candidate(c);
    store_.append_audit(now(), actor.login, "candidate.add", "candidate:" + std::to_string(cid), c.id_number + " " + c.name);
    return cid;
}

std::int64_t ExamService::add_candidate(const Actor& actor, Candidate c)
{
    require(actor, Operation::ManageCandidates);
    content::ContentStore content(db_);
    Transaction tx(db_);
    auto cid = insert_candidate(actor, c, content);
    tx.commit();
    return cid;
}

std::vector<std::int64_t> ExamService::add_candidates(const Actor& actor, std::vector<Candidate> candidates)
{
    require(actor, Operation::ManageCandidates);
    content::ContentStore content(db_);
    Transaction tx(db_);
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        try {
            ids.push_back(insert_candidate(actor, candidates[i], content));
        } catch (const ExamError& e) {
            throw ExamError(ExamErrc::candidate_row, {std::to_string(i + 1), e.what()});
        }
    }
    tx.commit();
    return ids;
}

void ExamService::set_photos(const Actor& actor,
                             const std::vector<std::pair<std::int64_t, std::vector<unsigned char>>>& photos)
{
    require(actor, Operation::ManageCandidates);
    Transaction tx(db_);
    for (const auto& [cid, bytes] : photos) {
        auto c = store_.candidate(cid);
        if (!c) throw ExamError(ExamErrc::no_candidate, {std::to_string(cid)});
        if (!is_photo(bytes))
            throw bytes.size() > kMaxPhotoBytes ? ExamError(ExamErrc::photo_too_large, {c->id_number})
                                                : ExamError(ExamErrc::photo_unreadable, {c->id_number, photo_decode_problem(bytes)});
        c->photo = bytes;
        store_.update_candidate(*c);
        store_.append_audit(now(), actor.login, "candidate.photo", "candidate:" + std::to_string(cid),
                            std::to_string(bytes.size()) + " bytes");
    }
    tx.commit();
}

std::vector<Candidate> ExamService::list_candidates(const Actor& actor)
{
    if (actor.can(Operation::ManageCandidates)) return store_.candidates_without_photos();
    require(actor, Operation::ManageTrainees);
    std::vector<Candidate> out;
    for (auto& c : store_.candidates_without_photos())
        if (actor.provider.empty() || c.provider == actor.provider) out.push_back(std::move(c));
    return out;
}

void ExamService::set_class_hours(const Actor& actor, std::int64_t candidate_id, double hours)
{
    require(actor, Operation::ManageTrainees);
    if (hours < 0 || hours > 1000) throw ExamError(ExamErrc::class_hours_range);
    Transaction tx(db_);
    auto c = store_.candidate(candidate_id);
    if (!c) throw ExamError(ExamErrc::no_candidate, {std::to_string(candidate_id)});
    require_own_trainee(actor, c->provider);
    const double before = c->class_hours;
    // New class hours after a failed retake open a new training cycle (new first attempt and retake).
    auto attempts = store_.attempts_of_candidate(candidate_id);
    int failed_in_cycle = 0;
    for (const auto& a : attempts)
        if (a.training_cycle == c->training_cycle && is_final(a.state) && !a.passed.value_or(false)) ++failed_in_cycle;
    auto bp = store_.current_blueprint(c->item_id, c->kind);
    if (failed_in_cycle >= 1 + (bp ? bp->retakes : 1) && hours > 0) {
        c->training_cycle += 1;
    }
    c->class_hours = hours;
    store_.update_candidate(*c);
    store_.append_audit(now(), actor.login, "candidate.class_hours", "candidate:" + std::to_string(candidate_id),
                        fmt_points(before) + " -> " + fmt_points(hours) + " (cycle " + std::to_string(c->training_cycle) + ")");
    tx.commit();
}

std::int64_t ExamService::create_session(const Actor& actor, Session s)
{
    require(actor, Operation::ManageSessions);
    auto bp = store_.blueprint(s.blueprint_id);
    if (!bp) throw ExamError(ExamErrc::no_blueprint, {std::to_string(s.blueprint_id)});
    s.item_id = bp->item_id;
    if (s.ends_at_ms <= s.starts_at_ms) throw ExamError(ExamErrc::session_ends_before_start);
    if (s.room.empty()) throw ExamError(ExamErrc::session_needs_room);
    auto shortages = exam::check_blueprint(*bp, store_.exam_pool(bp->item_id));
    if (!shortages.empty()) {
        content::ContentStore content(db_);
        const auto* item = content.catalogue().find(bp->item_id);
        throw ExamError(ExamErrc::pool_cannot_fill,
                        {item ? item->category + " / " + item->name : "item " + std::to_string(bp->item_id),
                         shortages.front().description});
    }
    Transaction tx(db_);
    auto id = store_.add_session(s);
    store_.append_audit(now(), actor.login, "session.create", "session:" + std::to_string(id), s.room);
    tx.commit();
    return id;
}

std::int64_t ExamService::create_session(const Actor& actor, std::int64_t item_id, ExamKind kind, Session s)
{
    require(actor, Operation::ManageSessions);
    auto bp = store_.current_blueprint(item_id, kind);
    if (!bp) {
        content::ContentStore content(db_);
        const auto* item = content.catalogue().find(item_id);
        throw ExamError(ExamErrc::no_blueprint_for_item,
                        {std::string(to_string(kind)),
                         item ? item->category + " / " + item->name : "item " + std::to_string(item_id)});
    }
    s.blueprint_id = bp->id;
    return create_session(actor, s);
}

std::vector<Session> ExamService::sessions(const Actor& actor)
{
    require_any(actor, {Operation::ManageSessions, Operation::ProctorAttempts, Operation::ReadResults,
                        Operation::IssueCertificates});
    return store_.sessions();
}

Eligibility ExamService::eligibility(std::int64_t candidate_id, std::int64_t session_id)
{
    Eligibility e;
    auto c = store_.candidate(candidate_id);
    auto s = store_.session(session_id);
    if (!c || !s) {
        e.reasons.push_back("考生或考试场次不存在");
        return e;
    }
    auto bp = store_.blueprint(s->blueprint_id);
    if (c->item_id != s->item_id) e.reasons.push_back("考生报考的操作项目与本场次不一致");
    auto parsed = parse_id_number(c->id_number, day_of(s->starts_at_ms));
    if (auto* id = std::get_if<IdNumber>(&parsed)) {
        if (age_on(id->birth_date, day_of(s->starts_at_ms)) < 18) e.reasons.push_back("考试当日未满18周岁");
    } else {
        e.reasons.push_back(std::get<IdNumberError>(parsed).message);
    }
    if (bp && c->class_hours + 1e-9 < bp->required_class_hours)
        e.reasons.push_back("培训学时不足：需要" + fmt_points(bp->required_class_hours) + "学时，已确认" +
                            fmt_points(c->class_hours) + "学时");
    if (certificate_lookup_.holds_valid && certificate_lookup_.holds_valid(c->id_number, c->item_id))
        e.reasons.push_back("已持有该操作项目的有效证书");
    int failed = 0;
    for (const auto& a : store_.attempts_of_candidate(candidate_id)) {
        auto as = store_.session(a.session_id);
        if (!as || as->item_id != s->item_id || a.training_cycle != c->training_cycle) continue;
        if (a.session_id == session_id) {
            e.reasons.push_back("已报名本场次");
            continue;
        }
        if (!is_final(a.state)) {
            e.reasons.push_back("已报名其他未结束的场次");
            continue;
        }
        if (a.passed.value_or(false)) {
            auto ir = item_result(candidate_id, s->item_id);
            if (ir.theory_valid) e.reasons.push_back("理论考试已合格，且在有效期内");
            continue;
        }
        ++failed;
    }
    const int retakes = bp ? bp->retakes : 1;
    if (failed > retakes) e.reasons.push_back("补考机会已用完，需重新参加培训");
    e.attempt_no = failed + 1;
    e.eligible = e.reasons.empty();
    return e;
}

std::string ExamService::register_candidate(const Actor& actor, std::int64_t candidate_id, std::int64_t session_id,
                                            const std::string& kiosk)
{
    require(actor, Operation::ManageSessions);
    Transaction tx(db_);
    // The seat check and the ticket's serial read the session's registrations: one registration per session at a
    // time (several staff on one server).
    db_.serialize("session " + std::to_string(session_id));
    auto e = eligibility(candidate_id, session_id);
    if (!e.eligible) {
        std::string why;
        for (const auto& r : e.reasons) why += (why.empty() ? "" : "；") + r;
        throw ExamError(ExamErrc::not_eligible, {why});
    }
    auto s = store_.session(session_id);
    auto c = store_.candidate(candidate_id);
    if (!kiosk.empty()) {
        if (!s->kiosks.empty() && std::find(s->kiosks.begin(), s->kiosks.end(), kiosk) == s->kiosks.end()) {
            std::string list;
            for (const auto& k : s->kiosks) list += (list.empty() ? "" : ", ") + k;
            throw ExamError(ExamErrc::seat_not_in_session, {kiosk, list});
        }
        for (const auto& other : store_.attempts_of_session(session_id))
            if (other.kiosk == kiosk) throw ExamError(ExamErrc::seat_taken, {kiosk, other.ticket});
    }
    auto ymd = day_of(s->starts_at_ms);
    char ticket[32];
    std::snprintf(ticket, sizeof ticket, "%04d%02u%02u%03lld%03d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long long>(session_id % 1000), store_.count_attempts(session_id) + 1);
    AttemptRow a;
    a.session_id = session_id;
    a.candidate_id = candidate_id;
    a.ticket = ticket;
    a.attempt_no = e.attempt_no;
    a.training_cycle = c->training_cycle;
    a.kiosk = kiosk;
    auto id = store_.add_attempt(a);
    store_.append_audit(now(), actor.login, "attempt.register", "attempt:" + std::to_string(id),
                        std::string(ticket) + " candidate:" + std::to_string(candidate_id));
    tx.commit();
    return ticket;
}

// ------------------------------------------------------------------------------------------------- the attempt

AttemptRow ExamService::load(std::int64_t attempt_id)
{
    auto a = store_.attempt(attempt_id);
    if (!a) throw ExamError(ExamErrc::no_attempt, {std::to_string(attempt_id)});
    return *a;
}

AttemptRow ExamService::load_here(std::int64_t attempt_id)
{
    auto a = load(attempt_id);
    if (store_.moved_away(attempt_id)) throw ExamError(ExamErrc::moved_away);
    return a;
}

void ExamService::transition(AttemptRow& a, AttemptAction action, const std::string& actor, const std::string& detail)
{
    AttemptState next = next_state(a.state, action);
    if (next != a.state) store_.set_state(a.id, next);
    store_.append_audit(now(), actor, "attempt." + std::string(to_string(action)), "attempt:" + std::to_string(a.id),
                        std::string(to_string(a.state)) + " -> " + std::string(to_string(next)) +
                            (detail.empty() ? "" : ": " + detail));
    a.state = next;
}

std::int64_t ExamService::check_in(const std::string& id_number, const std::string& ticket, const std::string& kiosk,
                                   const std::string& room)
{
    std::string id = id_number;
    for (auto& ch : id)
        if (ch == 'x') ch = 'X';
    Transaction tx(db_);
    auto a = store_.attempt_by_ticket(ticket);
    auto c = a ? store_.candidate(a->candidate_id) : std::nullopt;
    if (!a || !c || c->id_number != id) throw ExamError(ExamErrc::ticket_mismatch);
    auto s = store_.session(a->session_id);
    const auto t = now();
    if (t < s->starts_at_ms - kCheckInEarlyMs) throw ExamError(ExamErrc::check_in_not_open);
    if (t > s->ends_at_ms && (a->state == AttemptState::Scheduled)) throw ExamError(ExamErrc::session_over);
    if (!s->room.empty() && !room.empty() && s->room != room)
        throw ExamError(ExamErrc::wrong_room, {s->room});
    if (is_final(a->state) || a->state == AttemptState::Submitted) throw ExamError(ExamErrc::already_submitted);
    if (a->state != AttemptState::Scheduled) {
        // Back at a kiosk after a restart: only the same kiosk, or one the proctor moved the attempt to.
        if (!a->kiosk.empty() && a->kiosk != kiosk)
            throw ExamError(ExamErrc::sitting_elsewhere, {a->kiosk});
        tx.commit();
        return a->id;
    }
    if (!a->kiosk.empty() && a->kiosk != kiosk) throw ExamError(ExamErrc::wrong_seat, {a->kiosk});
    if (a->kiosk.empty()) store_.set_kiosk(a->id, kiosk);
    transition(*a, AttemptAction::CheckIn, examinee_actor(c->id_number), "kiosk " + kiosk);
    tx.commit();
    return a->id;
}

void ExamService::examinee_step(std::int64_t attempt_id, AttemptAction action)
{
    Transaction tx(db_);
    auto a = load_here(attempt_id);
    auto c = store_.candidate(a.candidate_id);
    transition(a, action, examinee_actor(c->id_number), "");
    tx.commit();
}

void ExamService::confirm_identity(std::int64_t attempt_id) { examinee_step(attempt_id, AttemptAction::ConfirmIdentity); }
void ExamService::dispute_identity(std::int64_t attempt_id, const std::string& kiosk)
{
    Transaction tx(db_);
    const auto a = load_here(attempt_id);
    if (a.state != AttemptState::CheckedIn) throw ExamError(ExamErrc::dispute_not_now);
    const auto c = store_.candidate(a.candidate_id);
    store_.append_audit(now(), "kiosk:" + kiosk, kIdentityDisputed, "attempt:" + std::to_string(a.id),
                        "不是本人：考生在 " + kiosk + " 号机否认登记信息（" + c->name + " " + a.ticket + "）");
    tx.commit();
}

void ExamService::show_instructions(std::int64_t attempt_id) { examinee_step(attempt_id, AttemptAction::ShowInstructions); }

void ExamService::start(std::int64_t attempt_id)
{
    Transaction tx(db_);
    auto a = load_here(attempt_id);
    auto c = store_.candidate(a.candidate_id);
    auto s = store_.session(a.session_id);
    auto bp = store_.blueprint(s->blueprint_id);
    next_state(a.state, AttemptAction::Start); // refuse before drawing
    if (!a.seed) {
        std::uint64_t seed = 0;
        randombytes_buf(&seed, sizeof seed);
        seed &= 0x7fffffffffffffffULL; // stored as a signed SQLite integer
        Paper paper;
        try {
            paper = draw(*bp, a.session_id, seed);
        } catch (const PoolShortage& e) {
            throw ExamError(ExamErrc::pool_short, {e.what()});
        }
        store_.save_paper(a.id, paper);
    }
    transition(a, AttemptAction::Start, examinee_actor(c->id_number), "");
    const auto r = reading();
    store_.add_clock_event(a.id, {ClockEvent::Start, r.wall_ms, 0, r.mono}, examinee_actor(c->id_number), "");
    store_.set_alive(a.id, r);
    tx.commit();
}

struct ExamService::DrawingPool {
    std::int64_t item_id = 0;
    std::int64_t revision = 0;
    std::vector<PoolQuestion> questions;
    std::optional<PaperDrawer> drawer; // indexes `questions`, which it refers to
};

Paper ExamService::draw(const Blueprint& bp, std::int64_t session_id, std::uint64_t seed)
{
    // The revision is read before the pool: a question write committed between the two reads (PostgreSQL's read
    // committed lets one in) leaves the kept pool newer than its revision, so it is read again next time; never the
    // other way round.
    const std::int64_t revision = store_.question_revision();
    if (!drawing_pool_ || drawing_pool_->item_id != bp.item_id || drawing_pool_->revision != revision) {
        auto fresh = std::make_shared<DrawingPool>();
        fresh->item_id = bp.item_id;
        fresh->revision = revision;
        fresh->questions = store_.exam_pool(bp.item_id);
        fresh->drawer.emplace(fresh->questions);
        drawing_pool_ = std::move(fresh);
    }
    // The session's earlier papers count as used: the engine's one rule (exam/session_draw.hpp).
    return draw_session_paper(store_, db_, *drawing_pool_->drawer, bp, session_id, seed);
}

std::optional<ClockEvent> ExamService::downtime_since_alive(const AttemptRow& a, const ClockReading& r,
                                                          bool set_back_too) const
{
    if (a.last_alive_ms <= 0) return std::nullopt;
    const ClockEvent e{ClockEvent::Downtime, a.last_alive_ms, r.wall_ms, r.mono, a.alive_mono};
    // Within one boot the gap is measured, whatever the wall clock did meanwhile.
    if (a.alive_mono && r.mono && a.alive_mono->same_boot(*r.mono))
        return r.mono->ms > a.alive_mono->ms ? std::optional<ClockEvent>(e) : std::nullopt;
    if (r.wall_ms > a.last_alive_ms || (set_back_too && r.wall_ms < a.last_alive_ms)) return e;
    return std::nullopt;
}

void ExamService::reconnect(std::int64_t attempt_id, const std::string& kiosk)
{
    Transaction tx(db_);
    auto a = load_here(attempt_id);
    if (a.kiosk != kiosk) throw ExamError(ExamErrc::attempt_elsewhere, {std::to_string(attempt_id), a.kiosk});
    const auto r = reading();
    const auto t = r.wall_ms;
    const auto gap = a.state == AttemptState::InProgress ? downtime_since_alive(a, r, true) : std::nullopt;
    if (gap && gap->mono && gap->mono_from && gap->mono_from->same_boot(*gap->mono)) {
        // A restart within one boot: the gap is measured on the monotonic clock.
        store_.add_clock_event(a.id, *gap, "kiosk:" + kiosk, "kiosk restarted");
        store_.append_audit(t, "kiosk:" + kiosk, "attempt.downtime", "attempt:" + std::to_string(a.id),
                            std::to_string((gap->mono->ms - gap->mono_from->ms) / 1000) + " s not charged");
    } else if (gap && t > a.last_alive_ms) {
        store_.add_clock_event(a.id, *gap, "kiosk:" + kiosk, "kiosk restarted");
        store_.append_audit(t, "kiosk:" + kiosk, "attempt.downtime", "attempt:" + std::to_string(a.id),
                            std::to_string((t - a.last_alive_ms) / 1000) + " s not charged");
    } else if (gap) {
        // Rebooted, and the wall clock went back while the kiosk was down: a gap ending before it began, so that the
        // clock charges up to the last sign of life and runs on from now (compute_clock).
        store_.add_clock_event(a.id, *gap, "kiosk:" + kiosk, "kiosk restarted; wall clock set back");
        store_.append_audit(t, "kiosk:" + kiosk, "attempt.downtime", "attempt:" + std::to_string(a.id),
                            "wall clock set back " + std::to_string((a.last_alive_ms - t) / 1000) +
                                " s while the kiosk was down; the time down is unknown and not charged");
    }
    store_.set_alive(a.id, r);
    tx.commit();
}

void ExamService::heartbeat(std::int64_t attempt_id)
{
    Transaction tx(db_);
    auto a = load_here(attempt_id);
    if (a.state == AttemptState::InProgress) store_.set_alive(a.id, reading());
    tx.commit();
}

bool ExamService::hold_clock(std::int64_t attempt_id, const std::string& kiosk)
{
    Transaction tx(db_);
    const auto a = load_here(attempt_id);
    if (a.state != AttemptState::InProgress) return false;
    const auto bp = store_.blueprint(store_.session(a.session_id)->blueprint_id);
    const auto r = reading();
    const auto t = r.wall_ms;
    const auto clock = compute_clock(store_.clock_events(a.id), bp->duration_minutes * 60000LL, r);
    if (!clock.running) return false;
    const std::string why = "监考面板覆盖考题，计时暂停（" + kiosk + "）";
    store_.add_clock_event(a.id, {ClockEvent::Pause, t, 0, r.mono}, "kiosk:" + kiosk, why);
    store_.set_alive(a.id, r);
    store_.append_audit(t, "kiosk:" + kiosk, "attempt.clock_hold", "attempt:" + std::to_string(a.id), why);
    tx.commit();
    return true;
}

bool ExamService::release_clock(std::int64_t attempt_id, const std::string& kiosk)
{
    Transaction tx(db_);
    const auto a = load_here(attempt_id);
    if (a.state != AttemptState::InProgress) return false;
    const auto events = store_.clock_events(a.id);
    const auto bp = store_.blueprint(store_.session(a.session_id)->blueprint_id);
    const auto r = reading();
    const auto t = r.wall_ms;
    if (compute_clock(events, bp->duration_minutes * 60000LL, r).running) return false;
    std::int64_t stood = 0;
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (it->kind == ClockEvent::Pause) {
            stood = elapsed_ms(it->at_ms, it->mono, t, r.mono);
            break;
        }
    const std::string why = "回到考题，计时继续（" + kiosk + "，停表 " + std::to_string(stood / 1000) + " 秒）";
    store_.add_clock_event(a.id, {ClockEvent::Resume, t, 0, r.mono}, "kiosk:" + kiosk, why);
    store_.set_alive(a.id, r);
    store_.append_audit(t, "kiosk:" + kiosk, "attempt.clock_release", "attempt:" + std::to_string(a.id), why);
    tx.commit();
    return true;
}

void ExamService::record_answer(std::int64_t attempt_id, int position, const std::string& shown_letters, bool marked)
{
    {
        auto a = load_here(attempt_id);
        next_state(a.state, AttemptAction::Answer);
    }
    if (enforce_time(attempt_id)) throw ExamError(ExamErrc::time_up);
    Transaction tx(db_);
    auto a = load_here(attempt_id);
    next_state(a.state, AttemptAction::Answer);
    auto pq = store_.paper_question(attempt_id, position);
    if (!pq) throw ExamError(ExamErrc::no_question, {std::to_string(position)});
    const auto& q = *pq;
    std::string letters = shown_letters;
    std::sort(letters.begin(), letters.end());
    letters.erase(std::unique(letters.begin(), letters.end()), letters.end());
    for (char ch : letters)
        if (ch < 'A' || ch >= static_cast<char>('A' + q.option_order.size()))
            throw ExamError(ExamErrc::no_option, {std::string(1, ch), std::to_string(position)});
    if (q.type != content::QuestionType::Multiple && letters.size() > 1)
        throw ExamError(ExamErrc::one_answer_only, {std::to_string(position)});
    const auto r = reading();
    store_.save_answer(attempt_id, {position, letters, marked, r.wall_ms});
    store_.set_alive(attempt_id, r);
    tx.commit();
}

bool ExamService::enforce_time(std::int64_t attempt_id)
{
    auto a = load_here(attempt_id);
    if (a.state != AttemptState::InProgress) return false;
    auto s = store_.session(a.session_id);
    auto bp = store_.blueprint(s->blueprint_id);
    auto clock = compute_clock(store_.clock_events(attempt_id), bp->duration_minutes * 60000LL, reading());
    if (clock.remaining_ms + bp->grace_seconds * 1000LL > 0) return false;
    submit(attempt_id);
    return true;
}

Score ExamService::score_attempt(const AttemptRow& a, const Blueprint& bp)
{
    return grade_stored_attempt(store_, a.id, bp); // the one rule: a centre grades a collected attempt with it too
}

Score ExamService::submit(std::int64_t attempt_id)
{
    Transaction tx(db_);
    auto a = load_here(attempt_id);
    auto c = store_.candidate(a.candidate_id);
    auto s = store_.session(a.session_id);
    auto bp = store_.blueprint(s->blueprint_id);
    const auto r = reading();
    const auto t = r.wall_ms;
    auto clock = compute_clock(store_.clock_events(attempt_id), bp->duration_minutes * 60000LL, r);
    const bool timed_out = clock.remaining_ms + bp->grace_seconds * 1000LL <= 0;
    transition(a, AttemptAction::Submit, timed_out ? "system" : examinee_actor(c->id_number),
               timed_out ? "time is up" : "by the examinee");
    // At time-up the clock stops at the moment the time ran out, not when the kiosk noticed: both readings are
    // moved back by the same amount.
    const std::int64_t back = timed_out ? clock.remaining_ms + bp->grace_seconds * 1000LL : 0;
    auto mono = r.mono;
    if (mono) mono->ms += back;
    store_.add_clock_event(a.id, {ClockEvent::Submit, t + back, 0, mono}, timed_out ? "system" : examinee_actor(c->id_number),
                           "");
    Score score = score_attempt(a, *bp);
    store_.set_result(a.id, score, t);
    transition(a, AttemptAction::Score, "system", fmt_points(score.points) + (score.passed ? " pass" : " fail"));
    tx.commit();
    return score;
}

AttemptView ExamService::view(std::int64_t attempt_id)
{
    AttemptView v;
    v.attempt = load(attempt_id);
    v.candidate = *store_.candidate(v.attempt.candidate_id);
    v.session = *store_.session(v.attempt.session_id);
    v.blueprint = *store_.blueprint(v.session.blueprint_id);
    v.clock = compute_clock(store_.clock_events(attempt_id), v.blueprint.duration_minutes * 60000LL, reading());
    auto answers = store_.answers(attempt_id);
    for (const auto& [pos, a] : answers) {
        if (!a.response.empty()) ++v.answered;
        if (a.marked) ++v.marked;
    }
    v.total = v.blueprint.question_count();
    // A dispute stands while the attempt waits at check-in: confirming the identity ends it.
    v.identity_disputed = v.attempt.state == AttemptState::CheckedIn &&
                          store_.last_audit_entry("attempt:" + std::to_string(attempt_id), kIdentityDisputed);
    return v;
}

std::vector<ShownQuestion> ExamService::shown_paper(std::int64_t attempt_id)
{
    auto a = load_here(attempt_id);
    if (a.state != AttemptState::InProgress && a.state != AttemptState::Paused)
        throw ExamError(ExamErrc::paper_not_shown);
    content::ContentStore content(db_);
    std::vector<ShownQuestion> out;
    for (const auto& pq : store_.paper(attempt_id).questions) {
        auto q = content.question(pq.question_id);
        ShownQuestion sq;
        sq.position = pq.position;
        sq.type = pq.type;
        sq.chapter = pq.chapter;
        sq.stem = q->stem;
        sq.image = q->image;
        sq.points = pq.points;
        for (int stored : pq.option_order) sq.options.push_back(q->options[static_cast<std::size_t>(stored)]);
        out.push_back(std::move(sq));
    }
    return out;
}

std::map<int, StoredAnswer> ExamService::answers(std::int64_t attempt_id) { return store_.answers(attempt_id); }

Score ExamService::result(std::int64_t attempt_id)
{
    auto a = load(attempt_id);
    if (a.state != AttemptState::Scored) throw ExamError(ExamErrc::no_result_yet);
    auto s = store_.session(a.session_id);
    auto bp = store_.blueprint(s->blueprint_id);
    Score score = score_attempt(a, *bp);
    if (a.score) { // a reviewed result overrides the marked total
        score.points = *a.score;
        score.passed = a.passed.value_or(false);
    }
    return score;
}

// --------------------------------------------------------------------------------------------------- proctor

void ExamService::pause(const Actor& actor, std::int64_t attempt_id, const std::string& reason)
{
    require(actor, Operation::ProctorAttempts);
    Transaction tx(db_);
    auto a = load_here(attempt_id);
    transition(a, AttemptAction::Pause, actor.login, reason);
    const auto r = reading();
    store_.add_clock_event(a.id, {ClockEvent::Pause, r.wall_ms, 0, r.mono}, actor.login, reason);
    tx.commit();
}

void ExamService::resume(const Actor& actor, std::int64_t attempt_id, const std::string& reason)
{
    require(actor, Operation::ProctorAttempts);
    Transaction tx(db_);
    auto a = load_here(attempt_id);
    transition(a, AttemptAction::Resume, actor.login, reason);
    const auto r = reading();
    store_.add_clock_event(a.id, {ClockEvent::Resume, r.wall_ms, 0, r.mono}, actor.login, reason);
    store_.set_alive(a.id, r);
    tx.commit();
}

void ExamService::add_time(const Actor& actor, std::int64_t attempt_id, int minutes, const std::string& reason)
{
    require(actor, Operation::ProctorAttempts);
    if (minutes < 1 || minutes > 120) throw ExamError(ExamErrc::extra_time_range);
    if (reason.empty()) throw ExamError(ExamErrc::reason_required);
    Transaction tx(db_);
    auto a = load_here(attempt_id);
    transition(a, AttemptAction::AddTime, actor.login, "+" + std::to_string(minutes) + " min: " + reason);
    const auto r = reading();
    store_.add_clock_event(a.id, {ClockEvent::AddTime, r.wall_ms, minutes * 60000LL, r.mono}, actor.login, reason);
    tx.commit();
}

void ExamService::cancel_for_cheating(const Actor& actor, std::int64_t attempt_id, const std::string& reason)
{
    require(actor, Operation::ProctorAttempts);
    if (reason.empty()) throw ExamError(ExamErrc::reason_required);
    Transaction tx(db_);
    auto a = load_here(attempt_id);
    next_state(a.state, AttemptAction::Cancel); // refuse before changing the result
    const auto t = now();
    store_.set_result(a.id, std::nullopt, t);
    store_.add_cancel_event(a.id, t, actor.login, reason); // a centre kiosk's: the centre's result is cancelled too
    transition(a, AttemptAction::Cancel, actor.login, reason); // audited after the change: the entry records the row
    tx.commit();
}

std::optional<std::string> ExamService::end_reason(std::int64_t attempt_id)
{
    const auto a = load(attempt_id);
    if (a.state != AttemptState::Cancelled) return std::nullopt;
    const auto entry = store_.last_audit_entry("attempt:" + std::to_string(a.id),
                                               "attempt." + std::string(to_string(AttemptAction::Cancel)));
    if (!entry) return std::nullopt;
    // transition() wrote "<from> -> cancelled: <reason>".
    const auto colon = entry->detail.find(": ");
    if (colon == std::string::npos) return std::nullopt;
    return entry->detail.substr(colon + 2);
}

void ExamService::move_kiosk(const Actor& actor, std::int64_t attempt_id, const std::string& kiosk, const std::string& reason)
{
    require(actor, Operation::ProctorAttempts);
    if (kiosk.empty()) throw ExamError(ExamErrc::kiosk_required);
    Transaction tx(db_);
    auto a = load(attempt_id);
    transition(a, AttemptAction::MoveKiosk, actor.login, a.kiosk + " -> " + kiosk + ": " + reason);
    store_.set_kiosk(a.id, kiosk);
    if (a.state == AttemptState::InProgress) {
        // The move itself is not charged: from the last sign of life on the old kiosk until now.
        const auto r = reading();
        if (const auto gap = downtime_since_alive(a, r, false))
            store_.add_clock_event(a.id, *gap, actor.login, "moved: " + reason);
        store_.set_alive(a.id, r);
    }
    tx.commit();
}

std::vector<AttemptView> ExamService::seats(const Actor& actor, std::int64_t session_id)
{
    require(actor, Operation::ProctorAttempts);
    std::vector<AttemptView> out;
    for (const auto& a : store_.attempts_of_session(session_id)) out.push_back(view(a.id));
    return out;
}

// ----------------------------------------------------------------------------------------- review and results

Paper ExamService::paper_for_review(const Actor& actor, std::int64_t attempt_id)
{
    require(actor, Operation::ReadPapers);
    load(attempt_id);
    return store_.paper(attempt_id);
}

ReviewSheet ExamService::review_sheet(const Actor& actor, std::int64_t attempt_id)
{
    require(actor, Operation::ReadPapers);
    require(actor, Operation::ReadExamAnswers);
    ReviewSheet sheet;
    sheet.view = view(attempt_id);
    const bool partial = sheet.view.blueprint.partial_credit;
    auto answers = store_.answers(attempt_id);
    content::ContentStore content(db_);
    for (const auto& pq : store_.paper(attempt_id).questions) {
        ReviewQuestion r;
        r.question = pq;
        if (auto q = content.question(pq.question_id)) {
            r.stem = q->stem;
            for (int stored : pq.option_order)
                if (stored >= 0 && static_cast<std::size_t>(stored) < q->options.size())
                    r.options.push_back(q->options[static_cast<std::size_t>(stored)]);
        }
        if (auto it = answers.find(pq.position); it != answers.end()) {
            r.response = it->second.response;
            r.marked = it->second.marked;
        }
        r.points = mark(pq, r.response, partial);
        sheet.questions.push_back(std::move(r));
    }
    return sheet;
}

std::vector<ResultRow> ExamService::results(const Actor& actor, std::optional<std::int64_t> session_id)
{
    require(actor, Operation::ReadResults);
    if (session_id && !store_.session(*session_id)) throw ExamError(ExamErrc::no_session, {std::to_string(*session_id)});
    return store_.result_rows(session_id);
}

std::optional<double> parse_score(std::string_view text)
{
    // At most 6 integer digits and 3 decimals: no score of a paper needs more, and nothing overflows.
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
    auto digits = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(whole) || whole.size() > 6) return std::nullopt;
    if (dot != std::string_view::npos && (!digits(fraction) || fraction.size() > 3)) return std::nullopt;
    double v = 0;
    for (char c : whole) v = v * 10 + (c - '0');
    double scale = 1;
    for (char c : fraction) {
        scale /= 10;
        v += (c - '0') * scale;
    }
    return v;
}

std::vector<std::string> ExamService::change_result(const Actor& actor, std::int64_t attempt_id, double score,
                                                    const std::string& reason)
{
    require(actor, Operation::ChangeResult);
    if (reason.empty()) throw ExamError(ExamErrc::reason_required);
    Transaction tx(db_);
    auto a = load(attempt_id);
    if (a.state != AttemptState::Scored) throw ExamError(ExamErrc::review_needs_score);
    auto s = store_.session(a.session_id);
    auto bp = store_.blueprint(s->blueprint_id);
    // Written so that NaN fails too.
    if (!(score >= 0 && score <= bp->total_points()))
        throw ExamError(ExamErrc::review_score_range, {fmt_points(bp->total_points())});
    auto current = score_attempt(a, *bp);
    current.points = score;
    current.passed = score + 1e-9 >= bp->pass_mark;
    store_.set_result(a.id, current, now());
    store_.append_audit(now(), actor.login, "result.change", "attempt:" + std::to_string(a.id),
                        fmt_points(a.score.value_or(0)) + " -> " + fmt_points(score) + ": " + reason);
    std::vector<std::string> consequences;
    if (a.passed.value_or(false) && !current.passed && certificate_lookup_.result_overturned)
        consequences = certificate_lookup_.result_overturned(actor, a, s->item_id, reason);
    tx.commit();
    return consequences;
}

void ExamService::enter_practical_score(const Actor& actor, std::int64_t candidate_id, std::int64_t item_id,
                                        const std::string& subject, double score)
{
    enter_practical_scores(actor, candidate_id, item_id, {{subject, score}});
}

void ExamService::enter_practical_scores(const Actor& actor, std::int64_t candidate_id, std::int64_t item_id,
                                         const std::vector<std::pair<std::string, double>>& scores)
{
    require(actor, Operation::EnterPracticalScores);
    if (scores.empty()) throw ExamError(ExamErrc::no_practical_score);
    Transaction tx(db_);
    auto c = store_.candidate(candidate_id);
    if (!c) throw ExamError(ExamErrc::no_candidate, {std::to_string(candidate_id)});
    auto ir = item_result(candidate_id, item_id);
    if (!ir.practical_required) throw ExamError(ExamErrc::no_practical_exam);
    if (!ir.theory_valid) throw ExamError(ExamErrc::theory_first);
    auto bp = store_.blueprint(ir.blueprint_id);
    std::vector<std::string> seen;
    for (const auto& [subject, score] : scores) {
        const std::string& code = subject; // clang 14 cannot capture a structured binding
        auto subj = std::find_if(bp->practical.begin(), bp->practical.end(), [&](const auto& p) { return p.code == code; });
        if (subj == bp->practical.end()) {
            std::string known;
            for (const auto& p : bp->practical) known += (known.empty() ? "" : ", ") + p.code;
            throw ExamError(ExamErrc::unknown_subject, {subject, known});
        }
        if (std::find(seen.begin(), seen.end(), subject) != seen.end()) throw ExamError(ExamErrc::subject_twice, {subject});
        seen.push_back(subject);
        if (!(score >= 0 && score <= subj->max_points))
            throw ExamError(ExamErrc::subject_score_range, {subject, fmt_points(subj->max_points)});
    }
    const auto t = now();
    for (const auto& [subject, score] : scores) {
        store_.add_practical_score(candidate_id, item_id, c->training_cycle, {subject, score, actor.login, t});
        store_.append_audit(t, actor.login, "practical.score", "candidate:" + std::to_string(candidate_id),
                            subject + " = " + fmt_points(score));
    }
    tx.commit();
}

ItemResult ExamService::item_result(std::int64_t candidate_id, std::int64_t item_id)
{
    std::optional<std::int64_t> void_until;
    if (certificate_lookup_.results_void_until)
        if (auto c = store_.candidate(candidate_id)) void_until = certificate_lookup_.results_void_until(c->id_number, item_id);
    return item_result(candidate_id, item_id, void_until);
}

ItemResult ExamService::item_result(std::int64_t candidate_id, std::int64_t item_id, std::optional<std::int64_t> void_until)
{
    ItemResult r;
    auto c = store_.candidate(candidate_id);
    if (!c) return r;
    const AttemptRow* best = nullptr;
    auto attempts = store_.attempts_of_candidate(candidate_id);
    std::optional<Blueprint> bp;
    // The latest passed attempt of the current training cycle, else the latest scored one.
    for (const auto& a : attempts) {
        if (a.training_cycle != c->training_cycle || a.state != AttemptState::Scored) continue;
        auto s = store_.session(a.session_id);
        if (!s || s->item_id != item_id) continue;
        if (void_until && s->starts_at_ms <= *void_until) continue; // taken before a revocation
        if (best && best->passed.value_or(false) && !a.passed.value_or(false)) continue;
        best = &a;
        bp = store_.blueprint(s->blueprint_id);
    }
    if (!bp) bp = store_.current_blueprint(item_id, c->kind);
    if (!bp) return r;
    r.blueprint_id = bp->id;
    r.practical_required = !bp->practical.empty();
    if (best) {
        r.theory_score = best->score;
        r.theory_passed = best->passed.value_or(false);
        if (r.theory_passed) {
            r.theory_passed_at_ms = best->scored_at_ms;
            r.theory_valid = best->scored_at_ms && now() < add_months_ms(*best->scored_at_ms, bp->valid_months);
        }
    }
    if (r.practical_required) {
        auto scores = store_.practical_scores(candidate_id, item_id, c->training_cycle);
        if (void_until)
            std::erase_if(scores, [&](const PracticalScore& p) { return p.at_ms <= *void_until; });
        if (!scores.empty()) {
            double total = 0;
            for (const auto& s : scores) total += s.score;
            r.practical_score = total;
            r.practical_passed = scores.size() == bp->practical.size() && total + 1e-9 >= bp->practical_pass_mark;
        }
    }
    r.passed = r.theory_passed && r.theory_valid && (!r.practical_required || r.practical_passed);
    return r;
}

std::vector<AuditProblem> ExamService::verify_audit(const Actor& actor)
{
    require(actor, Operation::ReadAudit);
    return store_.verify_audit();
}

std::vector<AuditEntry> ExamService::audit_entries(const Actor& actor, std::int64_t after_id, int limit)
{
    require(actor, Operation::ReadAudit);
    return store_.audit_entries(after_id, limit);
}

// --- staff reads ------------------------------------------------------------------------------------------------

namespace {

// Roles that work with candidates' records (training staff: only their provider's, checked by the caller).
void require_candidate_reader(const Actor& actor)
{
    require_any(actor, {Operation::ManageCandidates, Operation::ManageTrainees, Operation::ManageSessions,
                        Operation::ProctorAttempts, Operation::EnterPracticalScores, Operation::ReadResults,
                        Operation::IssueCertificates});
}

// Roles that work with sessions and attempts.
void require_attempt_reader(const Actor& actor)
{
    require_any(actor, {Operation::ManageSessions, Operation::ProctorAttempts, Operation::ReadResults,
                        Operation::IssueCertificates});
}

// A training provider's staff member who has no other candidate-reading role sees only their own trainees.
std::optional<Candidate> visible_to(const Actor& actor, std::optional<Candidate> c)
{
    const bool provider_only =
        !actor.can(Operation::ManageCandidates) && !actor.can(Operation::ManageSessions) &&
        !actor.can(Operation::ProctorAttempts) && !actor.can(Operation::EnterPracticalScores) &&
        !actor.can(Operation::ReadResults) && !actor.can(Operation::IssueCertificates);
    if (c && provider_only) require_own_trainee(actor, c->provider);
    return c;
}

} // namespace

std::optional<Candidate> ExamService::candidate(const Actor& actor, std::int64_t candidate_id)
{
    require_candidate_reader(actor);
    return visible_to(actor, store_.candidate(candidate_id));
}

std::optional<Candidate> ExamService::candidate_by_id_number(const Actor& actor, const std::string& id_number)
{
    require_candidate_reader(actor);
    return visible_to(actor, store_.candidate_by_id_number(id_number));
}

std::vector<std::int64_t> ExamService::candidates_with_photo(const Actor& actor)
{
    if (actor.can(Operation::ManageCandidates)) return store_.candidates_with_photo();
    require(actor, Operation::ManageTrainees);
    std::set<std::int64_t> own;
    for (const auto& c : list_candidates(actor)) own.insert(c.id);
    auto ids = store_.candidates_with_photo();
    std::erase_if(ids, [&](std::int64_t id) { return !own.contains(id); });
    return ids;
}

std::vector<std::string> ExamService::providers(const Actor& actor)
{
    require_candidate_reader(actor);
    std::set<std::string> names;
    for (auto& c : store_.candidates_without_photos())
        if (!c.provider.empty() && (actor.can(Operation::ManageCandidates) || !actor.can(Operation::ManageTrainees) ||
                                    actor.provider.empty() || c.provider == actor.provider))
            names.insert(std::move(c.provider));
    return {names.begin(), names.end()};
}

std::optional<Session> ExamService::session(const Actor& actor, std::int64_t session_id)
{
    require_attempt_reader(actor);
    return store_.session(session_id);
}

std::optional<AttemptRow> ExamService::attempt(const Actor& actor, std::int64_t attempt_id)
{
    require_attempt_reader(actor);
    return store_.attempt(attempt_id);
}

std::optional<AttemptRow> ExamService::attempt_by_ticket(const Actor& actor, const std::string& ticket)
{
    require_attempt_reader(actor);
    return store_.attempt_by_ticket(ticket);
}

std::vector<AttemptRow> ExamService::attempts_of_session(const Actor& actor, std::int64_t session_id)
{
    require_attempt_reader(actor);
    return store_.attempts_of_session(session_id);
}

std::vector<AttemptRow> ExamService::attempts_of_candidate(const Actor& actor, std::int64_t candidate_id)
{
    require_attempt_reader(actor);
    return store_.attempts_of_candidate(candidate_id);
}

int ExamService::count_attempts(const Actor& actor, std::int64_t session_id)
{
    require_attempt_reader(actor);
    return store_.count_attempts(session_id);
}

std::optional<Blueprint> ExamService::current_blueprint(const Actor& actor, std::int64_t item_id, ExamKind kind)
{
    require_any(actor, {Operation::ManageBlueprints, Operation::ManageSessions});
    return store_.current_blueprint(item_id, kind);
}

std::vector<PoolQuestion> ExamService::exam_pool(const Actor& actor, std::int64_t item_id)
{
    require(actor, Operation::ReadExamQuestions);
    return store_.exam_pool(item_id);
}

std::vector<PracticalScore> ExamService::practical_scores(const Actor& actor, std::int64_t candidate_id,
                                                          std::int64_t item_id, int training_cycle)
{
    require_any(actor, {Operation::EnterPracticalScores, Operation::ReadResults, Operation::IssueCertificates});
    return store_.practical_scores(candidate_id, item_id, training_cycle);
}

std::vector<std::string> ExamService::glyph_texts()
{
    std::vector<std::string> out;
    for (const auto& c : store_.candidates()) out.push_back(c.name + c.employer + c.provider + c.sex);
    for (const auto& u : store_.users()) out.push_back(u.name + u.provider);
    for (const auto& x : store_.sessions()) out.push_back(x.room + x.proctor);
    for (const auto& b : store_.blueprints()) {
        out.push_back(b.name);
        for (const auto& p : b.practical) out.push_back(p.name);
    }
    return out;
}

std::optional<std::string> ExamService::setting(const std::string& key) { return store_.setting(key); }

void ExamService::set_setting(const Actor& actor, const std::string& key, const std::string& value,
                              const std::string& audit_action, const std::string& audit_detail)
{
    require(actor, Operation::ManageBlueprints);
    storage::Savepoint sp(db_, "set_setting");
    if (value.empty()) store_.remove_setting(key);
    else store_.set_setting(key, value);
    store_.append_audit(now(), actor.login, audit_action, "setting:" + key,
                        audit_detail.empty() ? (value.empty() ? "removed" : value) : audit_detail);
    sp.release();
}

void ExamService::record_audit(const Actor& actor, const std::string& action, const std::string& entity,
                               const std::string& detail)
{
    if (actor.roles.empty()) throw PermissionDenied("only signed-in staff write to the audit log");
    storage::Savepoint sp(db_, "record_audit");
    store_.append_audit(now(), actor.login, action, entity, detail);
    sp.release();
}

std::int64_t ExamService::revision() { return store_.last_audit_id(); }

std::optional<std::string> ExamService::audit_key_id() { return store_.audit_key_id(); }

std::optional<std::int64_t> ExamService::attempt_under_way(const std::string& kiosk)
{
    for (const auto& session : store_.sessions())
        for (const auto& a : store_.attempts_of_session(session.id))
            if (a.kiosk == kiosk && (a.state == AttemptState::InProgress || a.state == AttemptState::Paused) &&
                !store_.moved_away(a.id))
                return a.id;
    return std::nullopt;
}

std::vector<unsigned char> ExamService::candidate_photo(std::int64_t candidate_id)
{
    auto c = store_.candidate(candidate_id);
    return c ? std::move(c->photo) : std::vector<unsigned char>{};
}

std::string ExamService::open_ticket(const std::string& id_number, std::int64_t at_ms)
{
    const auto c = store_.candidate_by_id_number(id_number);
    if (!c) return {};
    for (const auto& a : store_.attempts_of_candidate(c->id)) {
        const auto s = store_.session(a.session_id);
        if (s && s->starts_at_ms <= at_ms && at_ms <= s->ends_at_ms) return a.ticket;
    }
    return {};
}

ExamService::ShownNames ExamService::shown_names()
{
    ShownNames out;
    for (auto& c : store_.candidates()) {
        out.names.push_back(std::move(c.name));
        out.sexes.push_back(std::move(c.sex));
    }
    for (auto& bp : store_.blueprints()) out.titles.push_back(std::move(bp.name));
    return out;
}

} // namespace sk::exam
