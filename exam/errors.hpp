// What the exam library refuses, as a code with parameters. The programs word it for their readers: the kiosk from
// its language files (kiosk/i18n, key "error." + key), the desktop window from its string table, the command line and
// the logs from what(), the English text below.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sk::exam {

// X(code, "key", "English text with {0}, {1} … for the parameters in order")
#define SK_EXAM_ERRORS(X) \
    X(blueprint_invalid, "blueprint_invalid", "blueprint {0}: {1}") \
    X(no_blueprint, "no_blueprint", "no blueprint {0}") \
    X(no_item, "no_item", "no catalogue item {0}") \
    X(candidate_invalid, "candidate_invalid", "{0}") \
    X(id_number_registered, "id_number_registered", "the ID number {0} is already registered") \
    X(candidate_row, "candidate_row", "candidate {0}: {1}") \
    X(no_candidate, "no_candidate", "no candidate {0}") \
    X(photo_too_large, "photo_too_large", "{0}: the photo is larger than 2 MB") \
    X(photo_unreadable, "photo_unreadable", "{0}: the photo {1}") \
    X(class_hours_range, "class_hours_range", "class hours must be 0 to 1000") \
    X(session_ends_before_start, "session_ends_before_start", "a session must end after it starts") \
    X(session_needs_room, "session_needs_room", "a session needs a room") \
    X(pool_cannot_fill, "pool_cannot_fill", "the exam pool of {0} cannot fill the blueprint: {1}") \
    X(no_blueprint_for_item, "no_blueprint_for_item", "no {0} blueprint for {1} yet: an administrator sets one first") \
    X(not_eligible, "not_eligible", "not eligible to sit this session: {0}") \
    X(seat_not_in_session, "seat_not_in_session", "kiosk {0} is not one of this session's seats ({1})") \
    X(seat_taken, "seat_taken", "kiosk {0} is already given to admission ticket {1}") \
    X(no_attempt, "no_attempt", "no attempt {0}") \
    X(ticket_mismatch, "ticket_mismatch", "the ID number and the admission ticket do not match") \
    X(check_in_not_open, "check_in_not_open", "check-in opens 30 minutes before the session starts") \
    X(session_over, "session_over", "the session has ended") \
    X(wrong_room, "wrong_room", "this admission ticket belongs to the room {0}") \
    X(already_submitted, "already_submitted", "this paper has already been submitted") \
    X(sitting_elsewhere, "sitting_elsewhere", "the exam is under way at kiosk {0}; a proctor moves it") \
    X(wrong_seat, "wrong_seat", "this admission ticket's seat is kiosk {0}") \
    X(dispute_not_now, "dispute_not_now", "identity can be disputed only after check-in and before confirming") \
    X(pool_short, "pool_short", "the exam pool cannot fill a paper: {0}") \
    X(attempt_elsewhere, "attempt_elsewhere", "attempt {0} belongs to kiosk {1}") \
    X(time_up, "time_up", "time is up: the paper was submitted automatically") \
    X(no_question, "no_question", "no question {0} on this paper") \
    X(no_option, "no_option", "option {0} does not exist on question {1}") \
    X(one_answer_only, "one_answer_only", "question {0} takes one answer") \
    X(paper_not_shown, "paper_not_shown", "the paper is shown only while the exam is in progress") \
    X(no_result_yet, "no_result_yet", "the attempt has no result yet") \
    X(extra_time_range, "extra_time_range", "extra time must be 1 to 120 minutes") \
    X(reason_required, "reason_required", "a reason is required") \
    X(kiosk_required, "kiosk_required", "a kiosk is required") \
    X(no_session, "no_session", "no session {0}") \
    X(review_needs_score, "review_needs_score", "only a scored attempt can be reviewed") \
    X(review_score_range, "review_score_range", "a reviewed score must be 0 to {0} (the paper's full marks)") \
    X(no_practical_score, "no_practical_score", "no practical score given") \
    X(no_practical_exam, "no_practical_exam", "this item has no practical exam") \
    X(theory_first, "theory_first", "the practical exam follows a passed theory exam") \
    X(unknown_subject, "unknown_subject", "unknown practical subject {0} (subjects: {1})") \
    X(subject_twice, "subject_twice", "{0} is given twice") \
    X(subject_score_range, "subject_score_range", "{0} score must be 0 to {1}") \
    X(no_trainee, "no_trainee", "no trainee {0}") \
    X(pin_format, "pin_format", "a PIN is 6 to 12 digits") \
    X(not_in_practice_pool, "not_in_practice_pool", "question {0} is not in this trainee's practice pool") \
    X(mock_pool_empty, "mock_pool_empty", "the practice bank has no question of this item for a mock exam") \
    X(mock_pool_short, "mock_pool_short", "the practice bank cannot fill a mock exam: {0}") \
    X(sign_in_wrong, "sign_in_wrong", "wrong ID number or PIN") \
    X(sign_in_wrong_wait, "sign_in_wrong_wait", "wrong ID number or PIN; try again in {0} s") \
    X(sign_in_no_pin, "sign_in_no_pin", "no PIN is set yet: the training provider sets one") \
    X(sign_in_locked, "sign_in_locked", "too many wrong PINs; try again in {0} s") \
    X(password_short, "password_short", "a password needs at least 8 characters") \
    X(password_long, "password_long", "a password has at most 128 characters") \
    X(roles_empty, "roles_empty", "a user needs at least one role") \
    X(trainer_needs_provider, "trainer_needs_provider", "training staff (trainer) need their training provider: give the provider") \
    X(provider_only_trainer, "provider_only_trainer", "only training staff (trainer) belong to a training provider") \
    X(trainer_no_exam_role, "trainer_no_exam_role", "training staff (trainer) may hold no exam-centre role (exam-training separation)") \
    X(unknown_role, "unknown_role", "unknown role '{0}' (roles: {1})") \
    X(login_format, "login_format", "login '{0}': 2 to 32 characters a-z, 0-9, '.', '_' or '-'") \
    X(user_needs_name, "user_needs_name", "a user needs a name") \
    X(user_name_bad, "user_name_bad", "the user's name {0}") \
    X(provider_bad, "provider_bad", "the training provider {0}") \
    X(users_exist, "users_exist", "the installation already has users: sign in as an administrator to add one") \
    X(no_users_yet, "no_users_yet", "this installation has no user yet: create the first administrator with `safekiosk-admin user add --first LOGIN --name NAME`") \
    X(login_taken, "login_taken", "the login '{0}' is taken") \
    X(no_user, "no_user", "no user '{0}'") \
    X(last_admin, "last_admin", "'{0}' is the last administrator: give another user the admin role first") \
    X(own_admin_role, "own_admin_role", "you cannot remove your own administrator role: another administrator must do it") \
    X(user_sign_in_wrong, "user_sign_in_wrong", "wrong login or password") \
    X(user_sign_in_wrong_wait, "user_sign_in_wrong_wait", "wrong login or password; the next try is possible in {0} s") \
    X(user_sign_in_locked, "user_sign_in_locked", "too many wrong passwords for '{0}': try again in {1} s") \
    X(id_length, "id_length", "the ID number has {0} characters: it has 18") \
    X(id_digit, "id_digit", "character {0} of the ID number must be a digit") \
    X(id_check_character_form, "id_check_character_form", "the 18th character of the ID number (the check character) must be a digit or X") \
    X(id_check_character, "id_check_character", "the ID number's check character should be {0}, not {1}") \
    X(id_birth_invalid, "id_birth_invalid", "the birth date {0} in the ID number is not a real date") \
    X(id_birth_future, "id_birth_future", "the birth date {0} in the ID number is after today") \
    X(disable_self, "disable_self", "you cannot disable yourself: another administrator must do it") \
    X(last_enabled_admin, "last_enabled_admin", "'{0}' is the last enabled administrator: give another user the admin role first") \
    X(user_disabled, "user_disabled", "the user '{0}' is disabled: an administrator can enable it again") \
    X(moved_away, "moved_away", "this exam was moved to another kiosk; this kiosk records nothing more of it: please ask a proctor")

enum class ExamErrc {
#define SK_EXAM_ERROR_ENUM(code, key, text) code,
    SK_EXAM_ERRORS(SK_EXAM_ERROR_ENUM)
#undef SK_EXAM_ERROR_ENUM
};

struct ExamErrorInfo {
    ExamErrc code;
    const char* key;     // stable: the programs' translations are looked up by "error." + key
    const char* english; // with {0}, {1} …
};
// Every code, in declaration order.
const std::vector<ExamErrorInfo>& exam_errors();
const ExamErrorInfo& error_info(ExamErrc code);

// `text` with {0}, {1} … replaced by args (a placeholder without an argument stays as written).
std::string fill_placeholders(std::string_view text, const std::vector<std::string>& args);

// A refusal a person can act on: ineligible, wrong ticket, outside the session window, time is up, …
// what() is the English text with the parameters filled in.
class ExamError : public std::runtime_error {
public:
    explicit ExamError(ExamErrc code, std::vector<std::string> args = {});
    ExamErrc code() const noexcept { return code_; }
    const std::vector<std::string>& args() const noexcept { return args_; }
    const char* key() const noexcept { return error_info(code_).key; }

private:
    ExamErrc code_;
    std::vector<std::string> args_;
};

// A refused sign-in: wrong PIN (with the wait before the next try) or no PIN set.
class SignInError : public ExamError {
public:
    SignInError(ExamErrc code, std::vector<std::string> args, std::int64_t retry_after_ms)
        : ExamError(code, std::move(args)), retry_after_ms(retry_after_ms)
    {
    }
    std::int64_t retry_after_ms;
};

} // namespace sk::exam
