import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The user on the other end of a Unix socket, read from the kernel (SO_PEERCRED), not from the peer.
struct PeerCredentials: Sendable, Hashable {
    /// The peer's effective uid when it connected.
    let uid: UInt32
    /// The peer's pid (0 where the platform does not say).
    let pid: Int32

    /// Reads the credentials of an accepted Unix-socket channel; must run on its event loop.
    static func read(from channel: any Channel) -> EventLoopFuture<PeerCredentials> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(
                JSONRPCServerError(.socketSetupFailed, "the accepted channel cannot report its peer's credentials")
            )
        }
        #if os(Linux)
        // Swift does not import glibc's `struct ucred` (it needs _GNU_SOURCE); it is three 32-bit
        // fields {pid, uid, gid}; a tuple of three 32-bit integers has the same size and layout.
        let credentials: EventLoopFuture<(Int32, UInt32, UInt32)> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET),
            name: SocketOptionName(SO_PEERCRED)
        )
        return credentials.map { PeerCredentials(uid: $0.1, pid: $0.0) }
        #elseif canImport(Darwin)
        let credentials: EventLoopFuture<xucred> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_LOCAL),
            name: SocketOptionName(LOCAL_PEERCRED)
        )
        return credentials.map { PeerCredentials(uid: $0.cr_uid, pid: 0) }
        #else
        return channel.eventLoop.makeFailedFuture(
            JSONRPCServerError(.socketSetupFailed, "peer credentials are not supported on this platform")
        )
        #endif
    }
}
