#include "CNNKernels.h"
#include "geometry.h"
#include <string.h>

void nn_im2col(const float *x, int channels, nn_geometry g, float *col) {
    size_t out = (size_t)g.oh * g.ow;
    for (int c = 0; c < channels; c++) {
        const float *xc = x + (size_t)c * g.h * g.w;
        for (int ky = 0; ky < g.kh; ky++)
            for (int kx = 0; kx < g.kw; kx++) {
                float *row = col + ((size_t)(c * g.kh + ky) * g.kw + kx) * out;
                int lo = nn_first_col(g, kx), hi = nn_end_col(g, kx), off = kx - g.pw;
                for (int oy = 0; oy < g.oh; oy++) {
                    float *r = row + (size_t)oy * g.ow;
                    int iy = oy * g.sh - g.ph + ky;
                    if (iy < 0 || iy >= g.h || lo >= hi) {
                        memset(r, 0, sizeof(float) * (size_t)g.ow);
                        continue;
                    }
                    const float *xr = xc + (size_t)iy * g.w;
                    for (int ox = 0; ox < lo; ox++) r[ox] = 0;
                    if (g.sw == 1)
                        for (int ox = lo; ox < hi; ox++) r[ox] = xr[ox + off];
                    else
                        for (int ox = lo; ox < hi; ox++) r[ox] = xr[ox * g.sw + off];
                    for (int ox = hi; ox < g.ow; ox++) r[ox] = 0;
                }
            }
    }
}

void nn_col2im_add(const float *col, int channels, nn_geometry g, float *x) {
    size_t out = (size_t)g.oh * g.ow;
    for (int c = 0; c < channels; c++) {
        float *xc = x + (size_t)c * g.h * g.w;
        for (int ky = 0; ky < g.kh; ky++)
            for (int kx = 0; kx < g.kw; kx++) {
                const float *row = col + ((size_t)(c * g.kh + ky) * g.kw + kx) * out;
                int lo = nn_first_col(g, kx), hi = nn_end_col(g, kx), off = kx - g.pw;
                for (int oy = 0; oy < g.oh; oy++) {
                    int iy = oy * g.sh - g.ph + ky;
                    if (iy < 0 || iy >= g.h) continue;
                    const float *r = row + (size_t)oy * g.ow;
                    float *xr = xc + (size_t)iy * g.w;
                    if (g.sw == 1)
                        for (int ox = lo; ox < hi; ox++) xr[ox + off] += r[ox];
                    else
                        for (int ox = lo; ox < hi; ox++) xr[ox * g.sw + off] += r[ox];
                }
            }
    }
}
