#include "admin/cli.hpp"

#include "content/calendar.hpp"

#include "content/installation.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "exam/attempt.hpp"
#include "exam/audit_key.hpp"
#include "exam/city/city.hpp"
#include "exam/exam_service.hpp"
#include "certs/storage/cert_store.hpp"
#include "content/storage/visit_store.hpp"
#include "exam/users.hpp"

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace sk::admin {

std::string database_path(const Context& ctx)
{
    if (!ctx.db.empty()) return ctx.db;
    try {
        return content::default_database_path().string();
    } catch (const std::runtime_error& e) {
        throw std::invalid_argument(std::string(e.what()) + "; give --db PATH");
    }
}

const std::vector<const storage::Schema*>& installation_schemas()
{
    // Every library's tables: an installation always has the whole schema, whichever program opened it first.
    static const std::vector<const storage::Schema*> all{&content::schema(), &content::visits_schema(), &exam::schema(),
                                                         &certs::schema()};
    return all;
}

storage::Database open_database(const Context& ctx, bool create)
{
    const std::filesystem::path path = database_path(ctx);
    if (create && !storage::is_server_locator(path.native()) && path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) throw storage::StorageError(path.parent_path().string() + ": cannot create the folder: " + ec.message());
    }
    return storage::open(path, installation_schemas(), create);
}

namespace {

// One line from stdin with echo off (stdin is a terminal). The prompt goes to stderr.
std::string prompt_hidden(const std::string& prompt)
{
    std::cerr << prompt << std::flush;
    termios old{};
    const bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

bool stdin_is_terminal() { return isatty(STDIN_FILENO) == 1; }

} // namespace

exam::Actor sign_in(const Context& ctx, storage::Database& db)
{
    if (ctx.user.empty())
        throw std::invalid_argument("this command acts as a signed-in user: give --user LOGIN (the password in $" +
                                    std::string(kPasswordVariable) + " or typed at the prompt)");
    exam::UserService users(db);
    if (!users.has_users())
        throw exam::SignInError(exam::ExamErrc::no_users_yet, {}, 0);
    std::string password;
    if (const char* env = std::getenv(kPasswordVariable)) password = env;
    else if (stdin_is_terminal()) password = prompt_hidden("Password for " + ctx.user + ": ");
    else
        throw std::invalid_argument("no password for " + ctx.user + ": set $" + std::string(kPasswordVariable) +
                                    " or run the command in a terminal");
    return users.sign_in(ctx.user, password);
}

std::string new_secret(const char* variable, const std::string& what)
{
    if (const char* env = std::getenv(variable)) return env;
    if (!stdin_is_terminal())
        throw std::invalid_argument("no " + what + ": set $" + std::string(variable) + " or run the command in a terminal");
    auto first = prompt_hidden("New " + what + ": ");
    auto second = prompt_hidden("Type the " + what + " again: ");
    if (first != second) throw std::invalid_argument("the two " + what + "s differ; nothing was changed");
    return first;
}

std::string existing_secret(const char* variable, const std::string& what)
{
    if (const char* env = std::getenv(variable)) return env;
    if (!stdin_is_terminal())
        throw std::invalid_argument("no " + what + ": set $" + std::string(variable) + " or run the command in a terminal");
    return prompt_hidden(what + ": ");
}

std::int64_t resolve_item(const content::Catalogue& catalogue, const std::string& category, const std::string& item)
{
    if (item.empty()) throw std::invalid_argument("give the item with --item (操作项目 or role)");
    std::vector<const content::Item*> found;
    for (const auto& i : catalogue.items)
        if (i.name == item && (category.empty() || i.category == category)) found.push_back(&i);
    if (found.empty())
        throw std::invalid_argument("'" + (category.empty() ? item : category + " / " + item) +
                                    "' is not an item of the catalogue");
    if (found.size() > 1) {
        std::string where;
        for (const auto* i : found) where += (where.empty() ? "" : ", ") + i->category;
        throw std::invalid_argument("'" + item + "' is an item of several categories (" + where + "); add --category");
    }
    return found.front()->id;
}

std::string item_label(const content::Catalogue& catalogue, std::int64_t item_id)
{
    const auto* i = catalogue.find(item_id);
    return i ? i->category + " / " + i->name : "item " + std::to_string(item_id);
}

std::int64_t parse_local_time(const std::string& text, const std::string& what)
{
    if (auto ms = calendar::parse_datetime(text)) return *ms;
    throw std::invalid_argument(what + " '" + text + "' is not a real date and time like \"2026-11-28 09:00\"");
}

std::int64_t parse_local_date(const std::string& text, const std::string& what)
{
    if (auto d = calendar::parse_date(text)) return calendar::ms_of(*d);
    throw std::invalid_argument(what + " '" + text + "' is not a real date like 2026-11-28");
}

std::string local_time(std::int64_t ms) { return calendar::datetime_text(ms); }

std::string format_number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    std::string s = buf;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

std::int64_t candidate_by_id_number(exam::ExamService& svc, const exam::Actor& actor, const std::string& id_number)
{
    std::string id = id_number;
    for (auto& c : id)
        if (c == 'x') c = 'X';
    auto c = svc.candidate_by_id_number(actor, id);
    if (!c) throw CommandError("no candidate has the ID number " + id_number);
    return c->id;
}

std::int64_t attempt_by_id_or_ticket(exam::ExamService& svc, const exam::Actor& actor, const std::string& text)
{
    if (auto a = svc.attempt_by_ticket(actor, text)) return a->id;
    if (!text.empty() && text.size() < 12 && text.find_first_not_of("0123456789") == std::string::npos)
        if (auto a = svc.attempt(actor, std::stoll(text))) return a->id;
    throw CommandError("no attempt has the id or admission ticket " + text);
}

void write_output(const std::string& path, const std::string& content, bool overwrite)
{
    std::error_code ec;
    if (!overwrite && std::filesystem::exists(path, ec))
        throw std::invalid_argument("'" + path + "' exists; add --force to write over it");
    const std::string tmp = path + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw storage::StorageError(path + ": cannot write the file");
        out << content;
        out.close();
        if (!out) throw storage::StorageError(path + ": cannot write the file");
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw storage::StorageError(path + ": cannot write the file: " + ec.message());
}

int run(Context& ctx)
{
    if (!ctx.action) return kUsage;
    try {
        return ctx.action();
    } catch (const storage::StorageError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kStorage;
    } catch (const std::invalid_argument& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kUsage;
    } catch (const exam::SignInError& e) {
        std::cerr << "error: sign-in refused: " << e.what() << "\n";
        return kNotAllowed;
    } catch (const exam::PermissionDenied& e) {
        std::cerr << "error: not allowed: " << e.what() << "\n";
        return kNotAllowed;
    } catch (const exam::ExamError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kBadInput;
    } catch (const CommandError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kBadInput;
    } catch (const exam::AuditKeyError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kBadInput;
    } catch (const exam::IllegalTransition& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kBadInput;
    } catch (const exam::city::CityError& e) {
        std::cerr << "error: " << e.what() << "\n"; // the city tier's refusals name what to do
        return kBadInput;
    } catch (const std::bad_alloc&) {
        std::cerr << "error: out of memory (a file too large for this machine?)\n";
        return kStorage;
    } catch (const std::exception& e) {
        // Anything else (a damaged key file, a printer, a PDF …): the message names the file; never an abort.
        std::cerr << "error: " << e.what() << "\n";
        return kStorage;
    } catch (...) {
        std::cerr << "error: an unexpected failure\n";
        return kStorage;
    }
}

} // namespace sk::admin
