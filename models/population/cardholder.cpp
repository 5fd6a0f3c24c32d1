#include "cardholder.hpp"

namespace ykt::population {

std::string_view to_string(MedicalScheme s) {
  return s == MedicalScheme::employee ? "employee" : "resident";
}

std::string_view to_string(Sex s) {
  return s == Sex::male ? "M" : "F";
}

}  // namespace ykt::population
