#ifndef CMASKKERNELS_H
#define CMASKKERNELS_H
#include <stddef.h>
#include <stdint.h>

/// Number of set bits in words[0..<count].
uint64_t ts_popcount(const uint64_t *words, size_t count);

/// Accumulates, for every pair i <= j of the k masks, popcount(masks[i] & masks[j]) over
/// words [begin, end) into counts[i * k + j] (the diagonal gets each mask's own popcount).
/// The range is walked in cache-sized tiles: each tile of every mask is read from memory once,
/// and all pairs of the tile are counted from L1 (AVX-512: 4x4 register blocks of VPOPCNTQ;
/// AVX2: Harley-Seal carry-save trees, two pairs at a time). Needs no memory beyond the stack.
void ts_pair_counts(const uint64_t *const *masks, size_t k, size_t begin, size_t end, uint64_t *counts);

/// Name of the kernel chosen for this CPU ("avx512-vpopcntdq", "avx2", "popcnt" or "portable").
const char *ts_kernel_name(void);

/// The popcount kernels, fastest last.
typedef enum { TS_KERNEL_PORTABLE = 0, TS_KERNEL_POPCNT = 1, TS_KERNEL_AVX2 = 2, TS_KERNEL_AVX512 = 3 } ts_kernel;

/// The kernel chosen for this CPU: AVX-512 VPOPCNTDQ, else AVX2 (Harley-Seal, vpshufb nibble counts), else POPCNT, else portable.
ts_kernel ts_best_kernel(void);
/// Whether this CPU can run kernel k (nonzero) or not (0).
int ts_kernel_supported(ts_kernel k);
/// The name of kernel k.
const char *ts_kernel_label(ts_kernel k);
/// ts_popcount with a given kernel, which the CPU must support.
uint64_t ts_popcount_with(ts_kernel k, const uint64_t *words, size_t count);
/// ts_pair_counts with a given kernel, which the CPU must support.
void ts_pair_counts_with(ts_kernel kind, const uint64_t *const *masks, size_t k, size_t begin, size_t end, uint64_t *counts);

/// Packs count bytes (nonzero = kept) into (count + 63) / 64 words: byte j -> bit j % 64 of word j / 64,
/// trailing bits zero. Returns -1, or with strict set the index of the first byte other than 0 and 1.
int64_t ts_pack_bytes(const uint8_t *bytes, size_t count, uint64_t *words, int strict);
/// The packing level this CPU supports: 2 AVX-512 BW, 1 AVX2, 0 portable.
int ts_pack_level(void);
/// Packs count little-endian 16-bit floats (float16 or bfloat16, given by the bit patterns of +infinity and 1.0)
/// into bits, kept = magnitude nonzero. Returns nonzero when an element is a NaN or, with binary set, kept but
/// not 1.0 (the caller then finds which).
int ts_pack_halves(const uint16_t *h, size_t count, uint64_t *words, uint16_t infinity, uint16_t one, int binary);
/// ts_pack_halves at a given level (at most ts_pack_level()).
int ts_pack_halves_with(int level, const uint16_t *h, size_t count, uint64_t *words, uint16_t infinity, uint16_t one, int binary);
/// ts_pack_bytes at a given level (at most ts_pack_level()).
int64_t ts_pack_bytes_with(int level, const uint8_t *bytes, size_t count, uint64_t *words, int strict);

#endif
