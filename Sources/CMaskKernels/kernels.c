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


/* ---- AVX2 version: the vpshufb nibble popcount (Muła, Kurz, Lemire 2018) ------------------ */
#if defined(__x86_64__)
#define AVX2_ATTR __attribute__((target("avx2,popcnt")))

/* Per-byte popcounts of v: two 16-entry table lookups, one per nibble. */
AVX2_ATTR static inline __m256i popcount_bytes_avx2(__m256i v) {
    const __m256i table = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                           0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    const __m256i low = _mm256_set1_epi8(0x0F);
    __m256i lo = _mm256_and_si256(v, low), hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);
    return _mm256_add_epi8(_mm256_shuffle_epi8(table, lo), _mm256_shuffle_epi8(table, hi));
}

/* Byte counters reach at most 8 per vector, so 31 vectors fit in a byte before vpsadbw folds them into
   64-bit lanes. */
enum { AVX2_FOLD = 31 };

AVX2_ATTR static uint64_t popcount_avx2(const uint64_t *w, size_t n) {
    __m256i total = _mm256_setzero_si256();
    size_t vectors = n / 4, i = 0;
    while (i < vectors) {
        size_t end = i + AVX2_FOLD < vectors ? i + AVX2_FOLD : vectors;
        __m256i bytes = _mm256_setzero_si256();
        for (; i < end; i++) bytes = _mm256_add_epi8(bytes, popcount_bytes_avx2(_mm256_loadu_si256((const __m256i *)(w + 4 * i))));
        total = _mm256_add_epi64(total, _mm256_sad_epu8(bytes, _mm256_setzero_si256()));
    }
    uint64_t s = (uint64_t)_mm256_extract_epi64(total, 0) + (uint64_t)_mm256_extract_epi64(total, 1)
        + (uint64_t)_mm256_extract_epi64(total, 2) + (uint64_t)_mm256_extract_epi64(total, 3);
    for (size_t j = 4 * vectors; j < n; j++) s += (uint64_t)__builtin_popcountll(w[j]);
    return s;
}

AVX2_ATTR static inline uint64_t sum_lanes_avx2(__m256i v) {
    return (uint64_t)_mm256_extract_epi64(v, 0) + (uint64_t)_mm256_extract_epi64(v, 1)
        + (uint64_t)_mm256_extract_epi64(v, 2) + (uint64_t)_mm256_extract_epi64(v, 3);
}

/* Per-lane popcounts of v as four 64-bit lanes. */
AVX2_ATTR static inline __m256i popcount_lanes_avx2(__m256i v) {
    return _mm256_sad_epu8(popcount_bytes_avx2(v), _mm256_setzero_si256());
}

/* One carry-save adder: (high, low) = a + b + c bitwise. */
#define CSA_AVX2(high, low, a, b, c)                                                       \
    do {                                                                                   \
        __m256i u_ = _mm256_xor_si256(a, b);                                               \
        high = _mm256_or_si256(_mm256_and_si256(a, b), _mm256_and_si256(u_, c));          \
        low = _mm256_xor_si256(u_, c);                                                     \
    } while (0)

/* The Harley-Seal count of one pair between rounds: for each of the 256 bit lanes, bit-sliced counters of weight
   1, 2, 4 and 8, and in `total` the number of carries of weight 16 counted so far (four 64-bit lanes). */
typedef struct { __m256i ones, twos, fours, eights, total; } pair_state_avx2;

/* One round of S pairs: adds popcount(a[s] & b[s]) over 16 vectors (64 words) to st[s]. Each pair's 16 inputs go
   through 15 carry-save adders arranged as a Wallace tree (the classic Harley-Seal order threads `ones` through
   all 15, a chain of 16 dependent operations per round): the inputs are reduced among themselves first and the
   stored counters join last as the adders' first operand, so the chain from one round to the next is a single
   adder per weight and the deepest value enters each adder where it waits least. The S pairs' adders are
   interleaved for the same reason: with two-cycle logic latency (Zen 5) the four vector pipes need about eight
   independent operations in flight. */
#define DEFINE_ROUND_AVX2(S)                                                                                   \
    AVX2_ATTR static inline void round_avx2_##S(pair_state_avx2 *const *st, const uint64_t *const *a,          \
                                                const uint64_t *const *b) {                                    \
        __m256i c0[S], s0[S], c1[S], s1[S], c2[S], s2[S], c3[S], s3[S], c4[S], s4[S], c5[S], s5[S];            \
        __m256i c6[S], s6[S], c7[S], ones[S], d0[S], t0[S], d1[S], t1[S], d2[S], t2[S], d3[S], twos[S];         \
        __m256i e0[S], f0[S], e1[S], fours[S], sixteens[S], eights[S];                                          \
        for (int s = 0; s < S; s++) CSA_AVX2(c0[s], s0[s], AND_AVX2(s, 0), AND_AVX2(s, 1), AND_AVX2(s, 2));     \
        for (int s = 0; s < S; s++) CSA_AVX2(c1[s], s1[s], AND_AVX2(s, 3), AND_AVX2(s, 4), AND_AVX2(s, 5));     \
        for (int s = 0; s < S; s++) CSA_AVX2(c2[s], s2[s], AND_AVX2(s, 6), AND_AVX2(s, 7), AND_AVX2(s, 8));     \
        for (int s = 0; s < S; s++) CSA_AVX2(c5[s], s5[s], s0[s], s1[s], s2[s]);                                \
        for (int s = 0; s < S; s++) CSA_AVX2(d0[s], t0[s], c0[s], c1[s], c2[s]);                                \
        for (int s = 0; s < S; s++) CSA_AVX2(c3[s], s3[s], AND_AVX2(s, 9), AND_AVX2(s, 10), AND_AVX2(s, 11));   \
        for (int s = 0; s < S; s++) CSA_AVX2(c4[s], s4[s], AND_AVX2(s, 12), AND_AVX2(s, 13), AND_AVX2(s, 14));  \
        for (int s = 0; s < S; s++) CSA_AVX2(c6[s], s6[s], AND_AVX2(s, 15), s3[s], s4[s]);                      \
        for (int s = 0; s < S; s++) CSA_AVX2(c7[s], ones[s], st[s]->ones, s5[s], s6[s]);                        \
        for (int s = 0; s < S; s++) CSA_AVX2(d1[s], t1[s], c3[s], c4[s], c5[s]);                                \
        for (int s = 0; s < S; s++) CSA_AVX2(d2[s], t2[s], st[s]->twos, c6[s], c7[s]);                          \
        for (int s = 0; s < S; s++) CSA_AVX2(d3[s], twos[s], t0[s], t1[s], t2[s]);                              \
        for (int s = 0; s < S; s++) CSA_AVX2(e0[s], f0[s], d0[s], d1[s], d2[s]);                                \
        for (int s = 0; s < S; s++) CSA_AVX2(e1[s], fours[s], st[s]->fours, f0[s], d3[s]);                      \
        for (int s = 0; s < S; s++) CSA_AVX2(sixteens[s], eights[s], st[s]->eights, e0[s], e1[s]);              \
        for (int s = 0; s < S; s++) {                                                                           \
            st[s]->total = _mm256_add_epi64(st[s]->total, popcount_lanes_avx2(sixteens[s]));                    \
            st[s]->ones = ones[s]; st[s]->twos = twos[s]; st[s]->fours = fours[s]; st[s]->eights = eights[s];   \
        }                                                                                                       \
    }
#define AND_AVX2(s, q) _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(a[s] + 4 * (q))), _mm256_loadu_si256((const __m256i *)(b[s] + 4 * (q))))
DEFINE_ROUND_AVX2(2)
DEFINE_ROUND_AVX2(1)
#undef AND_AVX2

/* The count a pair's state holds. */
AVX2_ATTR static uint64_t pair_state_count_avx2(const pair_state_avx2 *st) {
    __m256i t = _mm256_slli_epi64(st->total, 4);
    t = _mm256_add_epi64(t, _mm256_slli_epi64(popcount_lanes_avx2(st->eights), 3));
    t = _mm256_add_epi64(t, _mm256_slli_epi64(popcount_lanes_avx2(st->fours), 2));
    t = _mm256_add_epi64(t, _mm256_slli_epi64(popcount_lanes_avx2(st->twos), 1));
    t = _mm256_add_epi64(t, popcount_lanes_avx2(st->ones));
    return sum_lanes_avx2(t);
}

/* Pairs per block: their states (10 KiB) stay in L1 while a tile is counted. */
enum { AVX2_BLOCK_PAIRS = 64 };

/* The pair after (i, j) in row-major upper-triangular order. */
static inline void next_pair(size_t k, size_t *i, size_t *j) {
    if (++*j == k) *j = ++*i;
}

/* Counts pairs [first, first + count) (row-major upper-triangular order, the first being (i0, j0)) over the whole
   rounds of the tile [off, off + n), two pairs per call, into their states st[0..<count]; prefetches `per_call`
   lines of the next tile per call from *line on (lines are numbered mask by mask, lines_per_mask each). */
AVX2_ATTR static void block_rounds_avx2(const uint64_t *const *m, size_t k, size_t i0, size_t j0, size_t count,
                                        size_t off, size_t n, pair_state_avx2 *st, size_t next, size_t lines_per_mask,
                                        size_t per_call, size_t *line) {
    size_t lines = k * lines_per_mask;
    for (size_t r = off; r < off + n; r += 64) {
        size_t i = i0, j = j0, p = 0;
        for (; p + 1 < count; p += 2) {
            pair_state_avx2 *s[2] = { &st[p], &st[p + 1] };
            const uint64_t *a[2], *b[2];
            a[0] = m[i] + r, b[0] = m[j] + r;
            next_pair(k, &i, &j);
            a[1] = m[i] + r, b[1] = m[j] + r;
            next_pair(k, &i, &j);
            round_avx2_2(s, a, b);
            for (size_t q = 0; q < per_call && *line < lines; q++, ++*line)
                _mm_prefetch((const char *)(m[*line / lines_per_mask] + next + 8 * (*line % lines_per_mask)), _MM_HINT_T0);
        }
        if (p < count) {
            pair_state_avx2 *s[1] = { &st[p] };
            const uint64_t *a[1] = { m[i] + r }, *b[1] = { m[j] + r };
            round_avx2_1(s, a, b);
        }
    }
}

/* All pairs over words [begin, end). The whole rounds (64 words) are walked tile by tile like the other kernels
   and, within a tile, round by round over blocks of at most AVX2_BLOCK_PAIRS pairs, two pairs per call, so that
   consecutive calls are independent and overlap. With one block (K <= 10) the states live through the whole
   range; with more, each block's states are counted out at the end of every tile (about 5 % more work). While a
   tile is counted, its successor is prefetched into L1 mask by mask (the hardware prefetchers alone fall behind
   on K interleaved streams). The words after the last whole round go to the POPCNT kernel. */
AVX2_ATTR static void pair_range_avx2(const uint64_t *const *m, size_t k, size_t begin, size_t end, uint64_t *counts) {
    size_t pairs = k * (k + 1) / 2, rounds_end = begin + ((end - begin) & ~(size_t)63);
    int one_block = pairs <= AVX2_BLOCK_PAIRS;
    pair_state_avx2 st[AVX2_BLOCK_PAIRS];
    const pair_state_avx2 zero = { _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                                   _mm256_setzero_si256(), _mm256_setzero_si256() };
    if (one_block)
        for (size_t p = 0; p < pairs; p++) st[p] = zero;
    for (size_t off = begin; off < rounds_end; off += TILE_WORDS) {
        size_t n = rounds_end - off < TILE_WORDS ? rounds_end - off : TILE_WORDS, next = off + n;
        size_t lines_per_mask = (rounds_end - next < TILE_WORDS ? rounds_end - next : TILE_WORDS) / 8, line = 0;
        size_t calls = (n / 64) * ((pairs + 1) / 2), per_call = (k * lines_per_mask + calls - 1) / calls;
        size_t i = 0, j = 0;
        for (size_t first = 0; first < pairs; first += AVX2_BLOCK_PAIRS) {
            size_t count = pairs - first < AVX2_BLOCK_PAIRS ? pairs - first : AVX2_BLOCK_PAIRS;
            if (!one_block)
                for (size_t p = 0; p < count; p++) st[p] = zero;
            block_rounds_avx2(m, k, i, j, count, off, n, st, next, lines_per_mask, per_call, &line);
            size_t ci = i, cj = j;
            for (size_t p = 0; p < count; p++, next_pair(k, &ci, &cj))
                if (!one_block) counts[ci * k + cj] += pair_state_count_avx2(&st[p]);
            i = ci, j = cj;
        }
    }
    if (one_block) {
        size_t i = 0, j = 0;
        for (size_t p = 0; p < pairs; p++, next_pair(k, &i, &j)) counts[i * k + j] += pair_state_count_avx2(&st[p]);
    }
    if (rounds_end < end) pair_tile_scalar(and_count_popcnt, m, k, rounds_end, end - rounds_end, counts);
}
#endif

/* ---- packing bytes into bits ------------------------------------------------------------- */

/* Portable: eight bytes at a time; bit 7 of each byte of `high` says "nonzero", one multiply gathers them. */
static uint64_t pack8_portable(uint64_t x) {
    uint64_t high = (((x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | x) & 0x8080808080808080ULL;
    return ((high >> 7) * 0x0102040810204080ULL) >> 56;
}

static uint64_t pack_words_portable(const uint8_t *bytes, size_t words, uint64_t *out) {
    uint64_t seen = 0;
    for (size_t w = 0; w < words; w++) {
        uint64_t word = 0;
        for (int g = 0; g < 8; g++) {
            uint64_t x;
            __builtin_memcpy(&x, bytes + 64 * w + 8 * g, 8);
            seen |= x;
            word |= pack8_portable(x) << (8 * g);
        }
        out[w] = word;
    }
    return seen;
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static uint64_t pack_words_avx2(const uint8_t *bytes, size_t words, uint64_t *out) {
    __m256i seen = _mm256_setzero_si256(), zero = _mm256_setzero_si256();
    for (size_t w = 0; w < words; w++) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(bytes + 64 * w));
        __m256i b = _mm256_loadu_si256((const __m256i *)(bytes + 64 * w + 32));
        seen = _mm256_or_si256(seen, _mm256_or_si256(a, b));
        uint32_t za = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, zero));
        uint32_t zb = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, zero));
        out[w] = ~((uint64_t)za | (uint64_t)zb << 32);
    }
    uint64_t lanes[4];
    _mm256_storeu_si256((__m256i *)lanes, seen);
    return lanes[0] | lanes[1] | lanes[2] | lanes[3];
}

__attribute__((target("avx512f,avx512bw"))) static uint64_t pack_words_avx512(const uint8_t *bytes, size_t words, uint64_t *out) {
    __m512i seen = _mm512_setzero_si512();
    for (size_t w = 0; w < words; w++) {
        __m512i v = _mm512_loadu_si512(bytes + 64 * w);
        seen = _mm512_or_si512(seen, v);
        out[w] = (uint64_t)_mm512_test_epi8_mask(v, v);
    }
    uint64_t lanes[8];
    _mm512_storeu_si512(lanes, seen);
    return lanes[0] | lanes[1] | lanes[2] | lanes[3] | lanes[4] | lanes[5] | lanes[6] | lanes[7];
}
#endif

/* ---- dispatch ------------------------------------------------------------------------ */

static int supported(ts_kernel k) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    switch (k) {
    case TS_KERNEL_AVX512: return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
    case TS_KERNEL_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
    case TS_KERNEL_POPCNT: return __builtin_cpu_supports("popcnt");
    case TS_KERNEL_PORTABLE: return 1;
    }
    return 0;
#else
    return k == TS_KERNEL_PORTABLE;
#endif
}

int ts_kernel_supported(ts_kernel k) { return supported(k); }

ts_kernel ts_best_kernel(void) {
    static int best = -1;
    int current = __atomic_load_n(&best, __ATOMIC_RELAXED);
    if (current < 0) {
        ts_kernel k = TS_KERNEL_PORTABLE;
        if (supported(TS_KERNEL_AVX512)) k = TS_KERNEL_AVX512;
        else if (supported(TS_KERNEL_AVX2)) k = TS_KERNEL_AVX2;
        else if (supported(TS_KERNEL_POPCNT)) k = TS_KERNEL_POPCNT;
        __atomic_store_n(&best, (int)k, __ATOMIC_RELAXED); /* racing threads store the same value */
        current = (int)k;
    }
    return (ts_kernel)current;
}

const char *ts_kernel_label(ts_kernel k) {
    switch (k) {
    case TS_KERNEL_AVX512: return "avx512-vpopcntdq";
    case TS_KERNEL_AVX2: return "avx2";
    case TS_KERNEL_POPCNT: return "popcnt";
    default: return "portable";
    }
}

const char *ts_kernel_name(void) { return ts_kernel_label(ts_best_kernel()); }

uint64_t ts_popcount_with(ts_kernel k, const uint64_t *words, size_t count) {
    switch (k) {
#if defined(__x86_64__)
    case TS_KERNEL_AVX512: return popcount_avx512(words, count);
    case TS_KERNEL_AVX2: return popcount_avx2(words, count);
    case TS_KERNEL_POPCNT: return popcount_popcnt(words, count);
#endif
    default: return popcount_portable(words, count);
    }
}

uint64_t ts_popcount(const uint64_t *words, size_t count) { return ts_popcount_with(ts_best_kernel(), words, count); }

void ts_pair_counts_with(ts_kernel kind, const uint64_t *const *masks, size_t k, size_t begin, size_t end, uint64_t *counts) {
#if defined(__x86_64__)
    if (kind == TS_KERNEL_AVX2) {
        pair_range_avx2(masks, k, begin, end, counts);
        return;
    }
#endif
    for (size_t off = begin; off < end; off += TILE_WORDS) {
        size_t n = end - off < TILE_WORDS ? end - off : TILE_WORDS;
        switch (kind) {
#if defined(__x86_64__)
        case TS_KERNEL_AVX512: pair_tile_avx512(masks, k, off, n, counts); break;
        case TS_KERNEL_POPCNT: pair_tile_scalar(and_count_popcnt, masks, k, off, n, counts); break;
#endif
        default: pair_tile_scalar(and_count_portable, masks, k, off, n, counts); break;
        }
    }
}

void ts_pair_counts(const uint64_t *const *masks, size_t k, size_t begin, size_t end, uint64_t *counts) {
    ts_pair_counts_with(ts_best_kernel(), masks, k, begin, end, counts);
}

/* ---- packing 16-bit floats (float16, bfloat16) into bits ---------------------------------- */

/* Element j is kept when its magnitude (bits & 0x7FFF) is nonzero; it is bad when its magnitude exceeds
   `infinity` (a NaN), or with `binary` when it is kept but not exactly `one`. Each returns whether any
   element was bad. */
static int pack_halves_portable(const uint16_t *h, size_t words, uint64_t *out, uint16_t infinity, uint16_t one, int binary) {
    int bad = 0;
    for (size_t w = 0; w < words; w++) {
        uint64_t word = 0;
        for (int b = 0; b < 64; b++) {
            uint16_t v = h[64 * w + b], mag = v & 0x7FFF;
            word |= (uint64_t)(mag != 0) << b;
            bad |= (mag > infinity) | (binary & (mag != 0) & (v != one));
        }
        out[w] = word;
    }
    return bad;
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static int pack_halves_avx2(const uint16_t *h, size_t words, uint64_t *out, uint16_t infinity,
                                                            uint16_t one, int binary) {
    const __m256i magnitude = _mm256_set1_epi16(0x7FFF), inf = _mm256_set1_epi16((short)infinity);
    const __m256i unit = _mm256_set1_epi16((short)one), zero = _mm256_setzero_si256();
    __m256i bad = _mm256_setzero_si256();
    for (size_t w = 0; w < words; w++) {
        uint64_t word = 0;
        for (int q = 0; q < 2; q++) {
            __m256i a = _mm256_loadu_si256((const __m256i *)(h + 64 * w + 32 * q));
            __m256i b = _mm256_loadu_si256((const __m256i *)(h + 64 * w + 32 * q + 16));
            __m256i ma = _mm256_and_si256(a, magnitude), mb = _mm256_and_si256(b, magnitude);
            __m256i za = _mm256_cmpeq_epi16(ma, zero), zb = _mm256_cmpeq_epi16(mb, zero);
            /* packs interleaves 128-bit lanes; the permute puts the 32 byte flags back in element order */
            __m256i zeros = _mm256_permute4x64_epi64(_mm256_packs_epi16(za, zb), 0xD8);
            word |= (uint64_t)(uint32_t)~_mm256_movemask_epi8(zeros) << (32 * q);
            bad = _mm256_or_si256(bad, _mm256_or_si256(_mm256_cmpgt_epi16(ma, inf), _mm256_cmpgt_epi16(mb, inf)));
            if (binary) {
                __m256i oa = _mm256_andnot_si256(za, _mm256_xor_si256(_mm256_cmpeq_epi16(a, unit), _mm256_set1_epi16(-1)));
                __m256i ob = _mm256_andnot_si256(zb, _mm256_xor_si256(_mm256_cmpeq_epi16(b, unit), _mm256_set1_epi16(-1)));
                bad = _mm256_or_si256(bad, _mm256_or_si256(oa, ob));
            }
        }
        out[w] = word;
    }
    return !_mm256_testz_si256(bad, bad);
}

__attribute__((target("avx512f,avx512bw"))) static int pack_halves_avx512(const uint16_t *h, size_t words, uint64_t *out,
                                                                          uint16_t infinity, uint16_t one, int binary) {
    const __m512i magnitude = _mm512_set1_epi16(0x7FFF), inf = _mm512_set1_epi16((short)infinity), unit = _mm512_set1_epi16((short)one);
    __mmask32 bad = 0;
    for (size_t w = 0; w < words; w++) {
        __m512i a = _mm512_loadu_si512(h + 64 * w), b = _mm512_loadu_si512(h + 64 * w + 32);
        __mmask32 ka = _mm512_test_epi16_mask(a, magnitude), kb = _mm512_test_epi16_mask(b, magnitude);
        out[w] = (uint64_t)ka | (uint64_t)kb << 32;
        bad |= _mm512_cmpgt_epu16_mask(_mm512_and_si512(a, magnitude), inf) | _mm512_cmpgt_epu16_mask(_mm512_and_si512(b, magnitude), inf);
        if (binary) bad |= (ka & _mm512_cmpneq_epi16_mask(a, unit)) | (kb & _mm512_cmpneq_epi16_mask(b, unit));
    }
    return bad != 0;
}
#endif

int ts_pack_halves_with(int level, const uint16_t *h, size_t count, uint64_t *words, uint16_t infinity, uint16_t one, int binary) {
    size_t full = count / 64;
    int bad;
#if defined(__x86_64__)
    bad = level >= 2 ? pack_halves_avx512(h, full, words, infinity, one, binary)
        : level == 1 ? pack_halves_avx2(h, full, words, infinity, one, binary)
                     : pack_halves_portable(h, full, words, infinity, one, binary);
#else
    (void)level;
    bad = pack_halves_portable(h, full, words, infinity, one, binary);
#endif
    if (full * 64 < count) {
        uint64_t word = 0;
        for (size_t j = full * 64; j < count; j++) {
            uint16_t v = h[j], mag = v & 0x7FFF;
            if (mag) word |= (uint64_t)1 << (j & 63);
            bad |= (mag > infinity) | (binary & (mag != 0) & (v != one));
        }
        words[full] = word;
    }
    return bad;
}

int ts_pack_level(void) {
#if defined(__x86_64__)
    static int level = -1;
    int current = __atomic_load_n(&level, __ATOMIC_RELAXED);
    if (current < 0) {
        __builtin_cpu_init();
        current = __builtin_cpu_supports("avx512bw") ? 2 : __builtin_cpu_supports("avx2") ? 1 : 0;
        __atomic_store_n(&level, current, __ATOMIC_RELAXED);
    }
    return current;
#else
    return 0;
#endif
}

int64_t ts_pack_bytes_with(int level, const uint8_t *bytes, size_t count, uint64_t *words, int strict) {
    size_t full = count / 64;
    uint64_t seen;
#if defined(__x86_64__)
    seen = level >= 2 ? pack_words_avx512(bytes, full, words) : level == 1 ? pack_words_avx2(bytes, full, words)
                                                                       : pack_words_portable(bytes, full, words);
#else
    (void)level;
    seen = pack_words_portable(bytes, full, words);
#endif
    if (full * 64 < count) {
        uint64_t word = 0;
        for (size_t j = full * 64; j < count; j++) {
            seen |= bytes[j];
            if (bytes[j]) word |= (uint64_t)1 << (j & 63);
        }
        words[full] = word;
    }
    if (!strict || (seen & ~0x0101010101010101ULL) == 0) return -1;
    for (size_t j = 0; j < count; j++)
        if (bytes[j] > 1) return (int64_t)j;
    return -1;
}

int64_t ts_pack_bytes(const uint8_t *bytes, size_t count, uint64_t *words, int strict) {
    return ts_pack_bytes_with(ts_pack_level(), bytes, count, words, strict);
}

int ts_pack_halves(const uint16_t *h, size_t count, uint64_t *words, uint16_t infinity, uint16_t one, int binary) {
    return ts_pack_halves_with(ts_pack_level(), h, count, words, infinity, one, binary);
}
