// The safekiosk program: parses the command line, reads the configuration, opens the database, loads the role's
// content and runs the kiosk in a window or a headless script. main.cpp only calls run().
#pragma once

namespace sk::kiosk {

// Exit codes: 0 done; 1 a headless expectation failed; 2 a usage, configuration, storage, font or script error
// (the message names what is wrong).
int run(int argc, char** argv);

} // namespace sk::kiosk
