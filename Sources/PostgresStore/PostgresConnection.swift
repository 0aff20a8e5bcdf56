import CPostgres
import Glibc
import StorePort
import Synchronization

/// One connection to a PostgreSQL server, over libpq's blocking C API (loaded at first use: see CPostgres/shim.h).
///
/// Owned by one ``PostgresWorkflowStore`` actor and used only from its executor's thread, one call at a time: the
/// actor is what keeps the C handle from two threads at once, and libpq's blocking calls from the cooperative pool.
final class PostgresConnection {
    private var handle: OpaquePointer?
    /// The URL without its password, for messages.
    let location: String
    private var columns: [String: PostgresColumns] = [:]
    /// Whether the calling code runs where this connection's store runs its work; nil: no such place (tests).
    var onStoreThread: (() -> Bool)?
    /// Statements run anywhere but on their store's thread: a blocking call on the cooperative pool. Kept at zero.
    let statementsOffStoreThread: OffThreadCount

    /// Connects, waiting at most `connect_timeout` seconds (10 unless the URL says otherwise), with TCP keepalives.
    init(url: PostgresURL, offThread: OffThreadCount = OffThreadCount()) throws(StoreError) {
        location = url.redacted
        statementsOffStoreThread = offThread
        if let reason = ocpq_load_error() {
            throw StoreError(
                .cannotOpen, path: location,
                "cannot load libpq, PostgreSQL's client library (Debian: apt-get install libpq5): \(String(cString: reason))"
            )
        }
        // Earlier keywords are defaults the URL (expanded from dbname) may override. TCP keepalives and a user
        // timeout, so that a server that vanished (a partition, a host powered off) fails a waiting call within about
        // a minute instead of blocking the store's thread for the kernel's two hours.
        let keywords = [
            "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
            "tcp_user_timeout", "dbname", "fallback_application_name",
        ]
        let values = ["10", "1", "30", "10", "3", "60000", url.text, "orchestrator"]
        let connection = Self.connect(keywords: keywords, values: values)
        guard let connection else {
            throw StoreError(.cannotOpen, path: location, "cannot connect: libpq could not allocate a connection")
        }
        guard ocpq_status(connection) == CONNECTION_OK else {
            let message = Self.trimmed(ocpq_error_message(connection))
            ocpq_finish(connection)
            throw StoreError(.cannotOpen, path: location, "cannot connect: \(message)")
        }
        ocpq_silence_notices(connection)
        handle = connection
    }

    deinit {
        close()
    }

    func close() {
        if let handle { ocpq_finish(handle) }
        handle = nil
    }

    /// Whether the connection is gone: closed, or dropped (libpq noticed the server end it).
    var isBroken: Bool {
        guard let handle else { return true }
        return ocpq_status(handle) == CONNECTION_BAD
    }

    /// Reads what the server sent while the connection sat idle, without blocking (libpq's socket is non-blocking
    /// underneath): a server that ended this session (a restart, `pg_terminate_backend`) is noticed here, before a
    /// transaction starts on it.
    func noticeDrop() -> Bool {
        guard let handle else { return true }
        _ = ocpq_consume_input(handle)
        return isBroken
    }

    /// Ends a transaction left open (a ROLLBACK that failed after an error), so the next BEGIN starts clean.
    func abandonOpenTransaction() {
        guard let handle, ocpq_transaction_status(handle) != PQTRANS_IDLE else { return }
        try? execute("ROLLBACK")
    }

    /// The server process serving this connection (for tests that end it from another connection).
    var backendPID: Int32 { handle.map { ocpq_backend_pid($0) } ?? 0 }

    /// The connection's socket, for `poll`; -1 when closed.
    var socket: Int32 { handle.map { ocpq_socket($0) } ?? -1 }

    /// Reads what the server sent, without blocking, and returns how many notifications (LISTEN) arrived.
    func takeNotifications() -> Int {
        guard let handle else { return 0 }
        _ = ocpq_consume_input(handle)
        var count = 0
        while let notification = ocpq_notifies(handle) {
            ocpq_freemem(notification)
            count += 1
        }
        return count
    }

    /// Runs SQL without parameters, several statements at once: the migrations, and BEGIN/COMMIT.
    func execute(_ sql: String) throws(StoreError) {
        checkThread()
        guard let handle else { throw StoreError(.database, "the connection is closed") }
        let result = ocpq_exec(handle, sql)
        defer { if let result { ocpq_clear(result) } }
        try check(result, handle)
    }

    /// Runs one statement with its arguments bound as parameters (`$1`, `$2`, … never spliced into the text);
    /// returns the rows it produced.
    @discardableResult
    func query(_ sql: String, _ arguments: [String?] = []) throws(StoreError) -> [PostgresRow] {
        checkThread()
        guard let handle else { throw StoreError(.database, "the connection is closed") }
        let copies = arguments.map { argument in argument.map { strdup($0) } ?? nil }
        defer { for copy in copies { free(copy) } }
        let pointers = copies.map { copy in copy.map { UnsafePointer($0) } }
        let result = pointers.withUnsafeBufferPointer { buffer in
            ocpq_exec_params(handle, sql, Int32(buffer.count), buffer.baseAddress)
        }
        defer { if let result { ocpq_clear(result) } }
        try check(result, handle)
        guard let result, ocpq_result_status(result) == PGRES_TUPLES_OK else { return [] }
        let fields = ocpq_nfields(result)
        let names = columns(of: sql, result, fields)
        var rows: [PostgresRow] = []
        let count = ocpq_ntuples(result)
        rows.reserveCapacity(Int(count))
        for row in 0..<count {
            var values: [String?] = []
            values.reserveCapacity(Int(fields))
            for column in 0..<fields {
                if ocpq_getisnull(result, row, column) != 0 {
                    values.append(nil)
                } else {
                    values.append(ocpq_getvalue(result, row, column).map { String(cString: $0) } ?? "")
                }
            }
            rows.append(PostgresRow(columns: names, values: values))
        }
        return rows
    }

    /// Runs an INSERT with its arguments bound and returns the key the database gave the new row (`column`).
    func insertedID(_ sql: String, _ arguments: [String?], column: String = "id") throws(StoreError) -> Int64 {
        let rows = try query(sql + " RETURNING " + column, arguments)
        guard let id = try rows.first?.optionalInt64(column) else {
            throw StoreError(.database, "\(StatementTable.of(sql)): the insert returned no \(column)")
        }
        return id
    }

    private func check(_ result: OpaquePointer?, _ handle: OpaquePointer) throws(StoreError) {
        guard let result else { throw StoreError(.database, Self.trimmed(ocpq_error_message(handle))) }
        switch ocpq_result_status(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default:
            var message = Self.trimmed(ocpq_result_error_message(result))
            if message.isEmpty { message = Self.trimmed(ocpq_error_message(handle)) }
            throw StoreError(.database, message)
        }
    }

    private func columns(of sql: String, _ result: OpaquePointer, _ count: Int32) -> PostgresColumns {
        if let known = columns[sql] { return known }
        let names = (0..<count).map { column in ocpq_fname(result, column).map { String(cString: $0) } ?? "" }
        let made = PostgresColumns(names: names, table: StatementTable.of(sql))
        columns[sql] = made
        return made
    }

    private func checkThread() {
        statementsOffStoreThread.check(onStoreThread)
    }

    /// libpq's messages end with a newline (and sometimes hold a tab-indented hint): one line each.
    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).split(whereSeparator: \.isNewline)
            .map { $0.trimmingPrefix(while: \.isWhitespace) }.joined(separator: " ")
    }

    /// PQconnectdbParams over NULL-terminated arrays of C strings, which live only for the call.
    private static func connect(keywords: [String], values: [String]) -> OpaquePointer? {
        let copies = (keywords.map { strdup($0) } + [nil], values.map { strdup($0) } + [nil])
        defer { for copy in copies.0 + copies.1 { free(copy) } }
        let keywordPointers = copies.0.map { copy in copy.map { UnsafePointer($0) } }
        let valuePointers = copies.1.map { copy in copy.map { UnsafePointer($0) } }
        return keywordPointers.withUnsafeBufferPointer { keywordBuffer in
            valuePointers.withUnsafeBufferPointer { valueBuffer in
                ocpq_connectdb_params(keywordBuffer.baseAddress, valueBuffer.baseAddress, 1)
            }
        }
    }
}
