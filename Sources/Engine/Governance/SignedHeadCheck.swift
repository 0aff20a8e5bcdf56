import Governance
import Model

/// What `--verify` found of the head signed outside the workspace, and whether the chain still holds it.
public struct SignedHeadCheck: Sendable, Hashable, Codable {
    /// How the signed head compares with the chain.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Signed with the user's key, and the chain holds the signed entry.
        case matches
        /// The chain no longer holds the signed entry: cut off, every entry deleted, or the chain rebuilt.
        case mismatch
        /// No head is kept for this workflow (a workflow of another user or machine, or recorded before heads were
        /// signed): the chain is checked on its own.
        case absent
        /// A head is kept but the user's signing key is not here to check it (verifying on another machine): it is
        /// compared with the chain all the same.
        case unverifiable
        /// The kept head is unreadable, or its signature is not the user's key's, or it names another workspace or
        /// workflow: it was tampered with.
        case badSignature = "bad-signature"
    }

    public var status: Status
    /// The signed entry.
    public var head: AuditHead?
    /// When it was signed (milliseconds since the epoch).
    public var signedAt: Int64?
    /// Where it is kept.
    public var file: String
    public var message: String

    var signedAtText: String { signedAt.map { "at \(UTCTimestamp.text(milliseconds: $0))" } ?? "" }

    /// Reads and checks the signed head kept for a workflow of a workspace.
    static func load(from keeper: AuditHeadKeeper, workspace: String, workflow: String) -> SignedHeadCheck {
        let file = keeper.headFile(workspace: workspace, workflow: workflow)
        let signed: SignedAuditHead?
        do {
            signed = try keeper.signedHead(workspace: workspace, workflow: workflow)
        } catch {
            return SignedHeadCheck(status: .badSignature, file: file, message: error.message)
        }
        guard let signed else {
            return SignedHeadCheck(
                status: .absent, file: file, message: "no signed head is kept for \(workflow) in this account")
        }
        var check = SignedHeadCheck(
            status: .matches, head: AuditHead(sequence: signed.sequence, hash: signed.hash),
            signedAt: signed.signedAt, file: file, message: "")
        guard signed.workspace == workspace, signed.workflow == workflow else {
            check.status = .badSignature
            check.message = "the signed head names \(signed.workflow) of \(signed.workspace), not this workflow"
            return check
        }
        let valid: Bool?
        do {
            valid = try keeper.isSignedByUser(signed)
        } catch {
            check.status = .unverifiable
            check.message = "the signing key cannot be read: \(error.message)"
            return check
        }
        guard let valid else {
            check.status = .unverifiable
            check.message = "no signing key in \(keeper.keyDirectory) to check the head's signature with"
            return check
        }
        guard valid else {
            check.status = .badSignature
            check.message = "the signed head's signature is not this user's key's: it was forged or altered"
            return check
        }
        check.message = "entry \(signed.sequence) signed \(check.signedAtText) is in the chain"
        return check
    }
}
