#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking connection to a Unix-domain stream socket, read a line at a time: all one request needs.
final class UnixSocketClient {
    /// Why connecting, sending or reading failed, in words a user can act on.
    struct Failure: Error {
        var message: String
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Connects to the socket at `path`; a failure says whether the socket is missing, unreachable or refused.
    static func connect(path: String) throws(Failure) -> UnixSocketClient {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count < capacity else {
            throw Failure(
                message: "the socket path \(path) is longer than the \(capacity - 1) bytes a socket path may have")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        #if canImport(Glibc)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(message: "cannot create a socket: \(Self.describe(errno))") }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(message: Self.connectionProblem(code, path: path))
        }
        return UnixSocketClient(descriptor: descriptor)
    }

    /// Sends all of `text`; a server that hung up is an error, not a SIGPIPE.
    func send(_ text: String) throws(Failure) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { throw Failure(message: "cannot send the request: \(Self.describe(errno))") }
            offset += sent
        }
    }

    /// The next line without its line break; nil once the server has closed the connection.
    /// With a timeout, waiting longer than that many seconds for the next bytes is an error.
    func readLine(timeout: Int?) throws(Failure) -> String? {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            if let timeout {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(clamping: timeout * 1000))
                if ready < 0, errno == EINTR { continue }
                if ready == 0 { throw Failure(message: "nothing arrived within \(timeout)s") }
            }
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw Failure(message: Self.describe(errno)) }
            if count == 0 {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = [] }
                return String(decoding: buffer, as: UTF8.self)
            }
            buffer += chunk[..<count]
        }
    }

    /// What a failed `connect` means for this path: missing, not reachable by this user, or no one listening.
    static func connectionProblem(_ code: Int32, path: String) -> String {
        switch code {
        case ENOENT, ENOTDIR:
            return "no server socket at \(path) (start one with: orchestrator serve --socket \(path))"
        case EACCES, EPERM:
            return "permission denied: " + PermissionProbe.reason(forSocket: path)
        case ECONNREFUSED:
            return "no reply from \(path): Connection refused (no server is listening; a server that stopped "
                + "may have left the socket file)"
        default:
            return "cannot connect to \(path): \(describe(code))"
        }
    }

    static func describe(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }
}
