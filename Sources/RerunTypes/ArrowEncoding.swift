import RerunArrow

/// The building blocks of the generated `arrowArray(_:)` encoders: bulk copies for flat value
/// types, list and struct assembly. Internal; the generated code is the only caller.
///
/// Everything here builds arrays that are valid by construction (offsets from counts, children
/// of the right lengths), so no validation pass is needed.
enum ArrowEncoding {
    // MARK: Flat values

    /// Values whose memory is exactly `count` scalars of type `S` back to back (a scalar, a
    /// fixed-size vector, or single-field wrappers around them), copied with one `memcpy`:
    /// a primitive array when `count == 1`, else a fixed-size list of `count` scalars.
    static func flat<T: BitwiseCopyable, S: ArrowPrimitiveType>(_ values: [T], scalar: S.Type, count: Int, type: DataType) -> ArrayData {
        precondition(MemoryLayout<T>.stride == count * MemoryLayout<S>.stride,
                     "\(T.self) is not \(count) packed \(S.self) values (stride \(MemoryLayout<T>.stride))")
        let byteCount = values.count * MemoryLayout<T>.stride
        let buffer = values.withUnsafeBytes { source in
            // Safety: `source` holds exactly `byteCount` bytes (the array's elements).
            Buffer(initializingCount: byteCount) { $0.copyMemory(from: source) }
        }
        if case .fixedSizeList(let item, let size) = type {
            precondition(size == count, "fixed-size list of \(size) for \(count) scalars")
            let child = ArrayData(type: item.type, length: values.count * count, nullCount: 0, buffers: [nil, buffer])
            return ArrayData(type: type, length: values.count, nullCount: 0, buffers: [nil], children: [child])
        }
        precondition(count == 1, "\(type) is not a fixed-size list of \(count) values")
        return ArrayData(type: type, length: values.count, nullCount: 0, buffers: [nil, buffer])
    }

    // MARK: Lists

    /// `List<item: itemType!>` of primitive values, each list appended with one copy.
    static func primitiveList<S: ArrowPrimitiveType>(_ lists: [[S]], itemType: DataType) -> ArrayData {
        var total = 0
        for list in lists { total += list.count }
        var builder = ListBuilder(values: PrimitiveBuilder<S>(type: itemType, capacity: total),
                                  field: Field("item", itemType, nullable: false), capacity: lists.count)
        for list in lists {
            builder.values.append(contentsOf: list)
            builder.endList()
        }
        return builder.finish()
    }

    /// `List<item: itemType!>` of primitive values, with `nil` as a null list.
    static func primitiveList<S: ArrowPrimitiveType>(_ lists: [[S]?], itemType: DataType) -> ArrayData {
        var builder = ListBuilder(values: PrimitiveBuilder<S>(type: itemType), field: Field("item", itemType, nullable: false),
                                  capacity: lists.count)
        for list in lists {
            if let list {
                builder.values.append(contentsOf: list)
                builder.endList()
            } else {
                builder.appendNull()
            }
        }
        return builder.finish()
    }

    /// `List<item: utf8!>`.
    static func stringList(_ lists: [[String]]) -> ArrayData {
        var builder = ListBuilder(values: StringBuilder(), field: Field("item", .utf8, nullable: false), capacity: lists.count)
        for list in lists {
            for string in list { builder.values.append(string) }
            builder.endList()
        }
        return builder.finish()
    }

    /// `List<item: utf8!>`, with `nil` as a null list.
    static func stringList(_ lists: [[String]?]) -> ArrayData {
        var builder = ListBuilder(values: StringBuilder(), field: Field("item", .utf8, nullable: false), capacity: lists.count)
        for list in lists {
            if let list {
                for string in list { builder.values.append(string) }
                builder.endList()
            } else {
                builder.appendNull()
            }
        }
        return builder.finish()
    }

    /// `List<item: bool!>`.
    static func booleanList(_ lists: [[Bool]]) -> ArrayData {
        var builder = ListBuilder(values: BooleanBuilder(), field: Field("item", .boolean, nullable: false), capacity: lists.count)
        for list in lists {
            for value in list { builder.values.append(value) }
            builder.endList()
        }
        return builder.finish()
    }

    /// `List<item: itemType!>` of flat values (see `flat`), each list copied with one `memcpy`.
    static func flatList<T: BitwiseCopyable, S: ArrowPrimitiveType>(
        _ lists: [[T]], scalar: S.Type, count: Int, itemType: DataType
    ) -> ArrayData {
        precondition(MemoryLayout<T>.stride == count * MemoryLayout<S>.stride,
                     "\(T.self) is not \(count) packed \(S.self) values (stride \(MemoryLayout<T>.stride))")
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(lists.count + 1)
        var total = 0
        for list in lists {
            total += list.count
            precondition(total <= Int(Int32.max), "list child too long for 32-bit offsets")
            offsets.append(Int32(truncatingIfNeeded: total))
        }
        let stride = MemoryLayout<T>.stride
        let bytes = Buffer(initializingCount: total * stride) { destination in
            var position = 0
            for list in lists {
                list.withUnsafeBytes { source in
                    // Safety: the destination holds `total * stride` bytes, the sum of all lists' sizes.
                    UnsafeMutableRawBufferPointer(rebasing: destination[position..<(position + source.count)]).copyMemory(from: source)
                    position += source.count
                }
            }
        }
        let values: ArrayData
        if case .fixedSizeList(let item, _) = itemType {
            let scalars = ArrayData(type: item.type, length: total * count, nullCount: 0, buffers: [nil, bytes])
            values = ArrayData(type: itemType, length: total, nullCount: 0, buffers: [nil], children: [scalars])
        } else {
            values = ArrayData(type: itemType, length: total, nullCount: 0, buffers: [nil, bytes])
        }
        return ArrayData(type: .list(Field("item", itemType, nullable: false)), length: lists.count, nullCount: 0,
                         buffers: [nil, Buffer(copyingValuesOf: offsets)], children: [values])
    }

    /// `List<item: itemType!>` of any element type: the lists are concatenated and the elements
    /// encoded once by `encode`.
    static func list<T>(_ lists: [[T]], itemType: DataType, _ encode: ([T]) -> ArrayData) -> ArrayData {
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(lists.count + 1)
        var flat: [T] = []
        for list in lists {
            flat.append(contentsOf: list)
            precondition(flat.count <= Int(Int32.max), "list child too long for 32-bit offsets")
            offsets.append(Int32(truncatingIfNeeded: flat.count))
        }
        let values = encode(flat)
        return ArrayData(type: .list(Field("item", itemType, nullable: false)), length: lists.count, nullCount: 0,
                         buffers: [nil, Buffer(copyingValuesOf: offsets)], children: [values])
    }

    // MARK: Structs and unions

    /// A struct array of `type` with the given children, all valid.
    static func structArray(type: DataType, length: Int, children: [ArrayData]) -> ArrayData {
        ArrayData(type: type, length: length, nullCount: 0, buffers: [nil], children: children)
    }

    /// A dense union array of `type`.
    static func denseUnion(type: DataType, typeIDs: [Int8], offsets: [Int32], children: [ArrayData]) -> ArrayData {
        ArrayData(type: type, length: typeIDs.count, nullCount: 0,
                  buffers: [Buffer(copyingValuesOf: typeIDs), Buffer(copyingValuesOf: offsets)], children: children)
    }
}
