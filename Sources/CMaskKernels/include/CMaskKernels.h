#ifndef CMASKKERNELS_H
#define CMASKKERNELS_H
#include <stddef.h>
#include <stdint.h>

/// Number of set bits in words[0..<count].
uint64_t ts_popcount(const uint64_t *words, size_t count);

/// Accumulates, for every pair i <= j of the k masks, popcount(masks[i] & masks[j]) over
/// words [begin, end) into counts[i * k + j] (the diagonal gets each mask's own popcount).
/// The range is walked in cache-sized tiles: each tile of every mask is read from memory once,
/// and all pairs of the tile are counted from L1 with 4x4 register blocks.
void ts_pair_counts(const uint64_t *const *masks, size_t k, size_t begin, size_t end, uint64_t *counts);

/// Name of the kernel chosen for this CPU ("avx512-vpopcntdq", "popcnt" or "portable").
const char *ts_kernel_name(void);

#endif
