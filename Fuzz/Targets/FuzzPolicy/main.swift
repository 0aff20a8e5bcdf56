import Config
import FuzzSupport
import Governance

/// The policy loader: a policy file validated and decoded, then stacked on the built-in universal policy as its
/// level says and merged into the effective policy (locked gates, waivers, provenance).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzPolicy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzInput(data, size)
    guard let source = try? PolicySource.parse(input.bytes, file: "governance/fuzz.yaml"),
        let universal = try? PolicyUniversal.load(validator: ConfigValidator())
    else { return 0 }
    let stack = PolicyStack(
        universal: universal, organizations: source.policy.level == .organization ? [source] : [],
        clients: source.policy.level == .client ? [source] : [])
    _ = stack.effectivePolicy(client: source.policy.client)
    _ = stack.effectivePolicy(client: nil)
    return 0
}

FuzzDriver.run(fuzzPolicy)
