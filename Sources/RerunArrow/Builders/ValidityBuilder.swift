/// Tracks validity while building an array; the bitmap is only materialized once a null is
/// appended, so arrays without nulls get no validity buffer.
@usableFromInline
struct ValidityBuilder: Sendable {
    @usableFromInline var bits: BitmapBuilder?
    @usableFromInline var length = 0
    @usableFromInline var nullCount = 0

    @inlinable
    init() {}

    @inlinable
    mutating func appendValid() {
        length &+= 1
        if bits != nil { bits!.append(true) }
    }

    @inlinable
    mutating func appendValid(count n: Int) {
        length += n
        if bits != nil { bits!.append(repeating: true, count: n) }
    }

    @inlinable
    mutating func appendNull() {
        materialize()
        bits!.append(false)
        length &+= 1
        nullCount &+= 1
    }

    @inlinable
    mutating func appendNulls(count n: Int) {
        guard n > 0 else { return }
        materialize()
        bits!.append(repeating: false, count: n)
        length += n
        nullCount += n
    }

    /// Appends validity `[offset, offset + n)` of `validity` (all valid when `nil`), which has
    /// `nulls` nulls in that range.
    mutating func append(validity: Buffer?, offset: Int, count n: Int, nulls: Int) {
        guard let validity, nulls > 0 else {
            appendValid(count: n)
            return
        }
        materialize()
        bits!.append(bitsOf: validity, offset: offset, count: n)
        length += n
        nullCount += nulls
    }

    /// Creates the bitmap with every slot so far valid.
    @inlinable
    mutating func materialize() {
        guard bits == nil else { return }
        var b = BitmapBuilder(capacity: Swift.max(length * 2, 64))
        b.append(repeating: true, count: length)
        bits = b
    }

    /// The bitmap (`nil` if there are no nulls) and the null count; resets the builder.
    @inlinable
    mutating func finish() -> (Buffer?, Int) {
        let result = (nullCount > 0 ? bits?.finish() : nil, nullCount)
        self = ValidityBuilder()
        return result
    }
}
