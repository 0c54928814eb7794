extension ArrayData {
    /// A new array of the slots of `data` where `mask` is `true`, in order.
    ///
    /// Throws `invalidData` unless `mask` has one entry per slot.
    public static func filter(_ data: ArrayData, mask: [Bool]) throws(ArrowError) -> ArrayData {
        guard mask.count == data.length else {
            throw ArrowError(.invalidData, "filter mask has \(mask.count) entries for \(data.length) slots")
        }
        var runs = RunList()
        var i = 0
        while i < mask.count {
            guard mask[i] else {
                i += 1
                continue
            }
            var end = i + 1
            while end < mask.count && mask[end] { end += 1 }
            runs.append(source: 0, start: i, count: end - i)
            i = end
        }
        return try Gather.gather([data], runs, type: data.type)
    }

    /// A new array of the slots of `data` where `mask` is `true`; null mask slots drop the slot.
    ///
    /// Throws `invalidData` unless `mask` has one entry per slot.
    public static func filter(_ data: ArrayData, mask: BooleanArray) throws(ArrowError) -> ArrayData {
        guard mask.length == data.length else {
            throw ArrowError(.invalidData, "filter mask has \(mask.length) entries for \(data.length) slots")
        }
        var runs = RunList()
        var runStart = -1
        for i in 0..<mask.length {
            let selected = mask.isValid(i) && mask.value(at: i)
            if selected, runStart < 0 { runStart = i }
            if !selected, runStart >= 0 {
                runs.append(source: 0, start: runStart, count: i - runStart)
                runStart = -1
            }
        }
        if runStart >= 0 { runs.append(source: 0, start: runStart, count: mask.length - runStart) }
        return try Gather.gather([data], runs, type: data.type)
    }

    /// A new array of the slots where `mask` is `true` (see `ArrayData.filter(_:mask:)`).
    public func filter(_ mask: [Bool]) throws(ArrowError) -> ArrayData {
        try ArrayData.filter(self, mask: mask)
    }

    /// A new array of the slots where `mask` is `true` (null mask slots drop the slot).
    public func filter(_ mask: BooleanArray) throws(ArrowError) -> ArrayData {
        try ArrayData.filter(self, mask: mask)
    }
}
