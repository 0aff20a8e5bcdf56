#ifndef ORCHESTRATOR_CHIREDIS_SHIM_H
#define ORCHESTRATOR_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <dlfcn.h>
#include <stddef.h>
#include <sys/time.h>

/* hiredis is loaded when a process first talks to Redis (ORCHESTRATOR_REDIS_URL set), not linked: a process
   that shares nothing pays nothing for it, and a machine without libhiredis runs everything but the shared
   tier. As for libcurl (Sources/CCurl/shim.h), each function Swift calls is found in the library once. */

static inline void *ochiredis_library(void) {
    static void *handle;
    void *loaded = __atomic_load_n(&handle, __ATOMIC_ACQUIRE);
    if (loaded == NULL) {
        loaded = dlopen("libhiredis.so.0.14", RTLD_NOW | RTLD_LOCAL);
        if (loaded == NULL) loaded = dlopen("libhiredis.so", RTLD_NOW | RTLD_LOCAL);
        if (loaded != NULL) __atomic_store_n(&handle, loaded, __ATOMIC_RELEASE);
    }
    return loaded;
}

/* Why the library could not be loaded (dlerror), or NULL when it is loaded. */
static inline const char *ochiredis_load_error(void) {
    if (ochiredis_library() != NULL) return NULL;
    const char *reason = dlerror();
    return reason != NULL ? reason : "libhiredis.so.0.14 not found";
}

#define OCHIREDIS_RESOLVE(type, name) \
    static __typeof__(type) cached; \
    __typeof__(type) function = __atomic_load_n(&cached, __ATOMIC_ACQUIRE); \
    if (function == NULL) { \
        void *library = ochiredis_library(); \
        function = library != NULL ? (__typeof__(type))dlsym(library, name) : NULL; \
        __atomic_store_n(&cached, function, __ATOMIC_RELEASE); \
    }

static inline redisContext *ochiredis_connect_tcp(const char *host, int port, long timeout_ms) {
    OCHIREDIS_RESOLVE(redisContext *(*)(const char *, int, const struct timeval), "redisConnectWithTimeout");
    struct timeval limit = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    return function != NULL ? function(host, port, limit) : NULL;
}

static inline redisContext *ochiredis_connect_unix(const char *path, long timeout_ms) {
    OCHIREDIS_RESOLVE(redisContext *(*)(const char *, const struct timeval), "redisConnectUnixWithTimeout");
    struct timeval limit = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    return function != NULL ? function(path, limit) : NULL;
}

/* 0 on success (REDIS_OK), -1 otherwise. */
static inline int ochiredis_set_timeout(redisContext *context, long timeout_ms) {
    OCHIREDIS_RESOLVE(int (*)(redisContext *, const struct timeval), "redisSetTimeout");
    struct timeval limit = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    return function != NULL ? function(context, limit) : -1;
}

static inline redisReply *ochiredis_command(redisContext *context, int count, const char **arguments,
                                           const size_t *lengths) {
    OCHIREDIS_RESOLVE(void *(*)(redisContext *, int, const char **, const size_t *), "redisCommandArgv");
    return function != NULL ? (redisReply *)function(context, count, arguments, lengths) : NULL;
}

static inline void ochiredis_free_reply(redisReply *reply) {
    OCHIREDIS_RESOLVE(void (*)(void *), "freeReplyObject");
    if (function != NULL && reply != NULL) function(reply);
}

static inline void ochiredis_free(redisContext *context) {
    OCHIREDIS_RESOLVE(void (*)(redisContext *), "redisFree");
    if (function != NULL && context != NULL) function(context);
}

/* The context's error text, or NULL when it has none. */
static inline const char *ochiredis_error(const redisContext *context) {
    return context != NULL && context->err != 0 ? context->errstr : NULL;
}

static inline redisReply *ochiredis_element(const redisReply *reply, size_t index) {
    return reply->element[index];
}

#endif
