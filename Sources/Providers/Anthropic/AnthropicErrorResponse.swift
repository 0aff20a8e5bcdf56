import JSON

/// A non-2xx answer of the Messages API, read from its `{"type":"error","error":{…}}` body.
struct AnthropicErrorResponse: Sendable, Hashable {
    var status: Int
    var type: String
    var message: String
    var requestID: String?
    /// `error.details.error_code`, which tells a spend limit (not worth retrying) from a rate limit.
    var errorCode: String?

    /// Reads the body; a body that is not the API's error shape (a proxy's HTML page) still gives a usable error.
    init(head: HTTPResponseHead, body: [UInt8]) {
        status = head.status
        let json = try? JSONValue(parsing: String(decoding: body, as: UTF8.self))
        let error = json?["error"]
        type = error?["type"]?.stringValue ?? "http_\(head.status)"
        if let message = error?["message"]?.stringValue {
            self.message = message
        } else {
            let text = String(decoding: body.prefix(500), as: UTF8.self)
            let trimmed = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            self.message = trimmed.isEmpty ? "HTTP \(head.status) with no error body" : trimmed
        }
        requestID = json?["request_id"]?.stringValue ?? head.value(for: "request-id")
        errorCode = error?["details"]?["error_code"]?.stringValue
    }

    var providerError: ProviderError {
        .api(status: status, type: type, message: message, requestID: requestID)
    }
}
