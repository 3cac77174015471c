// Factories of the screens (one file each in kiosk/screens/), used by the table in registry.cpp.
#pragma once

#include "kiosk/app/screen.hpp"

#include <memory>

namespace sk::kiosk {

// Exhibit kiosk (warning-education base)
std::unique_ptr<Screen> make_attract_screen(Services& s);
std::unique_ptr<Screen> make_industries_screen(Services& s);
std::unique_ptr<Screen> make_case_list_screen(Services& s);
std::unique_ptr<Screen> make_case_screen(Services& s);
std::unique_ptr<Screen> make_quiz_screen(Services& s);

// Exam kiosk
std::unique_ptr<Screen> make_exam_attract_screen(Services& s);
std::unique_ptr<Screen> make_exam_id_screen(Services& s);
std::unique_ptr<Screen> make_exam_ticket_screen(Services& s);
std::unique_ptr<Screen> make_exam_identity_screen(Services& s);
std::unique_ptr<Screen> make_exam_rules_screen(Services& s);
std::unique_ptr<Screen> make_exam_paper_screen(Services& s);
std::unique_ptr<Screen> make_exam_result_screen(Services& s);
std::unique_ptr<Screen> make_exam_moved_screen(Services& s);
std::unique_ptr<Screen> make_proctor_screen(Services& s); // sign-in and the room's seats

// Training kiosk
std::unique_ptr<Screen> make_train_signin_screen(Services& s);
std::unique_ptr<Screen> make_train_menu_screen(Services& s);
std::unique_ptr<Screen> make_train_practice_screen(Services& s);
std::unique_ptr<Screen> make_train_mock_screen(Services& s);
std::unique_ptr<Screen> make_train_progress_screen(Services& s);

// Every role
std::unique_ptr<Screen> make_admin_pin_screen(Services& s);
std::unique_ptr<Screen> make_admin_screen(Services& s);

} // namespace sk::kiosk
