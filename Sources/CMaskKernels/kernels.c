#include "CMaskKernels.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* Words per tile: 8 masks x 512 words x 8 bytes = 32 KiB, about one L1 data cache. */
enum { TILE_WORDS = 512 };

/* ---- portable and POPCNT versions -------------------------------------------------- */

#define DEFINE_SCALAR_KERNELS(SUFFIX, ATTR)                                                   \
    ATTR static uint64_t popcount_##SUFFIX(const uint64_t *w, size_t n) {                     \
        uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;                                              \
        size_t i = 0;                                                                         \
        for (; i + 4 <= n; i += 4) {                                                          \
            s0 += (uint64_t)__builtin_popcountll(w[i]);                                       \
            s1 += (uint64_t)__builtin_popcountll(w[i + 1]);                                   \
            s2 += (uint64_t)__builtin_popcountll(w[i + 2]);                                   \
            s3 += (uint64_t)__builtin_popcountll(w[i + 3]);                                   \
        }                                                                                     \
        for (; i < n; i++) s0 += (uint64_t)__builtin_popcountll(w[i]);                        \
        return s0 + s1 + s2 + s3;                                                             \
    }                                                                                         \
    ATTR static uint64_t and_count_##SUFFIX(const uint64_t *a, const uint64_t *b, size_t n) { \
        uint64_t s0 = 0, s1 = 0;                                                              \
        size_t i = 0;                                                                         \
        for (; i + 2 <= n; i += 2) {                                                          \
            s0 += (uint64_t)__builtin_popcountll(a[i] & b[i]);                                \
            s1 += (uint64_t)__builtin_popcountll(a[i + 1] & b[i + 1]);                        \
        }                                                                                     \
        for (; i < n; i++) s0 += (uint64_t)__builtin_popcountll(a[i] & b[i]);                 \
        return s0 + s1;                                                                       \
    }

DEFINE_SCALAR_KERNELS(portable, )
#if defined(__x86_64__)
DEFINE_SCALAR_KERNELS(popcnt, __attribute__((target("popcnt"))))
#endif

static void pair_tile_scalar(uint64_t (*and_count)(const uint64_t *, const uint64_t *, size_t),
                             const uint64_t *const *m, size_t k, size_t off, size_t n, uint64_t *counts) {
    for (size_t i = 0; i < k; i++)
        for (size_t j = i; j < k; j++) counts[i * k + j] += and_count(m[i] + off, m[j] + off, n);
}

/* ---- AVX-512 VPOPCNTDQ version ------------------------------------------------------ */
#if defined(__x86_64__)
#define AVX512_ATTR __attribute__((target("avx512f,avx512vpopcntdq")))

AVX512_ATTR static uint64_t popcount_avx512(const uint64_t *w, size_t n) {
    __m512i acc = _mm512_setzero_si512();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(_mm512_loadu_si512(w + i)));
    uint64_t s = (uint64_t)_mm512_reduce_add_epi64(acc);
    for (; i < n; i++) s += (uint64_t)__builtin_popcountll(w[i]);
    return s;
}

/* Counts the pairs of row block [r, r+R) x column block [c, c+C) over n words (n % 8 == 0),
   keeping the R*C accumulators in registers and loading each vector of each mask once. */
#define DEFINE_BLOCK(R, C)                                                                                \
    AVX512_ATTR static void block_##R##x##C(const uint64_t *const *m, size_t r, size_t c, size_t off,      \
                                             size_t n, size_t k, uint64_t *counts) {                      \
        __m512i acc[R][C];                                                                                \
        for (int a = 0; a < R; a++)                                                                       \
            for (int b = 0; b < C; b++) acc[a][b] = _mm512_setzero_si512();                               \
        for (size_t i = 0; i < n; i += 8) {                                                               \
            __m512i row[R], col[C];                                                                       \
            for (int a = 0; a < R; a++) row[a] = _mm512_loadu_si512(m[r + a] + off + i);                  \
            for (int b = 0; b < C; b++) col[b] = _mm512_loadu_si512(m[c + b] + off + i);                  \
            for (int a = 0; a < R; a++)                                                                   \
                for (int b = 0; b < C; b++)                                                               \
                    acc[a][b] = _mm512_add_epi64(acc[a][b], _mm512_popcnt_epi64(_mm512_and_si512(row[a], col[b]))); \
        }                                                                                                 \
        for (int a = 0; a < R; a++)                                                                       \
            for (int b = 0; b < C; b++)                                                                   \
                if (c + b >= r + a) counts[(r + a) * k + (c + b)] += (uint64_t)_mm512_reduce_add_epi64(acc[a][b]); \
    }
DEFINE_BLOCK(4, 4)

AVX512_ATTR static uint64_t and_count_avx512(const uint64_t *a, const uint64_t *b, size_t n) {
    __m512i acc = _mm512_setzero_si512();
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i))));
    uint64_t s = (uint64_t)_mm512_reduce_add_epi64(acc);
    for (; i < n; i++) s += (uint64_t)__builtin_popcountll(a[i] & b[i]);
    return s;
}

AVX512_ATTR static void pair_tile_avx512(const uint64_t *const *m, size_t k, size_t off, size_t n, uint64_t *counts) {
    size_t vec = n & ~(size_t)7;
    size_t full = k & ~(size_t)3; /* masks covered by whole 4x4 blocks */
    if (vec > 0) {
        for (size_t r = 0; r < full; r += 4)
            for (size_t c = r; c < full; c += 4) block_4x4(m, r, c, off, vec, k, counts);
        /* pairs that touch the last k % 4 masks */
        for (size_t i = 0; i < k; i++)
            for (size_t j = (i < full ? full : i); j < k; j++) counts[i * k + j] += and_count_avx512(m[i] + off, m[j] + off, vec);
    }
    if (vec < n) pair_tile_scalar(and_count_popcnt, m, k, off + vec, n - vec, counts);
}
#endif

/* ---- dispatch ------------------------------------------------------------------------ */

typedef enum { KERNEL_UNSET, KERNEL_PORTABLE, KERNEL_POPCNT, KERNEL_AVX512 } kernel_t;
static kernel_t chosen = KERNEL_UNSET;

static kernel_t kernel(void) {
    kernel_t current = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (current == KERNEL_UNSET) {
        kernel_t k = KERNEL_PORTABLE;
#if defined(__x86_64__)
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq")) k = KERNEL_AVX512;
        else if (__builtin_cpu_supports("popcnt")) k = KERNEL_POPCNT;
#endif
        __atomic_store_n(&chosen, k, __ATOMIC_RELAXED); /* racing threads store the same value */
        current = k;
    }
    return current;
}

const char *ts_kernel_name(void) {
    switch (kernel()) {
    case KERNEL_AVX512: return "avx512-vpopcntdq";
    case KERNEL_POPCNT: return "popcnt";
    default: return "portable";
    }
}

uint64_t ts_popcount(const uint64_t *words, size_t count) {
    switch (kernel()) {
#if defined(__x86_64__)
    case KERNEL_AVX512: return popcount_avx512(words, count);
    case KERNEL_POPCNT: return popcount_popcnt(words, count);
#endif
    default: return popcount_portable(words, count);
    }
}

void ts_pair_counts(const uint64_t *const *masks, size_t k, size_t begin, size_t end, uint64_t *counts) {
    kernel_t kind = kernel();
    for (size_t off = begin; off < end; off += TILE_WORDS) {
        size_t n = end - off < TILE_WORDS ? end - off : TILE_WORDS;
        switch (kind) {
#if defined(__x86_64__)
        case KERNEL_AVX512: pair_tile_avx512(masks, k, off, n, counts); break;
        case KERNEL_POPCNT: pair_tile_scalar(and_count_popcnt, masks, k, off, n, counts); break;
#endif
        default: pair_tile_scalar(and_count_portable, masks, k, off, n, counts); break;
        }
    }
}
