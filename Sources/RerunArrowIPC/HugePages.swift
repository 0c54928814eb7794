#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back large output arrays with transparent huge pages.
///
/// Copying hundreds of megabytes into fresh 4 KiB pages costs a page fault per page (about
/// 0.44 s/GiB here) and TLB misses afterwards; with THP in `madvise` mode (the Debian default)
/// only memory that was advised gets 2 MiB pages. numpy does the same for its large arrays.
enum HugePages {
    /// Below this capacity the advice is not worth a system call.
    static let threshold = 4 << 20

    /// Advises `MADV_HUGEPAGE` for the whole 2 MiB-aligned interior of `out`'s allocated capacity
    /// (no-op on other platforms; failures are ignored: it is only advice).
    static func advise(_ out: inout [UInt8]) {
        #if os(Linux)
        let capacity = out.capacity
        guard capacity >= threshold else { return }
        out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let huge = 2 << 20
            let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
            let end = (Int(bitPattern: base) + capacity) & ~(huge - 1)
            guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
            // Safety: `[start, end)` lies inside the array's allocation of `capacity` bytes; madvise
            // only changes how the kernel backs those pages, never their contents.
            _ = madvise(pointer, end - start, 14)  // MADV_HUGEPAGE
        }
        #endif
    }
}
