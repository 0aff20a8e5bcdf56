import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts a pipe between NIO and a file it cannot watch for readiness: a regular file, or a device
/// such as `/dev/null` that epoll refuses.
///
/// A script may run `orchestrator serve --stdio < requests.jsonl > replies.jsonl`, or a tool may
/// start it with `< /dev/null`; those ends are copied through a pipe on a background thread, so the
/// server sees what an editor gives it.
enum RegularFileBridge {
    /// Whether `descriptor` is something NIO cannot register (its `try!` would stop the process): a
    /// regular file, a block device, or a character device other than a terminal (`/dev/null`, which
    /// epoll refuses; bridging a device that could be polled costs only the copy).
    static func needsBridge(_ descriptor: Int32) -> Bool {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return false }
        let type = status.st_mode & S_IFMT
        return type == S_IFREG || type == S_IFBLK || (type == S_IFCHR && isatty(descriptor) == 0)
    }

    /// A pipe whose read end delivers the file's bytes; the file descriptor is closed at its end.
    static func reading(from file: Int32) throws -> Int32 {
        let (readEnd, writeEnd) = try makePipe()
        DispatchQueue.global().async {
            copy(from: file, to: writeEnd)
            close(file)
            close(writeEnd)
        }
        return readEnd
    }

    /// A pipe whose write end lands in the file; `finished` is signalled once everything is copied.
    static func writing(to file: Int32) throws -> (descriptor: Int32, finished: DispatchSemaphore) {
        let (readEnd, writeEnd) = try makePipe()
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            copy(from: readEnd, to: file)
            close(readEnd)
            close(file)
            finished.signal()
        }
        return (writeEnd, finished)
    }

    private static func makePipe() throws -> (Int32, Int32) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            throw JSONRPCServerError(
                .socketSetupFailed, "cannot make a pipe for stdio: \(String(cString: strerror(errno)))")
        }
        return (ends[0], ends[1])
    }

    /// Copies until end of input or a write error (the reader has gone: nothing more to do).
    private static func copy(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return }
            var written = 0
            while written < got {
                let put = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + written, got - written) }
                if put < 0 && errno == EINTR { continue }
                guard put > 0 else { return }
                written += put
            }
        }
    }
}
