"""Tiny .npy writer and printer for the lit tests (no NumPy needed).

  npy.py write FILE DTYPE SHAPE VALUES...   e.g. write x.npy f4 4,2 0 0 0 1 1 0 1 1
  npy.py print FILE                         prints dtype, shape and values
"""
import ast
import struct
import sys

CODES = {"f4": "f", "f8": "d", "i4": "i", "i8": "q"}


def write(path, dtype, shape, values):
    dims = tuple(int(d) for d in shape.split(",") if d)
    header = "{'descr': '<%s', 'fortran_order': False, 'shape': %r, }" % (
        dtype, dims)
    total = 10 + len(header) + 1
    header += " " * ((64 - total % 64) % 64) + "\n"
    cast = float if dtype[0] == "f" else int
    payload = struct.pack("<%d%s" % (len(values), CODES[dtype]),
                          *[cast(v) for v in values])
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1") + payload)


def show(path):
    data = open(path, "rb").read()
    assert data[:6] == b"\x93NUMPY", "bad magic"
    (length,) = struct.unpack("<H", data[8:10])
    header = ast.literal_eval(data[10:10 + length].decode("latin1"))
    dtype = header["descr"][1:]
    count = 1
    for d in header["shape"]:
        count *= d
    values = struct.unpack("<%d%s" % (count, CODES[dtype]),
                           data[10 + length:])
    print("dtype", dtype, "shape", list(header["shape"]))
    print(" ".join("%.6g" % v for v in values))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        show(sys.argv[2])
