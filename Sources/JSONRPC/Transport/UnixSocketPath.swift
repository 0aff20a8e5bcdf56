#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Socket-file hygiene done before `bind` and after shutdown: a private directory, a path that
/// fits, and a stale socket replaced only when nobody answers on it.
struct UnixSocketPath {
    /// `sockaddr_un.sun_path` is 104 bytes on macOS (108 on Linux); stay portable.
    static let maxPathBytes = 103

    let path: String

    /// The directory holding the socket.
    var directory: String {
        guard let slash = self.path.lastIndex(of: "/") else { return "." }
        let parent = String(self.path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    /// Checks the path and directory and clears a stale socket; throws if it is unsafe or in use.
    func prepare() throws(JSONRPCServerError) {
        let length = self.path.utf8.count
        guard length <= Self.maxPathBytes else {
            throw JSONRPCServerError(
                .socketPathTooLong,
                "socket path is \(length) bytes, the limit is \(Self.maxPathBytes): use a shorter path (\(self.path))"
            )
        }
        try Self.ensurePrivateDirectory(self.directory)
        try self.removeStaleSocket()
    }

    /// The socket file's identity, so shutdown removes our file and not a successor's.
    func identity() -> (device: UInt64, inode: UInt64)? {
        var info = stat()
        guard lstat(self.path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// Removes the socket file if it is still the one we bound.
    func remove(ifIdentity expected: (device: UInt64, inode: UInt64)?) {
        guard let expected, let current = self.identity(), current == expected else { return }
        unlink(self.path)
    }

    private static func ensurePrivateDirectory(_ directory: String) throws(JSONRPCServerError) {
        var info = stat()
        if stat(directory, &info) != 0 {
            guard errno == ENOENT else {
                throw JSONRPCServerError(.directoryUnavailable, "cannot examine \(directory): \(Self.errorText())")
            }
            try Self.makeDirectories(directory)
            return
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw JSONRPCServerError(.directoryUnavailable, "\(directory) is not a directory")
        }
        guard info.st_uid == geteuid() else {
            throw JSONRPCServerError(
                .insecureDirectory,
                "socket directory \(directory) is owned by uid \(info.st_uid), not by this user (uid \(geteuid()))"
            )
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw JSONRPCServerError(
                .insecureDirectory,
                "socket directory \(directory) has mode \(String(mode, radix: 8)), which lets others in; "
                    + "run `chmod 700 \(directory)` or choose another directory"
            )
        }
    }

    /// Creates missing directories with mode 0700, parents first.
    private static func makeDirectories(_ directory: String) throws(JSONRPCServerError) {
        let parent = UnixSocketPath(path: directory).directory
        var info = stat()
        if parent != directory, stat(parent, &info) != 0, errno == ENOENT {
            try Self.makeDirectories(parent)
        }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
            throw JSONRPCServerError(.directoryUnavailable, "cannot create \(directory): \(Self.errorText())")
        }
        // mkdir honours the umask, which could only remove bits; chmod makes 0700 exact.
        chmod(directory, 0o700)
    }

    private func removeStaleSocket() throws(JSONRPCServerError) {
        var info = stat()
        guard lstat(self.path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw JSONRPCServerError(
                .pathOccupied, "\(self.path) exists and is not a socket; remove it or choose another path")
        }
        switch self.probe() {
        case 0:
            throw JSONRPCServerError(.anotherServerListening, "another server is listening on \(self.path)")
        case ECONNREFUSED:
            // A socket file nobody listens on: left by a server that crashed. Safe to replace.
            unlink(self.path)
        case let code:
            throw JSONRPCServerError(
                .socketSetupFailed,
                "cannot check whether \(self.path) is in use: \(String(cString: strerror(code)))"
            )
        }
    }

    /// Tries to connect; returns 0 on success, else the errno.
    private func probe() -> Int32 {
        #if os(Linux)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(self.path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { pathBytes in
            pathBytes.copyBytes(from: bytes.prefix(pathBytes.count - 1))
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0 ? 0 : errno
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
