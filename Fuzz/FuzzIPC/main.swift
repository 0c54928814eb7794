// libFuzzer entry point for RerunArrowIPC (built by Scripts/fuzz.sh with -sanitize=fuzzer,address).
//
// Each input is read as an IPC stream (zero-copy from libFuzzer's memory, at whatever alignment it
// has, and from an aligned copy) and as an IPC file. Reading must throw an `ArrowIPCError` or
// succeed; what succeeds must pass `ArrayData.validate()` (the reader promises valid arrays), and
// must survive a write → read round trip with both writer layouts, unchanged.

import RerunArrow
import RerunArrowIPC

/// Keeps nothing alive: the fuzzer's bytes outlive every buffer made from them in one call.
final class NoOwner: Sendable {}

func check(_ decoded: (schema: Schema, batches: [RecordBatch]), _ what: String) {
    for batch in decoded.batches {
        for (field, column) in zip(batch.schema.fields, batch.columns) {
            do {
                try column.validate(path: field.name)
            } catch {
                preconditionFailure("\(what): decoded column \(field.name) does not validate: \(error)")
            }
        }
    }
    // Buffer-less arrays (nulls, empty structs) may legitimately claim up to 2^31 rows; writing
    // their all-valid bitmaps back would make such inputs slow without testing anything new.
    guard decoded.batches.allSatisfy({ $0.rowCount <= 1 << 20 }) else { return }
    for options in [ArrowIPCWriteOptions.arrowRS, .pyarrow] {
        do {
            let bytes = try ArrowIPC.encodeStream(schema: decoded.schema, batches: decoded.batches, options: options)
            let again = try ArrowIPC.decodeStream(bytes)
            precondition(again.schema == decoded.schema, "\(what): schema changed in a round trip")
            precondition(again.batches.count == decoded.batches.count, "\(what): batch count changed")
            for (a, b) in zip(again.batches, decoded.batches) {
                precondition(a.rowCount == b.rowCount, "\(what): row count changed")
                for (x, y) in zip(a.columns, b.columns) {
                    precondition(x.isLogicallyEqual(to: y), "\(what): values changed in a round trip")
                }
            }
        } catch {
            preconditionFailure("\(what): re-encoding valid data failed: \(error)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let borrowed = Buffer(borrowing: UnsafeRawPointer(data), count: size, owner: NoOwner())
    let copy = Buffer(copying: UnsafeRawBufferPointer(start: data, count: size))

    for (input, what) in [(borrowed, "stream (borrowed)"), (copy, "stream (aligned copy)")] {
        if let decoded = try? ArrowIPC.decodeStream(input) { check(decoded, what) }
    }
    if let decoded = try? ArrowIPC.decodeFile(copy) { check(decoded, "file") }

    // The incremental reader, which also accepts a stream without an end-of-stream marker.
    if var reader = try? ArrowStreamReader(copy) {
        var batches: [RecordBatch] = []
        while let batch = try? reader.next() {
            batches.append(batch)
        }
        check((reader.schema, batches), "incremental stream")
    }
    return 0
}

// SwiftPM links executables with `main` aliased to `<module>_main` (here `FuzzIPC_main`), which
// `-parse-as-library` leaves undefined. Define it and hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("FuzzIPC_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else {
            var empty: UInt8 = 0
            return fuzz(&empty, 0)
        }
        return fuzz(data, size)
    }
}
