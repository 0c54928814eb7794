import RerunArrow
import RerunChunk
import RerunModel

/// Reads a recording's name and start time from its `/__properties` chunks (`RecordingInfo`).
enum RecordingProperties {
    /// The entity the SDKs log recording properties to.
    static let entity = EntityPath.properties

    /// Updates `name` and `started` from the last row of `chunk` that has them; malformed
    /// columns are ignored (they are only for display).
    static func read(_ chunk: Chunk, name: inout String?, started: inout Int64?) {
        if let column = chunk.component(named: "RecordingInfo:name"),
           let list = try? ListArray(column.data), let cell = lastCell(list),
           let strings = try? StringArray(cell), strings.data.length > 0, strings.isValid(0) {
            name = strings.value(at: 0)
        }
        if let column = chunk.component(named: "RecordingInfo:start_time"),
           let list = try? ListArray(column.data), let cell = lastCell(list),
           let values = try? PrimitiveArray<Int64>(cell), values.data.length > 0, values.data.isValid(0) {
            started = values.value(at: 0)
        }
    }

    private static func lastCell(_ list: ListArray) -> ArrayData? {
        var i = list.data.length - 1
        while i >= 0 {
            if let cell = list[i] { return cell }
            i -= 1
        }
        return nil
    }
}
