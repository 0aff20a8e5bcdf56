import Glibc

/// How the server asks glibc's allocator to hold less memory while it idles.
///
/// `malloc_trim` and `mallopt` are declared in `malloc.h`, which the Swift Glibc module does not
/// export; they are looked up at run time (and skipped on a C library without them).
public enum HeapTuning {
    /// Returns the free pages of every arena to the system.
    public static func trim() {
        if let trim = mallocTrim { _ = trim(0) }
    }

    /// Caps the number of malloc arenas. glibc gives each thread that contends an arena of its own
    /// (up to eight per core), and every arena keeps its fragments: a server's idle memory would grow
    /// with the machine's core count rather than with its work. Call before starting threads.
    public static func limitArenas(to count: Int32) {
        if let mallopt = mallocOption { _ = mallopt(mArenaMax, count) }
    }

    /// Serves every allocation of `bytes` or more with its own mapping, returned to the system when freed.
    ///
    /// glibc does so from 128 KiB, but raises that threshold to the size of any mapped block freed (up
    /// to 32 MiB): after the first large message, the next ones come from the heap, and their pages stay
    /// resident after they are freed. A server whose buffer budget bounds what messages in flight may
    /// hold needs freed message buffers to leave, so the threshold is fixed. Call before starting threads.
    public static func mapAllocations(atLeast bytes: Int32) {
        if let mallopt = mallocOption { _ = mallopt(mMmapThreshold, bytes) }
    }

    /// `M_ARENA_MAX` from glibc's malloc.h.
    private static let mArenaMax: Int32 = -8
    /// `M_MMAP_THRESHOLD` from glibc's malloc.h.
    private static let mMmapThreshold: Int32 = -3
}

private typealias MallocTrim = @convention(c) (Int) -> Int32
private typealias MallocOption = @convention(c) (Int32, Int32) -> Int32

private let mallocTrim: MallocTrim? = symbol("malloc_trim", as: MallocTrim.self)
private let mallocOption: MallocOption? = symbol("mallopt", as: MallocOption.self)

private func symbol<F>(_ name: String, as type: F.Type) -> F? {
    guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
    return unsafeBitCast(address, to: type)
}
