import NIOCore

/// The last inbound handler of a JSON-RPC channel: puts decoded frames into a ``JSONRPCFrameInbox``
/// and holds back the channel's reads while the inbox is full.
final class JSONRPCFrameInboxHandler: ChannelDuplexHandler {
    typealias InboundIn = JSONRPCFrame
    typealias OutboundIn = Never

    let inbox: JSONRPCFrameInbox

    init(inbox: JSONRPCFrameInbox) {
        self.inbox = inbox
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        self.inbox.onDrained {
            // The consumer usually runs on this event loop (its tasks prefer it); hop only if not.
            if eventLoop.inEventLoop {
                loopBound.value.read()
            } else {
                eventLoop.execute { loopBound.value.read() }
            }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.inbox.onDrained(nil)
        self.inbox.finish()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.inbox.push(Self.unwrapInboundIn(data))
    }

    func read(context: ChannelHandlerContext) {
        if self.inbox.mayRead() {
            context.read()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.inbox.finish()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The peer half-closed (allowRemoteHalfClosure): no more input, replies still go out.
        if let event = event as? ChannelEvent, event == .inputClosed {
            self.inbox.finish()
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// A framing error or a failed read ends the input with that error; the connection answers and closes.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.inbox.finish(throwing: error)
    }
}
