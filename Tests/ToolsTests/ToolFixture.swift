import Foundation
import JSON
import Testing

@testable import Tools

/// A working copy in a fresh temporary folder, with an `outside/` sibling for escape attempts.
struct ToolFixture {
    /// The temporary folder holding `wc/` and `outside/`, symlink-free.
    let folder: String
    let registry: ToolRegistry

    init(configuration: ToolConfiguration = .init()) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: base.appendingPathComponent("wc"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: base.appendingPathComponent("outside"), withIntermediateDirectories: true)
        folder = base.resolvingSymlinksInPath().path
        registry = .builtin(configuration: configuration)
    }

    var workingCopy: String { folder + "/wc" }
    var outside: String { folder + "/outside" }
    var context: ToolContext { ToolContext(workingCopy: workingCopy, agentID: "tester") }

    func write(_ text: String, to relative: String) throws {
        let url = URL(fileURLWithPath: workingCopy + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: workingCopy + "/" + relative, encoding: .utf8)
    }
    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: workingCopy + "/" + relative) }

    func symlink(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: workingCopy + "/" + relative, withDestinationPath: target)
    }

    func call(_ function: String, _ arguments: JSONValue) async throws -> ToolOutput {
        try await registry.call(function, arguments: arguments, context: context)
    }

    /// The error a call throws, or nil (recorded as a test issue) when it succeeds.
    func failure(
        _ function: String, _ arguments: JSONValue, sourceLocation: SourceLocation = #_sourceLocation
    ) async -> ToolError? {
        do {
            let output = try await registry.call(function, arguments: arguments, context: context)
            Issue.record("expected \(function) to fail; it returned \(output.result)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// Runs a shell script in the working copy, as something outside the tools (a person, or an agent's earlier
    /// unconfined step) would, with git's user and system configuration out of the way; returns its output.
    @discardableResult
    func shell(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: workingCopy)
        process.environment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": outside, "GIT_CONFIG_NOSYSTEM": "1",
            "OUTSIDE": outside, "WC": workingCopy,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ShellFailure(script: script, status: process.terminationStatus, output: output)
        }
        return output
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

/// Runs `body` with a fixture that is removed afterwards, whatever happens.
func withFixture<T>(
    _ configuration: ToolConfiguration = .init(), _ body: (ToolFixture) async throws -> T
) async throws -> T {
    let fixture = try ToolFixture(configuration: configuration)
    defer { fixture.remove() }
    return try await body(fixture)
}

/// A fixture script that exited non-zero.
struct ShellFailure: Error, CustomStringConvertible {
    let script: String
    let status: Int32
    let output: String
    var description: String { "exit \(status) from \(script): \(output)" }
}

extension ToolError {
    /// Whether this is `.pathEscapesWorkingCopy` for exactly this path.
    func isEscape(_ path: String) -> Bool {
        if case .pathEscapesWorkingCopy(let shown) = self { return shown == path }
        return false
    }

    var isNotAllowed: Bool {
        if case .notAllowed = self { return true }
        return false
    }

    var violations: [String] {
        if case .invalidArguments(_, _, let violations) = self { return violations }
        return []
    }
}
