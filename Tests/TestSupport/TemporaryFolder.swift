import Foundation

/// A folder under the system's temporary directory, removed by `remove()`, with helpers to fill it and run in it.
public struct TemporaryFolder: Sendable {
    public let path: String

    public init(prefix: String = "test") throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // Resolved, so paths compared with what tools report (which resolve symlinks) agree.
        path = url.resolvingSymlinksInPath().path
    }

    /// Writes `text` at a relative path, creating folders.
    public func write(_ text: String, to relative: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The text at a relative path, if there is a file.
    public func read(_ relative: String) -> String? {
        try? String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    /// Runs a program (looked up on PATH) in the folder and returns its exit status and combined output.
    public func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
