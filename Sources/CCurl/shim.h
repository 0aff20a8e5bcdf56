#ifndef ORCHESTRATOR_CCURL_SHIM_H
#define ORCHESTRATOR_CCURL_SHIM_H
#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>

/* libcurl is loaded when the first HTTP call needs it, not linked: linking it loads some thirty
   libraries (TLS, Kerberos, LDAP, ...) into every process, about 5.5 MB of memory that `validate`
   and `serve` never use. Every curl function Swift calls goes through a wrapper below, which finds
   the function in the loaded library once. */

static inline void *occurl_library(void) {
    static void *handle;
    void *loaded = __atomic_load_n(&handle, __ATOMIC_ACQUIRE);
    if (loaded == NULL) {
        loaded = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (loaded == NULL) loaded = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
        if (loaded != NULL) __atomic_store_n(&handle, loaded, __ATOMIC_RELEASE);
    }
    return loaded;
}

/* Why the library could not be loaded (dlerror), or NULL when it is loaded. */
static inline const char *occurl_load_error(void) {
    if (occurl_library() != NULL) return NULL;
    const char *reason = dlerror();
    return reason != NULL ? reason : "libcurl.so.4 not found";
}

static inline void *occurl_symbol(const char *name) {
    void *library = occurl_library();
    return library != NULL ? dlsym(library, name) : NULL;
}

/* Declares `function`, the named libcurl function or NULL, looked up once (threads may race to look it
   up; they find the same address). */
#define OCCURL_RESOLVE(type, name) \
    static __typeof__(type) cached; \
    __typeof__(type) function = __atomic_load_n(&cached, __ATOMIC_ACQUIRE); \
    if (function == NULL) { \
        function = (__typeof__(type))occurl_symbol(name); \
        __atomic_store_n(&cached, function, __ATOMIC_RELEASE); \
    }

static inline CURLcode occurl_global_init(long flags) {
    OCCURL_RESOLVE(CURLcode (*)(long), "curl_global_init");
    return function != NULL ? function(flags) : CURLE_FAILED_INIT;
}

static inline CURL *occurl_easy_init(void) {
    OCCURL_RESOLVE(CURL *(*)(void), "curl_easy_init");
    return function != NULL ? function() : NULL;
}

static inline void occurl_easy_cleanup(CURL *handle) {
    OCCURL_RESOLVE(void (*)(CURL *), "curl_easy_cleanup");
    if (function != NULL) function(handle);
}

static inline const char *occurl_easy_strerror(CURLcode code) {
    OCCURL_RESOLVE(const char *(*)(CURLcode), "curl_easy_strerror");
    return function != NULL ? function(code) : "libcurl is not loaded";
}

static inline CURLM *occurl_multi_init(void) {
    OCCURL_RESOLVE(CURLM *(*)(void), "curl_multi_init");
    return function != NULL ? function() : NULL;
}

static inline CURLMcode occurl_multi_cleanup(CURLM *multi) {
    OCCURL_RESOLVE(CURLMcode (*)(CURLM *), "curl_multi_cleanup");
    return function != NULL ? function(multi) : CURLM_INTERNAL_ERROR;
}

static inline CURLMcode occurl_multi_add_handle(CURLM *multi, CURL *handle) {
    OCCURL_RESOLVE(CURLMcode (*)(CURLM *, CURL *), "curl_multi_add_handle");
    return function != NULL ? function(multi, handle) : CURLM_INTERNAL_ERROR;
}

static inline CURLMcode occurl_multi_remove_handle(CURLM *multi, CURL *handle) {
    OCCURL_RESOLVE(CURLMcode (*)(CURLM *, CURL *), "curl_multi_remove_handle");
    return function != NULL ? function(multi, handle) : CURLM_INTERNAL_ERROR;
}

static inline CURLMcode occurl_multi_perform(CURLM *multi, int *running) {
    OCCURL_RESOLVE(CURLMcode (*)(CURLM *, int *), "curl_multi_perform");
    return function != NULL ? function(multi, running) : CURLM_INTERNAL_ERROR;
}

static inline CURLMcode occurl_multi_poll(CURLM *multi, struct curl_waitfd *extra, unsigned int count, int timeout,
                                          int *ready) {
    OCCURL_RESOLVE(CURLMcode (*)(CURLM *, struct curl_waitfd *, unsigned int, int, int *), "curl_multi_poll");
    return function != NULL ? function(multi, extra, count, timeout, ready) : CURLM_INTERNAL_ERROR;
}

static inline const char *occurl_multi_strerror(CURLMcode code) {
    OCCURL_RESOLVE(const char *(*)(CURLMcode), "curl_multi_strerror");
    return function != NULL ? function(code) : "libcurl is not loaded";
}

static inline struct curl_slist *occurl_slist_append(struct curl_slist *list, const char *text) {
    OCCURL_RESOLVE(struct curl_slist *(*)(struct curl_slist *, const char *), "curl_slist_append");
    return function != NULL ? function(list, text) : NULL;
}

static inline void occurl_slist_free_all(struct curl_slist *list) {
    OCCURL_RESOLVE(void (*)(struct curl_slist *), "curl_slist_free_all");
    if (function != NULL) function(list);
}

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call:
   one typed wrapper per kind of argument. */

typedef CURLcode (*occurl_setopt_function)(CURL *, CURLoption, ...);

static inline occurl_setopt_function occurl_setopt(void) {
    OCCURL_RESOLVE(occurl_setopt_function, "curl_easy_setopt");
    return function;
}

static inline CURLcode occurl_setopt_long(CURL *handle, CURLoption option, long value) {
    occurl_setopt_function setopt = occurl_setopt();
    return setopt != NULL ? setopt(handle, option, value) : CURLE_FAILED_INIT;
}

static inline CURLcode occurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    occurl_setopt_function setopt = occurl_setopt();
    return setopt != NULL ? setopt(handle, option, value) : CURLE_FAILED_INIT;
}

static inline CURLcode occurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    occurl_setopt_function setopt = occurl_setopt();
    return setopt != NULL ? setopt(handle, option, value) : CURLE_FAILED_INIT;
}

static inline CURLcode occurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    occurl_setopt_function setopt = occurl_setopt();
    return setopt != NULL ? setopt(handle, option, value) : CURLE_FAILED_INIT;
}

static inline CURLcode occurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    occurl_setopt_function setopt = occurl_setopt();
    return setopt != NULL ? setopt(handle, option, value) : CURLE_FAILED_INIT;
}

/* CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION share this signature. */
static inline CURLcode occurl_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback value) {
    occurl_setopt_function setopt = occurl_setopt();
    return setopt != NULL ? setopt(handle, option, value) : CURLE_FAILED_INIT;
}

static inline CURLcode occurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    OCCURL_RESOLVE(CURLcode (*)(CURL *, CURLINFO, ...), "curl_easy_getinfo");
    return function != NULL ? function(handle, info, value) : CURLE_FAILED_INIT;
}

/* CURLMsg keeps the transfer's result in a union; this reads it without Swift touching the union.
   Returns 1 and sets *result when a finished transfer was reported, 0 when no message is left. */
static inline int occurl_multi_next_done(CURLM *multi, CURLcode *result) {
    OCCURL_RESOLVE(CURLMsg *(*)(CURLM *, int *), "curl_multi_info_read");
    if (function == NULL) return 0;
    int remaining = 0;
    CURLMsg *message;
    while ((message = function(multi, &remaining)) != NULL) {
        if (message->msg == CURLMSG_DONE) {
            *result = message->data.result;
            return 1;
        }
    }
    return 0;
}

#undef OCCURL_RESOLVE
#endif
