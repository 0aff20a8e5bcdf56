/// A method table: a ``JSONRPCHandler`` that routes by method name to typed closures.
///
/// Build one per connection (closures may capture that connection's session), registering each
/// ``JSONRPCMethod`` and ``JSONRPCNotificationMethod``. Params that are missing or of the wrong
/// type are answered with -32602 naming the field; an unknown method with -32601; an unknown
/// notification is ignored (and logged unless it is an optional `$/` one).
public struct JSONRPCRouter: JSONRPCHandler {
    /// An untyped request route.
    public typealias RequestRoute = @Sendable (JSONRPCRequest, JSONRPCRequestContext) async throws -> JSONValue
    /// An untyped notification route.
    public typealias NotificationRoute = @Sendable (JSONRPCNotification, JSONRPCConnectionContext) async -> Void

    private typealias ReplyRoute = @Sendable (JSONRPCRequest, JSONRPCRequestContext) async throws -> JSONRPCResult
    private var requestRoutes: [String: ReplyRoute] = [:]
    private var notificationRoutes: [String: NotificationRoute] = [:]

    /// Creates an empty table.
    public init() {}

    /// The request methods registered, sorted: compare with the OpenRPC document in a test.
    public var methodNames: [String] { self.requestRoutes.keys.sorted() }

    /// The notifications registered, sorted.
    public var notificationNames: [String] { self.notificationRoutes.keys.sorted() }

    /// Routes requests for `M` to `handler`; registering a name again replaces the earlier route.
    public mutating func register<M: JSONRPCMethod>(
        _ method: M.Type,
        handler: @escaping @Sendable (M.Params, JSONRPCRequestContext) async throws -> M.Result
    ) {
        self.register(method: M.name) { request, context in
            let params = try Self.decodeParams(M.Params.self, from: request.params)
            let result = try await handler(params, context)
            do {
                return try JSONValue(encoding: result)
            } catch {
                throw JSONRPCError.internalError("could not encode the result of \(M.name): \(error)")
            }
        }
    }

    /// Answers requests for `M` with `result`, encoded in advance (see ``JSONRPCResult/preEncoded(_:)``):
    /// for a result that does not change while the server runs. Params are not looked at.
    public mutating func register<M: JSONRPCMethod>(_ method: M.Type, constant result: JSONRPCResult)
    where M.Params == JSONRPCVoid, M.Result == JSONValue {
        self.requestRoutes[M.name] = { _, _ in result }
    }

    /// Routes notifications for `N` to `handler`; undecodable params are logged and dropped
    /// (a notification has no reply to carry an error).
    public mutating func register<N: JSONRPCNotificationMethod>(
        _ notification: N.Type,
        handler: @escaping @Sendable (N.Params, JSONRPCConnectionContext) async -> Void
    ) {
        self.register(notification: N.name) { message, context in
            do {
                let params = try Self.decodeParams(N.Params.self, from: message.params)
                await handler(params, context)
            } catch {
                context.log("dropped \(N.name): \(error)")
            }
        }
    }

    /// Routes requests named `method` to an untyped closure.
    public mutating func register(method: String, handler: @escaping RequestRoute) {
        self.requestRoutes[method] = { request, context in JSONRPCResult(try await handler(request, context)) }
    }

    /// Routes notifications named `notification` to an untyped closure.
    public mutating func register(notification: String, handler: @escaping NotificationRoute) {
        self.notificationRoutes[notification] = handler
    }

    /// Runs the route for the request's method, or throws -32601.
    public func handleRequest(_ request: JSONRPCRequest, context: JSONRPCRequestContext) async throws -> JSONValue {
        try await self.handleRequestForReply(request, context: context).value
    }

    /// Runs the route for the request's method, keeping a result encoded in advance; or throws -32601.
    public func handleRequestForReply(
        _ request: JSONRPCRequest, context: JSONRPCRequestContext
    ) async throws -> JSONRPCResult {
        guard let route = self.requestRoutes[request.method] else {
            throw JSONRPCError.methodNotFound(request.method)
        }
        return try await route(request, context)
    }

    /// Runs the route for the notification's method, if any.
    public func handleNotification(_ notification: JSONRPCNotification, context: JSONRPCConnectionContext) async {
        guard let route = self.notificationRoutes[notification.method] else {
            // LSP: "$/" notifications are optional and may be ignored silently.
            if !notification.method.hasPrefix("$/") {
                context.log("ignored unknown notification \(notification.method)")
            }
            return
        }
        await route(notification, context)
    }

    /// Decodes params, mapping a failure to -32602 that names the member by its JSON Pointer (also in
    /// the error's `data.pointer`), in JSON's words: `params must be an object, found an array`.
    public static func decodeParams<P: Decodable>(_ type: P.Type, from params: JSONValue?) throws(JSONRPCError) -> P {
        // The two params types that accept anything need no decoding.
        if let none = JSONRPCVoid() as? P { return none }
        if let value = (params ?? .object([:])) as? P { return value }
        do {
            return try (params ?? .object([:])).decode(P.self)
        } catch {
            let failure = JSONDecodingFailure(error)
            var invalid = JSONRPCError.invalidParams(failure.sentence(root: "params"))
            invalid.data = ["pointer": .string(failure.pointer)]
            throw invalid
        }
    }
}
