/// jemalloc's compiled-in options for the `ykt` executable (read before main; see README), and the
/// per-process switch for transparent huge pages.
#include "allocator_config.hpp"

#include <sys/prctl.h>

#ifdef YKT_WITH_JEMALLOC
extern "C" {
// The name and type are jemalloc's interface. Heap and allocator metadata are advised onto
// transparent huge pages: a full-scale simulation holds millions of small objects across
// gigabytes, and with 4 KiB pages most lookups also miss the TLB. Whether the kernel honours the
// advice is decided per process by allow_huge_pages().
const char* malloc_conf = "thp:always,metadata_thp:always";
}
#endif

namespace ykt::app {

void allow_huge_pages(bool allow) {
  // PR_SET_THP_DISABLE is inherited by children: `ykt up` and `ykt demo` pass it to their nodes.
  (void)prctl(PR_SET_THP_DISABLE, allow ? 0UL : 1UL, 0UL, 0UL, 0UL);
}

}  // namespace ykt::app
