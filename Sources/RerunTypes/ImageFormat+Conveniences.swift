/// A Swift scalar type that can be one channel of an image pixel.
public protocol ImageChannelType: BitwiseCopyable, Sendable {
    /// The channel datatype of images made of this type.
    static var channelDatatype: Datatypes.ChannelDatatype { get }
}

extension UInt8: ImageChannelType {
    /// `.u8`
    public static var channelDatatype: Datatypes.ChannelDatatype { .u8 }
}

extension Int8: ImageChannelType {
    /// `.i8`
    public static var channelDatatype: Datatypes.ChannelDatatype { .i8 }
}

extension UInt16: ImageChannelType {
    /// `.u16`
    public static var channelDatatype: Datatypes.ChannelDatatype { .u16 }
}

extension Int16: ImageChannelType {
    /// `.i16`
    public static var channelDatatype: Datatypes.ChannelDatatype { .i16 }
}

extension UInt32: ImageChannelType {
    /// `.u32`
    public static var channelDatatype: Datatypes.ChannelDatatype { .u32 }
}

extension Int32: ImageChannelType {
    /// `.i32`
    public static var channelDatatype: Datatypes.ChannelDatatype { .i32 }
}

extension UInt64: ImageChannelType {
    /// `.u64`
    public static var channelDatatype: Datatypes.ChannelDatatype { .u64 }
}

extension Int64: ImageChannelType {
    /// `.i64`
    public static var channelDatatype: Datatypes.ChannelDatatype { .i64 }
}

extension Float: ImageChannelType {
    /// `.f32`
    public static var channelDatatype: Datatypes.ChannelDatatype { .f32 }
}

extension Double: ImageChannelType {
    /// `.f64`
    public static var channelDatatype: Datatypes.ChannelDatatype { .f64 }
}

extension Datatypes.ChannelDatatype {
    /// The size of one channel value in bytes.
    public var byteWidth: Int {
        switch self {
        case .u8, .i8: 1
        case .u16, .i16, .f16: 2
        case .u32, .i32, .f32: 4
        case .u64, .i64, .f64: 8
        }
    }
}

extension Datatypes.ColorModel {
    /// The number of channels per pixel.
    public var channelCount: Int {
        switch self {
        case .l: 1
        case .rgb, .bgr: 3
        case .rgba, .bgra: 4
        }
    }
}

extension Datatypes.PixelFormat {
    /// The number of bytes of a `width` × `height` image in this format.
    public func byteCount(width: Int, height: Int) -> Int {
        let halfWidth = (width + 1) / 2, halfHeight = (height + 1) / 2
        switch self {
        case .yUV12LimitedRange, .yUV12FullRange, .nv12: return width * height + 2 * halfWidth * halfHeight
        case .yuy2: return 4 * halfWidth * height
        case .y8FullRange, .y8LimitedRange, .bayerRGGB8, .bayerBGGR8, .bayerGBRG8, .bayerGRBG8: return width * height
        case .yUV16LimitedRange, .yUV16FullRange: return width * height + 2 * halfWidth * height
        case .yUV24LimitedRange, .yUV24FullRange: return 3 * width * height
        }
    }
}

extension Datatypes.ImageFormat {
    /// The number of bytes the image's buffer must hold.
    public var byteCount: Int {
        let (w, h) = (Int(width), Int(height))
        if let pixelFormat { return pixelFormat.byteCount(width: w, height: h) }
        return w * h * (colorModel?.channelCount ?? 1) * (channelDatatype?.byteWidth ?? 1)
    }

    /// Checks that `width` and `height` fit in 32 bits and that `bufferCount` bytes match the format.
    static func checked(
        _ what: String, width: Int, height: Int, pixelFormat: Datatypes.PixelFormat? = nil,
        colorModel: Datatypes.ColorModel? = nil, channelDatatype: Datatypes.ChannelDatatype? = nil, bufferCount: Int
    ) throws(RerunTypesError) -> Self {
        guard let w = UInt32(exactly: width), let h = UInt32(exactly: height) else {
            throw RerunTypesError("\(what): width \(width) and height \(height) must be in 0…\(UInt32.max)")
        }
        let format = Self(width: w, height: h, pixelFormat: pixelFormat, colorModel: colorModel, channelDatatype: channelDatatype)
        guard bufferCount == format.byteCount else {
            throw RerunTypesError(
                "\(what): a \(width)×\(height) \(format.layoutDescription) image needs \(format.byteCount) bytes, the buffer has \(bufferCount)")
        }
        return format
    }

    var layoutDescription: String {
        if let pixelFormat { return pixelFormat.name }
        return [colorModel?.name, channelDatatype?.name].compactMap { $0 }.joined(separator: " ")
    }
}

/// The raw bytes of an array of bitwise-copyable values.
func rawBytes<T: BitwiseCopyable>(_ values: [T]) -> [UInt8] {
    values.withUnsafeBytes { Array($0) }
}
