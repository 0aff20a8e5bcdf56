import Glibc
import StorePort

/// This process's identity for leases, and whether another lease holder is still alive.
struct ProcessIdentity: Sendable, Hashable {
    var pid: Int32
    /// Start time in clock ticks since boot (`/proc/<pid>/stat` field 22): tells a live holder from a reused pid.
    var startTime: Int64
    var host: String

    static let current = ProcessIdentity(
        pid: getpid(), startTime: startTime(of: getpid()) ?? 0, host: hostName())

    /// Whether the process that took `lease` is still running (on this host; another host's lease is honoured).
    static func isAlive(_ lease: WorkspaceLeaseRecord) -> Bool {
        guard lease.host == hostName() else { return true }
        if kill(lease.pid, 0) != 0 && errno == ESRCH { return false }
        guard let start = startTime(of: lease.pid) else { return false }
        return start == lease.processStart
    }

    static func startTime(of pid: Int32) -> Int64? {
        guard let file = fopen("/proc/\(pid)/stat", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 1024)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
        guard let close = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so field 22 is fields[19].
        guard fields.count > 19 else { return nil }
        return Int64(fields[19])
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
