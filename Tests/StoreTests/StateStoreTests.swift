import CSQLite
import Foundation
import Model
import Testing

@testable import Store

@Suite("State store")
struct StateStoreTests {
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
    func persistsAcrossOpens() throws {
        let path = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        do {
            let store = try StateStore.open(path: path)
            try store.write { tx in try tx.insert(workflow("demo", 1)) }
        }
        let reopened = try StateStore.open(path: path)
        #expect(try reopened.read { tx in try tx.workflow(id: "demo-1")?.plannedPhases } == [.planning, .qa])
        #expect(try rawQuery(path, "PRAGMA journal_mode") == ["wal"])
        #expect(try reopened.integrityCheck() == ["ok"])
    }

    @Test("workflow numbers count up per project slug")
    func numbersPerSlug() throws {
        let store = try StateStore.inMemory()
        try store.write { tx in
            #expect(try tx.nextWorkflowNumber(slug: "a") == 1)
            try tx.insert(workflow("a", 1))
            try tx.insert(workflow("b", 1))
            #expect(try tx.nextWorkflowNumber(slug: "a") == 2)
            #expect(try tx.nextWorkflowNumber(slug: "b") == 2)
        }
        #expect(try store.read { tx in try tx.latestWorkflow()?.id } == "b-1")
        #expect(try store.read { tx in try tx.workflows().map(\.id) } == ["a-1", "b-1"])
    }

    @Test("events get increasing sequence numbers and cannot be updated or deleted")
    func eventsAreAppendOnly() throws {
        let store = try StateStore.inMemory()
        let stored = try store.write { tx in
            try tx.insert(workflow("a", 1))
            let first = try tx.append(WorkflowEvent(workflowID: "a-1", kind: .workflowStarted, timestamp: 1))
            let second = try tx.append(
                WorkflowEvent(workflowID: "a-1", kind: .phaseStarted, timestamp: 2, phase: .planning, attempt: 1))
            return [first, second]
        }
        #expect(stored.map(\.sequence) == [1, 2])
        #expect(try store.read { tx in try tx.events(workflowID: "a-1", after: 1) } == [stored[1]])
        #expect(throws: StoreError.self) {
            try store.write { tx in try tx.execute("UPDATE events SET kind = 'x'") }
        }
        #expect(throws: StoreError.self) {
            try store.write { tx in try tx.execute("DELETE FROM events") }
        }
        #expect(try store.read { tx in try tx.events(workflowID: "a-1").count } == 2)
    }

    @Test("a failing transaction leaves nothing behind")
    func transactionsAreAtomic() throws {
        struct Stop: Error {}
        let store = try StateStore.inMemory()
        #expect(throws: Stop.self) {
            try store.write { tx in
                try tx.insert(workflow("a", 1))
                try tx.append(WorkflowEvent(workflowID: "a-1", kind: .workflowStarted, timestamp: 1))
                throw Stop()
            }
        }
        #expect(try store.read { tx in try tx.workflows() }.isEmpty)
        #expect(try store.read { tx in try tx.events(workflowID: "a-1") }.isEmpty)
    }

    @Test("a second checkpoint for the same phase attempt is refused")
    func checkpointsAreUniquePerAttempt() throws {
        let store = try StateStore.inMemory()
        #expect(throws: StoreError.self) {
            try store.write { tx in
                try tx.insert(workflow("a", 1))
                var run = PhaseRunRecord(workflowID: "a-1", phase: .planning, attempt: 1, agents: ["consensus"])
                try tx.insert(&run)
                for _ in 0..<2 {
                    var checkpoint = CheckpointRecord(
                        workflowID: "a-1", phaseRunID: run.id ?? -1, phase: .planning, attempt: 1, status: .passed,
                        createdAt: 1)
                    try tx.insert(&checkpoint)
                }
            }
        }
    }

    @Test("a store written by a newer build is refused with a clear error")
    func newerSchemaRefused() throws {
        let path = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        _ = try StateStore.open(path: path)
        _ = try rawQuery(path, "PRAGMA user_version = 99")
        #expect {
            _ = try StateStore.open(path: path)
        } throws: { error in
            (error as? StoreError)?.code == .newerSchema
        }
    }

    @Test("a file that is not a database is an open error naming the file")
    func notADatabase() throws {
        let path = try temporaryDatabase()
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try StateStore.open(path: path)
        } throws: { error in
            (error as? StoreError)?.code == .cannotOpen && (error as? StoreError)?.path == path
        }
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
