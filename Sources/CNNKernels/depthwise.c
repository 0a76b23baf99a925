#include "CNNKernels.h"
#include "dispatch.h"
#include <stdlib.h>
#include <string.h>

/* The vec16 helpers are always inlined, so passing vectors by value never crosses an ABI boundary. */
#pragma clang diagnostic ignored "-Wpsabi"

/* Depthwise convolution, one plane at a time, with every inner loop a gather into register
   accumulators (no read-modify-write of memory between kernel taps, which defeats store forwarding).

   Forward: the plane is copied into a zero-bordered buffer of (h + 2ph) rows x (w + 2pw) columns,
   stored phase-split: padded column col lives at (col % sw) * block + col / sw, block = ceil(cols / sw).
   Output columns ox of tap kx then read a contiguous run, whatever the stride.
   Weight gradient: dw[t] = sum over rows of dy_row * (the forward input run of tap t).
   Input gradient: dy is spread into a zero buffer at (oy*sh + kh-1, ox*sw + kw-1) and correlated with
   the flipped kernel at stride 1 (a transposed convolution as a plain one).

   Rows are short (16 floats or fewer in GhostNet-lite) and processed in 16-float vectors (one AVX-512
   register; two AVX2 or four SSE registers elsewhere). Loads may run past a row's end: buffers carry
   VEC floats of slack, extra output lanes are dropped and gradient rows are zero-extended. */

enum { VEC = 16, MAX_TAPS = 64 };
typedef float vec16 __attribute__((vector_size(VEC * sizeof(float))));

NN_INLINE vec16 load16(const float *p) {
    vec16 v;
    memcpy(&v, p, sizeof v);
    return v;
}
NN_INLINE void store16(float *p, vec16 v) { memcpy(p, &v, sizeof v); }
NN_INLINE vec16 splat16(float x) { return (vec16){0} + x; }
NN_INLINE void store_partial(float *p, vec16 v, int count) {
    float tmp[VEC];
    store16(tmp, v);
    memcpy(p, tmp, sizeof(float) * (size_t)count);
}
NN_INLINE float sum16(vec16 v) {
    float total = 0;
    for (int lane = 0; lane < VEC; lane++) total += v[lane];
    return total;
}

typedef struct {
    int rows, block, stride; /* padded rows; phase block width; floats per padded row */
} padded_layout;

NN_INLINE padded_layout layout_of(nn_geometry g) {
    int cols = g.w + 2 * g.pw;
    padded_layout p = {g.h + 2 * g.ph, (cols + g.sw - 1) / g.sw, 0};
    p.stride = p.block * g.sw;
    return p;
}

/* Floats in a padded buffer, with slack for full-vector loads past the last row. */
NN_INLINE size_t padded_count(padded_layout p) { return (size_t)p.rows * p.stride + VEC; }

/* offsets[ky * kw + kx]: where tap (ky, kx) starts relative to the first padded row of an output row. */
NN_INLINE void tap_offsets(padded_layout p, nn_geometry g, size_t *offsets) {
    for (int ky = 0; ky < g.kh; ky++)
        for (int kx = 0; kx < g.kw; kx++)
            offsets[ky * g.kw + kx] = (size_t)ky * p.stride + (size_t)(kx % g.sw) * p.block + (size_t)(kx / g.sw);
}

NN_INLINE void fill_padded(const float *restrict x, float *restrict pad, padded_layout p, nn_geometry g) {
    for (int iy = 0; iy < g.h; iy++) {
        const float *row = x + (size_t)iy * g.w;
        float *dst = pad + (size_t)(iy + g.ph) * p.stride;
        if (g.sw == 1) {
            memcpy(dst + g.pw, row, sizeof(float) * g.w);
        } else {
            for (int phase = 0; phase < g.sw; phase++)
                for (int j = 0; j < p.block; j++) {
                    int ix = j * g.sw + phase - g.pw;
                    if (ix >= 0 && ix < g.w) dst[(size_t)phase * p.block + j] = row[ix];
                }
        }
    }
}

/* rows x width outputs dst[r][ox] = sum_t weights[t] * src[r * row_step + offsets[t] + ox], four rows at
   a time so four independent accumulator chains share each weight. */
NN_INLINE void correlate_rows(const float *src, size_t row_step, const size_t *offsets, const vec16 *weights, size_t k,
                              float *dst, size_t dst_step, int rows, int width) {
    int r = 0;
    for (; r + 4 <= rows; r += 4)
        for (int ox = 0; ox < width; ox += VEC) {
            vec16 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};
            const float *s = src + (size_t)r * row_step + ox;
            for (size_t t = 0; t < k; t++) {
                const float *q = s + offsets[t];
                vec16 wv = weights[t];
                a0 += wv * load16(q);
                a1 += wv * load16(q + row_step);
                a2 += wv * load16(q + 2 * row_step);
                a3 += wv * load16(q + 3 * row_step);
            }
            float *d = dst + (size_t)r * dst_step + ox;
            if (width - ox >= VEC) {
                store16(d, a0);
                store16(d + dst_step, a1);
                store16(d + 2 * dst_step, a2);
                store16(d + 3 * dst_step, a3);
            } else {
                store_partial(d, a0, width - ox);
                store_partial(d + dst_step, a1, width - ox);
                store_partial(d + 2 * dst_step, a2, width - ox);
                store_partial(d + 3 * dst_step, a3, width - ox);
            }
        }
    for (; r < rows; r++)
        for (int ox = 0; ox < width; ox += VEC) {
            vec16 a0 = {0};
            const float *s = src + (size_t)r * row_step + ox;
            for (size_t t = 0; t < k; t++) a0 += weights[t] * load16(s + offsets[t]);
            float *d = dst + (size_t)r * dst_step + ox;
            if (width - ox >= VEC) store16(d, a0);
            else store_partial(d, a0, width - ox);
        }
}

NN_INLINE void forward_body(const float *x, const float *w, float *y, int n, int channels, nn_geometry g, float *pad) {
    padded_layout p = layout_of(g);
    size_t in = (size_t)g.h * g.w, out = (size_t)g.oh * g.ow, k = (size_t)g.kh * g.kw, offsets[MAX_TAPS];
    vec16 weights[MAX_TAPS];
    tap_offsets(p, g, offsets);
    memset(pad, 0, sizeof(float) * padded_count(p));
    for (int i = 0; i < n; i++)
        for (int c = 0; c < channels; c++) {
            size_t plane = (size_t)i * channels + c;
            fill_padded(x + plane * in, pad, p, g);
            for (size_t t = 0; t < k; t++) weights[t] = splat16(w[c * k + t]);
            correlate_rows(pad, (size_t)g.sh * p.stride, offsets, weights, k, y + plane * out, (size_t)g.ow, g.oh, g.ow);
        }
}

NN_MULTIVERSION(depthwise_forward, (const float *x, const float *w, float *y, int n, int channels, nn_geometry g, float *pad),
                (x, w, y, n, channels, g, pad), forward_body)

/* Sizes of the backward scratch buffers. */
typedef struct {
    int chunks;             /* 16-float vectors per output row */
    size_t gradient;        /* dy rows zero-extended to chunks * VEC floats */
    int spread_cols;        /* columns of the spread-out dy buffer */
    size_t spread;          /* floats of the spread-out dy buffer, with slack */
} backward_sizes;

NN_INLINE backward_sizes backward_sizes_of(nn_geometry g) {
    backward_sizes s;
    s.chunks = (g.ow + VEC - 1) / VEC;
    s.gradient = (size_t)g.oh * s.chunks * VEC;
    s.spread_cols = g.w + 2 * g.pw + g.kw - 1;
    s.spread = (size_t)(g.h + 2 * g.ph + g.kh - 1) * s.spread_cols + VEC;
    return s;
}

/* taps[c * k + t] accumulates, as a vector, the weight gradient of tap t of channel c over all planes;
   the caller reduces it once at the end. */
NN_INLINE void backward_body(const float *x, const float *dy, const float *w, float *dx, vec16 *taps, int n, int channels,
                             nn_geometry g, float *pad, float *grad, float *spread) {
    padded_layout p = layout_of(g);
    backward_sizes s = backward_sizes_of(g);
    size_t in = (size_t)g.h * g.w, out = (size_t)g.oh * g.ow, k = (size_t)g.kh * g.kw, offsets[MAX_TAPS], flipped[MAX_TAPS];
    size_t row_step = (size_t)g.sh * p.stride, grad_step = (size_t)s.chunks * VEC;
    vec16 weights[MAX_TAPS];
    tap_offsets(p, g, offsets);
    for (int ky = 0; ky < g.kh; ky++)
        for (int kx = 0; kx < g.kw; kx++) flipped[ky * g.kw + kx] = (size_t)ky * s.spread_cols + kx;
    memset(pad, 0, sizeof(float) * padded_count(p));
    memset(grad, 0, sizeof(float) * s.gradient);
    for (int i = 0; i < n; i++)
        for (int c = 0; c < channels; c++) {
            size_t plane = (size_t)i * channels + c;
            const float *dyp = dy + plane * out;
            fill_padded(x + plane * in, pad, p, g);
            for (int oy = 0; oy < g.oh; oy++)
                memcpy(grad + (size_t)oy * grad_step, dyp + (size_t)oy * g.ow, sizeof(float) * g.ow);

            for (size_t t = 0; t < k; t++) {
                vec16 a0 = {0}, a1 = {0};
                const float *run = pad + offsets[t];
                int oy = 0;
                for (; oy + 2 <= g.oh; oy += 2)
                    for (int chunk = 0; chunk < s.chunks; chunk++) {
                        size_t o = (size_t)chunk * VEC;
                        a0 += load16(grad + oy * grad_step + o) * load16(run + oy * row_step + o);
                        a1 += load16(grad + (oy + 1) * grad_step + o) * load16(run + (oy + 1) * row_step + o);
                    }
                for (; oy < g.oh; oy++)
                    for (int chunk = 0; chunk < s.chunks; chunk++) {
                        size_t o = (size_t)chunk * VEC;
                        a0 += load16(grad + oy * grad_step + o) * load16(run + oy * row_step + o);
                    }
                taps[(size_t)c * k + t] += a0 + a1;
            }

            if (!dx) continue;
            memset(spread, 0, sizeof(float) * s.spread);
            for (int oy = 0; oy < g.oh; oy++) {
                float *dst = spread + (size_t)(oy * g.sh + g.kh - 1) * s.spread_cols + g.kw - 1;
                for (int ox = 0; ox < g.ow; ox++) dst[(size_t)ox * g.sw] = dyp[(size_t)oy * g.ow + ox];
            }
            for (size_t t = 0; t < k; t++) weights[t] = splat16(w[c * k + (k - 1 - t)]);
            correlate_rows(spread + (size_t)g.ph * s.spread_cols + g.pw, (size_t)s.spread_cols, flipped, weights, k,
                           dx + plane * in, (size_t)g.w, g.h, g.w);
        }
}

NN_MULTIVERSION(depthwise_backward,
                (const float *x, const float *dy, const float *w, float *dx, vec16 *taps, int n, int channels,
                 nn_geometry g, float *pad, float *grad, float *spread),
                (x, dy, w, dx, taps, n, channels, g, pad, grad, spread), backward_body)

void nn_depthwise_forward(const float *x, const float *w, float *y, int n, int channels, nn_geometry g) {
    float *pad = malloc(sizeof(float) * padded_count(layout_of(g)));
    depthwise_forward(x, w, y, n, channels, g, pad);
    free(pad);
}

void nn_depthwise_backward(const float *x, const float *dy, const float *w, float *dx, float *dw, int n, int channels,
                           nn_geometry g) {
    size_t pad = padded_count(layout_of(g)), k = (size_t)g.kh * g.kw;
    backward_sizes s = backward_sizes_of(g);
    float *scratch = malloc(sizeof(float) * (pad + s.gradient + s.spread));
    vec16 *taps = aligned_alloc(sizeof(vec16), sizeof(vec16) * (size_t)channels * k);
    memset(taps, 0, sizeof(vec16) * (size_t)channels * k);
    depthwise_backward(x, dy, w, dx, taps, n, channels, g, scratch, scratch + pad, scratch + pad + s.gradient);
    for (size_t t = 0; t < (size_t)channels * k; t++) dw[t] += sum16(taps[t]);
    free(taps);
    free(scratch);
}
