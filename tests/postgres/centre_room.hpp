// A room of centre kiosks for the fault tests that stop the centre or the LAN under many answering kiosks
// (tests/postgres/centre_outage_test.cpp): the centre's database with one session of N seats A01…AN and an examinee
// registered at each, the centre's roles and each kiosk's login; and per kiosk a journal of the same exam (each
// attempt under the centre's id) with the outbox on and its examinee checked in at that seat and started.
#pragma once

#include "exam/centre/centre.hpp"
#include "exam/centre/sync.hpp"
#include "exam/idnumber.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/sql.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace sk::test {

struct CentreRoomKiosk {
    std::string id;                   // A01 …
    std::string uri;                  // its login's URI, as its kiosk.json's "centre"
    std::filesystem::path journal;    // its SQLite journal
    std::int64_t attempt = 0;         // its examinee's attempt (the same id at the centre)
};

struct CentreRoom {
    std::string db_uri; // the centre's database, as its owner
    TempDir dir;
    std::vector<CentreRoomKiosk> kiosks;
    std::vector<std::string> roles; // the logins and groups made (DropRoles)

    // `kiosk_server_uri`: the server as the kiosks reach it (its host and port go into their URIs; default db_uri).
    CentreRoom(const std::string& uri, int n, const std::string& kiosk_server_uri = "") : db_uri(uri)
    {
        ExamDbOptions options;
        options.kiosks.clear();
        for (int k = 1; k <= n; ++k) {
            char id[16];
            std::snprintf(id, sizeof id, "A%02d", k);
            options.kiosks.push_back(id);
        }
        // The centre: the session's N seats, 张三 at A01 and one more examinee at each other seat.
        const auto centre_exam = build_exam_db(db_uri, options);
        const auto template_journal = dir / "template.db";
        const auto journal_exam = build_exam_db(template_journal, options);
        REQUIRE(journal_exam.attempt == centre_exam.attempt);
        std::vector<std::string> tickets{journal_exam.ticket}, id_numbers{journal_exam.id_number};
        for (int k = 2; k <= n; ++k) {
            char first17[32];
            std::snprintf(first17, sizeof first17, "11010519800101%03d", k);
            const std::string name = "考生" + std::to_string(k);
            add_examinee(db_uri, name, first17, options.kiosks[k - 1]);
            tickets.push_back(add_examinee(template_journal, name, first17, options.kiosks[k - 1]));
            id_numbers.push_back(std::string(first17) + exam::id_check_character(first17));
        }
        auto db = storage::Database::open(db_uri, false);
        const auto init = exam::centre::init(db);
        roles = {init.roles.exam_kiosk, init.roles.training_kiosk, init.roles.staff};
        for (int k = 0; k < n; ++k) {
            CentreRoomKiosk kiosk;
            kiosk.id = options.kiosks[k];
            const auto folder = dir / kiosk.id;
            std::filesystem::create_directories(folder);
            exam::centre::AddKioskOptions o{kiosk.id, "第一考场", exam::centre::KioskRole::Exam,
                                            folder / "centre.pgpass", false, 1};
            const auto added =
                exam::centre::add_kiosk(db, kiosk_server_uri.empty() ? db_uri : kiosk_server_uri, o);
            roles.push_back(added.kiosk.login);
            kiosk.uri = added.centre_uri;
            // The kiosk's journal: a copy of the exam (the template is closed: no WAL left beside it).
            kiosk.journal = folder / "journal.db";
            std::filesystem::copy_file(template_journal, kiosk.journal);
            // Its audit key folder beside it (DB.keys) too.
            std::filesystem::copy(template_journal.string() + ".keys", kiosk.journal.string() + ".keys", std::filesystem::copy_options::recursive);
            auto j = open_exam_db(kiosk.journal);
            exam::centre::enable_outbox(j);
            exam::ExamService svc(j);
            kiosk.attempt = svc.check_in(id_numbers[k], tickets[k], kiosk.id, "第一考场");
            svc.confirm_identity(kiosk.attempt);
            svc.show_instructions(kiosk.attempt);
            svc.start(kiosk.attempt);
            // The same attempt at the centre, seated at this kiosk.
            REQUIRE(scalar(db, "SELECT count(*) FROM attempt WHERE id = " + std::to_string(kiosk.attempt) +
                                   " AND kiosk = '" + kiosk.id + "'") == 1);
            kiosks.push_back(std::move(kiosk));
        }
    }
};

} // namespace sk::test
