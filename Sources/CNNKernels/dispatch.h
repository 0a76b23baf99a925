#ifndef CNNKERNELS_DISPATCH_H
#define CNNKERNELS_DISPATCH_H

/* Each hot kernel body is written once as an always-inline function and compiled three times: for
   AVX-512 (F, VL, DQ, BW), for AVX2 + FMA, and for the baseline. The exported function picks one on
   first call with __builtin_cpu_supports, so the library runs on any x86-64 (and elsewhere, where
   only the baseline exists). Reductions in the bodies may be reassociated (NN_REASSOCIATE) so they
   vectorise; results are then deterministic per machine but not bit-identical across CPU kinds. */

#define NN_INLINE static inline __attribute__((always_inline))

#if defined(__clang__)
#define NN_REASSOCIATE _Pragma("clang fp reassociate(on)")
#else
#define NN_REASSOCIATE
#endif

#if defined(__x86_64__)
#define NN_MULTIVERSION(name, params, args, body)                                                   \
    __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")))                         \
    static void name##_avx512 params { body args; }                                                 \
    __attribute__((target("avx2,fma"))) static void name##_avx2 params { body args; }              \
    static void name##_base params { body args; }                                                   \
    static void (*name##_chosen) params;                                                            \
    void name params {                                                                              \
        void (*chosen) params = __atomic_load_n(&name##_chosen, __ATOMIC_RELAXED);                 \
        if (!chosen) {                                                                              \
            __builtin_cpu_init();                                                                   \
            if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&          \
                __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw"))           \
                chosen = name##_avx512;                                                             \
            else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))              \
                chosen = name##_avx2;                                                               \
            else                                                                                    \
                chosen = name##_base;                                                               \
            __atomic_store_n(&name##_chosen, chosen, __ATOMIC_RELAXED);                             \
        }                                                                                           \
        chosen args;                                                                                \
    }
#else
#define NN_MULTIVERSION(name, params, args, body) \
    void name params { body args; }
#endif

#endif
