#include "exam/paper.hpp"

#include <algorithm>
#include <numeric>
#include <random>

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

PaperDrawer::PaperDrawer(const std::vector<PoolQuestion>& pool) : pool_(pool)
{
    used_.assign(pool.size(), 0);
    chapter_id_.reserve(pool.size());
    group_.reserve(pool.size());
    rows_.reserve(pool.size());
    for (std::size_t i = 0; i < pool.size(); ++i) {
        rows_.emplace(pool[i].id, i);
        auto [it, inserted] = index_.emplace(pool[i].uid, i);
        group_.push_back(static_cast<std::uint32_t>(it->second));
        auto [ch, added] = chapters_.emplace(pool[i].chapter, static_cast<int>(chapters_.size()));
        chapter_id_.push_back(ch->second);
        (void)inserted;
        (void)added;
    }
}

void PaperDrawer::add_usage(const std::map<std::string, int>& usage)
{
    for (const auto& [uid, n] : usage)
        if (auto it = index_.find(uid); it != index_.end()) used_[it->second] += n;
}

void PaperDrawer::clear_usage() { std::fill(used_.begin(), used_.end(), 0); }

std::optional<std::size_t> PaperDrawer::position_of_row(std::int64_t id) const
{
    auto it = rows_.find(id);
    return it == rows_.end() ? std::nullopt : std::optional(it->second);
}

void PaperDrawer::add_use(std::size_t i, int n) { used_[group_.at(i)] += n; }

void PaperDrawer::add_usage(const Paper& paper)
{
    for (const auto& q : paper.questions)
        if (auto it = index_.find(q.uid); it != index_.end()) used_[it->second] += 1;
}

Paper PaperDrawer::draw(const Blueprint& bp, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    Paper paper;
    paper.seed = seed;
    std::vector<char> taken(pool_.size(), 0); // by group

    struct Picked {
        const PoolQuestion* q;
        double points;
    };
    std::vector<Picked> picked;
    // Candidates bucketed by how often they were used in this session: least-used first.
    std::vector<std::vector<std::uint32_t>> buckets;
    for (const auto& s : bp.strata) {
        int chapter = -1;
        if (!s.chapter.empty()) {
            auto it = chapters_.find(s.chapter);
            chapter = it == chapters_.end() ? -2 : it->second;
        }
        for (auto& b : buckets) b.clear();
        std::size_t available = 0;
        for (std::uint32_t i = 0; i < pool_.size(); ++i) {
            const auto& q = pool_[i];
            if (q.type != s.type || q.difficulty < s.difficulty_min || q.difficulty > s.difficulty_max) continue;
            if (!eligible(bp, q)) continue; // under exam_only: never a question trainees have seen
            if (chapter != -1 && chapter_id_[i] != chapter) continue;
            if (taken[group_[i]]) continue;
            const auto u = static_cast<std::size_t>(used_[group_[i]]);
            if (u >= buckets.size()) buckets.resize(u + 1);
            buckets[u].push_back(i);
            ++available;
        }
        if (available < static_cast<std::size_t>(s.count))
            throw PoolShortage(std::string(content::type_label_zh(s.type)) + " / " +
                               (s.chapter.empty() ? std::string("全部章节") : s.chapter) + ": needs " +
                               std::to_string(s.count) + (bp.exam_only ? " exam-only" : "") + ", exam pool has " +
                               std::to_string(available) + (bp.exam_only ? " exam-only" : ""));
        std::size_t need = static_cast<std::size_t>(s.count);
        for (auto& bucket : buckets) {
            if (need == 0) break;
            // Partial Fisher–Yates: the first `take` entries become a uniform random choice from the bucket.
            const std::size_t take = std::min(need, bucket.size());
            for (std::size_t k = 0; k < take; ++k) std::swap(bucket[k], bucket[k + uniform(rng, bucket.size() - k)]);
            for (std::size_t k = 0; k < take; ++k) {
                taken[group_[bucket[k]]] = 1;
                picked.push_back({&pool_[bucket[k]], s.points});
            }
            need -= take;
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

Paper draw_paper(const Blueprint& bp, const std::vector<PoolQuestion>& exam_pool, const std::map<std::string, int>& usage,
                 std::uint64_t seed)
{
    PaperDrawer drawer(exam_pool);
    drawer.add_usage(usage);
    return drawer.draw(bp, seed);
}

std::string shown_to_stored(const std::vector<int>& option_order, const std::string& shown_letters)
{
    std::vector<int> stored;
    for (int i : content::answer_indices(shown_letters))
        if (i >= 0 && static_cast<std::size_t>(i) < option_order.size()) stored.push_back(option_order[static_cast<std::size_t>(i)]);
    return content::answer_letters(stored);
}

} // namespace sk::exam
