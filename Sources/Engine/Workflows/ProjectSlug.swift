/// Turns a project name into the readable stem of workflow ids (`Customer Analytics` → `customer-analytics`).
enum ProjectSlug {
    static func make(_ name: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
            if slug.count >= 40 { break }
        }
        return slug.isEmpty ? "workflow" : slug
    }
}
