#include "exam/paper.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace sk;
using namespace sk::exam;
using content::QuestionType;

namespace {
std::vector<PoolQuestion> make_pool(int tf, int single, int multi)
{
    std::vector<PoolQuestion> pool;
    int id = 0;
    auto add = [&](QuestionType t, int n, int options, const std::string& answer_for_i(int)) {
        (void)answer_for_i;
        for (int i = 0; i < n; ++i) {
            ++id;
            pool.push_back({id, "q" + std::to_string(id), t, "第" + std::to_string(id % 3 + 1) + "章", id % 5 + 1, options,
                            t == QuestionType::TrueFalse ? (id % 2 ? "A" : "B")
                            : t == QuestionType::Single  ? std::string(1, static_cast<char>('A' + id % options))
                                                         : (id % 2 ? "AC" : "BD")});
        }
    };
    add(QuestionType::TrueFalse, tf, 2, nullptr);
    add(QuestionType::Single, single, 4, nullptr);
    add(QuestionType::Multiple, multi, 5, nullptr);
    return pool;
}

Blueprint special_blueprint()
{
    Blueprint bp;
    bp.strata = {{QuestionType::TrueFalse, "", 1, 5, 70, 1.0}, {QuestionType::Single, "", 1, 5, 30, 1.0}};
    return bp;
}
} // namespace

TEST_CASE("over many seeds a paper has the blueprint's counts, no repeats, and keys that follow the shuffled options")
{
    auto pool = make_pool(200, 90, 0);
    std::map<std::string, const PoolQuestion*> by_uid;
    for (const auto& q : pool) by_uid[q.uid] = &q;
    auto bp = special_blueprint();
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        Paper p = draw_paper(bp, pool, {}, seed * 7919);
        REQUIRE(p.questions.size() == 100);
        std::set<std::string> uids;
        int tf = 0, single = 0;
        for (const auto& q : p.questions) {
            uids.insert(q.uid);
            const PoolQuestion& src = *by_uid.at(q.uid);
            CHECK(q.type == src.type);
            if (q.type == QuestionType::TrueFalse) {
                ++tf;
                CHECK(q.option_order == std::vector<int>{0, 1}); // 正确/错误 keep their order
                CHECK(q.key == src.answer);
            } else {
                ++single;
                // The shown option at the key letter is the stored correct option.
                CHECK(q.option_order[static_cast<std::size_t>(q.key[0] - 'A')] == src.answer[0] - 'A');
                CHECK(shown_to_stored(q.option_order, q.key) == src.answer);
            }
        }
        CHECK(uids.size() == 100);
        CHECK(tf == 70);
        CHECK(single == 30);
        // True/false first, then single choice.
        CHECK(p.questions.front().type == QuestionType::TrueFalse);
        CHECK(p.questions.back().type == QuestionType::Single);
    }
}

TEST_CASE("the same seed reproduces the same paper, another seed gives another")
{
    auto pool = make_pool(200, 90, 0);
    auto a = draw_paper(special_blueprint(), pool, {}, 42);
    auto b = draw_paper(special_blueprint(), pool, {}, 42);
    auto c = draw_paper(special_blueprint(), pool, {}, 43);
    auto ids = [](const Paper& p) {
        std::vector<std::pair<std::string, std::vector<int>>> v;
        for (const auto& q : p.questions) v.emplace_back(q.uid, q.option_order);
        return v;
    };
    CHECK(ids(a) == ids(b));
    CHECK(ids(a) != ids(c));
}

TEST_CASE("least-used questions are preferred so neighbours get different papers")
{
    auto pool = make_pool(140, 60, 0);
    auto bp = special_blueprint();
    std::map<std::string, int> usage;
    auto first = draw_paper(bp, pool, usage, 1);
    for (const auto& q : first.questions) usage[q.uid]++;
    auto second = draw_paper(bp, pool, usage, 2);
    std::set<std::string> a, common;
    for (const auto& q : first.questions) a.insert(q.uid);
    for (const auto& q : second.questions)
        if (a.count(q.uid)) common.insert(q.uid);
    CHECK(common.empty()); // 140 + 60 questions are exactly two disjoint papers
}

TEST_CASE("chapter and difficulty strata draw only matching questions, specific before general")
{
    auto pool = make_pool(200, 90, 40);
    Blueprint bp;
    bp.strata = {{QuestionType::Single, "第2章", 1, 5, 10, 1.0},
                 {QuestionType::Multiple, "", 4, 5, 5, 2.0},
                 {QuestionType::Single, "", 1, 5, 20, 1.0}};
    auto p = draw_paper(bp, pool, {}, 9);
    int ch2 = 0;
    for (const auto& q : p.questions) {
        if (q.type == QuestionType::Multiple) {
            CHECK(q.points == 2.0);
        }
        if (q.type == QuestionType::Single && q.chapter == "第2章") ++ch2;
    }
    CHECK(ch2 >= 10);
    CHECK(p.questions.size() == 35);
    CHECK(p.questions.back().type == QuestionType::Multiple);
}

TEST_CASE("a pool too small for a stratum is reported with numbers, and drawing refuses")
{
    auto pool = make_pool(60, 9, 0);
    auto shortages = check_blueprint(special_blueprint(), pool);
    REQUIRE(shortages.size() == 2);
    CHECK(shortages[0].description == "判断题 / 全部章节: needs 70, exam pool has 60");
    CHECK(shortages[1].description == "单选题 / 全部章节: needs 30, exam pool has 9");
    CHECK_THROWS_AS(draw_paper(special_blueprint(), pool, {}, 1), PoolShortage);
}
