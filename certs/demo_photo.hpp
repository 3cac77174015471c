// A drawn stand-in for a registration photo (证件照): a head-and-shoulders figure on a blue background, made at run
// time as a JPEG (stb_image_write). Used for the specimen certificate, tests and the benchmark; never a real person.
#pragma once

#include <vector>

namespace sk::certs {

// `variant` changes the background shade, hair and clothes so a batch of demo holders does not look identical.
std::vector<unsigned char> demo_photo_jpeg(unsigned variant = 0, int width = 240, int height = 320, int quality = 85);

} // namespace sk::certs
