// The figures of a bench program, printed twice: a table for people as each figure is measured, and at the end one
// machine-readable line per figure that scripts/bench collects into docs/benchmarks.md:
//
//     FIGURE|<name>|<value>|<unit>|<target>|<baseline or empty>
//
// <target> is "<=N" (lower is better), ">=N" (higher is better) or empty (a figure shown for information);
// <baseline> is what the figure is compared with on the same machine (e.g. a bare fsync beside a durable answer),
// in the same unit, or empty. Names are unique within a program and hold no '|'.
//
// Use:
//     sk::bench::Report report("exam_bench");
//     report.at_most("record an answer durably (median of 300)", ms, "ms", 3.0, fsync_ms);
//     report.info("index a 50,000-question bank", ms, "ms");
//     return report.finish(); // prints the FIGURE lines; 0
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace sk::bench {

class Report {
public:
    explicit Report(std::string program) : program_(std::move(program))
    {
        std::printf("%s\n", program_.c_str());
    }
    Report(const Report&) = delete;
    Report& operator=(const Report&) = delete;
    ~Report()
    {
        if (!finished_) finish();
    }

    // Lower is better: met when value <= target.
    void at_most(const std::string& name, double value, const std::string& unit, double target,
                 std::optional<double> baseline = std::nullopt)
    {
        add({name, value, unit, "<=", target, baseline});
    }
    // Higher is better: met when value >= target.
    void at_least(const std::string& name, double value, const std::string& unit, double target,
                  std::optional<double> baseline = std::nullopt)
    {
        add({name, value, unit, ">=", target, baseline});
    }
    // No target: shown for information (a cost paid once, a reference measurement).
    void info(const std::string& name, double value, const std::string& unit,
              std::optional<double> baseline = std::nullopt)
    {
        add({name, value, unit, "", 0, baseline});
    }
    // A line of context for people only (not a figure).
    void note(const std::string& text) { std::printf("  %s\n", text.c_str()); }

    // Targets missed so far.
    int missed() const
    {
        int n = 0;
        for (const auto& f : figures_)
            if (!f.met()) ++n;
        return n;
    }

    // Prints the machine-readable lines. Returns 0: a missed target is reported, not an error of the program.
    int finish()
    {
        finished_ = true;
        std::printf("\n");
        for (const auto& f : figures_) {
            std::printf("FIGURE|%s|%s|%s|%s|%s\n", clean(f.name).c_str(), number(f.value).c_str(), clean(f.unit).c_str(),
                        f.op.empty() ? "" : (f.op + number(f.target)).c_str(),
                        f.baseline ? number(*f.baseline).c_str() : "");
        }
        std::fflush(stdout);
        return 0;
    }

private:
    struct Figure {
        std::string name;
        double value;
        std::string unit;
        std::string op; // "<=", ">=" or ""
        double target;
        std::optional<double> baseline;
        bool met() const { return op.empty() || (op == "<=" ? value <= target : value >= target); }
    };

    static std::string number(double v)
    {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return buf;
    }
    static std::string clean(std::string s)
    {
        for (char& c : s)
            if (c == '|' || c == '\n' || c == '\r') c = '/';
        return s;
    }

    void add(Figure f)
    {
        std::string target = f.op.empty() ? "" : "target " + f.op + " " + number(f.target) + " " + f.unit;
        std::string baseline = f.baseline ? "  (baseline " + number(*f.baseline) + " " + f.unit + ")" : "";
        std::printf("  %-68s %11.3f %-4s %-20s %s%s\n", f.name.c_str(), f.value, f.unit.c_str(), target.c_str(),
                    f.op.empty() ? "" : f.met() ? "met" : "MISSED", baseline.c_str());
        std::fflush(stdout);
        figures_.push_back(std::move(f));
    }

    std::string program_;
    std::vector<Figure> figures_;
    bool finished_ = false;
};

} // namespace sk::bench
