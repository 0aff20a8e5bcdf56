import Config
import Engine
import JSONRPC

/// The JSON-RPC error for each engine failure: one table, documented in `protocol/openrpc.json`.
enum EngineErrorReply {
    static func code(_ code: EngineError.Code) -> Int {
        switch code {
        case .invalidIntake: -32020
        case .unreadableInput: ConfigValidateHandler.documentNotReadable
        case .workflowNotFound: -32021
        case .checkpointNotFound: -32022
        case .workflowBusy: -32023
        case .invalidState: -32024
        case .uncheckpointedChanges: -32025
        case .storage: -32026
        case .snapshot: -32027
        case .notFound: -32028
        case .invalidPolicy: -32029
        case .shuttingDown: -32030
        case .workspaceBusy: -32031
        }
    }

    static func error(_ error: EngineError) -> JSONRPCError {
        var data: [String: JSONValue] = ["reason": .string(error.code.rawValue)]
        if let file = error.file { data["file"] = .string(file) }
        if !error.files.isEmpty { data["files"] = .array(error.files.map(JSONValue.string)) }
        if let holder = error.holder, let value = try? JSONValue(encoding: holder) { data["holder"] = value }
        if !error.diagnostics.isEmpty {
            let uri = FileURI.from(path: error.file ?? "")
            let diagnostics = error.diagnostics.map { LSPDiagnostic($0, uri: uri, encoding: .utf16) }
            data["diagnostics"] = (try? JSONValue(encoding: diagnostics)) ?? .null
        }
        return JSONRPCError(code: code(error.code), message: error.message, data: .object(data))
    }

    /// Runs an engine call, turning its typed error into the documented reply.
    static func run<T>(_ body: () async throws(EngineError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw Self.error(error)
        }
    }
}
