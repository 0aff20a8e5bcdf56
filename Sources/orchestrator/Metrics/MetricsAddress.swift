/// Where `--metrics-address` listens: `HOST:PORT`, `[IPv6]:PORT`, or `:PORT` for every interface (as Prometheus
/// exporters spell it). Port 0 takes a free port, which the server then prints.
struct MetricsAddress: Sendable, Equatable {
    var host: String
    var port: Int

    /// Reads the flag's value; `nil` with the reason when it is not an address.
    static func parse(_ text: String) -> Result<MetricsAddress, MetricsAddressError> {
        guard let colon = text.lastIndex(of: ":") else {
            return .failure(MetricsAddressError("'\(text)' is not HOST:PORT (for example 127.0.0.1:9464)"))
        }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard let port = Int(portText), (0...65_535).contains(port) else {
            return .failure(MetricsAddressError("'\(portText)' in '\(text)' is not a port (0 to 65535)"))
        }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return .failure(MetricsAddressError("write an IPv6 address in brackets: '[\(host)]:\(port)'"))
        }
        return .success(MetricsAddress(host: host.isEmpty ? "0.0.0.0" : host, port: port))
    }
}

/// Why a `--metrics-address` value was refused.
struct MetricsAddressError: Error, Equatable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
