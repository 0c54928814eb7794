#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back large allocations with transparent huge pages.
///
/// Writing hundreds of megabytes into fresh 4 KiB pages costs a page fault per page (about
/// 0.44 s/GiB here) and TLB misses afterwards; with THP in `madvise` mode (the Debian default)
/// only memory that was advised gets 2 MiB pages. numpy does the same for its large arrays.
/// `Buffer` advises its own large allocations; the IPC writer and the `.rrd` reader advise their
/// large byte arrays.
public enum HugePages {
    /// Below this size the advice is not worth a system call.
    public static let threshold = 4 << 20

    /// Advises `MADV_HUGEPAGE` for the whole 2 MiB-aligned interior of `out`'s allocated capacity
    /// (no-op on other platforms; failures are ignored: it is only advice).
    public static func advise(_ out: inout [UInt8]) {
        let capacity = out.capacity
        guard capacity >= threshold else { return }
        out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // Safety: the array's allocation holds `capacity` bytes from `base`.
            advise(UnsafeMutableRawBufferPointer(start: base, count: capacity))
        }
    }

    /// Advises `MADV_HUGEPAGE` for the 2 MiB-aligned interior of `region` (memory this process
    /// allocated and has not written yet, or at least does not mind being migrated).
    public static func advise(_ region: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard region.count >= threshold, let base = region.baseAddress else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + region.count) & ~(huge - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // Safety: `[start, end)` lies inside `region`; madvise only changes how the kernel backs
        // those pages, never their contents.
        _ = madvise(pointer, end - start, 14)  // MADV_HUGEPAGE
        #endif
    }
}
