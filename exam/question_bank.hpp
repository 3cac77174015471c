// The question bank as staff reach it. Every read and write takes the signed-in actor and checks its roles here, in
// the library, so no panel or command can forget a filter: training staff read the practice pool only (a question
// that is also in the exam pool is sealed: 考培分离), exam staff and administrators read everything, and only those
// who manage content write, each write with its audit entry in the same transaction (docs/audit.md).
#pragma once

#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/roles.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sk::exam {

class QuestionBank {
public:
    explicit QuestionBank(storage::Database& db, Clock clock = system_now_ms);

    // The filter's questions as the actor may see them. PermissionDenied for an actor who reads no questions.
    std::vector<content::Question> questions(const Actor& actor, content::QuestionFilter filter);
    std::int64_t count(const Actor& actor, content::QuestionFilter filter);
    // One stored version; nullopt when there is none. PermissionDenied when it is sealed from the actor.
    std::optional<content::Question> question(const Actor& actor, std::int64_t id);
    std::vector<std::string> chapters(const Actor& actor, std::int64_t item_id);
    // The bank's counts (ContentStore::question_counts) as the actor may see them.
    std::vector<content::QuestionCount> counts(const Actor& actor);
    // Whether the actor reads the sealed exam pool (false: the practice pool only).
    static bool reads_exam_pool(const Actor& actor) { return actor.can(Operation::ReadExamQuestions); }

    // ManageContent. The edit and its audit entry ("question.edit") commit together; a Duplicate writes nothing.
    content::SaveResult save(const Actor& actor, const content::Question& q);
    // ManageContent: publishes or retires the current version ("question.publish" / "question.retire"); false,
    // changing nothing, when no question has the uid.
    bool set_status(const Actor& actor, const std::string& uid, content::Status status);

private:
    // The filter narrowed to what the actor may read.
    content::QuestionFilter readable(const Actor& actor, content::QuestionFilter filter) const;

    storage::Database& db_;
    content::ContentStore content_;
    Clock clock_;
};

} // namespace sk::exam
