#include "exam/attempt.hpp"
#include "exam/scoring.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>

using namespace sk::exam;
using S = AttemptState;
using A = AttemptAction;

TEST_CASE("every legal transition leads where the life cycle says, and every other one is an error")
{
    const std::map<std::pair<S, A>, S> legal{
        {{S::Scheduled, A::CheckIn}, S::CheckedIn},
        {{S::CheckedIn, A::ConfirmIdentity}, S::IdentityConfirmed},
        {{S::IdentityConfirmed, A::ShowInstructions}, S::Instructions},
        {{S::Instructions, A::Start}, S::InProgress},
        {{S::InProgress, A::Pause}, S::Paused},
        {{S::Paused, A::Resume}, S::InProgress},
        {{S::InProgress, A::Submit}, S::Submitted},
        {{S::Paused, A::Submit}, S::Submitted},
        {{S::Submitted, A::Score}, S::Scored},
        {{S::CheckedIn, A::Cancel}, S::Cancelled},
        {{S::IdentityConfirmed, A::Cancel}, S::Cancelled},
        {{S::Instructions, A::Cancel}, S::Cancelled},
        {{S::InProgress, A::Cancel}, S::Cancelled},
        {{S::Paused, A::Cancel}, S::Cancelled},
        {{S::Submitted, A::Cancel}, S::Cancelled},
        {{S::CheckedIn, A::MoveKiosk}, S::CheckedIn},
        {{S::IdentityConfirmed, A::MoveKiosk}, S::IdentityConfirmed},
        {{S::Instructions, A::MoveKiosk}, S::Instructions},
        {{S::InProgress, A::MoveKiosk}, S::InProgress},
        {{S::Paused, A::MoveKiosk}, S::Paused},
        {{S::InProgress, A::AddTime}, S::InProgress},
        {{S::Paused, A::AddTime}, S::Paused},
        {{S::InProgress, A::Answer}, S::InProgress},
    };
    const std::vector<S> states{S::Scheduled, S::CheckedIn, S::IdentityConfirmed, S::Instructions, S::InProgress,
                                S::Paused, S::Submitted, S::Scored, S::Cancelled};
    const std::vector<A> actions{A::CheckIn, A::ConfirmIdentity, A::ShowInstructions, A::Start, A::Pause, A::Resume,
                                 A::Submit, A::Score, A::Cancel, A::MoveKiosk, A::AddTime, A::Answer};
    int legal_seen = 0;
    for (S s : states)
        for (A a : actions) {
            CAPTURE(to_string(s));
            CAPTURE(to_string(a));
            auto it = legal.find({s, a});
            if (it != legal.end()) {
                CHECK(next_state(s, a) == it->second);
                ++legal_seen;
            } else {
                CHECK_THROWS_AS(next_state(s, a), IllegalTransition);
            }
        }
    CHECK(legal_seen == static_cast<int>(legal.size()));
    CHECK(parse_attempt_state(to_string(S::IdentityConfirmed)) == S::IdentityConfirmed);
}

TEST_CASE("the clock stops while paused, adds extra time, and does not charge kiosk downtime")
{
    const std::int64_t min = 60000;
    std::vector<ClockEvent> ev{{ClockEvent::Start, 0, 0}};
    CHECK(compute_clock(ev, 120 * min, 10 * min).remaining_ms == 110 * min);
    ev.push_back({ClockEvent::Pause, 20 * min, 0});
    CHECK(compute_clock(ev, 120 * min, 50 * min).remaining_ms == 100 * min);
    ev.push_back({ClockEvent::Resume, 50 * min, 0});
    ev.push_back({ClockEvent::AddTime, 55 * min, 5 * min});
    CHECK(compute_clock(ev, 120 * min, 60 * min).remaining_ms == 125 * min - 30 * min);
    // Kiosk died at 70 min (last sign of life) and came back at 90 min.
    ev.push_back({ClockEvent::Downtime, 70 * min, 90 * min});
    auto c = compute_clock(ev, 120 * min, 100 * min);
    CHECK(c.downtime_ms == 20 * min);
    CHECK(c.used_ms == (20 + 20 + 10) * min);
    CHECK(c.remaining_ms == 125 * min - 50 * min);
    ev.push_back({ClockEvent::Submit, 110 * min, 0});
    CHECK(compute_clock(ev, 120 * min, 500 * min).used_ms == 60 * min);
    CHECK_FALSE(compute_clock(ev, 120 * min, 500 * min).running);
}

TEST_CASE("scoring: right or wrong, multiple choice all-or-nothing unless partial credit, breakdown by chapter")
{
    Paper p;
    p.questions = {{1, 1, "a", sk::content::QuestionType::TrueFalse, "法规", {0, 1}, "A", 1},
                   {2, 2, "b", sk::content::QuestionType::Single, "法规", {2, 0, 1, 3}, "C", 1},
                   {3, 3, "c", sk::content::QuestionType::Multiple, "技术", {0, 1, 2, 3}, "ABD", 2}};
    auto s = score_paper(p, {{1, "A"}, {2, "B"}, {3, "AB"}}, 2, false);
    CHECK(s.points == 1);
    CHECK_FALSE(s.passed);
    CHECK(s.answered == 3);
    REQUIRE(s.chapters.size() == 2);
    CHECK(s.chapters[0].chapter == "法规");
    CHECK(s.chapters[0].correct == 1);
    CHECK(s.chapters[1].points == 0);
    auto partial = score_paper(p, {{1, "A"}, {2, "C"}, {3, "AB"}}, 3, true);
    CHECK(partial.points == doctest::Approx(2 + 2.0 * 2 / 3).epsilon(0.001));
    CHECK(partial.passed);
    CHECK(score_paper(p, {{3, "ABC"}}, 1, true).points == 0); // a wrong choice earns nothing
    CHECK(score_paper(p, {}, 1, false).answered == 0);
}
