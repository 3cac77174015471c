// Storage of the catalogue, questions (every version), exhibits and media. All content SQL lives here.
#pragma once

#include "content/model.hpp"
#include "content/storage/migrations.hpp"

#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

namespace sk::content {

// The content tables and the catalogue seed of ../shared/domain.md.
const storage::Schema& schema();

struct QuestionFilter {
    std::optional<std::int64_t> item_id;
    std::optional<QuestionType> type;
    std::optional<Status> status;
    std::optional<std::string> chapter;
    // Pool as seen by a use: Practice matches practice+both, Exam matches exam+both, Both matches all.
    std::optional<Pool> usable_in;
    bool current_only = true;      // latest version of each uid
    bool include_exhibit_quiz = false;
};

enum class SaveOutcome {
    Inserted,   // a new uid
    NewVersion, // content of a published or retired question changed: a new version was added
    Updated,    // a draft was edited in place, or only pool/status/chapter/difficulty changed
    Duplicate,  // the same content is already stored (same uid unchanged, or another uid with identical content)
};

// Number of current questions (exhibit quizzes excluded) with one combination of item, type, pool, status, chapter.
struct QuestionCount {
    std::string category;
    std::string item;
    QuestionType type;
    Pool pool;
    Status status;
    std::string chapter;
    std::int64_t count;
};

struct SaveResult {
    SaveOutcome outcome;
    std::int64_t id; // row of the stored version (the existing one for Duplicate)
    int version;
};

class ContentStore {
public:
    explicit ContentStore(storage::Database& db) : db_(db) {}

    const Catalogue& catalogue(); // cached for the life of the store

    // Stores a question. Throws std::invalid_argument when the category/item pair is not in the catalogue.
    // Identical content under another uid is a Duplicate when `skip_identical` is set.
    SaveResult save_question(const Question& q, bool skip_identical = true);
    // Saves many questions, in order, by the same rules as save_question (later ones see earlier ones), but reads
    // what is stored once up front instead of once per question: the path for imports. All or nothing: when it
    // throws, nothing of the batch is written. A batch of 1,000 or more that is at least as large as the table is
    // written with the table's indexes dropped and built again afterwards (the same definitions). Throws
    // std::invalid_argument, writing nothing, for an item not in the catalogue, a difficulty outside 1–5 or the uid
    // of an exhibit's quiz question.
    // `hashes`, when given, holds qs[i].content_hash() for each question (a caller that computed them already).
    std::vector<SaveResult> save_questions(const std::vector<Question>& qs, bool skip_identical = true,
                                           const std::vector<std::string>& hashes = {});
    std::optional<Question> question(std::int64_t id);
    std::optional<Question> question_by_uid(const std::string& uid, std::optional<int> version = std::nullopt);
    std::vector<Question> questions(const QuestionFilter& f);
    std::int64_t count_questions(const QuestionFilter& f);
    std::vector<std::string> chapters(std::int64_t item_id);
    // Publish or retire the current version of a question (no new version: the content is unchanged).
    bool set_status(const std::string& uid, Status s);
    bool has_content_hash(const std::string& hash);
    // uid of the question version stored in row `id`.
    std::optional<std::string> uid_of(std::int64_t id);
    // The bank's revision: raised by every write to a question (save, new version, status, an exhibit's quiz) in the
    // writer's own transaction, so an index of the bank built at revision N is current while this still reads N.
    std::int64_t question_revision();
    // Counts grouped by item (catalogue order), type, pool, status and chapter.
    std::vector<QuestionCount> question_counts();

    void save_exhibit(const Exhibit& e);
    std::vector<Exhibit> exhibits();
    std::optional<Exhibit> exhibit(const std::string& uid);
    // uid of every exhibit quiz question → uid of its exhibit.
    std::map<std::string, std::string> exhibit_quiz_owners();
    std::int64_t count_exhibits();

    void put_media(const std::string& path, const std::vector<unsigned char>& data);
    std::optional<std::vector<unsigned char>> media(const std::string& path);
    std::vector<std::string> media_paths();

    storage::Database& db() { return db_; }

private:
    // A prepared statement kept for the life of the store: save_question runs once per imported question, and
    // preparing its statements again each time cost more than running them. Reset before it is returned.
    storage::Statement& cached(const char* sql);
    std::optional<std::int64_t> item_id_for(const Question& q);
    void bump_question_revision();
    struct CurrentRow {
        std::int64_t id;
        int version;
        Status status;
        std::string hash;
    };
    // The writing half of save_question, given what is stored under the uid and a way to find identical content.
    template <class FindIdentical>
    SaveResult write_question(const Question& q, std::int64_t item_id, const std::string& hash,
                              const std::optional<CurrentRow>& current, FindIdentical&& find_identical);
    Question read_question(storage::Statement& st);
    storage::Database& db_;
    std::optional<Catalogue> catalogue_cache_;
    std::unordered_map<std::string, std::unique_ptr<storage::Statement>> statements_;
};

} // namespace sk::content
