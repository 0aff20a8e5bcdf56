import Config
import JSONRPC
import Model

/// `rpc.discover`: the OpenRPC document describing every method.
enum DiscoverMethod: JSONRPCMethod {
    typealias Params = JSONRPCVoid
    typealias Result = JSONValue
    static let name = "rpc.discover"
}

/// `server/info`: version, transports, limits and capabilities.
enum ServerInfoMethod: JSONRPCMethod {
    typealias Params = JSONRPCVoid
    /// A ``ServerInfo``, encoded to JSON text once per server.
    typealias Result = JSONValue
    static let name = "server/info"
}

/// `config/validate`: diagnostics for an intake, agent, policy or skill document.
enum ConfigValidateMethod: JSONRPCMethod {
    typealias Params = ConfigValidateParams
    typealias Result = ConfigValidateResult
    static let name = "config/validate"
}

extension OrchestratorServer {
    func registerScriptingMethods(on router: inout JSONRPCRouter, info: JSONRPCResult) {
        router.register(DiscoverMethod.self) { _, _ in try OpenRPCDocument.value() }
        router.register(ServerInfoMethod.self, constant: info)
        router.register(ConfigValidateMethod.self) { [self] params, context in
            try await ConfigValidateHandler(validator: self.validator).validate(params, context: context)
        }
    }
}
