#include "CNNKernels.h"
#include "depthwise_lanes.h"
#include "vector.h"
#include <string.h>

/* Depthwise convolution with the 16 lanes of a vector holding 16 images of one channel (which share
   the channel's filter), for small planes and strided layers where a row holds too few floats to fill
   a vector. Planes are transposed into a zero-bordered, image-interleaved buffer
   P[(row * cols + col) * 16 + lane]; every kernel tap is then one aligned vector load and one FMA per
   output pixel, whatever the stride. A last group of fewer than 16 images has its extra lanes 0.
   Planes move in and out of the interleaved layout 16 pixels at a time through in-register 16x16
   transposes (a compiler-vectorised strided copy would use gathers and scatters, slow on AMD). */

/* Where pixel p of a width-wide plane lands in an interleaved buffer of `cols` columns whose
   interior starts at (top, left): a vector of 16 lanes per pixel. */
typedef struct {
    int width, cols, top, left;
} lane_layout;

NN_INLINE size_t lane_slot(lane_layout l, int p) {
    return ((size_t)(p / l.width + l.top) * l.cols + (size_t)(p % l.width + l.left)) * VEC;
}

/* Interleaves `pixels` pixels of `lanes` planes (plane k at src + k * stride) into dst, 16 pixels at a
   time through an in-register transpose. Lanes >= `lanes` are written as 0. */
NN_INLINE void interleave(const float *src, size_t stride, int lanes, int pixels, lane_layout l, float *dst) {
    if (pixels < VEC) { /* too few pixels to pay for a transpose */
        for (int p = 0; p < pixels; p++) {
            float *slot = dst + lane_slot(l, p);
            _Pragma("clang loop vectorize(disable)")
            for (int lane = 0; lane < VEC; lane++) slot[lane] = lane < lanes ? src[(size_t)lane * stride + p] : 0;
        }
        return;
    }
    for (int first = 0; first < pixels; first += VEC) {
        int count = pixels - first < VEC ? pixels - first : VEC;
        vec16 r[VEC];
        for (int lane = 0; lane < VEC; lane++) {
            const float *row = src + (size_t)lane * stride + first;
            if (lane >= lanes) {
                r[lane] = (vec16){0};
            } else if (count == VEC) {
                r[lane] = load16(row);
            } else {
                float tmp[VEC] = {0};
                copy_floats(tmp, row, count);
                r[lane] = load16(tmp);
            }
        }
        transpose16(r);
        for (int j = 0; j < count; j++) store16(dst + lane_slot(l, first + j), r[j]);
    }
}

/* The inverse: writes lanes [0, lanes) of the interleaved pixels back to planes at dst + k * stride. */
NN_INLINE void deinterleave(const float *src, lane_layout l, int pixels, int lanes, float *dst, size_t stride) {
    if (pixels < VEC) {
        for (int p = 0; p < pixels; p++) {
            const float *slot = src + lane_slot(l, p);
            _Pragma("clang loop vectorize(disable)")
            for (int lane = 0; lane < lanes; lane++) dst[(size_t)lane * stride + p] = slot[lane];
        }
        return;
    }
    for (int first = 0; first < pixels; first += VEC) {
        int count = pixels - first < VEC ? pixels - first : VEC;
        vec16 r[VEC];
        for (int j = 0; j < VEC; j++) r[j] = j < count ? load16(src + lane_slot(l, first + j)) : (vec16){0};
        transpose16(r);
        for (int lane = 0; lane < lanes; lane++) {
            float *row = dst + (size_t)lane * stride + first;
            if (count == VEC) store16(row, r[lane]);
            else store_partial(row, r[lane], count);
        }
    }
}

NN_INLINE void offsets_of(nn_geometry g, int cols, size_t *offsets) {
    for (int ky = 0; ky < g.kh; ky++)
        for (int kx = 0; kx < g.kw; kx++) offsets[ky * g.kw + kx] = ((size_t)ky * cols + kx) * VEC;
}

/* Interleaved position of the first tap of output pixel (oy, ox). */
NN_INLINE size_t origin(nn_geometry g, int cols, int oy, int ox) {
    return ((size_t)oy * g.sh * cols + (size_t)ox * g.sw) * VEC;
}

NN_INLINE void lanes_forward_body(const float *x, const float *w, float *y, int n, int channels, nn_geometry g,
                                  float *pad, float *out) {
    int cols = g.w + 2 * g.pw, rows = g.h + 2 * g.ph, pixels = g.oh * g.ow;
    size_t in = (size_t)g.h * g.w, outPlane = (size_t)pixels, k = (size_t)g.kh * g.kw, offsets[NN_LANES_MAX_TAPS];
    lane_layout input = {g.w, cols, g.ph, g.pw}, output = {g.ow, g.ow, 0, 0};
    offsets_of(g, cols, offsets);
    memset(pad, 0, sizeof(float) * (size_t)rows * cols * VEC);
    for (int c = 0; c < channels; c++) {
        vec16 weights[NN_LANES_MAX_TAPS];
        for (size_t t = 0; t < k; t++) weights[t] = splat16(w[(size_t)c * k + t]);
        for (int first = 0; first < n; first += VEC) {
            int lanes = n - first < VEC ? n - first : VEC;
            interleave(x + ((size_t)first * channels + c) * in, (size_t)channels * in, lanes, (int)in, input, pad);
            for (int oy = 0; oy < g.oh; oy++) {
                int ox = 0;
                for (; ox + 2 <= g.ow; ox += 2) {
                    const float *p0 = pad + origin(g, cols, oy, ox), *p1 = pad + origin(g, cols, oy, ox + 1);
                    vec16 a0 = {0}, a1 = {0};
                    for (size_t t = 0; t < k; t++) {
                        a0 += weights[t] * load16(p0 + offsets[t]);
                        a1 += weights[t] * load16(p1 + offsets[t]);
                    }
                    store16(out + (size_t)(oy * g.ow + ox) * VEC, a0);
                    store16(out + (size_t)(oy * g.ow + ox + 1) * VEC, a1);
                }
                for (; ox < g.ow; ox++) {
                    const float *p0 = pad + origin(g, cols, oy, ox);
                    vec16 a0 = {0};
                    for (size_t t = 0; t < k; t++) a0 += weights[t] * load16(p0 + offsets[t]);
                    store16(out + (size_t)(oy * g.ow + ox) * VEC, a0);
                }
            }
            deinterleave(out, output, pixels, lanes, y + ((size_t)first * channels + c) * outPlane,
                         (size_t)channels * outPlane);
        }
    }
}
NN_MULTIVERSION(nn_depthwise_lanes_forward,
                (const float *x, const float *w, float *y, int n, int channels, nn_geometry g, float *pad, float *out),
                (x, w, y, n, channels, g, pad, out), lanes_forward_body)

NN_INLINE void lanes_backward_body(const float *x, const float *dy, const float *w, float *dx, float *dw, int n,
                                   int channels, nn_geometry g, float *pad, float *grad, float *dpad) {
    int cols = g.w + 2 * g.pw, rows = g.h + 2 * g.ph, pixels = g.oh * g.ow;
    size_t in = (size_t)g.h * g.w, outPlane = (size_t)pixels, k = (size_t)g.kh * g.kw, offsets[NN_LANES_MAX_TAPS];
    size_t padFloats = (size_t)rows * cols * VEC;
    lane_layout input = {g.w, cols, g.ph, g.pw}, output = {g.ow, g.ow, 0, 0};
    offsets_of(g, cols, offsets);
    memset(pad, 0, sizeof(float) * padFloats);
    for (int c = 0; c < channels; c++) {
        vec16 weights[NN_LANES_MAX_TAPS], taps[NN_LANES_MAX_TAPS];
        for (size_t t = 0; t < k; t++) {
            weights[t] = splat16(w[(size_t)c * k + t]);
            taps[t] = (vec16){0};
        }
        for (int first = 0; first < n; first += VEC) {
            int lanes = n - first < VEC ? n - first : VEC;
            interleave(x + ((size_t)first * channels + c) * in, (size_t)channels * in, lanes, (int)in, input, pad);
            interleave(dy + ((size_t)first * channels + c) * outPlane, (size_t)channels * outPlane, lanes, pixels, output,
                       grad);
            if (dx) memset(dpad, 0, sizeof(float) * padFloats);
            for (int oy = 0; oy < g.oh; oy++)
                for (int ox = 0; ox < g.ow; ox++) {
                    vec16 gv = load16(grad + (size_t)(oy * g.ow + ox) * VEC);
                    size_t o = origin(g, cols, oy, ox);
                    for (size_t t = 0; t < k; t++) taps[t] += gv * load16(pad + o + offsets[t]);
                    if (dx)
                        for (size_t t = 0; t < k; t++) {
                            float *d = dpad + o + offsets[t];
                            store16(d, load16(d) + weights[t] * gv);
                        }
                }
            if (!dx) continue;
            deinterleave(dpad, input, (int)in, lanes, dx + ((size_t)first * channels + c) * in, (size_t)channels * in);
        }
        for (size_t t = 0; t < k; t++) dw[(size_t)c * k + t] += sum16(taps[t]);
    }
}
NN_MULTIVERSION(nn_depthwise_lanes_backward,
                (const float *x, const float *dy, const float *w, float *dx, float *dw, int n, int channels,
                 nn_geometry g, float *pad, float *grad, float *dpad),
                (x, dy, w, dx, dw, n, channels, g, pad, grad, dpad), lanes_backward_body)
