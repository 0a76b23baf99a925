#ifndef CNNKERNELS_VECTOR_H
#define CNNKERNELS_VECTOR_H
#include <string.h>
#include "dispatch.h"

/* 16-float vectors via the compiler's vector extension: one AVX-512 register, two AVX2 or four SSE
   registers, whatever the target of the including function. Helpers are always inlined, so vectors
   passed by value never cross an ABI boundary. */
#pragma clang diagnostic ignored "-Wpsabi"

enum { VEC = 16 };
typedef float vec16 __attribute__((vector_size(VEC * sizeof(float))));
typedef float vec8 __attribute__((vector_size(8 * sizeof(float))));
typedef float vec4 __attribute__((vector_size(4 * sizeof(float))));

NN_INLINE vec16 load16(const float *p) {
    vec16 v;
    memcpy(&v, p, sizeof v);
    return v;
}
NN_INLINE void store16(float *p, vec16 v) { memcpy(p, &v, sizeof v); }
NN_INLINE vec16 splat16(float x) { return (vec16){0} + x; }

/* Copies count floats between non-overlapping buffers. Rows are short, so an inline copy beats a call
   to memcpy: full 16-float vectors, then one possibly overlapping vector of 16, 8 or 4 for the tail. */
NN_INLINE void copy_floats(float *restrict dst, const float *restrict src, int count) {
    if (count >= VEC) {
        int i = 0;
        for (; i + VEC <= count; i += VEC) store16(dst + i, load16(src + i));
        if (i < count) store16(dst + count - VEC, load16(src + count - VEC));
    } else if (count >= 8) {
        vec8 a, b;
        memcpy(&a, src, sizeof a);
        memcpy(&b, src + count - 8, sizeof b);
        memcpy(dst, &a, sizeof a);
        memcpy(dst + count - 8, &b, sizeof b);
    } else if (count >= 4) {
        vec4 a, b;
        memcpy(&a, src, sizeof a);
        memcpy(&b, src + count - 4, sizeof b);
        memcpy(dst, &a, sizeof a);
        memcpy(dst + count - 4, &b, sizeof b);
    } else {
        for (int i = 0; i < count; i++) dst[i] = src[i];
    }
}

/* Stores the first count (< VEC) lanes of v. */
NN_INLINE void store_partial(float *p, vec16 v, int count) {
    float tmp[VEC];
    store16(tmp, v);
    copy_floats(p, tmp, count);
}

NN_INLINE float sum16(vec16 v) {
    float total = 0;
    for (int lane = 0; lane < VEC; lane++) total += v[lane];
    return total;
}

/* Shuffle patterns of the four stages of a 16x16 transpose: stage b swaps the off-diagonal b x b
   blocks of each 2b x 2b block (rows i and i + b, for i with bit b clear). */
#define NN_T8_LO 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23
#define NN_T8_HI 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31
#define NN_T4_LO 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27
#define NN_T4_HI 4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31
#define NN_T2_LO 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29
#define NN_T2_HI 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31
#define NN_T1_LO 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30
#define NN_T1_HI 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31

#define NN_TRANSPOSE_STAGE(r, b)                                                    \
    for (int i = 0; i < VEC; i++)                                                   \
        if ((i & (b)) == 0) {                                                       \
            vec16 a = r[i], c = r[i + (b)];                                         \
            r[i] = __builtin_shufflevector(a, c, NN_T##b##_LO);                     \
            r[i + (b)] = __builtin_shufflevector(a, c, NN_T##b##_HI);               \
        }

/* Transposes the 16x16 matrix whose rows are r[0..15], in registers. */
NN_INLINE void transpose16(vec16 r[VEC]) {
    NN_TRANSPOSE_STAGE(r, 8)
    NN_TRANSPOSE_STAGE(r, 4)
    NN_TRANSPOSE_STAGE(r, 2)
    NN_TRANSPOSE_STAGE(r, 1)
}

#endif
