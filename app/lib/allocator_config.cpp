/// jemalloc's compiled-in options for the `ykt` executable (read before main; see README).
/// Transparent huge pages for heap and allocator metadata: a full-scale simulation holds millions
/// of small objects across gigabytes, and with 4 KiB pages most lookups also miss the TLB.
#ifdef YKT_WITH_JEMALLOC
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface.
const char* malloc_conf = "thp:always,metadata_thp:always";
}
#endif
