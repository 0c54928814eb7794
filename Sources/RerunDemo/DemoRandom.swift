/// Deterministic pseudo-random numbers for the demo: a pure function of a seed and an index
/// (SplitMix64), so any frame can be regenerated on its own and tests can predict every value.
public enum DemoRandom {
    /// The 64-bit SplitMix64 output for `index` under `seed`.
    @inlinable
    public static func bits(seed: UInt64, index: UInt64) -> UInt64 {
        var z = seed &+ (index &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<1 for `index` under `seed` (the top 53 bits of `bits`, scaled).
    @inlinable
    public static func unit(seed: UInt64, index: UInt64) -> Double {
        Double(bits(seed: seed, index: index) >> 11) * 0x1.0p-53
    }
}
