// Launch steps for the benchmarks: with SAFEKIOSK_FRAME_LOG set (first or all), each step of the start-up prints
// "safekiosk: launch: STEP at monotonic T ms, CPU C ms" to standard error (C: the process's processor time so
// far), so that a slow launch shows where its time went.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace sk::kiosk {

inline void log_launch_step(const char* step)
{
    static const bool on = std::getenv("SAFEKIOSK_FRAME_LOG") != nullptr;
    if (!on) return;
    timespec mono{}, cpu{};
    clock_gettime(CLOCK_MONOTONIC, &mono);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    std::fprintf(stderr, "safekiosk: launch: %s at monotonic %.3f ms, CPU %.3f ms\n", step,
                 mono.tv_sec * 1e3 + mono.tv_nsec / 1e6, cpu.tv_sec * 1e3 + cpu.tv_nsec / 1e6);
}

} // namespace sk::kiosk
