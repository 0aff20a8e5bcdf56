/// A coding key made at run time: an array index, or a member name no `CodingKeys` enum declares.
struct JSONCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(string: String) {
        self.stringValue = string
        self.intValue = nil
    }

    init(index: Int) {
        self.stringValue = String(index)
        self.intValue = index
    }

    init?(stringValue: String) { self.init(string: stringValue) }
    init?(intValue: Int) { self.init(index: intValue) }
}
