/// A Swift scalar type that can be a tensor element.
public protocol TensorElement: BitwiseCopyable, Sendable {
    /// `values` as the matching tensor buffer member.
    static func tensorBuffer(_ values: [Self]) -> Datatypes.TensorBuffer
}

extension UInt8: TensorElement {
    /// `.u8`
    public static func tensorBuffer(_ values: [Self]) -> Datatypes.TensorBuffer { .u8(values) }
}

extension UInt16: TensorElement {
    /// `.u16`
    public static func tensorBuffer(_ values: [Self]) -> Datatypes.TensorBuffer { .u16(values) }
}

extension UInt32: TensorElement {
    /// `.u32`
    public static func tensorBuffer(_ values: [Self]) -> Datatypes.TensorBuffer { .u32(values) }
}

extension UInt64: TensorElement {
    /// `.u64`
    public static func tensorBuffer(_ values: [Self]) -> Datatypes.TensorBuffer { .u64(values) }
}

extension Int8: TensorElement {
    /// `.i8`
    public static func tensorBuffer(_ values: [Self]) -> Datatypes.TensorBuffer { .i8(values) }
}

extension Int16: TensorElement {
    /// `.i16`
    public static func tensorBuffer(_ values: [Self]) -> Datatypes.TensorBuffer { .i16(values) }
}

extension Int32: TensorElement {
    /// `.i32`
    public static func tensorBuffer(_ values: [Self]) -> Datatypes.TensorBuffer { .i32(values) }
}

extension Int64: TensorElement {
    /// `.i64`
    public static func tensorBuffer(_ values: [Self]) -> Datatypes.TensorBuffer { .i64(values) }
}

extension Float: TensorElement {
    /// `.f32`
    public static func tensorBuffer(_ values: [Self]) -> Datatypes.TensorBuffer { .f32(values) }
}

extension Double: TensorElement {
    /// `.f64`
    public static func tensorBuffer(_ values: [Self]) -> Datatypes.TensorBuffer { .f64(values) }
}

extension Datatypes.TensorBuffer {
    /// The number of elements.
    public var count: Int {
        switch self {
        case .u8(let v): v.count
        case .u16(let v): v.count
        case .u32(let v): v.count
        case .u64(let v): v.count
        case .i8(let v): v.count
        case .i16(let v): v.count
        case .i32(let v): v.count
        case .i64(let v): v.count
        case .f16(let v): v.count
        case .f32(let v): v.count
        case .f64(let v): v.count
        }
    }
}

extension Datatypes.TensorData {
    /// A tensor of `shape` (outermost dimension first) holding `values` in row-major order, with
    /// optional dimension names. Throws if the shape's product is not `values.count`, a dimension
    /// is negative, or the names do not match the dimensions.
    public init<T: TensorElement>(shape: [Int], values: [T], names: [String]? = nil) throws(RerunTypesError) {
        try self.init(shape: shape, buffer: T.tensorBuffer(values), names: names)
    }

    /// A tensor of `shape` over `buffer`, checked as `init(shape:values:names:)` is.
    public init(shape: [Int], buffer: Datatypes.TensorBuffer, names: [String]? = nil) throws(RerunTypesError) {
        var product = 1
        var dimensions: [UInt64] = []
        for size in shape {
            guard size >= 0 else { throw RerunTypesError("tensor shape \(shape) has a negative dimension") }
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            guard !overflow else { throw RerunTypesError("tensor shape \(shape) has too many elements") }
            product = next
            dimensions.append(UInt64(size))
        }
        guard product == buffer.count else {
            throw RerunTypesError("tensor shape \(shape) needs \(product) elements, the buffer has \(buffer.count)")
        }
        if let names, names.count != shape.count {
            throw RerunTypesError("tensor has \(shape.count) dimensions but \(names.count) names")
        }
        self.init(shape: dimensions, names: names, buffer: buffer)
    }
}

extension Tensor {
    /// A tensor of `shape` holding `values` in row-major order, with optional dimension names.
    /// Throws if the shape and the values disagree.
    public init<T: TensorElement>(shape: [Int], values: [T], names: [String]? = nil) throws(RerunTypesError) {
        self.init(data: Components.TensorData(try Datatypes.TensorData(shape: shape, values: values, names: names)))
    }
}

extension BarChart {
    /// A bar chart of `values` (one bar each).
    public init<T: TensorElement>(_ values: [T]) {
        self.init(values: Components.TensorData(Datatypes.TensorData(shape: [UInt64(values.count)], buffer: T.tensorBuffer(values))))
    }
}
