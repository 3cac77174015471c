// Drawing a paper for one examinee from the sealed exam pool, stratified by a blueprint.
//
// Deterministic: the same pool, usage counts and seed give the same paper on every build and platform (own
// Fisher–Yates over std::mt19937_64, whose output the standard fixes). The paper itself (exact question versions,
// option orders, remapped keys) is stored with the attempt, so it never depends on the pool again.
#pragma once

#include "exam/blueprint.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace sk::exam {

struct PaperQuestion {
    int position = 0;                // 1-based order on the paper
    std::int64_t question_id = 0;    // exact stored version
    std::string uid;
    content::QuestionType type = content::QuestionType::TrueFalse;
    std::string chapter;
    std::vector<int> option_order;   // shown option i is stored option option_order[i]
    std::string key;                 // correct letters in the shown order
    double points = 1.0;
};

struct Paper {
    std::uint64_t seed = 0;
    std::vector<PaperQuestion> questions;
};

class PoolShortage : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Draws papers from one pool for a whole session, keeping per-question usage counts, so each draw is a linear pass
// over integers (no string look-ups). draw_paper() below is the one-off form.
class PaperDrawer {
public:
    explicit PaperDrawer(const std::vector<PoolQuestion>& pool);
    // Counts earlier papers' questions as used (by uid).
    void add_usage(const std::map<std::string, int>& usage);
    void add_usage(const Paper& paper);
    // Forgets all usage counted so far (a drawer kept for the next session's or the next attempt's counts).
    void clear_usage();
    // The pool position of the question stored in row `id`, if it is in the pool.
    std::optional<std::size_t> position_of_row(std::int64_t id) const;
    // Counts `n` uses of the question at pool position `i` (and so of its uid).
    void add_use(std::size_t i, int n);
    Paper draw(const Blueprint& bp, std::uint64_t seed);

private:
    const std::vector<PoolQuestion>& pool_;
    std::map<std::string, std::size_t> index_;
    std::unordered_map<std::int64_t, std::size_t> rows_; // question row id → pool position
    std::vector<int> chapter_id_;
    std::map<std::string, int> chapters_;
    std::vector<int> used_;
    std::vector<std::uint32_t> group_; // questions sharing a uid (versions) share a group
};

// Draws a paper of questions eligible() for the blueprint (under exam_only never one of pool `both`). `usage` counts
// how often each uid was already drawn in this session: least-used questions are preferred so neighbours get
// different papers. Throws PoolShortage naming the short stratum.
Paper draw_paper(const Blueprint& bp, const std::vector<PoolQuestion>& exam_pool,
                 const std::map<std::string, int>& usage, std::uint64_t seed);

// Maps letters chosen on the shown options back to stored option letters, and the reverse.
std::string shown_to_stored(const std::vector<int>& option_order, const std::string& shown_letters);

} // namespace sk::exam
