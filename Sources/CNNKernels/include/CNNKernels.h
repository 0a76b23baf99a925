#ifndef CNNKERNELS_H
#define CNNKERNELS_H

/* Hot loops of the NN training engine. Tensors are float32, contiguous, NCHW. Every function works on
   a range of images so the caller can split a batch across threads; none allocates or keeps state. */

/// Geometry of a 2-D convolution of one plane: input h x w, kernel kh x kw, stride sh x sw,
/// zero padding ph x pw, output oh x ow (oh = (h + 2ph - kh) / sh + 1, likewise ow).
typedef struct {
    int h, w, kh, kw, sh, sw, ph, pw, oh, ow;
} nn_geometry;

/* ---- depthwise convolution (one kh x kw filter per channel, kh * kw <= 64) ----------------- */

/// y[i][c] = x[i][c] (*) w[c] for images i < n, channels c < channels. Overwrites y.
void nn_depthwise_forward(const float *x, const float *w, float *y, int n, int channels, nn_geometry g);
/// Both gradients in one pass over each plane: dw[c] += sum over images of the correlation of x[i][c]
/// with dy[i][c]; and, unless dx is NULL, dx[i][c] = transposed convolution of dy[i][c] with w[c]
/// (overwritten).
void nn_depthwise_backward(const float *x, const float *dy, const float *w, float *dx, float *dw, int n, int channels,
                           nn_geometry g);

/* ---- im2col / col2im for one image and a run of channels -------------------------------------- */

/// col[(c * kh + ky) * kw + kx][oy * ow + ox] = x[c][oy*sh - ph + ky][ox*sw - pw + kx] (0 outside).
void nn_im2col(const float *x, int channels, nn_geometry g, float *col);
/// The adjoint of nn_im2col: x[c][iy][ix] += every col entry that nn_im2col read from it.
void nn_col2im_add(const float *col, int channels, nn_geometry g, float *x);

/* ---- channel-major panels for 1x1 convolutions ---------------------------------------------- */

/// panel[c][i * hw + j] = x[i][c][j] for images i < n: n images as one channels x (n * hw) matrix.
void nn_pack_channels(const float *x, int n, int channels, int hw, float *panel);
/// The inverse: y[i][c][j] = panel[c][i * hw + j]. Overwrites y.
void nn_unpack_channels(const float *panel, int n, int channels, int hw, float *y);

/* ---- batch normalisation over images [0, n), channels, plane size hw -------------------------- */

/// Per-channel mean and sum of squared deviations (M2) of n images, merged plane by plane
/// (Chan et al.) in double precision. Overwrites mean[c] and m2[c]; the count is n * hw.
void nn_bn_statistics(const float *x, int n, int channels, int hw, double *mean, double *m2);
/// y = x * scale[c] + shift[c], then max(y, 0) if relu. x and y may be the same buffer.
void nn_bn_apply(const float *x, float *y, int n, int channels, int hw, const float *scale, const float *shift, int relu);
/// With g = dy (zeroed where y <= 0 if relu) and xhat = (x - mean[c]) * invstd[c], adds sum(g) to
/// sum_g[c] and sum(g * xhat) to sum_gx[c] (double precision).
void nn_bn_backward_sums(const float *x, const float *y, const float *dy, int n, int channels, int hw,
                         const float *mean, const float *invstd, int relu, double *sum_g, double *sum_gx);
/// dx = k[c] * (g - a[c] - xhat * b[c]) with g and xhat as in nn_bn_backward_sums. Overwrites dx.
void nn_bn_backward_input(const float *x, const float *y, const float *dy, float *dx, int n, int channels, int hw,
                          const float *mean, const float *invstd, const float *k, const float *a, const float *b,
                          int relu);

/* ---- thread pool ------------------------------------------------------------------------------ */

/// A unit of parallel work: chunk `chunk` of a region.
typedef void (*nn_task)(void *context, int chunk);
/// Runs task(context, c) for every c in [0, chunks) on up to `threads` threads (the caller runs its
/// share too) and returns when all are done. Regions do not overlap: a call made while another region
/// runs (from another thread, or from inside a task) runs all its chunks on the calling thread.
void nn_parallel_run(int threads, int chunks, nn_task task, void *context);

#endif
