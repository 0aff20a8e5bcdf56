/// Writes the members of one object.
struct JSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONObjectBuilder
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue, _ key: Key) { self.object.members[key.stringValue] = .value(value) }
    private func path(_ key: Key) -> [any CodingKey] { self.codingPath + [key] }

    mutating func encodeNil(forKey key: Key) { self.set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) { self.set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) { self.set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        self.set(try JSONScalarEncoding.double(value, at: self.path(key)), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        self.set(try JSONScalarEncoding.float(value, at: self.path(key)), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) { self.set(JSONScalarEncoding.integer(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) { self.set(JSONScalarEncoding.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) { self.set(JSONScalarEncoding.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) { self.set(JSONScalarEncoding.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) { self.set(JSONScalarEncoding.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) { self.set(JSONScalarEncoding.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { self.set(JSONScalarEncoding.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { self.set(JSONScalarEncoding.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { self.set(JSONScalarEncoding.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { self.set(JSONScalarEncoding.integer(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        self.object.members[key.stringValue] = try JSONValueEncoder.child(value, at: self.path(key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let builder = JSONObjectBuilder()
        self.object.members[key.stringValue] = .object(builder)
        return KeyedEncodingContainer(
            JSONKeyedEncodingContainer<NestedKey>(object: builder, codingPath: self.path(key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let builder = JSONArrayBuilder()
        self.object.members[key.stringValue] = .array(builder)
        return JSONUnkeyedEncodingContainer(array: builder, codingPath: self.path(key))
    }

    mutating func superEncoder() -> any Encoder {
        let key = JSONCodingKey(string: "super")
        let slot = JSONEncodingSlot()
        self.object.members[key.stringValue] = .slot(slot)
        return JSONValueEncoder(slot: slot, codingPath: self.codingPath + [key])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let slot = JSONEncodingSlot()
        self.object.members[key.stringValue] = .slot(slot)
        return JSONValueEncoder(slot: slot, codingPath: self.path(key))
    }
}

/// Writes the elements of one array, in order.
struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let array: JSONArrayBuilder
    let codingPath: [any CodingKey]

    var count: Int { self.array.elements.count }

    private func append(_ value: JSONValue) { self.array.elements.append(.value(value)) }
    private var nextPath: [any CodingKey] { self.codingPath + [JSONCodingKey(index: self.count)] }

    mutating func encodeNil() { self.append(.null) }
    mutating func encode(_ value: Bool) { self.append(.bool(value)) }
    mutating func encode(_ value: String) { self.append(.string(value)) }
    mutating func encode(_ value: Double) throws {
        self.append(try JSONScalarEncoding.double(value, at: self.nextPath))
    }
    mutating func encode(_ value: Float) throws { self.append(try JSONScalarEncoding.float(value, at: self.nextPath)) }
    mutating func encode(_ value: Int) { self.append(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: Int8) { self.append(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: Int16) { self.append(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: Int32) { self.append(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: Int64) { self.append(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: UInt) { self.append(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: UInt8) { self.append(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: UInt16) { self.append(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: UInt32) { self.append(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: UInt64) { self.append(JSONScalarEncoding.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        self.array.elements.append(try JSONValueEncoder.child(value, at: self.nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let builder = JSONObjectBuilder()
        let path = self.nextPath
        self.array.elements.append(.object(builder))
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<NestedKey>(object: builder, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let builder = JSONArrayBuilder()
        let path = self.nextPath
        self.array.elements.append(.array(builder))
        return JSONUnkeyedEncodingContainer(array: builder, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let slot = JSONEncodingSlot()
        let path = self.nextPath
        self.array.elements.append(.slot(slot))
        return JSONValueEncoder(slot: slot, codingPath: path)
    }
}

/// Writes one value as a whole.
struct JSONSingleValueEncodingContainer: SingleValueEncodingContainer {
    let slot: JSONEncodingSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil() { self.slot.set(.null) }
    mutating func encode(_ value: Bool) { self.slot.set(.bool(value)) }
    mutating func encode(_ value: String) { self.slot.set(.string(value)) }
    mutating func encode(_ value: Double) throws {
        self.slot.set(try JSONScalarEncoding.double(value, at: self.codingPath))
    }
    mutating func encode(_ value: Float) throws {
        self.slot.set(try JSONScalarEncoding.float(value, at: self.codingPath))
    }
    mutating func encode(_ value: Int) { self.slot.set(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: Int8) { self.slot.set(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: Int16) { self.slot.set(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: Int32) { self.slot.set(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: Int64) { self.slot.set(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: UInt) { self.slot.set(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: UInt8) { self.slot.set(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: UInt16) { self.slot.set(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: UInt32) { self.slot.set(JSONScalarEncoding.integer(value)) }
    mutating func encode(_ value: UInt64) { self.slot.set(JSONScalarEncoding.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        self.slot.set(try JSONValueEncoder.child(value, at: self.codingPath))
    }
}
