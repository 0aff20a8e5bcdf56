/// `OTEL_TRACES_SAMPLER` (with `OTEL_TRACES_SAMPLER_ARG`): whether a new span is recorded and exported.
struct OTLPSampler: Sendable, Equatable {
    enum Root: Sendable, Equatable {
        case always, never
        /// A share of traces, decided from the trace id so every process of a trace decides alike.
        case ratio(Double)
    }

    var root: Root
    /// Whether a span with a parent follows the parent's decision (the `parentbased_` samplers, the default).
    var followsParent: Bool

    static let `default` = OTLPSampler(root: .always, followsParent: true)

    /// The sampler a variable names; `nil` for a name it does not know.
    init?(name: String?, argument: String?) {
        let ratio = argument.flatMap(Double.init).map { min(max($0, 0), 1) } ?? 1
        switch name?.lowercased() ?? "parentbased_always_on" {
        case "always_on": self.init(root: .always, followsParent: false)
        case "always_off": self.init(root: .never, followsParent: false)
        case "traceidratio": self.init(root: .ratio(ratio), followsParent: false)
        case "parentbased_always_on", "": self.init(root: .always, followsParent: true)
        case "parentbased_always_off": self.init(root: .never, followsParent: true)
        case "parentbased_traceidratio": self.init(root: .ratio(ratio), followsParent: true)
        default: return nil
        }
    }

    init(root: Root, followsParent: Bool) {
        self.root = root
        self.followsParent = followsParent
    }

    func samples(traceID: [UInt8], parent: SpanIdentity?) -> Bool {
        if followsParent, let parent { return parent.sampled }
        switch root {
        case .always: return true
        case .never: return false
        case .ratio(let ratio):
            // The trace id's last 8 bytes as a number below 2^64, against the ratio's share of that range.
            let value = traceID.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return Double(value) < ratio * 18_446_744_073_709_551_616.0
        }
    }
}
