#include "CNNKernels.h"
#include "depthwise_lanes.h"
#include "dispatch.h"
#include "vector.h"
#include <stdlib.h>
#include <string.h>

/* Depthwise convolution entry points, and the row kernels for stride-1 layers with wide outputs;
   narrow planes and strided layers go to the image-interleaved kernels of depthwise_lanes.c.

   Row kernels work one plane at a time with every inner loop a gather into register accumulators (a
   read-modify-write of memory between kernel taps defeats store-to-load forwarding). The plane is
   copied into a zero-bordered buffer of (h + 2ph) rows x (w + 2pw) columns; output rows are 16-float
   vectors, four rows per pass. Weight gradient: per tap, the sum over rows of dy_row * (the forward
   input run of that tap), kept as vectors and reduced once per channel. Input gradient: dy is copied
   into a zero buffer at offset (kh-1, kw-1) and correlated with the flipped kernel. Loads may run past
   a row's end: buffers carry VEC floats of slack, extra output lanes are dropped and gradient rows are
   zero-extended. */

enum { MAX_TAPS = NN_LANES_MAX_TAPS };

/* Rows of at least LANES_BELOW_WIDTH outputs fill vectors well enough for the row kernels. */
enum { LANES_BELOW_WIDTH = 12 };

static int use_lanes(nn_geometry g) { return g.ow < LANES_BELOW_WIDTH || g.sh > 1 || g.sw > 1; }

typedef struct {
    int rows, cols; /* of the zero-bordered plane */
} padded_size;

NN_INLINE padded_size padded_of(nn_geometry g) { return (padded_size){g.h + 2 * g.ph, g.w + 2 * g.pw}; }

/* Floats in a padded buffer, with slack for full-vector loads past the last row. */
NN_INLINE size_t padded_count(padded_size p) { return (size_t)p.rows * p.cols + VEC; }

NN_INLINE void fill_padded(const float *restrict x, float *restrict pad, padded_size p, nn_geometry g) {
    for (int iy = 0; iy < g.h; iy++) copy_floats(pad + (size_t)(iy + g.ph) * p.cols + g.pw, x + (size_t)iy * g.w, g.w);
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

/* offsets[ky * kw + kx] = ky * cols + kx. */
NN_INLINE void tap_offsets(nn_geometry g, int cols, size_t *offsets) {
    for (int ky = 0; ky < g.kh; ky++)
        for (int kx = 0; kx < g.kw; kx++) offsets[ky * g.kw + kx] = (size_t)ky * cols + kx;
}

NN_INLINE void forward_body(const float *x, const float *w, float *y, int n, int channels, nn_geometry g, float *pad) {
    padded_size p = padded_of(g);
    size_t in = (size_t)g.h * g.w, out = (size_t)g.oh * g.ow, k = (size_t)g.kh * g.kw, offsets[MAX_TAPS];
    vec16 weights[MAX_TAPS];
    tap_offsets(g, p.cols, offsets);
    memset(pad, 0, sizeof(float) * padded_count(p));
    for (int i = 0; i < n; i++)
        for (int c = 0; c < channels; c++) {
            size_t plane = (size_t)i * channels + c;
            fill_padded(x + plane * in, pad, p, g);
            for (size_t t = 0; t < k; t++) weights[t] = splat16(w[c * k + t]);
            correlate_rows(pad, (size_t)p.cols, offsets, weights, k, y + plane * out, (size_t)g.ow, g.oh, g.ow);
        }
}

NN_MULTIVERSION(depthwise_forward, (const float *x, const float *w, float *y, int n, int channels, nn_geometry g, float *pad),
                (x, w, y, n, channels, g, pad), forward_body)

/* Sizes of the backward scratch buffers. */
typedef struct {
    int chunks;      /* 16-float vectors per output row */
    size_t gradient; /* dy rows zero-extended to chunks * VEC floats */
    int spread_cols; /* columns of the shifted dy buffer */
    size_t spread;   /* floats of the shifted dy buffer, with slack */
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
    padded_size p = padded_of(g);
    backward_sizes s = backward_sizes_of(g);
    size_t in = (size_t)g.h * g.w, out = (size_t)g.oh * g.ow, k = (size_t)g.kh * g.kw, offsets[MAX_TAPS];
    size_t flipped[MAX_TAPS], row_step = (size_t)p.cols, grad_step = (size_t)s.chunks * VEC;
    vec16 weights[MAX_TAPS];
    tap_offsets(g, p.cols, offsets);
    tap_offsets(g, s.spread_cols, flipped);
    memset(pad, 0, sizeof(float) * padded_count(p));
    memset(grad, 0, sizeof(float) * s.gradient);
    memset(spread, 0, sizeof(float) * s.spread); /* every plane writes the same cells; the rest stays 0 */
    for (int i = 0; i < n; i++)
        for (int c = 0; c < channels; c++) {
            size_t plane = (size_t)i * channels + c;
            const float *dyp = dy + plane * out;
            fill_padded(x + plane * in, pad, p, g);
            for (int oy = 0; oy < g.oh; oy++) copy_floats(grad + (size_t)oy * grad_step, dyp + (size_t)oy * g.ow, g.ow);

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
            for (int oy = 0; oy < g.oh; oy++)
                copy_floats(spread + (size_t)(oy + g.kh - 1) * s.spread_cols + g.kw - 1, dyp + (size_t)oy * g.ow, g.ow);
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
    if (use_lanes(g)) {
        size_t pad = (size_t)(g.h + 2 * g.ph) * (g.w + 2 * g.pw) * VEC, out = (size_t)g.oh * g.ow * VEC;
        float *scratch = aligned_alloc(sizeof(vec16), sizeof(float) * (pad + out));
        nn_depthwise_lanes_forward(x, w, y, n, channels, g, scratch, scratch + pad);
        free(scratch);
        return;
    }
    float *pad = malloc(sizeof(float) * padded_count(padded_of(g)));
    depthwise_forward(x, w, y, n, channels, g, pad);
    free(pad);
}

void nn_depthwise_backward(const float *x, const float *dy, const float *w, float *dx, float *dw, int n, int channels,
                           nn_geometry g) {
    if (use_lanes(g)) {
        size_t pad = (size_t)(g.h + 2 * g.ph) * (g.w + 2 * g.pw) * VEC, grad = (size_t)g.oh * g.ow * VEC;
        float *scratch = aligned_alloc(sizeof(vec16), sizeof(float) * (2 * pad + grad));
        nn_depthwise_lanes_backward(x, dy, w, dx, dw, n, channels, g, scratch, scratch + pad, scratch + pad + grad);
        free(scratch);
        return;
    }
    size_t pad = padded_count(padded_of(g)), k = (size_t)g.kh * g.kw;
    backward_sizes s = backward_sizes_of(g);
    float *scratch = malloc(sizeof(float) * (pad + s.gradient + s.spread));
    vec16 *taps = aligned_alloc(sizeof(vec16), sizeof(vec16) * (size_t)channels * k);
    memset(taps, 0, sizeof(vec16) * (size_t)channels * k);
    depthwise_backward(x, dy, w, dx, taps, n, channels, g, scratch, scratch + pad, scratch + pad + s.gradient);
    for (size_t t = 0; t < (size_t)channels * k; t++) dw[t] += sum16(taps[t]);
    free(taps);
    free(scratch);
}
