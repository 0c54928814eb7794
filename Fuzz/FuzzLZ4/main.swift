// libFuzzer entry point for RerunLZ4 (built by Scripts/fuzz.sh with -sanitize=fuzzer,address).
//
// Each input is used three ways:
// 1. as a raw LZ4 block (after a 2-byte little-endian size hint), decoded into exactly-sized
//    buffers: it must decode or throw, never touch memory outside them (ASan checks);
// 2. as plain data: compress → decompress must give it back, within compressBound;
// 3. as hash input: streaming xxHash32 in two pieces must equal the one-shot hash.

import RerunLZ4

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)

    if size >= 2 {
        let hint = Int(data[0]) | Int(data[1]) << 8
        let block = UnsafeRawBufferPointer(rebasing: input[2...])
        if let output = try? LZ4.decompress(block, uncompressedSize: hint) {
            precondition(output.count == hint, "decompress returned the wrong size")
        }
        let destination = UnsafeMutableRawBufferPointer.allocate(byteCount: hint, alignment: 1)
        defer { destination.deallocate() }
        if let written = try? LZ4.decompress(block, into: destination) {
            precondition(written <= hint, "decompress(into:) reported more bytes than fit")
        }
    }

    let bound = LZ4.compressBound(size)
    let compressed = UnsafeMutableRawBufferPointer.allocate(byteCount: bound, alignment: 1)
    defer { compressed.deallocate() }
    let compressedCount = LZ4.compress(input, into: compressed)
    precondition(compressedCount <= bound)
    let block = UnsafeRawBufferPointer(rebasing: compressed[..<compressedCount])
    precondition(LZ4.compress(input) == Array(block), "array and buffer compression differ")
    let restored = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
    defer { restored.deallocate() }
    do {
        let written = try LZ4.decompress(block, into: restored)
        precondition(written == size && restored.elementsEqual(input), "round trip changed the data")
    } catch {
        preconditionFailure("our own block failed to decode: \(error)")
    }

    let split = size / 3
    var hasher = XXHash32(seed: UInt32(truncatingIfNeeded: size))
    hasher.update(UnsafeRawBufferPointer(rebasing: input[..<split]))
    hasher.update(UnsafeRawBufferPointer(rebasing: input[split...]))
    precondition(hasher.finalize() == XXHash32.hash(input, seed: UInt32(truncatingIfNeeded: size)), "streaming hash differs")
    return 0
}

// SwiftPM links executables with `main` aliased to `<module>_main` (here `FuzzLZ4_main`), which
// `-parse-as-library` leaves undefined. Define it and hand control to libFuzzer's driver (the
// same thing libFuzzer's own `main` does), so the target links whatever SwiftPM version runs it.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("FuzzLZ4_main")
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
