import CCurl

/// One HTTP exchange run by libcurl on a thread of its own, its response delivered as an event stream.
///
/// libcurl blocks while it waits for the network, which must not happen on the Swift cooperative pool;
/// a dedicated thread drives a multi handle, polling at most `pollInterval` at a time so it can notice
/// cancellation and enforce the idle timeout itself.
public struct CurlTransfer: Sendable {
    /// The head, the body bytes as they arrive, then exactly one `.finished`.
    public let events: AsyncStream<HTTPTransferEvent>
    private let control: CurlTransferControl

    /// How long the transfer thread may sleep in libcurl before it checks for cancellation again.
    static let pollInterval: Duration = .milliseconds(50)

    /// Starts the exchange on a new thread; `cancel()` or dropping every iterator of `events` stops it.
    public static func start(_ request: HTTPPostRequest) -> CurlTransfer {
        let control = CurlTransferControl()
        let (events, continuation) = AsyncStream.makeStream(of: HTTPTransferEvent.self)
        continuation.onTermination = { _ in control.cancel() }
        let started = DedicatedThread.start {
            let failure = perform(request, control: control, continuation: continuation)
            continuation.yield(.finished(failure))
            continuation.finish()
        }
        if !started {
            continuation.yield(.finished(.connection("cannot start a thread for the HTTP exchange")))
            continuation.finish()
        }
        return CurlTransfer(events: events, control: control)
    }

    /// Stops the exchange within `pollInterval`; its stream then ends with `.finished(.cancelled)`.
    public func cancel() { control.cancel() }

    private static func perform(
        _ request: HTTPPostRequest, control: CurlTransferControl,
        continuation: AsyncStream<HTTPTransferEvent>.Continuation
    ) -> HTTPTransferFailure? {
        guard curlGlobalInitialized, let easy = occurl_easy_init() else {
            return .connection(unavailableReason)
        }
        defer { occurl_easy_cleanup(easy) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        // libcurl would otherwise send `Expect: 100-continue` for larger bodies and wait a second for the answer.
        for header in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            headerList = occurl_slist_append(headerList, header)
        }
        defer { occurl_slist_free_all(headerList) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }

        let receiver = CurlResponseReceiver(continuation: continuation, control: control)
        return withExtendedLifetime(receiver) { () -> HTTPTransferFailure? in
            let receiverPointer = Unmanaged.passUnretained(receiver).toOpaque()
            var failed: CURLcode = CURLE_OK
            func set(_ result: CURLcode) { if failed == CURLE_OK, result != CURLE_OK { failed = result } }
            set(occurl_setopt_string(easy, CURLOPT_URL, request.url))
            set(occurl_setopt_long(easy, CURLOPT_POST, 1))
            set(occurl_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            set(
                request.body.withUnsafeBytes {
                    // COPYPOSTFIELDS copies, so the bytes need not outlive this call.
                    occurl_setopt_pointer(
                        easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress))
                })
            set(occurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
            // Signals cannot be used for timeouts in a multi-threaded process.
            set(occurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
            set(occurl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(request.connectTimeout.totalMilliseconds)))
            set(occurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(request.totalTimeout.totalMilliseconds)))
            set(occurl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1))
            // Behind an HTTPS proxy, the proxy's own `200 Connection established` would pass for the API's answer.
            set(occurl_setopt_long(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1))
            set(occurl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)))
            set(occurl_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, CurlCallbacks.header))
            set(occurl_setopt_pointer(easy, CURLOPT_HEADERDATA, receiverPointer))
            set(occurl_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, CurlCallbacks.write))
            set(occurl_setopt_pointer(easy, CURLOPT_WRITEDATA, receiverPointer))
            guard failed == CURLE_OK else { return .connection("libcurl refused an option: \(describe(failed))") }

            let started = ContinuousClock.now
            let result = drive(easy, request: request, control: control, receiver: receiver)
            var status = 0
            _ = occurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            switch result {
            case .failure(let failure):
                return failure
            case .success(let code) where code == CURLE_OK:
                receiver.finishHead(fallbackStatus: status)
                return receiver.headSent ? nil : .connection("the server sent no response")
            case .success(let code):
                if control.isCancelled { return .cancelled }
                let detail = String(cString: errorBuffer)
                let message = detail.isEmpty ? describe(code) : detail
                guard code == CURLE_OPERATION_TIMEDOUT else { return .connection(message) }
                let elapsed = ContinuousClock.now - started
                return !receiver.headSent && elapsed < request.totalTimeout
                    ? .connectTimeout(request.connectTimeout) : .timeout(request.totalTimeout)
            }
        }
    }

    /// Runs the transfer to its end; `.success` carries libcurl's result, `.failure` an abort decided here.
    private static func drive(
        _ easy: UnsafeMutableRawPointer, request: HTTPPostRequest, control: CurlTransferControl,
        receiver: CurlResponseReceiver
    ) -> Result<CURLcode, HTTPTransferFailure> {
        guard let multi = occurl_multi_init() else { return .failure(.connection("libcurl could not be initialised")) }
        defer { occurl_multi_cleanup(multi) }
        guard occurl_multi_add_handle(multi, easy) == CURLM_OK else {
            return .failure(.connection("libcurl could not start the transfer"))
        }
        defer { occurl_multi_remove_handle(multi, easy) }

        while true {
            var running: Int32 = 0
            let performed = occurl_multi_perform(multi, &running)
            guard performed == CURLM_OK else {
                return .failure(.connection(String(cString: occurl_multi_strerror(performed))))
            }
            if running == 0 { break }
            if control.isCancelled { return .failure(.cancelled) }
            let silence = ContinuousClock.now - receiver.lastActivity
            if silence >= request.idleTimeout { return .failure(.timeout(request.idleTimeout)) }
            let wait = min(request.idleTimeout - silence, pollInterval)
            _ = occurl_multi_poll(multi, nil, 0, Int32(max(1, wait.totalMilliseconds)), nil)
        }
        var code: CURLcode = CURLE_OK
        guard occurl_multi_next_done(multi, &code) == 1 else {
            return .failure(.connection("libcurl ended the transfer without a result"))
        }
        return .success(code)
    }

    private static func describe(_ code: CURLcode) -> String {
        occurl_easy_strerror(code).map { String(cString: $0) } ?? "libcurl error \(code.rawValue)"
    }
}

/// libcurl's global state must be set up once before any handle; a global's lazy initialisation is thread-safe.
private let curlGlobalInitialized: Bool = occurl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

/// Why no transfer can start: the library is missing (with how to get it), or it would not initialise.
private var unavailableReason: String {
    guard let error = occurl_load_error() else { return "libcurl could not be initialised" }
    return "libcurl cannot be loaded (\(String(cString: error))); install it: apt-get install libcurl4"
}
