#include "exam/paper.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

namespace sk::exam {

namespace {

// Uniform index in [0, n) from the engine, reproducible everywhere (unlike std::uniform_int_distribution).
std::size_t uniform(std::mt19937_64& rng, std::size_t n)
{
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x;
    do {
        x = rng();
    } while (x >= limit);
    return static_cast<std::size_t>(x % n);
}

template <class T>
void shuffle(std::vector<T>& v, std::mt19937_64& rng)
{
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[uniform(rng, i)]);
}

int type_rank(content::QuestionType t)
{
    switch (t) {
    case content::QuestionType::TrueFalse: return 0;
    case content::QuestionType::Single: return 1;
    case content::QuestionType::Multiple: return 2;
    }
    return 3;
}

} // namespace

Paper draw_paper(const Blueprint& bp, const std::vector<PoolQuestion>& exam_pool, const std::map<std::string, int>& usage,
                 std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    Paper paper;
    paper.seed = seed;
    std::set<std::string> taken;

    struct Candidate {
        int used;
        std::uint64_t tie;
        const PoolQuestion* q;
    };
    struct Picked {
        const PoolQuestion* q;
        double points;
    };
    std::vector<Picked> picked;
    std::vector<Candidate> candidates;
    for (const auto& s : bp.strata) {
        candidates.clear();
        for (const auto& q : exam_pool) {
            if (!matches(s, q) || taken.count(q.uid)) continue;
            auto it = usage.find(q.uid);
            candidates.push_back({it == usage.end() ? 0 : it->second, rng(), &q});
        }
        if (static_cast<int>(candidates.size()) < s.count)
            throw PoolShortage(std::string(content::type_label_zh(s.type)) + " / " +
                               (s.chapter.empty() ? std::string("全部章节") : s.chapter) + ": needs " +
                               std::to_string(s.count) + ", exam pool has " + std::to_string(candidates.size()));
        auto less = [](const Candidate& a, const Candidate& b) {
            return a.used != b.used ? a.used < b.used : a.tie < b.tie;
        };
        auto nth = candidates.begin() + s.count;
        std::nth_element(candidates.begin(), nth - 1, candidates.end(), less);
        std::sort(candidates.begin(), nth, less);
        for (auto it = candidates.begin(); it != nth; ++it) {
            taken.insert(it->q->uid);
            picked.push_back({it->q, s.points});
        }
    }
    // Paper order: true/false, then single, then multiple choice; random within each section.
    shuffle(picked, rng);
    std::stable_sort(picked.begin(), picked.end(),
                     [](const Picked& a, const Picked& b) { return type_rank(a.q->type) < type_rank(b.q->type); });

    int position = 0;
    for (const auto& p : picked) {
        PaperQuestion pq;
        pq.position = ++position;
        pq.question_id = p.q->id;
        pq.uid = p.q->uid;
        pq.type = p.q->type;
        pq.chapter = p.q->chapter;
        pq.points = p.points;
        pq.option_order.resize(static_cast<std::size_t>(p.q->option_count));
        std::iota(pq.option_order.begin(), pq.option_order.end(), 0);
        if (bp.shuffle_options && p.q->type != content::QuestionType::TrueFalse) shuffle(pq.option_order, rng);
        // Remap the key: shown position i holds stored option option_order[i].
        std::vector<int> shown;
        for (int stored : content::answer_indices(p.q->answer))
            for (std::size_t i = 0; i < pq.option_order.size(); ++i)
                if (pq.option_order[i] == stored) shown.push_back(static_cast<int>(i));
        pq.key = content::answer_letters(shown);
        paper.questions.push_back(std::move(pq));
    }
    return paper;
}

std::string shown_to_stored(const std::vector<int>& option_order, const std::string& shown_letters)
{
    std::vector<int> stored;
    for (int i : content::answer_indices(shown_letters))
        if (i >= 0 && static_cast<std::size_t>(i) < option_order.size()) stored.push_back(option_order[static_cast<std::size_t>(i)]);
    return content::answer_letters(stored);
}

} // namespace sk::exam
