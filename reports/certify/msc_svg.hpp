#pragma once
/// A message sequence chart of one case as inline SVG: one lifeline per actor, one arrow per
/// envelope in time order, labelled with its type and status.
#include <string>
#include <vector>

#include "recorder.hpp"

namespace ykt::reports {

/// The chart of `msgs` (at most `max_arrows` drawn, the rest counted in a note).
std::string msc_svg(const std::vector<certify::RecordedMessage>& msgs, std::size_t max_arrows = 80);

}  // namespace ykt::reports
