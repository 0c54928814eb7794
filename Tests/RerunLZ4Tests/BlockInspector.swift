// A deliberately simple, independent reading of a block's sequence structure, used to check
// that our encoder respects the format's end-of-block rules.

struct BlockInspector {
    struct Sequence {
        var literalCount: Int
        var matchLength: Int  // 0 for the last sequence
        var offset: Int
        var outputStart: Int  // where the match starts in the output
    }

    /// The sequences of `block`, or nil if it is not well formed.
    static func sequences(_ block: [UInt8]) -> [Sequence]? {
        var sequences: [Sequence] = []
        var i = 0
        var produced = 0
        func readLength(_ base: Int) -> Int? {
            var length = base
            guard base == 15 else { return length }
            while true {
                guard i < block.count else { return nil }
                let byte = Int(block[i])
                i += 1
                length += byte
                if byte != 255 { return length }
            }
        }
        while i < block.count {
            let token = Int(block[i])
            i += 1
            guard let literals = readLength(token >> 4), i + literals <= block.count else { return nil }
            i += literals
            produced += literals
            if i == block.count {
                sequences.append(Sequence(literalCount: literals, matchLength: 0, offset: 0, outputStart: produced))
                break
            }
            guard i + 2 <= block.count else { return nil }
            let offset = Int(block[i]) | Int(block[i + 1]) << 8
            i += 2
            guard let length = readLength(token & 15) else { return nil }
            sequences.append(Sequence(literalCount: literals, matchLength: length + 4, offset: offset, outputStart: produced))
            produced += length + 4
        }
        return sequences
    }
}
