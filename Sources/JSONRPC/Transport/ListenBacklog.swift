#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How many connections may wait to be accepted: as many as the system allows.
///
/// `listen(2)` silently caps its backlog at `net.core.somaxconn`, so asking for that value is asking
/// for the most there is. A burst of clients (200 scripts started at once) then waits in the queue
/// instead of failing with EAGAIN while the server accepts them one by one.
enum ListenBacklog {
    /// Where Linux publishes the cap.
    static let systemLimitPath = "/proc/sys/net/core/somaxconn"

    /// The system's cap, else `SOMAXCONN` (4096 since Linux 5.4), bounded to what `listen` takes.
    static func systemMaximum(readingFrom path: String = systemLimitPath) -> Int32 {
        let fallback = Int32(SOMAXCONN)
        guard let file = fopen(path, "r") else { return fallback }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 32)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return fallback }
        let digits = buffer.prefix { $0 >= 0x30 && $0 <= 0x39 }.map { UInt8(bitPattern: $0) }
        guard let value = Int32(String(decoding: digits, as: UTF8.self)), value > 0 else { return fallback }
        return value
    }
}
