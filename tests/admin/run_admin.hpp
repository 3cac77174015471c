// Runs the built safekiosk-admin program and captures its exit code, stdout and stderr.
#pragma once

#include "tests/support/temp_dir.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace sk::test {

struct AdminRun {
    int code = -1;
    std::string out;
    std::string err;
};

inline std::string shell_quote(const std::string& s)
{
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

// `env` entries are set for the program only ("" unsets the variable). `prefix` runs the program through another
// one (e.g. setpriv to run it as another user).
inline AdminRun run_admin(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                          const std::vector<std::string>& prefix = {})
{
    TempDir capture;
    std::string cmd;
    for (const auto& [k, v] : env) cmd += v.empty() ? "unset " + k + "; " : "export " + k + "=" + shell_quote(v) + "; ";
    for (const auto& p : prefix) cmd += shell_quote(p) + " ";
    cmd += shell_quote(::sk::test::admin_program());
    for (const auto& a : args) cmd += " " + shell_quote(a);
    cmd += " >" + shell_quote((capture / "out").string()) + " 2>" + shell_quote((capture / "err").string()) + " </dev/null";
    int status = std::system(("( " + cmd + " )").c_str());
    AdminRun r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(capture / "out");
    r.err = read_file(capture / "err");
    return r;
}

} // namespace sk::test
