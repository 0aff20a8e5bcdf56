#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A prompt handed to the child as stdin from an unlinked temporary file rather than a pipe.
///
/// A pipe needs a writer running beside the child, and a child that exits without reading it all would raise
/// SIGPIPE in this process; a file the child reads at its own pace has neither problem, and unlinking it at
/// once leaves nothing behind on disk.
enum PromptFile {
    /// Why the file could not be made.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// An open descriptor positioned at the start of a file holding `text`; the caller owns (and closes) it.
    static func descriptor(holding text: String) throws(Failure) -> Int32 {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((directory + "/orchestrator-prompt-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard descriptor >= 0 else { throw Failure(description: "cannot create a prompt file: \(reason())") }
        // Close-on-exec, so processes other tasks start meanwhile do not inherit it (the child gets it as stdin).
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { buffer in _ = buffer.baseAddress.map { unlink($0) } }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let failure = Failure(description: "cannot write the prompt file: \(reason())")
                close(descriptor)
                throw failure
            }
            bytes = bytes.dropFirst(written)
        }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            let failure = Failure(description: "cannot rewind the prompt file: \(reason())")
            close(descriptor)
            throw failure
        }
        return descriptor
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
