/// Governance: layered policies, gates, waivers and the tamper-evident audit trail.
public enum Governance {}
