extension Components.Color {
    /// An sRGB color from 8-bit red, green, blue and alpha (default opaque).
    @inlinable
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8, _ alpha: UInt8 = 255) {
        self.init(rgba: Rgba.pack(red, green, blue, alpha))
    }

    /// An sRGB color from red, green, blue and alpha in 0…1 (clamped; default opaque).
    @inlinable
    public init(red: Float, green: Float, blue: Float, alpha: Float = 1) {
        self.init(rgba: Rgba.pack(Rgba.byte(red), Rgba.byte(green), Rgba.byte(blue), Rgba.byte(alpha)))
    }

    /// An opaque sRGB color from 0xRRGGBB.
    @inlinable
    public init(rgb: UInt32) {
        self.init(rgba: (rgb & 0xFF_FFFF) << 8 | 0xFF)
    }

    /// The red channel.
    @inlinable public var red: UInt8 { UInt8(truncatingIfNeeded: rgba >> 24) }
    /// The green channel.
    @inlinable public var green: UInt8 { UInt8(truncatingIfNeeded: rgba >> 16) }
    /// The blue channel.
    @inlinable public var blue: UInt8 { UInt8(truncatingIfNeeded: rgba >> 8) }
    /// The alpha channel (255 is opaque).
    @inlinable public var alpha: UInt8 { UInt8(truncatingIfNeeded: rgba) }
}

extension Components.AlbedoFactor {
    /// An sRGB color from 8-bit red, green, blue and alpha (default opaque).
    @inlinable
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8, _ alpha: UInt8 = 255) {
        self.init(rgba: Rgba.pack(red, green, blue, alpha))
    }

    /// An sRGB color from red, green, blue and alpha in 0…1 (clamped; default opaque).
    @inlinable
    public init(red: Float, green: Float, blue: Float, alpha: Float = 1) {
        self.init(rgba: Rgba.pack(Rgba.byte(red), Rgba.byte(green), Rgba.byte(blue), Rgba.byte(alpha)))
    }

    /// The same color as `color`.
    @inlinable
    public init(_ color: Components.Color) {
        self.init(rgba: color.rgba)
    }
}

/// Packing of 0xRRGGBBAA colors.
@usableFromInline
enum Rgba {
    @inlinable
    static func pack(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8) -> UInt32 {
        UInt32(r) << 24 | UInt32(g) << 16 | UInt32(b) << 8 | UInt32(a)
    }

    /// 0…1 to 0…255, rounded; NaN becomes 0.
    @inlinable
    static func byte(_ value: Float) -> UInt8 {
        guard value > 0 else { return 0 }
        guard value < 1 else { return 255 }
        return UInt8((value * 255).rounded())
    }
}
