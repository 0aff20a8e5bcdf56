#ifndef ORCHESTRATOR_CPOSTGRES_SHIM_H
#define ORCHESTRATOR_CPOSTGRES_SHIM_H
/* Debian keeps libpq's headers in /usr/include/postgresql; libpq-fe.h includes its neighbours with quotes,
   so naming it by that folder finds them without an include path (and without pkg-config's -lpq). */
#include <postgresql/libpq-fe.h>
#include <dlfcn.h>
#include <stddef.h>

/* libpq is loaded when a PostgreSQL store is first opened, not linked: linking it would load libpq and what it
   needs (TLS, Kerberos, LDAP) into every process, for every command, though only a store given a database URL
   uses it. Every libpq function Swift calls goes through a wrapper below, which finds the function in the loaded
   library once (as Sources/CCurl/shim.h does for libcurl). */

static inline void *ocpq_library(void) {
    static void *handle;
    void *loaded = __atomic_load_n(&handle, __ATOMIC_ACQUIRE);
    if (loaded == NULL) {
        loaded = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
        if (loaded == NULL) loaded = dlopen("libpq.so", RTLD_NOW | RTLD_LOCAL);
        if (loaded != NULL) __atomic_store_n(&handle, loaded, __ATOMIC_RELEASE);
    }
    return loaded;
}

/* Why the library could not be loaded (dlerror), or NULL when it is loaded. */
static inline const char *ocpq_load_error(void) {
    if (ocpq_library() != NULL) return NULL;
    const char *reason = dlerror();
    return reason != NULL ? reason : "libpq.so.5 not found";
}

static inline void *ocpq_symbol(const char *name) {
    void *library = ocpq_library();
    return library != NULL ? dlsym(library, name) : NULL;
}

/* Declares `function`, the named libpq function or NULL, looked up once (threads may race to look it up; they
   find the same address). */
#define OCPQ_RESOLVE(type, name) \
    static __typeof__(type) cached; \
    __typeof__(type) function = __atomic_load_n(&cached, __ATOMIC_ACQUIRE); \
    if (function == NULL) { \
        function = (__typeof__(type))ocpq_symbol(name); \
        __atomic_store_n(&cached, function, __ATOMIC_RELEASE); \
    }

static inline PGconn *ocpq_connectdb_params(const char *const *keywords, const char *const *values, int expand) {
    OCPQ_RESOLVE(PGconn *(*)(const char *const *, const char *const *, int), "PQconnectdbParams");
    return function != NULL ? function(keywords, values, expand) : NULL;
}

static inline ConnStatusType ocpq_status(const PGconn *connection) {
    OCPQ_RESOLVE(ConnStatusType (*)(const PGconn *), "PQstatus");
    return function != NULL ? function(connection) : CONNECTION_BAD;
}

static inline PGTransactionStatusType ocpq_transaction_status(const PGconn *connection) {
    OCPQ_RESOLVE(PGTransactionStatusType (*)(const PGconn *), "PQtransactionStatus");
    return function != NULL ? function(connection) : PQTRANS_UNKNOWN;
}

static inline const char *ocpq_error_message(const PGconn *connection) {
    OCPQ_RESOLVE(char *(*)(const PGconn *), "PQerrorMessage");
    return function != NULL ? function(connection) : "libpq is not loaded";
}

static inline void ocpq_finish(PGconn *connection) {
    OCPQ_RESOLVE(void (*)(PGconn *), "PQfinish");
    if (function != NULL) function(connection);
}

static inline int ocpq_backend_pid(const PGconn *connection) {
    OCPQ_RESOLVE(int (*)(const PGconn *), "PQbackendPID");
    return function != NULL ? function(connection) : 0;
}

static inline int ocpq_consume_input(PGconn *connection) {
    OCPQ_RESOLVE(int (*)(PGconn *), "PQconsumeInput");
    return function != NULL ? function(connection) : 0;
}

static inline PGnotify *ocpq_notifies(PGconn *connection) {
    OCPQ_RESOLVE(PGnotify *(*)(PGconn *), "PQnotifies");
    return function != NULL ? function(connection) : NULL;
}

/* The connection's socket, to wait on with poll() for notifications; -1 when there is none. */
static inline int ocpq_socket(const PGconn *connection) {
    OCPQ_RESOLVE(int (*)(const PGconn *), "PQsocket");
    return function != NULL ? function(connection) : -1;
}

static inline void ocpq_freemem(void *pointer) {
    OCPQ_RESOLVE(void (*)(void *), "PQfreemem");
    if (function != NULL) function(pointer);
}

/* Notices (a NOTICE from the server, such as "relation already exists, skipping") go to this processor instead
   of libpq's default, which prints them on stderr: a command's output is its own. */
static inline void ocpq_ignore_notice(void *argument, const char *message) {
    (void)argument;
    (void)message;
}

static inline void ocpq_silence_notices(PGconn *connection) {
    OCPQ_RESOLVE(PQnoticeProcessor (*)(PGconn *, PQnoticeProcessor, void *), "PQsetNoticeProcessor");
    if (function != NULL) function(connection, ocpq_ignore_notice, NULL);
}

/* Runs SQL without parameters, several statements at once (a migration); anything with a value goes through
   ocpq_exec_params, which binds it. */
static inline PGresult *ocpq_exec(PGconn *connection, const char *command) {
    OCPQ_RESOLVE(PGresult *(*)(PGconn *, const char *), "PQexec");
    return function != NULL ? function(connection, command) : NULL;
}

static inline PGresult *ocpq_exec_params(PGconn *connection, const char *command, int count,
                                         const char *const *values) {
    OCPQ_RESOLVE(PGresult *(*)(PGconn *, const char *, int, const Oid *, const char *const *, const int *,
                               const int *, int),
                 "PQexecParams");
    /* Text parameters whose types the server infers from where they stand; text results. */
    return function != NULL ? function(connection, command, count, NULL, values, NULL, NULL, 0) : NULL;
}

static inline ExecStatusType ocpq_result_status(const PGresult *result) {
    OCPQ_RESOLVE(ExecStatusType (*)(const PGresult *), "PQresultStatus");
    return function != NULL ? function(result) : PGRES_FATAL_ERROR;
}

static inline const char *ocpq_result_error_message(const PGresult *result) {
    OCPQ_RESOLVE(char *(*)(const PGresult *), "PQresultErrorMessage");
    return function != NULL ? function(result) : "libpq is not loaded";
}

/* A field of an error report (PG_DIAG_SQLSTATE, PG_DIAG_MESSAGE_PRIMARY, ...), or NULL. */
static inline const char *ocpq_result_error_field(const PGresult *result, int field) {
    OCPQ_RESOLVE(char *(*)(const PGresult *, int), "PQresultErrorField");
    return function != NULL ? function(result, field) : NULL;
}

static inline void ocpq_clear(PGresult *result) {
    OCPQ_RESOLVE(void (*)(PGresult *), "PQclear");
    if (function != NULL) function(result);
}

static inline int ocpq_ntuples(const PGresult *result) {
    OCPQ_RESOLVE(int (*)(const PGresult *), "PQntuples");
    return function != NULL ? function(result) : 0;
}

static inline int ocpq_nfields(const PGresult *result) {
    OCPQ_RESOLVE(int (*)(const PGresult *), "PQnfields");
    return function != NULL ? function(result) : 0;
}

static inline const char *ocpq_fname(const PGresult *result, int column) {
    OCPQ_RESOLVE(char *(*)(const PGresult *, int), "PQfname");
    return function != NULL ? function(result, column) : NULL;
}

static inline const char *ocpq_getvalue(const PGresult *result, int row, int column) {
    OCPQ_RESOLVE(char *(*)(const PGresult *, int, int), "PQgetvalue");
    return function != NULL ? function(result, row, column) : NULL;
}

static inline int ocpq_getisnull(const PGresult *result, int row, int column) {
    OCPQ_RESOLVE(int (*)(const PGresult *, int, int), "PQgetisnull");
    return function != NULL ? function(result, row, column) : 1;
}

static inline int ocpq_getlength(const PGresult *result, int row, int column) {
    OCPQ_RESOLVE(int (*)(const PGresult *, int, int), "PQgetlength");
    return function != NULL ? function(result, row, column) : 0;
}

/* Parses a connection string or URI; NULL with *error set (free it with ocpq_freemem) when it is not one. */
static inline PQconninfoOption *ocpq_conninfo_parse(const char *text, char **error) {
    OCPQ_RESOLVE(PQconninfoOption *(*)(const char *, char **), "PQconninfoParse");
    if (function == NULL) {
        *error = NULL;
        return NULL;
    }
    return function(text, error);
}

static inline void ocpq_conninfo_free(PQconninfoOption *options) {
    OCPQ_RESOLVE(void (*)(PQconninfoOption *), "PQconninfoFree");
    if (function != NULL) function(options);
}

#undef OCPQ_RESOLVE
#endif
