// safekiosk: the SafeKiosk touch kiosk. Everything is in kiosk/app (run.hpp).
#include "kiosk/app/run.hpp"

int main(int argc, char** argv) { return sk::kiosk::run(argc, argv); }
