#include "CNNKernels.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

/* A persistent pool for the many short parallel regions of a training step (hundreds per step, often
   tens of microseconds each). Workers spin briefly on a generation counter before sleeping on a
   condition variable, so back-to-back regions start without a kernel wake-up. One region runs at a
   time; a caller that finds the pool busy (another thread's region, or a nested call) runs its
   chunks itself, which gives the same results. */

enum { MAX_WORKERS = 63, SPIN_ROUNDS = 4000 };

static pthread_mutex_t dispatch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static atomic_uint_fast64_t generation;
static atomic_int sleepers;
static atomic_int remaining;
static int worker_count; /* guarded by dispatch_lock */
/* The generation each worker was created in: it must wait for the next one even if it starts late. */
static uint_fast64_t start_generation[MAX_WORKERS + 1];

static struct {
    nn_task task;
    void *context;
    int chunks, threads;
} job; /* written by the dispatcher before the generation bump, read by workers after it */

static inline void cpu_relax(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
}

static void *worker_main(void *argument) {
    int index = (int)(intptr_t)argument; /* 1 ... MAX_WORKERS; the dispatcher is 0 */
    uint_fast64_t seen = start_generation[index];
    for (;;) {
        uint_fast64_t now = seen;
        for (int spin = 0; spin < SPIN_ROUNDS && (now = atomic_load(&generation)) == seen; spin++) cpu_relax();
        if (now == seen) {
            pthread_mutex_lock(&sleep_lock);
            atomic_fetch_add(&sleepers, 1);
            while ((now = atomic_load(&generation)) == seen) pthread_cond_wait(&wake, &sleep_lock);
            atomic_fetch_sub(&sleepers, 1);
            pthread_mutex_unlock(&sleep_lock);
        }
        seen = now;
        for (int chunk = index; chunk < job.chunks; chunk += job.threads) job.task(job.context, chunk);
        atomic_fetch_sub(&remaining, 1); /* every worker reports, so none can still be reading `job` */
    }
    return NULL;
}

static void run_serially(int chunks, nn_task task, void *context) {
    for (int chunk = 0; chunk < chunks; chunk++) task(context, chunk);
}

void nn_parallel_run(int threads, int chunks, nn_task task, void *context) {
    if (threads > chunks) threads = chunks;
    if (threads > MAX_WORKERS + 1) threads = MAX_WORKERS + 1;
    if (threads <= 1 || pthread_mutex_trylock(&dispatch_lock) != 0) {
        run_serially(chunks, task, context);
        return;
    }
    while (worker_count < threads - 1) {
        pthread_t thread;
        start_generation[worker_count + 1] = atomic_load(&generation);
        if (pthread_create(&thread, NULL, worker_main, (void *)(intptr_t)(worker_count + 1)) != 0) break;
        pthread_detach(thread);
        worker_count++;
    }
    if (threads > worker_count + 1) threads = worker_count + 1;
    job.task = task;
    job.context = context;
    job.chunks = chunks;
    job.threads = threads;
    atomic_store(&remaining, worker_count);
    atomic_fetch_add(&generation, 1);
    if (atomic_load(&sleepers) > 0) {
        pthread_mutex_lock(&sleep_lock);
        pthread_cond_broadcast(&wake);
        pthread_mutex_unlock(&sleep_lock);
    }
    for (int chunk = 0; chunk < chunks; chunk += threads) task(context, chunk);
    /* Spin while the workers finish; if one is slow (descheduled on a busy machine), yield the core. */
    for (int spin = 0; atomic_load(&remaining) > 0; spin++) {
        if (spin < SPIN_ROUNDS) cpu_relax();
        else sched_yield();
    }
    pthread_mutex_unlock(&dispatch_lock);
}
