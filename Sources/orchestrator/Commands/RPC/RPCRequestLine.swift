import JSON

/// The one request `orchestrator rpc` sends, as a line of JSON, with the id its reply must carry.
struct RPCRequestLine {
    /// Why the request could not be made from the command line.
    struct Failure: Error {
        var message: String
    }

    let id: JSONValue
    let params: JSONValue?
    let text: String

    /// `id` is a number when it reads as an integer (`7`, `-3`), else a string, as the shell client decides.
    init(method: String, params: String?, id: String) throws(Failure) {
        let isInteger =
            !id.isEmpty && id != "-" && !(id.hasPrefix("0") && id.count > 1) && !id.hasPrefix("-0")
            && id.dropFirst(id.hasPrefix("-") ? 1 : 0).allSatisfy { $0.isASCII && $0.isNumber }
            && !id.dropFirst().contains("-")
        self.id = isInteger ? (Int64(id).map(JSONValue.integer) ?? .string(id)) : .string(id)
        var members: [String: JSONValue] = ["jsonrpc": "2.0", "id": self.id, "method": .string(method)]
        if let params {
            let trimmed = params.drop { $0.isWhitespace }
            guard trimmed.first == "{" || trimmed.first == "[" else {
                throw Failure(
                    message: "PARAMS must be a JSON object or array (starting with { or [), got: '\(params)'")
            }
            do {
                members["params"] = try JSONValue(parsing: String(trimmed))
            } catch {
                throw Failure(message: "PARAMS is not valid JSON: \(error)")
            }
        }
        self.params = members["params"]
        text = JSONValue.object(members).jsonString()
    }
}
