import CCurl
import Synchronization

/// Lets the task awaiting a transfer stop it from another thread.
final class CurlTransferControl: Sendable {
    private let cancelled = Atomic<Bool>(false)

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() { cancelled.store(true, ordering: .releasing) }
}

/// What libcurl's header and write callbacks see of one response; used only on the transfer's thread.
final class CurlResponseReceiver {
    private let continuation: AsyncStream<HTTPTransferEvent>.Continuation
    private let control: CurlTransferControl
    /// When a byte last arrived: the idle timeout counts from here.
    private(set) var lastActivity = ContinuousClock.now
    private var status: Int?
    private var headers: [String: String] = [:]
    private(set) var headSent = false

    init(continuation: AsyncStream<HTTPTransferEvent>.Continuation, control: CurlTransferControl) {
        self.continuation = continuation
        self.control = control
    }

    /// One header line (with its line end); returns false to make libcurl abort.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lastActivity = .now
        guard !control.isCancelled else { return false }
        // Trailers after a chunked body come through here too; the head is already out.
        guard !headSent else { return true }
        var line = String(decoding: bytes, as: UTF8.self)
        while line.last == "\n" || line.last == "\r" || line.last == "\r\n" { line.removeLast() }

        if line.hasPrefix("HTTP/") {
            // A new status line starts a new head: a 1xx answer is followed by the real one.
            let fields = line.split(separator: " ", maxSplits: 2)
            status = fields.count > 1 ? Int(fields[1]) : nil
            headers = [:]
        } else if line.isEmpty {
            if let status, status >= 200 { sendHead() }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" })
            headers[name] = String(value.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
        }
        return true
    }

    /// Body bytes; returns false to make libcurl abort.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lastActivity = .now
        guard !control.isCancelled else { return false }
        if !headSent { sendHead() }
        if !bytes.isEmpty { continuation.yield(.body(Array(bytes))) }
        return true
    }

    /// Sends the head if the callbacks never completed one (a response without a body still has a head).
    func finishHead(fallbackStatus: Int) {
        if !headSent, status == nil, fallbackStatus > 0 { status = fallbackStatus }
        if !headSent, status != nil { sendHead() }
    }

    private func sendHead() {
        headSent = true
        continuation.yield(.head(HTTPResponseHead(status: status ?? 0, headers: headers)))
    }
}

/// libcurl's callbacks must be C functions; they find their receiver through the user-data pointer.
enum CurlCallbacks {
    static let header: curl_write_callback = { buffer, size, count, userData in
        guard let userData else { return 0 }
        let receiver = Unmanaged<CurlResponseReceiver>.fromOpaque(userData).takeUnretainedValue()
        let length = size * count
        return receiver.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: length)) ? length : 0
    }

    static let write: curl_write_callback = { buffer, size, count, userData in
        guard let userData else { return 0 }
        let receiver = Unmanaged<CurlResponseReceiver>.fromOpaque(userData).takeUnretainedValue()
        let length = size * count
        return receiver.receiveBody(UnsafeRawBufferPointer(start: buffer, count: length)) ? length : 0
    }
}
