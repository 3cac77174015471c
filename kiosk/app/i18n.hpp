// UI strings: keys in code, texts in per-language files (kiosk/i18n/<language>.json, built into the program).
//
// Simplified Chinese (zh-CN) comes first and is the default; zh-HK (Traditional Chinese as Hong Kong and Macau
// write it: OpenCC's s2hk of zh-CN, checked by hand for Hong Kong wording) and en follow. Every key below must be
// in every language file and every key must be used by the kiosk (tests/kiosk/i18n_test.cpp checks both). A text
// may hold placeholders {0}, {1}, … filled by Strings::format().
//
// The exam library's refusals (exam::ExamError) are worded here too: every code of exam/errors.hpp has the key
// "error.<key>" in every language file, so an examinee reads them in the kiosk's language.
#pragma once

#include "exam/errors.hpp"

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sk::kiosk {

// X(identifier, "key in the language files")
#define SK_KIOSK_STRING_KEYS(X) \
    X(attract_heading, "attract.heading") \
    X(attract_subheading, "attract.subheading") \
    X(attract_cta, "attract.cta") \
    X(attract_empty, "attract.empty") \
    X(nav_back, "nav.back") \
    X(read_aloud, "read.aloud") \
    X(read_aloud_stop, "read.stop") \
    X(read_volume_down, "read.volume_down") \
    X(read_volume_up, "read.volume_up") \
    X(lang_simplified, "lang.simplified") \
    X(lang_traditional, "lang.traditional") \
    X(lang_english, "lang.english") \
    X(idle_warning, "idle.warning") \
    X(idle_continue, "idle.continue") \
    X(nav_home, "nav.home") \
    X(nav_text_size, "nav.text_size") \
    X(nav_contrast, "nav.contrast") \
    X(case_deaths, "case.deaths") \
    X(case_injuries, "case.injuries") \
    X(case_no_casualties, "case.no_casualties") \
    X(browse_title, "browse.title") \
    X(browse_hint, "browse.hint") \
    X(browse_count, "browse.count") \
    X(browse_all, "browse.all") \
    X(list_hint, "list.hint") \
    X(case_summary, "case.summary") \
    X(case_timeline, "case.timeline") \
    X(case_direct_causes, "case.direct_causes") \
    X(case_underlying_causes, "case.underlying_causes") \
    X(case_violations, "case.violations") \
    X(case_lessons, "case.lessons") \
    X(case_do_instead, "case.do_instead") \
    X(case_quiz_prompt, "case.quiz_prompt") \
    X(case_start_quiz, "case.start_quiz") \
    X(case_close_picture, "case.close_picture") \
    X(quiz_title, "quiz.title") \
    X(quiz_progress, "quiz.progress") \
    X(quiz_type_tf, "quiz.type_tf") \
    X(quiz_type_single, "quiz.type_single") \
    X(quiz_type_multi, "quiz.type_multi") \
    X(quiz_multi_hint, "quiz.multi_hint") \
    X(quiz_confirm, "quiz.confirm") \
    X(quiz_correct, "quiz.correct") \
    X(quiz_wrong, "quiz.wrong") \
    X(quiz_answer_is, "quiz.answer_is") \
    X(quiz_explanation, "quiz.explanation") \
    X(quiz_next, "quiz.next") \
    X(quiz_finish, "quiz.finish") \
    X(quiz_result, "quiz.result") \
    X(quiz_result_all, "quiz.result_all") \
    X(quiz_result_some, "quiz.result_some") \
    X(quiz_back_to_case, "quiz.back_to_case") \
    X(quiz_more_cases, "quiz.more_cases") \
    X(admin_pin_title, "admin.pin_title") \
    X(admin_pin_prompt, "admin.pin_prompt") \
    X(admin_pin_wrong, "admin.pin_wrong") \
    X(admin_pin_wait, "admin.pin_wait") \
    X(admin_pin_checking, "admin.pin_checking") \
    X(admin_pin_demo, "admin.pin_demo") \
    X(admin_delete, "admin.delete") \
    X(admin_ok, "admin.ok") \
    X(admin_cancel, "admin.cancel") \
    X(admin_menu_title, "admin.menu_title") \
    X(admin_exit, "admin.exit") \
    X(admin_resume, "admin.resume") \
    X(admin_role, "admin.role") \
    X(admin_database, "admin.database") \
    X(admin_exhibits, "admin.exhibits") \
    X(admin_stats_today, "admin.stats_today") \
    X(admin_stats_total, "admin.stats_total") \
    X(role_exam, "role.exam") \
    X(role_training, "role.training") \
    X(role_exhibit, "role.exhibit") \
    X(exam_attract_heading, "exam.attract_heading") \
    X(exam_attract_room, "exam.attract_room") \
    X(exam_attract_prompt, "exam.attract_prompt") \
    X(exam_attract_start, "exam.attract_start") \
    X(exam_id_title, "exam.id_title") \
    X(exam_id_invalid, "exam.id_invalid") \
    X(exam_id_hint, "exam.id_hint") \
    X(exam_ticket_title, "exam.ticket_title") \
    X(exam_ticket_hint, "exam.ticket_hint") \
    X(exam_key_back, "exam.key_back") \
    X(exam_key_clear, "exam.key_clear") \
    X(exam_next, "exam.next") \
    X(exam_cancel, "exam.cancel") \
    X(exam_checking, "exam.checking") \
    X(exam_centre_connecting, "exam.centre_connecting") \
    X(exam_centre_unreachable, "exam.centre_unreachable") \
    X(exam_centre_no_paper, "exam.centre_no_paper") \
    X(exam_centre_refused, "exam.centre_refused") \
    X(exam_error_title, "exam.error_title") \
    X(exam_error_ok, "exam.error_ok") \
    X(exam_storage_full, "exam.storage_full") \
    X(start_storage_full, "start.storage_full") \
    X(exam_storage_error, "exam.storage_error") \
    X(exam_identity_title, "exam.identity_title") \
    X(exam_identity_name, "exam.identity_name") \
    X(exam_identity_sex, "exam.identity_sex") \
    X(exam_identity_id, "exam.identity_id") \
    X(exam_identity_item, "exam.identity_item") \
    X(exam_identity_no_photo, "exam.identity_no_photo") \
    X(exam_identity_yes, "exam.identity_yes") \
    X(exam_identity_no, "exam.identity_no") \
    X(exam_identity_not_me, "exam.identity_not_me") \
    X(exam_rules_title, "exam.rules_title") \
    X(exam_rules_text, "exam.rules_text") \
    X(exam_rules_wait, "exam.rules_wait") \
    X(exam_rules_start, "exam.rules_start") \
    X(exam_q_number, "exam.q_number") \
    X(exam_chosen, "exam.chosen") \
    X(exam_saving, "exam.saving") \
    X(exam_saved, "exam.saved") \
    X(exam_prev, "exam.prev") \
    X(exam_next_q, "exam.next_q") \
    X(exam_mark, "exam.mark") \
    X(exam_unmark, "exam.unmark") \
    X(exam_sheet, "exam.sheet") \
    X(exam_sheet_close, "exam.sheet_close") \
    X(exam_legend_answered, "exam.legend_answered") \
    X(exam_legend_unanswered, "exam.legend_unanswered") \
    X(exam_legend_marked, "exam.legend_marked") \
    X(exam_remaining, "exam.remaining") \
    X(exam_warn_15, "exam.warn_15") \
    X(exam_warn_5, "exam.warn_5") \
    X(exam_submit, "exam.submit") \
    X(exam_paused, "exam.paused") \
    X(exam_confirm_title, "exam.confirm_title") \
    X(exam_confirm_answered, "exam.confirm_answered") \
    X(exam_confirm_unanswered, "exam.confirm_unanswered") \
    X(exam_confirm_marked, "exam.confirm_marked") \
    X(exam_confirm_none, "exam.confirm_none") \
    X(exam_confirm_submit, "exam.confirm_submit") \
    X(exam_confirm_back, "exam.confirm_back") \
    X(exam_title_special, "exam.title_special") \
    X(exam_title_managers, "exam.title_managers") \
    X(exam_rules_summary, "exam.rules_summary") \
    X(exam_timeup_submitted, "exam.timeup_submitted") \
    X(exam_multi_hint, "exam.multi_hint") \
    X(exam_result_title, "exam.result_title") \
    X(exam_result_score, "exam.result_score") \
    X(exam_result_pass, "exam.result_pass") \
    X(exam_result_fail, "exam.result_fail") \
    X(exam_result_line, "exam.result_line") \
    X(exam_result_chapter, "exam.result_chapter") \
    X(exam_result_done, "exam.result_done") \
    X(exam_result_back_in, "exam.result_back_in") \
    X(exam_result_upload_pending, "exam.result_upload_pending") \
    X(exam_result_upload_done, "exam.result_upload_done") \
    X(exam_result_confirmed, "exam.result_confirmed") \
    X(exam_result_centre_differs, "exam.result_centre_differs") \
    X(exam_moved_title, "exam.moved_title") \
    X(exam_moved_text, "exam.moved_text") \
    X(exam_moved_note, "exam.moved_note") \
    X(train_heading, "train.heading") \
    X(train_signin_id, "train.signin_id") \
    X(train_signin_pin, "train.signin_pin") \
    X(train_signin, "train.signin") \
    X(train_wait, "train.wait") \
    X(train_menu_title, "train.menu_title") \
    X(train_chapters, "train.chapters") \
    X(train_chapter_progress, "train.chapter_progress") \
    X(train_random, "train.random") \
    X(train_wrong_book, "train.wrong_book") \
    X(train_wrong_book_title, "train.wrong_book_title") \
    X(train_sign_out, "train.sign_out") \
    X(train_empty, "train.empty") \
    X(train_finished, "train.finished") \
    X(admin_proctor, "admin.proctor") \
    X(exam_paused_title, "exam.paused_title") \
    X(exam_paused_clock, "exam.paused_clock") \
    X(exam_result_cancelled, "exam.result_cancelled") \
    X(exam_result_ended, "exam.result_ended") \
    X(exam_result_end_reason, "exam.result_end_reason") \
    X(keyboard_back, "keyboard.back") \
    X(proctor_signin_title, "proctor.signin_title") \
    X(proctor_login, "proctor.login") \
    X(proctor_password, "proctor.password") \
    X(proctor_signin, "proctor.signin") \
    X(proctor_checking, "proctor.checking") \
    X(proctor_wrong, "proctor.wrong") \
    X(proctor_wait, "proctor.wait") \
    X(proctor_not_proctor, "proctor.not_proctor") \
    X(proctor_title, "proctor.title") \
    X(proctor_sign_out, "proctor.sign_out") \
    X(proctor_col_seat, "proctor.col_seat") \
    X(proctor_col_name, "proctor.col_name") \
    X(proctor_col_state, "proctor.col_state") \
    X(proctor_col_time, "proctor.col_time") \
    X(proctor_col_answered, "proctor.col_answered") \
    X(proctor_col_upload, "proctor.col_upload") \
    X(proctor_upload_done, "proctor.upload_done") \
    X(proctor_upload_lag, "proctor.upload_lag") \
    X(proctor_upload_offline, "proctor.upload_offline") \
    X(proctor_upload_heard, "proctor.upload_heard") \
    X(proctor_upload_silent, "proctor.upload_silent") \
    X(proctor_upload_never, "proctor.upload_never") \
    X(proctor_upload_conflicts, "proctor.upload_conflicts") \
    X(proctor_empty_seat, "proctor.empty_seat") \
    X(proctor_state_scheduled, "proctor.state_scheduled") \
    X(proctor_state_checked_in, "proctor.state_checked_in") \
    X(proctor_state_answering, "proctor.state_answering") \
    X(proctor_state_paused, "proctor.state_paused") \
    X(proctor_state_submitted, "proctor.state_submitted") \
    X(proctor_state_collected, "proctor.state_collected") \
    X(proctor_clock_behind, "proctor.clock_behind") \
    X(proctor_clock_ahead, "proctor.clock_ahead") \
    X(proctor_state_ended, "proctor.state_ended") \
    X(proctor_state_disputed, "proctor.state_disputed") \
    X(proctor_no_sessions, "proctor.no_sessions") \
    X(proctor_pick_seat, "proctor.pick_seat") \
    X(proctor_seat_heading, "proctor.seat_heading") \
    X(proctor_seat_detail, "proctor.seat_detail") \
    X(proctor_seat_time, "proctor.seat_time") \
    X(proctor_pause, "proctor.pause") \
    X(proctor_resume, "proctor.resume") \
    X(proctor_add_time, "proctor.add_time") \
    X(proctor_end, "proctor.end") \
    X(proctor_minutes, "proctor.minutes") \
    X(proctor_reason_prompt, "proctor.reason_prompt") \
    X(proctor_reason_other, "proctor.reason_other") \
    X(proctor_other_hint, "proctor.other_hint") \
    X(proctor_other_done, "proctor.other_done") \
    X(proctor_phrase_power, "proctor.phrase_power") \
    X(proctor_phrase_network, "proctor.phrase_network") \
    X(proctor_phrase_restart, "proctor.phrase_restart") \
    X(proctor_phrase_move, "proctor.phrase_move") \
    X(proctor_phrase_toilet, "proctor.phrase_toilet") \
    X(proctor_phrase_verified, "proctor.phrase_verified") \
    X(proctor_phrase_makeup, "proctor.phrase_makeup") \
    X(proctor_phrase_seat, "proctor.phrase_seat") \
    X(proctor_reason_device, "proctor.reason_device") \
    X(proctor_reason_health, "proctor.reason_health") \
    X(proctor_reason_incident, "proctor.reason_incident") \
    X(proctor_reason_identity, "proctor.reason_identity") \
    X(proctor_end_crib, "proctor.end_crib") \
    X(proctor_end_phone, "proctor.end_phone") \
    X(proctor_end_standin, "proctor.end_standin") \
    X(proctor_end_disobey, "proctor.end_disobey") \
    X(proctor_end_warning, "proctor.end_warning") \
    X(proctor_confirm, "proctor.confirm") \
    X(proctor_cancel, "proctor.cancel") \
    X(proctor_done_pause, "proctor.done_pause") \
    X(proctor_done_resume, "proctor.done_resume") \
    X(proctor_done_add, "proctor.done_add") \
    X(proctor_done_end, "proctor.done_end") \
    X(train_mock, "train.mock") \
    X(train_progress, "train.progress") \
    X(train_mock_title, "train.mock_title") \
    X(train_mock_result, "train.mock_result") \
    X(train_mock_again, "train.mock_again") \
    X(train_mock_shortened, "train.mock_shortened") \
    X(train_mock_review, "train.mock_review") \
    X(train_mock_review_added, "train.mock_review_added") \
    X(train_mock_review_none, "train.mock_review_none") \
    X(train_mock_your_answer, "train.mock_your_answer") \
    X(train_mock_unanswered, "train.mock_unanswered") \
    X(train_progress_title, "train.progress_title") \
    X(train_progress_line, "train.progress_line") \
    X(train_back_menu, "train.back_menu")


enum class Key {
#define SK_KIOSK_KEY_ENUM(id, name) id,
    SK_KIOSK_STRING_KEYS(SK_KIOSK_KEY_ENUM)
#undef SK_KIOSK_KEY_ENUM
};

struct KeyInfo {
    Key key;
    const char* id;   // the identifier in code, e.g. "attract_cta"
    const char* name; // the key in the files, e.g. "attract.cta"
};
const std::vector<KeyInfo>& all_keys();

class I18nError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The exam clock as the kiosk shows it (and the desktop window's preview): 1:05:09, or 05:09 under an hour, for a
// non-negative duration; rounded up to the second.
std::string format_duration(std::int64_t ms);

// The languages built into the program, default first.
const std::vector<std::string>& languages();
// The text of a language file as built into the program; throws I18nError for an unknown language.
std::string_view language_file(std::string_view language);

class Strings {
public:
    // Loads a language built into the program. Throws I18nError naming the language and the problem (unknown
    // language, a key missing, a value that is not a string).
    static Strings load(std::string_view language);
    // Parses a language file's text; `source` names it in errors.
    static Strings parse(std::string_view json_text, const std::string& source);

    const std::string& operator()(Key k) const { return texts_[static_cast<std::size_t>(k)]; }
    // The text with {0}, {1}, … replaced by `args` in order.
    std::string format(Key k, std::initializer_list<std::string> args) const;
    // An exam library refusal in this language, its parameters filled in.
    std::string error(const exam::ExamError& e) const;

    const std::string& language() const { return language_; }
    // Every text (the error texts included), for building font glyphs.
    const std::vector<std::string>& all() const { return texts_; }

private:
    std::string language_;
    std::vector<std::string> texts_; // one per Key, then one per exam::ExamErrc
};

} // namespace sk::kiosk
