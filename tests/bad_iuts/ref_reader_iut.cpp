/// The reference terminal (models/reader) as a stand-alone IUT.
#include "reader_main.hpp"

int main(int argc, char** argv) {
  return ykt::testing::run_reader(argc, argv);
}
