/// The order Rerun gives entity path parts: "natural" (`file5` < `file10`, digit runs compared
/// as numbers; runs starting with `0` compared digit by digit, as fractions), other characters
/// compared ignoring ASCII case first (`a` < `B` < `b`), then by code point.
enum NaturalOrder {
    /// Whether `a` sorts before `b`.
    static func less(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

    /// `-1`, `0` or `1` as `a` sorts before, with or after `b`.
    static func compare(_ a: String, _ b: String) -> Int {
        var left = a.unicodeScalars.makeIterator()
        var right = b.unicodeScalars.makeIterator()
        var l = left.next()
        var r = right.next()
        while true {
            guard let lc = l else { return r == nil ? 0 : -1 }
            guard let rc = r else { return 1 }
            if let ld = digit(lc), let rd = digit(rc) {
                if ld == 0 || rd == 0 {
                    // Left-aligned (`015` < `12`): digit by digit; the shorter run is smaller.
                    if ld != rd { return ld < rd ? -1 : 1 }
                    while true {
                        l = left.next()
                        r = right.next()
                        switch (l.flatMap(digit), r.flatMap(digit)) {
                        case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
                        case (.some, nil): return 1
                        case (nil, .some): return -1
                        case (nil, nil): break
                        }
                        if l.flatMap(digit) == nil { break }
                    }
                } else {
                    // Right-aligned (`15` < `123`): the longer run is larger, else the first
                    // differing digit decides.
                    var last = ld == rd ? 0 : (ld < rd ? -1 : 1)
                    while true {
                        l = left.next()
                        r = right.next()
                        switch (l.flatMap(digit), r.flatMap(digit)) {
                        case (let x?, let y?): if last == 0 { last = x == y ? 0 : (x < y ? -1 : 1) }
                        case (.some, nil): return 1
                        case (nil, .some): return -1
                        case (nil, nil): break
                        }
                        if l.flatMap(digit) == nil { break }
                    }
                    if last != 0 { return last }
                }
                continue  // `l` and `r` already hold the characters after the digits
            }
            let order = compareCharacters(lc, rc)
            if order != 0 { return order }
            l = left.next()
            r = right.next()
        }
    }

    /// ASCII-case-insensitive first, then by code point.
    static func compareCharacters(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int {
        let al = lowercase(a), bl = lowercase(b)
        if al != bl { return al < bl ? -1 : 1 }
        return a.value == b.value ? 0 : (a.value < b.value ? -1 : 1)
    }

    static func lowercase(_ c: Unicode.Scalar) -> UInt32 {
        (65...90).contains(c.value) ? c.value + 32 : c.value
    }

    static func digit(_ c: Unicode.Scalar) -> Int? {
        (48...57).contains(c.value) ? Int(c.value - 48) : nil
    }

    /// Part-by-part natural order of two entity paths.
    static func precedes(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) {
            let order = compare(x, y)
            if order != 0 { return order < 0 }
        }
        return a.count < b.count
    }
}
