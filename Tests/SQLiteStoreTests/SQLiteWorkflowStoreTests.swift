import CSQLite
import Foundation
import Model
import StorePort
import Testing

@testable import SQLiteStore

@Suite("SQLite adapter")
struct SQLiteWorkflowStoreTests {
    private func temporaryDatabase() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        return folder.appendingPathComponent("state.db").path
    }

    private func workflow(_ slug: String, _ number: Int) -> WorkflowRecord {
        WorkflowRecord(
            id: "\(slug)-\(number)", project: slug, slug: slug, number: number, intakePath: "/w/intake.yaml",
            intakeText: "project: {name: x}", workspace: "/w", phases: [.planning, .qa], status: .running,
            createdAt: Int64(number))
    }

    @Test("a file store is created with its folder, in WAL mode, and keeps what was written after reopening")
    func persistsAcrossOpens() async throws {
        let path = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        do {
            let store = try await SQLiteWorkflowStore.open(path: path)
            try await store.write { tx in try tx.insert(workflow("demo", 1)) }
        }
        let reopened = try await SQLiteWorkflowStore.open(path: path)
        #expect(try await reopened.read { tx in try tx.workflow(id: "demo-1")?.phases } == [.planning, .qa])
        #expect(try rawQuery(path, "PRAGMA journal_mode") == ["wal"])
        #expect(try await reopened.integrityCheck() == ["ok"])
        #expect(reopened.bytesOnDisk() > 0)
    }

    @Test("every statement runs on the store's own thread, never on the caller's (the cooperative pool)")
    func runsOnItsOwnThread() async throws {
        let store = try await SQLiteWorkflowStore.inMemory()
        let threadName = try await store.write { tx -> String in
            try tx.insert(workflow("a", 1))
            return (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        }
        #expect(threadName.trimmingCharacters(in: .whitespacesAndNewlines) == "orchestrator-db")
        let callerThread = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        #expect(!callerThread.hasPrefix("orchestrator-db"))
        #expect(store.statementsOffStoreThread == 0)
    }

    @Test("a statement run anywhere but its store's thread is counted (the witness the engine tests rely on)")
    func offThreadStatementsAreCounted() throws {
        let count = OffThreadCount()
        let connection = try SQLiteConnection(path: nil, offThread: count)
        try connection.withHandle { db in
            db.onStoreThread = { false }
            try db.query("SELECT 1")
        }
        #expect(count.value.load(ordering: .relaxed) == 1)
    }

    @Test("a store written by a newer build is refused with a clear error")
    func newerSchemaRefused() async throws {
        let path = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        _ = try await SQLiteWorkflowStore.open(path: path)
        _ = try rawQuery(path, "PRAGMA user_version = 99")
        await #expect {
            _ = try await SQLiteWorkflowStore.open(path: path)
        } throws: { error in
            (error as? StoreError)?.code == .newerSchema
        }
    }

    @Test("a file that is not a database is an open error naming the file")
    func notADatabase() async throws {
        let path = try temporaryDatabase()
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        await #expect {
            _ = try await SQLiteWorkflowStore.open(path: path)
        } throws: { error in
            (error as? StoreError)?.code == .cannotOpen && (error as? StoreError)?.path == path
        }
    }

    @Test("a store it cannot write is read through a private copy that holds the WAL's commits, then removed")
    func readOnlyCopyReadsTheWAL() async throws {
        let path = try temporaryDatabase()
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try await SQLiteWorkflowStore.open(path: path)
        try await writer.write { tx in try tx.insert(workflow("wal", 1)) }
        // The writer is still open: its commit is in the WAL, not yet in the database file.
        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")
        #expect((wal[.size] as? Int ?? 0) > 0)
        let copies = try temporaryCopies()
        let reader = try await SQLiteWorkflowStore.openCopy(of: path)
        #expect(try await reader.read { tx in try tx.workflow(id: "wal-1")?.phases } == [.planning, .qa])
        await #expect(throws: StoreError.self) { try await reader.write { tx in try tx.insert(workflow("no", 1)) } }
        #expect(try temporaryCopies() == copies, "the copy is removed once open")
        #expect(reader.location == path, "messages name the store, not its copy")
        #expect(try await writer.read { tx in try tx.workflows().count } == 1)
    }

    @Test("only a store whose file, WAL, index and folder can all be written is opened in place")
    func writability() throws {
        let path = try temporaryDatabase()
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(ReadOnlyStoreCopy.canWrite(database: path))
        #expect(!ReadOnlyStoreCopy.canWrite(database: "/proc/self/state.db"), "a folder no one writes")
    }

    private func temporaryCopies() throws -> Set<String> {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return Set(
            try FileManager.default.contentsOfDirectory(atPath: base).filter { $0.hasPrefix("orchestrator-read-only-") }
        )
    }
}

/// Runs SQL on the file with the C API directly: a witness that does not go through the store.
private func rawQuery(_ path: String, _ sql: String) throws -> [String] {
    var handle: OpaquePointer?
    guard sqlite3_open(path, &handle) == SQLITE_OK else { throw StoreError(.cannotOpen, path: path, "open") }
    defer { sqlite3_close(handle) }
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
        throw StoreError(.database, String(cString: sqlite3_errmsg(handle)))
    }
    defer { sqlite3_finalize(statement) }
    var rows: [String] = []
    while sqlite3_step(statement) == SQLITE_ROW {
        rows.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
    }
    return rows
}
