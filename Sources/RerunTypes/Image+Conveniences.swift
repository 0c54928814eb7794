extension Image {
    /// An image from raw bytes, `width` × `height` pixels of `colorModel` channels of
    /// `channelDatatype`, row-major and interleaved. Throws if the byte count does not match.
    public init(
        bytes: [UInt8], width: Int, height: Int, colorModel: Datatypes.ColorModel,
        channelDatatype: Datatypes.ChannelDatatype = .u8
    ) throws(RerunTypesError) {
        let format = try Datatypes.ImageFormat.checked(
            "Image", width: width, height: height, colorModel: colorModel, channelDatatype: channelDatatype, bufferCount: bytes.count)
        self.init(buffer: Components.ImageBuffer(bytes), format: Components.ImageFormat(format))
    }

    /// An image from raw bytes in a pixel format such as NV12 or YUY2. Throws if the byte count
    /// does not match.
    public init(bytes: [UInt8], width: Int, height: Int, pixelFormat: Datatypes.PixelFormat) throws(RerunTypesError) {
        let format = try Datatypes.ImageFormat.checked(
            "Image", width: width, height: height, pixelFormat: pixelFormat, bufferCount: bytes.count)
        self.init(buffer: Components.ImageBuffer(bytes), format: Components.ImageFormat(format))
    }

    /// An image from typed channel values (`[UInt8]`, `[UInt16]`, `[Float]`, …), `width` ×
    /// `height` pixels of `colorModel` channels, row-major and interleaved. Throws if the count
    /// does not match.
    public init<T: ImageChannelType>(pixels: [T], width: Int, height: Int, colorModel: Datatypes.ColorModel) throws(RerunTypesError) {
        try self.init(bytes: rawBytes(pixels), width: width, height: height, colorModel: colorModel,
                      channelDatatype: T.channelDatatype)
    }
}

extension DepthImage {
    /// A depth image from one value per pixel (`[UInt16]` millimeters, `[Float]` meters, …),
    /// row-major, with `meter` units per meter if given. Throws if the count does not match.
    public init<T: ImageChannelType>(depths: [T], width: Int, height: Int, meter: Float? = nil) throws(RerunTypesError) {
        let bytes = rawBytes(depths)
        let format = try Datatypes.ImageFormat.checked(
            "DepthImage", width: width, height: height, channelDatatype: T.channelDatatype, bufferCount: bytes.count)
        self.init(buffer: Components.ImageBuffer(bytes), format: Components.ImageFormat(format))
        if let meter { self.meter = [Components.DepthMeter(meter)] }
    }
}

extension SegmentationImage {
    /// A segmentation image from one class id per pixel (`[UInt8]` or `[UInt16]`, …), row-major.
    /// Throws if the count does not match.
    public init<T: ImageChannelType>(classIDs: [T], width: Int, height: Int) throws(RerunTypesError) {
        let bytes = rawBytes(classIDs)
        let format = try Datatypes.ImageFormat.checked(
            "SegmentationImage", width: width, height: height, channelDatatype: T.channelDatatype, bufferCount: bytes.count)
        self.init(buffer: Components.ImageBuffer(bytes), format: Components.ImageFormat(format))
    }
}

extension EncodedImage {
    /// An image from the bytes of an encoded file (PNG, JPEG, …) and, ideally, its media type.
    public init(bytes: [UInt8], mediaType: Components.MediaType? = nil) {
        self.init(blob: Components.Blob(bytes), mediaType: mediaType)
    }
}
