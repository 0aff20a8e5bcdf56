import FuzzSupport
import JSONRPC
import NIOCore
import NIOEmbedded

/// JSON-RPC framing (the sniffer, then LSP `Content-Length` or newline framing) fed the input in chunks, and each
/// frame it hands up decoded as a message or batch: errors are replies or closed connections, never crashes.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzJSONRPC(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzInput(data, size)
    var limits = JSONRPCLimits()
    // Small limits, so that the oversized and too-deep paths are reached by small inputs.
    limits.maxMessageSize = 4096
    limits.maxHeaderLineLength = 256
    limits.maxHeaderBlockLength = 1024
    limits.maxDepth = 16
    limits.maxBatchLength = 8
    let channel = EmbeddedChannel()
    do {
        try channel.pipeline.syncOperations.addJSONRPCFraming(.auto, limits: limits)
    } catch {
        return 0
    }
    let decoder = JSONRPCMessageDecoder(limits: limits)
    for chunk in input.chunks() {
        do {
            try channel.writeInbound(ByteBuffer(bytes: chunk))
        } catch {
            break
        }
        while let frame = try? channel.readInbound(as: JSONRPCFrame.self) {
            if case .message(let buffer) = frame { _ = decoder.decode(buffer) }
        }
    }
    _ = try? channel.finish()
    return 0
}

FuzzDriver.run(fuzzJSONRPC)
