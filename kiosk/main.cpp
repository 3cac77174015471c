// safekiosk: the SafeKiosk touch kiosk. Everything is in kiosk/app (run.hpp).
#include "kiosk/app/run.hpp"

#include <exception>
#include <iostream>

int main(int argc, char** argv)
{
    // run() reports the errors it expects; anything else ends with a message and exit code 3, never an abort.
    try {
        return sk::kiosk::run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "safekiosk: " << e.what() << "\n";
    } catch (...) {
        std::cerr << "safekiosk: an unexpected failure\n";
    }
    return 3;
}
