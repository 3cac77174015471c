// A kiosk (or a centre) keeps the exam pool it indexed for drawing while the bank does not change; a question
// retired or edited by another program meanwhile must never reach a later paper in its old form. Run on an SQLite
// file (tests/exam) and on the PostgreSQL test server (tests/postgres).
#pragma once

#include "tests/exam/fixture.hpp"

#include <doctest/doctest.h>

#include <set>

namespace sk::test {

inline void check_drawing_follows_bank_changes()
{
    ExamFixture f;
    const auto first = f.started_attempt("11010519800101001", "A01");
    // The staff office, another program with its own connection: retires every question of the first paper that is
    // a single choice and edits every true/false one (a new version with another stem).
    std::set<std::string> retired, edited;
    {
        auto office = storage::open(f.db.path(), {&content::schema(), &exam::schema()});
        content::ContentStore bank(office);
        storage::Transaction tx(office);
        for (const auto& pq : exam::ExamStore(f.db).paper(first).questions) {
            auto q = bank.question_by_uid(pq.uid);
            REQUIRE(q);
            if (q->type == content::QuestionType::Single) {
                REQUIRE(bank.set_status(q->uid, content::Status::Retired));
                retired.insert(q->uid);
            } else {
                q->stem += "（修订）";
                bank.save_question(*q);
                edited.insert(q->uid);
            }
        }
        tx.commit();
    }
    REQUIRE_FALSE(retired.empty());
    REQUIRE_FALSE(edited.empty());
    // The same kiosk draws the next papers: no retired question, and an edited one only in its new form.
    for (int k = 2; k <= 6; ++k) {
        char first17[18];
        std::snprintf(first17, sizeof first17, "11010519800101%03d", k);
        const auto attempt = f.started_attempt(first17, ""); // the same kiosk, no seat plan
        content::ContentStore bank(f.db);
        for (const auto& pq : exam::ExamStore(f.db).paper(attempt).questions) {
            CHECK_MESSAGE(retired.count(pq.uid) == 0, "retired question drawn: ", pq.uid);
            if (edited.count(pq.uid)) {
                const auto q = bank.question(pq.question_id);
                REQUIRE(q);
                CHECK_MESSAGE(q->stem.find("（修订）") != std::string::npos, "old version drawn: ", pq.uid);
            }
        }
    }
}

} // namespace sk::test
