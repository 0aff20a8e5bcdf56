/// Reads the members of one JSON object.
struct JSONKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { self.members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { self.members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = self.members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: self.codingPath, debugDescription: "is missing"))
        }
        return value
    }

    private func path(_ key: Key) -> [any CodingKey] { self.codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool { try self.member(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try JSONScalar.bool(self.member(key), at: self.path(key))
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try JSONScalar.string(self.member(key), at: self.path(key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try JSONScalar.double(self.member(key), at: self.path(key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try JSONScalar.float(self.member(key), at: self.path(key))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try JSONScalar.integer(self.member(key), as: type, at: self.path(key))
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try JSONScalar.integer(self.member(key), as: type, at: self.path(key))
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try JSONScalar.integer(self.member(key), as: type, at: self.path(key))
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try JSONScalar.integer(self.member(key), as: type, at: self.path(key))
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try JSONScalar.integer(self.member(key), as: type, at: self.path(key))
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try JSONScalar.integer(self.member(key), as: type, at: self.path(key))
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try JSONScalar.integer(self.member(key), as: type, at: self.path(key))
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try JSONScalar.integer(self.member(key), as: type, at: self.path(key))
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try JSONScalar.integer(self.member(key), as: type, at: self.path(key))
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try JSONScalar.integer(self.member(key), as: type, at: self.path(key))
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONValueDecoder.decode(T.self, from: self.member(key), at: self.path(key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoder(value: self.member(key), codingPath: self.path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoder(value: self.member(key), codingPath: self.path(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = JSONCodingKey(string: "super")
        return JSONValueDecoder(value: self.members[key.stringValue] ?? .null, codingPath: self.codingPath + [key])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(value: self.members[key.stringValue] ?? .null, codingPath: self.path(key))
    }
}

/// Reads the elements of one JSON array, in order.
struct JSONUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { self.elements.count }
    var isAtEnd: Bool { self.currentIndex >= self.elements.count }

    /// The next element and its path; advances only when `read` succeeds, as `JSONDecoder` does.
    private mutating func next<T>(_ read: (JSONValue, [any CodingKey]) throws -> T) throws -> T {
        let key = JSONCodingKey(index: self.currentIndex)
        guard !self.isAtEnd else {
            throw DecodingError.valueNotFound(
                T.self,
                DecodingError.Context(
                    codingPath: self.codingPath + [key], debugDescription: "is missing: the array has fewer elements"))
        }
        let value = try read(self.elements[self.currentIndex], self.codingPath + [key])
        self.currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard !self.isAtEnd, self.elements[self.currentIndex].isNull else { return false }
        self.currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try self.next(JSONScalar.bool) }
    mutating func decode(_ type: String.Type) throws -> String { try self.next(JSONScalar.string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try self.next(JSONScalar.double) }
    mutating func decode(_ type: Float.Type) throws -> Float { try self.next(JSONScalar.float) }
    mutating func decode(_ type: Int.Type) throws -> Int {
        try self.next { try JSONScalar.integer($0, as: type, at: $1) }
    }
    mutating func decode(_ type: Int8.Type) throws -> Int8 {
        try self.next { try JSONScalar.integer($0, as: type, at: $1) }
    }
    mutating func decode(_ type: Int16.Type) throws -> Int16 {
        try self.next { try JSONScalar.integer($0, as: type, at: $1) }
    }
    mutating func decode(_ type: Int32.Type) throws -> Int32 {
        try self.next { try JSONScalar.integer($0, as: type, at: $1) }
    }
    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        try self.next { try JSONScalar.integer($0, as: type, at: $1) }
    }
    mutating func decode(_ type: UInt.Type) throws -> UInt {
        try self.next { try JSONScalar.integer($0, as: type, at: $1) }
    }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 {
        try self.next { try JSONScalar.integer($0, as: type, at: $1) }
    }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        try self.next { try JSONScalar.integer($0, as: type, at: $1) }
    }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        try self.next { try JSONScalar.integer($0, as: type, at: $1) }
    }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        try self.next { try JSONScalar.integer($0, as: type, at: $1) }
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try self.next { try JSONValueDecoder.decode(T.self, from: $0, at: $1) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try self.next { try JSONValueDecoder(value: $0, codingPath: $1).container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try self.next { try JSONValueDecoder(value: $0, codingPath: $1).unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try self.next { JSONValueDecoder(value: $0, codingPath: $1) }
    }
}

/// Reads one value as a whole.
struct JSONSingleValueDecodingContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { self.value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try JSONScalar.bool(self.value, at: self.codingPath) }
    func decode(_ type: String.Type) throws -> String { try JSONScalar.string(self.value, at: self.codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try JSONScalar.double(self.value, at: self.codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try JSONScalar.float(self.value, at: self.codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try JSONScalar.integer(self.value, as: type, at: self.codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try JSONScalar.integer(self.value, as: type, at: self.codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 {
        try JSONScalar.integer(self.value, as: type, at: self.codingPath)
    }
    func decode(_ type: Int32.Type) throws -> Int32 {
        try JSONScalar.integer(self.value, as: type, at: self.codingPath)
    }
    func decode(_ type: Int64.Type) throws -> Int64 {
        try JSONScalar.integer(self.value, as: type, at: self.codingPath)
    }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONScalar.integer(self.value, as: type, at: self.codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 {
        try JSONScalar.integer(self.value, as: type, at: self.codingPath)
    }
    func decode(_ type: UInt16.Type) throws -> UInt16 {
        try JSONScalar.integer(self.value, as: type, at: self.codingPath)
    }
    func decode(_ type: UInt32.Type) throws -> UInt32 {
        try JSONScalar.integer(self.value, as: type, at: self.codingPath)
    }
    func decode(_ type: UInt64.Type) throws -> UInt64 {
        try JSONScalar.integer(self.value, as: type, at: self.codingPath)
    }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValueDecoder.decode(T.self, from: self.value, at: self.codingPath)
    }
}
