import CSQLite
import StorePort
import Synchronization

/// One connection to a SQLite database, over the system library's C API.
///
/// Owned by one ``SQLiteWorkflowStore`` actor and used only from its executor's thread, one call at a time: the
/// actor is what keeps the C handle from two threads at once. Statements are prepared once and reused.
final class SQLiteConnection {
    private let handle: SQLiteHandle
    let path: String?

    /// Opens (creating) the database at `path`, or an in-memory one when nil; statements run off the store's thread
    /// are counted in `offThread`.
    init(path: String?, offThread: OffThreadCount = OffThreadCount()) throws(StoreError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path ?? ":memory:", &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open the database"
            sqlite3_close_v2(handle)
            throw StoreError(.cannotOpen, path: path, message)
        }
        // Another process (a second CLI, the daemon) may hold the write lock for a moment: wait, don't fail.
        sqlite3_busy_timeout(handle, 10_000)
        self.path = path
        self.handle = SQLiteHandle(handle, offThread: offThread)
    }

    deinit {
        handle.close()
    }

    /// Runs `body` with the connection's handle (the owning actor guarantees exclusive use).
    func withHandle<T>(_ body: (SQLiteHandle) throws -> T) throws -> T {
        try body(handle)
    }
}

/// The C handle and its prepared statements; only reached through ``SQLiteConnection/withHandle(_:)``.
final class SQLiteHandle {
    private var handle: OpaquePointer?
    private var statements: [String: (statement: OpaquePointer, columns: SQLiteColumns)] = [:]
    /// Whether the calling code runs where this connection's store runs its work; nil: no such place (tests).
    var onStoreThread: (() -> Bool)?

    /// Statements run anywhere but on their store's thread: a blocking call on the cooperative pool. Kept at zero by
    /// design; tests check it after whole workflows.
    let statementsOffStoreThread: OffThreadCount

    init(_ handle: OpaquePointer, offThread: OffThreadCount) {
        self.handle = handle
        self.statementsOffStoreThread = offThread
    }

    func close() {
        for prepared in statements.values { sqlite3_finalize(prepared.statement) }
        statements.removeAll()
        sqlite3_close_v2(handle)
        handle = nil
    }

    /// Runs one or more statements that take no parameters and return nothing of interest.
    func execute(_ sql: String) throws(StoreError) {
        checkThread()
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        guard status == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "SQLite error \(status)"
            sqlite3_free(error)
            throw StoreError(.database, message)
        }
    }

    /// Runs a statement with parameters; returns the rows it produced.
    @discardableResult
    func query(_ sql: String, _ arguments: [SQLiteValue] = []) throws(StoreError) -> [SQLiteRow] {
        checkThread()
        let (statement, names) = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in arguments.enumerated() {
            let position = Int32(index + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, position)
            case .integer(let number): status = sqlite3_bind_int64(statement, position, number)
            case .real(let number): status = sqlite3_bind_double(statement, position, number)
            case .text(let text): status = sqlite3_bind_text(statement, position, text, -1, transientDestructor)
            }
            guard status == SQLITE_OK else { throw failure(status) }
        }
        var rows: [SQLiteRow] = []
        let columns = sqlite3_column_count(statement)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw failure(status) }
            var values: [SQLiteValue] = []
            values.reserveCapacity(Int(columns))
            for column in 0..<columns {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(statement, column)))
                case SQLITE_NULL: values.append(.null)
                default:
                    let bytes = sqlite3_column_text(statement, column)
                    values.append(.text(bytes.map { String(cString: $0) } ?? ""))
                }
            }
            rows.append(SQLiteRow(columns: names, values: values))
        }
        return rows
    }

    /// The rowid of the last row inserted through this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    private func prepared(_ sql: String) throws(StoreError) -> (statement: OpaquePointer, columns: SQLiteColumns) {
        if let prepared = statements[sql] { return prepared }
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status) }
        let names = (0..<sqlite3_column_count(statement)).map { column in
            sqlite3_column_name(statement, column).map { String(cString: $0) } ?? ""
        }
        let prepared = (statement, SQLiteColumns(names: names, table: StatementTable.of(sql)))
        statements[sql] = prepared
        return prepared
    }

    private func checkThread() {
        statementsOffStoreThread.check(onStoreThread)
    }

    private func failure(_ status: Int32) -> StoreError {
        let message = String(cString: sqlite3_errmsg(handle))
        let code: StoreError.Code = status == SQLITE_NOTADB ? .cannotOpen : .database
        return StoreError(code, message)
    }
}

/// SQLite's SQLITE_TRANSIENT (copy the bound bytes now); the C macro is a cast Swift does not import.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
