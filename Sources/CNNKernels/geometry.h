#ifndef CNNKERNELS_GEOMETRY_H
#define CNNKERNELS_GEOMETRY_H
#include "CNNKernels.h"

/* First and one-past-last output column ox whose input column ox*sw - pw + kx lies in [0, w). */
static inline int nn_first_col(nn_geometry g, int kx) {
    int num = g.pw - kx;
    return num <= 0 ? 0 : (num + g.sw - 1) / g.sw;
}
static inline int nn_end_col(nn_geometry g, int kx) {
    int num = g.w - 1 + g.pw - kx;
    if (num < 0) return 0;
    int end = num / g.sw + 1;
    return end < g.ow ? end : g.ow;
}
#endif
