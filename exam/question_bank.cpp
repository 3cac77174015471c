#include "exam/question_bank.hpp"

#include "exam/content_audit.hpp"
#include "exam/storage/exam_store.hpp"

namespace sk::exam {

QuestionBank::QuestionBank(storage::Database& db, Clock clock) : db_(db), content_(db), clock_(std::move(clock)) {}

content::QuestionFilter QuestionBank::readable(const Actor& actor, content::QuestionFilter filter) const
{
    if (actor.can(Operation::ReadExamQuestions)) return filter;
    require(actor, Operation::ReadPracticeQuestions);
    // usable_in Practice also matches questions of both pools: those are taken out by the caller's loop below.
    filter.usable_in = content::Pool::Practice;
    return filter;
}

std::vector<content::Question> QuestionBank::questions(const Actor& actor, content::QuestionFilter filter)
{
    auto found = content_.questions(readable(actor, filter));
    if (!actor.can(Operation::ReadExamQuestions))
        std::erase_if(found, [](const content::Question& q) { return q.pool != content::Pool::Practice; });
    return found;
}

std::int64_t QuestionBank::count(const Actor& actor, content::QuestionFilter filter)
{
    if (actor.can(Operation::ReadExamQuestions)) return content_.count_questions(filter);
    return static_cast<std::int64_t>(questions(actor, filter).size());
}

std::optional<content::Question> QuestionBank::question(const Actor& actor, std::int64_t id)
{
    if (!actor.can(Operation::ReadExamQuestions)) require(actor, Operation::ReadPracticeQuestions);
    auto q = content_.question(id);
    if (q && q->pool != content::Pool::Practice && !actor.can(Operation::ReadExamQuestions))
        throw PermissionDenied(actor, Operation::ReadExamQuestions);
    return q;
}

std::vector<std::string> QuestionBank::chapters(const Actor& actor, std::int64_t item_id)
{
    if (!actor.can(Operation::ReadExamQuestions)) require(actor, Operation::ReadPracticeQuestions);
    return content_.chapters(item_id);
}

std::vector<content::QuestionCount> QuestionBank::counts(const Actor& actor)
{
    auto found = content_.question_counts();
    if (!actor.can(Operation::ReadExamQuestions)) {
        require(actor, Operation::ReadPracticeQuestions);
        std::erase_if(found, [](const content::QuestionCount& c) { return c.pool != content::Pool::Practice; });
    }
    return found;
}

content::SaveResult QuestionBank::save(const Actor& actor, const content::Question& q)
{
    require(actor, Operation::ManageContent);
    storage::Transaction tx(db_);
    const auto r = content_.save_question(q, false);
    if (r.outcome != content::SaveOutcome::Duplicate) {
        ExamService exam(db_, clock_);
        audit_question_edit(exam, actor, q.uid, r);
    }
    tx.commit();
    return r;
}

bool QuestionBank::set_status(const Actor& actor, const std::string& uid, content::Status status)
{
    require(actor, Operation::ManageContent);
    storage::Transaction tx(db_);
    if (!content_.set_status(uid, status)) return false;
    ExamService exam(db_, clock_);
    audit_question_status(exam, actor, uid, content_.question_by_uid(uid)->version, status);
    tx.commit();
    return true;
}

} // namespace sk::exam
