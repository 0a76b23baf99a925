#ifndef CNNKERNELS_DEPTHWISE_LANES_H
#define CNNKERNELS_DEPTHWISE_LANES_H
#include "CNNKernels.h"

/* The image-interleaved depthwise kernels (depthwise_lanes.c), used by depthwise.c for small planes
   and strided layers. Scratch: pad and dpad hold (h + 2ph) * (w + 2pw) * 16 floats, out and grad
   oh * ow * 16 floats, all 64-byte aligned. */
enum { NN_LANES_MAX_TAPS = 64 };

void nn_depthwise_lanes_forward(const float *x, const float *w, float *y, int n, int channels, nn_geometry g,
                                float *pad, float *out);
void nn_depthwise_lanes_backward(const float *x, const float *dy, const float *w, float *dx, float *dw, int n,
                                 int channels, nn_geometry g, float *pad, float *grad, float *dpad);
#endif
