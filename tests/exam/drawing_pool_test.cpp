#include "tests/exam/drawing_pool_scenario.hpp"

TEST_CASE("a kiosk that drew before never draws a question retired or edited since by another program")
{
    sk::test::check_drawing_follows_bank_changes();
}
