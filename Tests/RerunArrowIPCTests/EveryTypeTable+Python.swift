/// The Python (pyarrow) twin of `EveryTypeTable`: the same 12 rows, schema, metadata and the same
/// four batches (full, empty, rows 3..<10, rows 8..<12). Keep the two in sync.
enum EveryTypeTablePython {
    /// Defines `expected_batches()` (a list of `pa.RecordBatch`) and `expected_schema()`.
    static let definitions = #"""
import pyarrow as pa
import numpy as np

N = 12
I = [1, -2, None, 4, 5, None, 7, -8, 9, 100, None, -128]
U = [1, 2, None, 4, 5, None, 7, 8, 9, 100, None, 255]
B = [True, False, None, True, True, False, None, False, True, True, False, None]
F = [1.5, -0.25, None, 3.0, 1e10, None, -7.125, 0.0, 2.5, 1e-3, None, 42.0]
H = [1.5, -0.25, None, 3.0, 1024.0, None, -7.125, 0.0, 2.5, 0.5, None, 42.0]
S = ["a", "", None, "h\u00e9llo", "w\u00f6rld", None, "x", "yz", "", "long string here", None, "end"]
BIN = [b"\x00\x01", b"", None, b"abc", b"\xff\xfe", None, b"x", b"", b"12", b"\x00", None, b"z"]
FSB = [b"abc", b"def", None, b"ghi", b"jkl", None, b"mno", b"pqr", b"stu", b"vwx", None, b"yz!"]
T = [0, 1, None, -1, 1700000000, None, 2, 3, 4, 5, None, 6]

def lst(lengths, values, typ):
    offs = [0]
    for l in lengths:
        offs.append(offs[-1] + (l or 0))
    mask = pa.array([l is None for l in lengths])
    return pa.ListArray.from_arrays(pa.array(offs, pa.int32()), values, type=typ, mask=mask)

def f16(values):
    arr = np.array([0.0 if v is None else v for v in values], dtype=np.float16)
    return pa.array(arr, mask=np.array([v is None for v in values]))

def expected_schema():
    return expected_batches()[0].schema

def build():
    item_i32 = pa.field("item", pa.int32())
    # list<fixed_size_list<float32 not null, 3>>, with nulls at the list and fixed-size-list level.
    xyz_item = pa.field("item", pa.float32(), nullable=False)
    fsl_type = pa.list_(xyz_item, 3)
    pts_lengths = [2, 0, None, 2, 1, None, 1, 3, 0, 1, None, 1]
    fsl_valid = [True, True, True, False, True, True, True, True, True, False, True]
    fsl_values = pa.array([float(v) for v in [1,2,3, 4,5,6, 7,8,9, 0,0,0, 0,0,0, 1,1,1, 2,2,2, 3,3,3, 4,4,4, 0,0,0, 5,6,7]], pa.float32())
    fsl = pa.FixedSizeListArray.from_arrays(fsl_values, type=fsl_type, mask=pa.array([not v for v in fsl_valid]))
    pts_item = pa.field("item", fsl_type, metadata={"nested": "yes"})
    points = lst(pts_lengths, fsl, pa.list_(pts_item))

    # list<list<utf8>>
    inner_strings = pa.array(["a", "b", "c", "d", None, "e", "f", "g", "h"], pa.string())
    inner = lst([1, 2, None, 0, 2, 1, 0, 2, None, 1], inner_strings, pa.list_(pa.string()))
    lol = lst([2, 0, None, 2, 1, None, 1, 1, 1, 1, None, 1], inner, pa.list_(pa.field("item", pa.list_(pa.string()))))

    # struct{a: int32, b: list<utf8>, c: struct{d: bool not null}} with nulls at every level.
    st_valid = [True, True, False, True, True, False, True, True, True, True, False, True]
    a = pa.array([1, None, 0, 4, 5, 0, 7, 8, None, 10, 0, 12], pa.int32())
    b = lst([1, 0, 0, None, 2, 0, 1, 0, 1, None, 0, 1], pa.array(["p", "q", "r", "s", None, "u"]), pa.list_(pa.string()))
    d = pa.array([True, False, True, True, False, True, False, False, True, True, False, True])
    c = pa.StructArray.from_arrays([d], fields=[pa.field("d", pa.bool_(), nullable=False)],
                                   mask=pa.array([False, False, False, False, True, False, False, False, False, True, False, False]))
    st_fields = [pa.field("a", pa.int32()), pa.field("b", pa.list_(pa.string())), pa.field("c", c.type)]
    st = pa.StructArray.from_arrays([a, b, c], fields=st_fields, mask=pa.array([not v for v in st_valid]))

    # dense union of typed arrays: codes 5 int32, 7 utf8, 9 list<float64>, 0 null.
    ui = pa.array([10, None, 30, 40], pa.int32())
    us = pa.array(["u", None, "w"], pa.string())
    ul = lst([1, None, 0, 2], pa.array([1.0, 2.0, None], pa.float64()), pa.list_(pa.float64()))
    un = pa.nulls(2)
    types = pa.array([5, 7, 9, 0, 5, 7, 9, 5, 7, 9, 0, 9], pa.int8())
    offsets = pa.array([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 1, 3], pa.int32())
    union = pa.UnionArray.from_dense(types, offsets, [ui, us, ul, un], ["i", "s", "l", "n"], [5, 7, 9, 0])

    cols = [
        ("null", pa.nulls(N), {}),
        ("bool", pa.array(B, pa.bool_()), {}),
        ("i8", pa.array(I, pa.int8()), {"k": "v"}),
        ("i16", pa.array(I, pa.int16()), {}),
        ("i32", pa.array(I, pa.int32()), {}),
        ("i64", pa.array(I, pa.int64()), {}),
        ("u8", pa.array(U, pa.uint8()), {}),
        ("u16", pa.array(U, pa.uint16()), {}),
        ("u32", pa.array(U, pa.uint32()), {}),
        ("u64", pa.array(U, pa.uint64()), {}),
        ("f16", f16(H), {}),
        ("f32", pa.array(F, pa.float32()), {}),
        ("f64", pa.array(F, pa.float64()), {}),
        ("utf8", pa.array(S, pa.string()), {}),
        ("binary", pa.array(BIN, pa.binary()), {}),
        ("fsb", pa.array(FSB, pa.binary(3)), {"ARROW:extension:name": "rerun.test.three_bytes", "ARROW:extension:metadata": "{\"v\":1}"}),
        ("ts_s", pa.array(T, pa.timestamp("s")), {}),
        ("ts_ms", pa.array(T, pa.timestamp("ms", tz="UTC")), {}),
        ("ts_us", pa.array(T, pa.timestamp("us", tz="+07:30")), {}),
        ("ts_ns", pa.array(T, pa.timestamp("ns")), {}),
        ("dur_s", pa.array(T, pa.duration("s")), {}),
        ("dur_ms", pa.array(T, pa.duration("ms")), {}),
        ("dur_us", pa.array(T, pa.duration("us")), {}),
        ("dur_ns", pa.array(T, pa.duration("ns")), {}),
        ("list_i32", lst([2, 0, None, 2, 1, None, 3, 0, 1, 1, None, 2], pa.array([1, 2, 3, None, 4, 5, 6, 7, 8, None, 9, 10], pa.int32()), pa.list_(item_i32)), {}),
        ("points", points, {"rerun:component": "Points3D:positions"}),
        ("list_list", lol, {}),
        ("struct", st, {}),
        ("union", union, {}),
        ("row", pa.array(list(range(N)), pa.int64()), {}),
    ]
    fields = [pa.field(n, arr.type, nullable=(n != "row"), metadata=(m or None)) for n, arr, m in cols]
    schema = pa.schema(fields, metadata={"rerun:entity_path": "/points", "empty": ""})
    return pa.RecordBatch.from_arrays([arr for _, arr, _ in cols], schema=schema)

def expected_batches():
    full = build()
    return [full, full.slice(0, 0), full.slice(3, 7), full.slice(8, 4)]
"""#
}
