#include "CNNKernels.h"
#include "vector.h"
#include <stddef.h>

/* Channel-major panels for batched 1x1 convolutions: images [n][channels][hw] <-> [channels][n * hw]. */

NN_INLINE void pack_body(const float *x, int n, int channels, int hw, float *panel) {
    size_t width = (size_t)n * hw;
    for (int c = 0; c < channels; c++)
        for (int i = 0; i < n; i++)
            copy_floats(panel + (size_t)c * width + (size_t)i * hw, x + ((size_t)i * channels + c) * hw, hw);
}
NN_MULTIVERSION(nn_pack_channels, (const float *x, int n, int channels, int hw, float *panel), (x, n, channels, hw, panel),
                pack_body)

NN_INLINE void unpack_body(const float *panel, int n, int channels, int hw, float *y) {
    size_t width = (size_t)n * hw;
    for (int i = 0; i < n; i++)
        for (int c = 0; c < channels; c++)
            copy_floats(y + ((size_t)i * channels + c) * hw, panel + (size_t)c * width + (size_t)i * hw, hw);
}
NN_MULTIVERSION(nn_unpack_channels, (const float *panel, int n, int channels, int hw, float *y), (panel, n, channels, hw, y),
                unpack_body)
