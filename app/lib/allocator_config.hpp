#pragma once
/// Transparent huge pages per command: they pay off for `simulate` (gigabytes of small objects,
/// a third less CPU at full scale) and only cost memory for the many small wire processes.

namespace ykt::app {

/// Lets this process, and the processes it starts, back its heap with huge pages, or forbids it.
void allow_huge_pages(bool allow);

}  // namespace ykt::app
