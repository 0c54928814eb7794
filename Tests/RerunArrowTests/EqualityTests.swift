import Testing
@testable import RerunArrow

@Suite struct EqualityTests {
    @Test func ignoresPhysicalDifferences() {
        let a = HandMade.int32([1, 2, 3])
        // Same values, but with an all-set bitmap and at an offset.
        let b = ArrayData(type: .int32, length: 3, offset: 1,
                          buffers: [HandMade.bitmap([false, true, true, true]), Buffer(copyingValuesOf: [9, 1, 2, 3] as [Int32])])
        #expect(a.isLogicallyEqual(to: b))
        #expect(!a.isLogicallyEqual(to: HandMade.int32([1, 2, 4])))
        #expect(!a.isLogicallyEqual(to: HandMade.int32([1, nil, 3])))
        #expect(!a.isLogicallyEqual(to: HandMade.int32([1, 2])))
        // Values behind nulls do not matter.
        let n1 = ArrayData(type: .int32, length: 2, buffers: [HandMade.bitmap([true, false]), Buffer(copyingValuesOf: [5, 6] as [Int32])])
        let n2 = ArrayData(type: .int32, length: 2, buffers: [HandMade.bitmap([true, false]), Buffer(copyingValuesOf: [5, 7] as [Int32])])
        #expect(n1.isLogicallyEqual(to: n2))
    }

    @Test func nanEqualsNaN() {
        #expect(HandMade.float64([.nan, 1]).isLogicallyEqual(to: HandMade.float64([.nan, 1])))
        #expect(!HandMade.float64([0.0]).isLogicallyEqual(to: HandMade.float64([-0.0])))
    }

    @Test func nestedLists() {
        let a = HandMade.list(HandMade.float64([1, 2, 3, 4]), lengths: [2, nil, 2])
        let b = HandMade.list(HandMade.float64([0, 1, 2, 3, 4]), lengths: [1, 2, nil, 2]).slice(1, 3)
        #expect(a.isLogicallyEqual(to: b))
        let c = HandMade.list(HandMade.float64([1, 2, 3, 5]), lengths: [2, nil, 2])
        #expect(!a.isLogicallyEqual(to: c))
        #expect(a.description.contains("[[1.0, 2.0], null, [3.0, 4.0]]"))
    }

    @Test func describesValues() {
        #expect(HandMade.int32([1, nil, 3]).describeValues() == "[1, null, 3]")
        #expect(HandMade.utf8(["a", "b\"c"]).describeValues() == #"["a", "b\"c"]"#)
        #expect(HandMade.int32([1, 2, 3, 4]).describeValues(limit: 2) == "[1, 2, … 2 more]")
    }
}
