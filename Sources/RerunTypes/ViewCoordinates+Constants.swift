/// A direction an axis can point in (the bytes of `rerun.datatypes.ViewCoordinates`).
public enum ViewDir: UInt8, Sendable, CaseIterable {
    /// Up.
    case up = 1
    /// Down.
    case down = 2
    /// Right.
    case right = 3
    /// Left.
    case left = 4
    /// Forward (away from the viewer).
    case forward = 5
    /// Back (towards the viewer).
    case back = 6
}

extension Datatypes.ViewCoordinates {
    /// The directions of the x, y and z axes.
    @inlinable
    public init(x: ViewDir, y: ViewDir, z: ViewDir) { self.init(x.rawValue, y.rawValue, z.rawValue) }

    /// The directions of the x, y and z axes (nil for a byte that is not a `ViewDir`).
    public var directions: (x: ViewDir?, y: ViewDir?, z: ViewDir?) {
        (ViewDir(rawValue: coordinates.0), ViewDir(rawValue: coordinates.1), ViewDir(rawValue: coordinates.2))
    }
}

// The constants are named like the other Rerun SDKs' (`RDF` = x right, y down, z forward).
extension Components.ViewCoordinates {
    /// The directions of the x, y and z axes.
    @inlinable
    public init(x: ViewDir, y: ViewDir, z: ViewDir) { self.init(Datatypes.ViewCoordinates(x: x, y: y, z: z)) }

    /// X = back, Y = down, Z = left (left-handed).
    public static let BDL = Self(x: .back, y: .down, z: .left)
    /// X = back, Y = down, Z = right (right-handed).
    public static let BDR = Self(x: .back, y: .down, z: .right)
    /// X = back, Y = left, Z = down (right-handed).
    public static let BLD = Self(x: .back, y: .left, z: .down)
    /// X = back, Y = left, Z = up (left-handed).
    public static let BLU = Self(x: .back, y: .left, z: .up)
    /// X = back, Y = right, Z = down (left-handed).
    public static let BRD = Self(x: .back, y: .right, z: .down)
    /// X = back, Y = right, Z = up (right-handed).
    public static let BRU = Self(x: .back, y: .right, z: .up)
    /// X = back, Y = up, Z = left (right-handed).
    public static let BUL = Self(x: .back, y: .up, z: .left)
    /// X = back, Y = up, Z = right (left-handed).
    public static let BUR = Self(x: .back, y: .up, z: .right)
    /// X = down, Y = back, Z = left (right-handed).
    public static let DBL = Self(x: .down, y: .back, z: .left)
    /// X = down, Y = back, Z = right (left-handed).
    public static let DBR = Self(x: .down, y: .back, z: .right)
    /// X = down, Y = forward, Z = left (left-handed).
    public static let DFL = Self(x: .down, y: .forward, z: .left)
    /// X = down, Y = forward, Z = right (right-handed).
    public static let DFR = Self(x: .down, y: .forward, z: .right)
    /// X = down, Y = left, Z = back (left-handed).
    public static let DLB = Self(x: .down, y: .left, z: .back)
    /// X = down, Y = left, Z = forward (right-handed).
    public static let DLF = Self(x: .down, y: .left, z: .forward)
    /// X = down, Y = right, Z = back (right-handed).
    public static let DRB = Self(x: .down, y: .right, z: .back)
    /// X = down, Y = right, Z = forward (left-handed).
    public static let DRF = Self(x: .down, y: .right, z: .forward)
    /// X = forward, Y = down, Z = left (right-handed).
    public static let FDL = Self(x: .forward, y: .down, z: .left)
    /// X = forward, Y = down, Z = right (left-handed).
    public static let FDR = Self(x: .forward, y: .down, z: .right)
    /// X = forward, Y = left, Z = down (left-handed).
    public static let FLD = Self(x: .forward, y: .left, z: .down)
    /// X = forward, Y = left, Z = up (right-handed).
    public static let FLU = Self(x: .forward, y: .left, z: .up)
    /// X = forward, Y = right, Z = down (right-handed).
    public static let FRD = Self(x: .forward, y: .right, z: .down)
    /// X = forward, Y = right, Z = up (left-handed).
    public static let FRU = Self(x: .forward, y: .right, z: .up)
    /// X = forward, Y = up, Z = left (left-handed).
    public static let FUL = Self(x: .forward, y: .up, z: .left)
    /// X = forward, Y = up, Z = right (right-handed).
    public static let FUR = Self(x: .forward, y: .up, z: .right)
    /// X = left, Y = back, Z = down (left-handed).
    public static let LBD = Self(x: .left, y: .back, z: .down)
    /// X = left, Y = back, Z = up (right-handed).
    public static let LBU = Self(x: .left, y: .back, z: .up)
    /// X = left, Y = down, Z = back (right-handed).
    public static let LDB = Self(x: .left, y: .down, z: .back)
    /// X = left, Y = down, Z = forward (left-handed).
    public static let LDF = Self(x: .left, y: .down, z: .forward)
    /// X = left, Y = forward, Z = down (right-handed).
    public static let LFD = Self(x: .left, y: .forward, z: .down)
    /// X = left, Y = forward, Z = up (left-handed).
    public static let LFU = Self(x: .left, y: .forward, z: .up)
    /// X = left, Y = up, Z = back (left-handed).
    public static let LUB = Self(x: .left, y: .up, z: .back)
    /// X = left, Y = up, Z = forward (right-handed).
    public static let LUF = Self(x: .left, y: .up, z: .forward)
    /// X = right, Y = back, Z = down (right-handed).
    public static let RBD = Self(x: .right, y: .back, z: .down)
    /// X = right, Y = back, Z = up (left-handed).
    public static let RBU = Self(x: .right, y: .back, z: .up)
    /// X = right, Y = down, Z = back (left-handed).
    public static let RDB = Self(x: .right, y: .down, z: .back)
    /// X = right, Y = down, Z = forward (right-handed).
    public static let RDF = Self(x: .right, y: .down, z: .forward)
    /// X = right, Y = forward, Z = down (left-handed).
    public static let RFD = Self(x: .right, y: .forward, z: .down)
    /// X = right, Y = forward, Z = up (right-handed).
    public static let RFU = Self(x: .right, y: .forward, z: .up)
    /// X = right, Y = up, Z = back (right-handed).
    public static let RUB = Self(x: .right, y: .up, z: .back)
    /// X = right, Y = up, Z = forward (left-handed).
    public static let RUF = Self(x: .right, y: .up, z: .forward)
    /// X = up, Y = back, Z = left (left-handed).
    public static let UBL = Self(x: .up, y: .back, z: .left)
    /// X = up, Y = back, Z = right (right-handed).
    public static let UBR = Self(x: .up, y: .back, z: .right)
    /// X = up, Y = forward, Z = left (right-handed).
    public static let UFL = Self(x: .up, y: .forward, z: .left)
    /// X = up, Y = forward, Z = right (left-handed).
    public static let UFR = Self(x: .up, y: .forward, z: .right)
    /// X = up, Y = left, Z = back (right-handed).
    public static let ULB = Self(x: .up, y: .left, z: .back)
    /// X = up, Y = left, Z = forward (left-handed).
    public static let ULF = Self(x: .up, y: .left, z: .forward)
    /// X = up, Y = right, Z = back (left-handed).
    public static let URB = Self(x: .up, y: .right, z: .back)
    /// X = up, Y = right, Z = forward (right-handed).
    public static let URF = Self(x: .up, y: .right, z: .forward)

    /// Right-handed with X up: `URF`.
    public static let rightHandXUp = URF
    /// Right-handed with X down: `DRB`.
    public static let rightHandXDown = DRB
    /// Right-handed with Y up: `RUB`.
    public static let rightHandYUp = RUB
    /// Right-handed with Y down: `RDF`.
    public static let rightHandYDown = RDF
    /// Right-handed with Z up: `RFU`.
    public static let rightHandZUp = RFU
    /// Right-handed with Z down: `RBD`.
    public static let rightHandZDown = RBD
    /// Left-handed with X up: `URB`.
    public static let leftHandXUp = URB
    /// Left-handed with X down: `DRF`.
    public static let leftHandXDown = DRF
    /// Left-handed with Y up: `RUF`.
    public static let leftHandYUp = RUF
    /// Left-handed with Y down: `RDB`.
    public static let leftHandYDown = RDB
    /// Left-handed with Z up: `RBU`.
    public static let leftHandZUp = RBU
    /// Left-handed with Z down: `RFD`.
    public static let leftHandZDown = RFD
}

extension ViewCoordinates {
    /// The archetype for the given axis directions.
    @inlinable
    public init(x: ViewDir, y: ViewDir, z: ViewDir) { self.init(xyz: Components.ViewCoordinates(x: x, y: y, z: z)) }

    /// `Components.ViewCoordinates.BDL`.
    public static let BDL = Self(xyz: Components.ViewCoordinates.BDL)
    /// `Components.ViewCoordinates.BDR`.
    public static let BDR = Self(xyz: Components.ViewCoordinates.BDR)
    /// `Components.ViewCoordinates.BLD`.
    public static let BLD = Self(xyz: Components.ViewCoordinates.BLD)
    /// `Components.ViewCoordinates.BLU`.
    public static let BLU = Self(xyz: Components.ViewCoordinates.BLU)
    /// `Components.ViewCoordinates.BRD`.
    public static let BRD = Self(xyz: Components.ViewCoordinates.BRD)
    /// `Components.ViewCoordinates.BRU`.
    public static let BRU = Self(xyz: Components.ViewCoordinates.BRU)
    /// `Components.ViewCoordinates.BUL`.
    public static let BUL = Self(xyz: Components.ViewCoordinates.BUL)
    /// `Components.ViewCoordinates.BUR`.
    public static let BUR = Self(xyz: Components.ViewCoordinates.BUR)
    /// `Components.ViewCoordinates.DBL`.
    public static let DBL = Self(xyz: Components.ViewCoordinates.DBL)
    /// `Components.ViewCoordinates.DBR`.
    public static let DBR = Self(xyz: Components.ViewCoordinates.DBR)
    /// `Components.ViewCoordinates.DFL`.
    public static let DFL = Self(xyz: Components.ViewCoordinates.DFL)
    /// `Components.ViewCoordinates.DFR`.
    public static let DFR = Self(xyz: Components.ViewCoordinates.DFR)
    /// `Components.ViewCoordinates.DLB`.
    public static let DLB = Self(xyz: Components.ViewCoordinates.DLB)
    /// `Components.ViewCoordinates.DLF`.
    public static let DLF = Self(xyz: Components.ViewCoordinates.DLF)
    /// `Components.ViewCoordinates.DRB`.
    public static let DRB = Self(xyz: Components.ViewCoordinates.DRB)
    /// `Components.ViewCoordinates.DRF`.
    public static let DRF = Self(xyz: Components.ViewCoordinates.DRF)
    /// `Components.ViewCoordinates.FDL`.
    public static let FDL = Self(xyz: Components.ViewCoordinates.FDL)
    /// `Components.ViewCoordinates.FDR`.
    public static let FDR = Self(xyz: Components.ViewCoordinates.FDR)
    /// `Components.ViewCoordinates.FLD`.
    public static let FLD = Self(xyz: Components.ViewCoordinates.FLD)
    /// `Components.ViewCoordinates.FLU`.
    public static let FLU = Self(xyz: Components.ViewCoordinates.FLU)
    /// `Components.ViewCoordinates.FRD`.
    public static let FRD = Self(xyz: Components.ViewCoordinates.FRD)
    /// `Components.ViewCoordinates.FRU`.
    public static let FRU = Self(xyz: Components.ViewCoordinates.FRU)
    /// `Components.ViewCoordinates.FUL`.
    public static let FUL = Self(xyz: Components.ViewCoordinates.FUL)
    /// `Components.ViewCoordinates.FUR`.
    public static let FUR = Self(xyz: Components.ViewCoordinates.FUR)
    /// `Components.ViewCoordinates.LBD`.
    public static let LBD = Self(xyz: Components.ViewCoordinates.LBD)
    /// `Components.ViewCoordinates.LBU`.
    public static let LBU = Self(xyz: Components.ViewCoordinates.LBU)
    /// `Components.ViewCoordinates.LDB`.
    public static let LDB = Self(xyz: Components.ViewCoordinates.LDB)
    /// `Components.ViewCoordinates.LDF`.
    public static let LDF = Self(xyz: Components.ViewCoordinates.LDF)
    /// `Components.ViewCoordinates.LFD`.
    public static let LFD = Self(xyz: Components.ViewCoordinates.LFD)
    /// `Components.ViewCoordinates.LFU`.
    public static let LFU = Self(xyz: Components.ViewCoordinates.LFU)
    /// `Components.ViewCoordinates.LUB`.
    public static let LUB = Self(xyz: Components.ViewCoordinates.LUB)
    /// `Components.ViewCoordinates.LUF`.
    public static let LUF = Self(xyz: Components.ViewCoordinates.LUF)
    /// `Components.ViewCoordinates.RBD`.
    public static let RBD = Self(xyz: Components.ViewCoordinates.RBD)
    /// `Components.ViewCoordinates.RBU`.
    public static let RBU = Self(xyz: Components.ViewCoordinates.RBU)
    /// `Components.ViewCoordinates.RDB`.
    public static let RDB = Self(xyz: Components.ViewCoordinates.RDB)
    /// `Components.ViewCoordinates.RDF`.
    public static let RDF = Self(xyz: Components.ViewCoordinates.RDF)
    /// `Components.ViewCoordinates.RFD`.
    public static let RFD = Self(xyz: Components.ViewCoordinates.RFD)
    /// `Components.ViewCoordinates.RFU`.
    public static let RFU = Self(xyz: Components.ViewCoordinates.RFU)
    /// `Components.ViewCoordinates.RUB`.
    public static let RUB = Self(xyz: Components.ViewCoordinates.RUB)
    /// `Components.ViewCoordinates.RUF`.
    public static let RUF = Self(xyz: Components.ViewCoordinates.RUF)
    /// `Components.ViewCoordinates.UBL`.
    public static let UBL = Self(xyz: Components.ViewCoordinates.UBL)
    /// `Components.ViewCoordinates.UBR`.
    public static let UBR = Self(xyz: Components.ViewCoordinates.UBR)
    /// `Components.ViewCoordinates.UFL`.
    public static let UFL = Self(xyz: Components.ViewCoordinates.UFL)
    /// `Components.ViewCoordinates.UFR`.
    public static let UFR = Self(xyz: Components.ViewCoordinates.UFR)
    /// `Components.ViewCoordinates.ULB`.
    public static let ULB = Self(xyz: Components.ViewCoordinates.ULB)
    /// `Components.ViewCoordinates.ULF`.
    public static let ULF = Self(xyz: Components.ViewCoordinates.ULF)
    /// `Components.ViewCoordinates.URB`.
    public static let URB = Self(xyz: Components.ViewCoordinates.URB)
    /// `Components.ViewCoordinates.URF`.
    public static let URF = Self(xyz: Components.ViewCoordinates.URF)
    /// `Components.ViewCoordinates.rightHandXUp` (`URF`).
    public static let rightHandXUp = Self(xyz: Components.ViewCoordinates.rightHandXUp)
    /// `Components.ViewCoordinates.rightHandXDown` (`DRB`).
    public static let rightHandXDown = Self(xyz: Components.ViewCoordinates.rightHandXDown)
    /// `Components.ViewCoordinates.rightHandYUp` (`RUB`).
    public static let rightHandYUp = Self(xyz: Components.ViewCoordinates.rightHandYUp)
    /// `Components.ViewCoordinates.rightHandYDown` (`RDF`).
    public static let rightHandYDown = Self(xyz: Components.ViewCoordinates.rightHandYDown)
    /// `Components.ViewCoordinates.rightHandZUp` (`RFU`).
    public static let rightHandZUp = Self(xyz: Components.ViewCoordinates.rightHandZUp)
    /// `Components.ViewCoordinates.rightHandZDown` (`RBD`).
    public static let rightHandZDown = Self(xyz: Components.ViewCoordinates.rightHandZDown)
    /// `Components.ViewCoordinates.leftHandXUp` (`URB`).
    public static let leftHandXUp = Self(xyz: Components.ViewCoordinates.leftHandXUp)
    /// `Components.ViewCoordinates.leftHandXDown` (`DRF`).
    public static let leftHandXDown = Self(xyz: Components.ViewCoordinates.leftHandXDown)
    /// `Components.ViewCoordinates.leftHandYUp` (`RUF`).
    public static let leftHandYUp = Self(xyz: Components.ViewCoordinates.leftHandYUp)
    /// `Components.ViewCoordinates.leftHandYDown` (`RDB`).
    public static let leftHandYDown = Self(xyz: Components.ViewCoordinates.leftHandYDown)
    /// `Components.ViewCoordinates.leftHandZUp` (`RBU`).
    public static let leftHandZUp = Self(xyz: Components.ViewCoordinates.leftHandZUp)
    /// `Components.ViewCoordinates.leftHandZDown` (`RFD`).
    public static let leftHandZDown = Self(xyz: Components.ViewCoordinates.leftHandZDown)
}
