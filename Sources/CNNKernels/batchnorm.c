#include "CNNKernels.h"
#include "dispatch.h"
#include <stddef.h>

NN_INLINE void statistics_body(const float *x, int n, int channels, int hw, double *mean, double *m2) {
    NN_REASSOCIATE
    for (int c = 0; c < channels; c++) { mean[c] = 0; m2[c] = 0; }
    for (int i = 0; i < n; i++) {
        double count = (double)i * hw;  /* values merged so far per channel */
        for (int c = 0; c < channels; c++) {
            const float *p = x + ((size_t)i * channels + c) * hw;
            float s = 0;
            for (int j = 0; j < hw; j++) s += p[j];
            float pm = s / (float)hw, q = 0;
            for (int j = 0; j < hw; j++) { float d = p[j] - pm; q += d * d; }
            double delta = (double)pm - mean[c], total = count + hw;
            mean[c] += delta * hw / total;
            m2[c] += (double)q + delta * delta * count * hw / total;
        }
    }
}
NN_MULTIVERSION(nn_bn_statistics, (const float *x, int n, int channels, int hw, double *mean, double *m2),
                (x, n, channels, hw, mean, m2), statistics_body)

NN_INLINE void apply_body(const float *x, float *y, int n, int channels, int hw, const float *scale, const float *shift,
                          int relu) {
    for (int i = 0; i < n; i++)
        for (int c = 0; c < channels; c++) {
            size_t base = ((size_t)i * channels + c) * hw;
            const float *p = x + base;
            float *q = y + base, a = scale[c], b = shift[c];
            if (relu)
                for (int j = 0; j < hw; j++) { float v = p[j] * a + b; q[j] = v < 0 ? 0 : v; /* NaN passes, as in PyTorch */ }
            else
                for (int j = 0; j < hw; j++) q[j] = p[j] * a + b;
        }
}
NN_MULTIVERSION(nn_bn_apply, (const float *x, float *y, int n, int channels, int hw, const float *scale, const float *shift,
                              int relu),
                (x, y, n, channels, hw, scale, shift, relu), apply_body)

NN_INLINE void backward_sums_body(const float *x, const float *y, const float *dy, int n, int channels, int hw,
                                  const float *mean, const float *invstd, int relu, double *sum_g, double *sum_gx) {
    NN_REASSOCIATE
    for (int i = 0; i < n; i++)
        for (int c = 0; c < channels; c++) {
            size_t base = ((size_t)i * channels + c) * hw;
            const float *restrict xp = x + base, *restrict yp = y + base, *restrict gp = dy + base;
            float m = mean[c], sg = 0, sgx = 0;
            if (relu)
                for (int j = 0; j < hw; j++) {
                    float g = yp[j] > 0 ? gp[j] : 0;
                    sg += g;
                    sgx += g * (xp[j] - m);
                }
            else
                for (int j = 0; j < hw; j++) {
                    sg += gp[j];
                    sgx += gp[j] * (xp[j] - m);
                }
            sum_g[c] += sg;
            sum_gx[c] += (double)sgx * invstd[c];
        }
}
NN_MULTIVERSION(nn_bn_backward_sums,
                (const float *x, const float *y, const float *dy, int n, int channels, int hw, const float *mean,
                 const float *invstd, int relu, double *sum_g, double *sum_gx),
                (x, y, dy, n, channels, hw, mean, invstd, relu, sum_g, sum_gx), backward_sums_body)

NN_INLINE void backward_input_body(const float *x, const float *y, const float *dy, float *dx, int n, int channels, int hw,
                                   const float *mean, const float *invstd, const float *k, const float *a, const float *b,
                                   int relu) {
    for (int i = 0; i < n; i++)
        for (int c = 0; c < channels; c++) {
            size_t base = ((size_t)i * channels + c) * hw;
            const float *restrict xp = x + base, *restrict yp = y + base, *restrict gp = dy + base;
            float *restrict out = dx + base;
            /* k * (g - a - (x - m) * s * b) = k*g - k*a + k*s*b*m - (k*s*b) * x */
            float m = mean[c], kc = k[c], slope = k[c] * invstd[c] * b[c], offset = -k[c] * a[c] + slope * m;
            if (relu)
                for (int j = 0; j < hw; j++) {
                    float g = yp[j] > 0 ? gp[j] : 0;
                    out[j] = kc * g + offset - slope * xp[j];
                }
            else
                for (int j = 0; j < hw; j++) out[j] = kc * gp[j] + offset - slope * xp[j];
        }
}
NN_MULTIVERSION(nn_bn_backward_input,
                (const float *x, const float *y, const float *dy, float *dx, int n, int channels, int hw, const float *mean,
                 const float *invstd, const float *k, const float *a, const float *b, int relu),
                (x, y, dy, dx, n, channels, hw, mean, invstd, k, a, b, relu), backward_input_body)
