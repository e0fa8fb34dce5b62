"""TFRecord framing, the container of TensorBoard event files, for many records at once.

Each record is its length (8 bytes, little-endian), the masked CRC-32C of those 8 bytes, the
data, and the masked CRC-32C of the data. Without the native ``crc32c`` package, tensorboardX
computes each checksum byte by byte in Python, about 60 us per event; here NumPy computes the
checksums of a batch of records of one length together, well under a microsecond per record.
"""

import functools
import struct
from typing import List, Sequence, Tuple

import numpy as np

_POLYNOMIAL = 0x82F63B78  # CRC-32C (Castagnoli), reflected


def _table() -> np.ndarray:
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(_POLYNOMIAL), table >> 1).astype(np.uint32)
    return table


_TABLE = _table()


def frame(records: Sequence[bytes]) -> bytes:
    """``records`` framed as TFRecords, one after the other."""
    return b"".join(frame_rows(np.frombuffer(record, dtype=np.uint8).reshape(1, -1)) for record in records)


def frame_rows(records: np.ndarray) -> bytes:
    """The rows of the byte matrix ``records``, a record each, framed as TFRecords, one after the other."""
    rows, length = records.shape
    header = struct.pack("<Q", length)
    header += struct.pack("<I", masked_crc32c([header])[0])
    crcs = _masked_crc32c(records).astype("<u4").reshape(rows, 1).view(np.uint8)
    return np.hstack([np.broadcast_to(np.frombuffer(header, dtype=np.uint8), (rows, 12)), records, crcs]).tobytes()


def masked_crc32c(blobs: Sequence[bytes]) -> List[int]:
    """The masked CRC-32C of each of ``blobs``, as TFRecord framing stores it."""
    return [int(_masked_crc32c(np.frombuffer(blob, dtype=np.uint8).reshape(1, -1))[0]) for blob in blobs]


def _masked_crc32c(rows: np.ndarray) -> np.ndarray:
    """The masked CRC-32C of each row of a byte matrix."""
    tables, crc_of_zeros = _byte_contributions(rows.shape[1])
    crc = np.bitwise_xor.reduce(tables[np.arange(rows.shape[1]), rows], axis=1, initial=crc_of_zeros)
    crc ^= np.uint32(0xFFFFFFFF)
    return ((crc >> 15) | (crc << 17)) + np.uint32(0xA282EAD8)


@functools.lru_cache(maxsize=16)  # a few lengths per run: an event's varies with its tags and its step's bytes
def _byte_contributions(length: int) -> Tuple[np.ndarray, np.uint32]:
    """What each byte value at each position of a message of ``length`` bytes adds to its CRC register.

    The register's update with a byte, ``TABLE[(r ^ byte) & 0xFF] ^ (r >> 8)``, is linear in the
    bits of ``r`` and ``byte``, so the final register is that of as many zero bytes XOR, for each
    byte, ``TABLE[byte]`` carried through the zero bytes after it: one table lookup per byte, all
    records and positions at once, instead of a pass per position.
    """
    def after_zero_byte(register: np.ndarray) -> np.ndarray:
        return _TABLE[register & 0xFF] ^ (register >> 8)

    tables, carried = np.empty((length, 256), dtype=np.uint32), _TABLE
    for position in reversed(range(length)):
        tables[position] = carried
        carried = after_zero_byte(carried)
    register = np.array([0xFFFFFFFF], dtype=np.uint32)
    for _ in range(length):
        register = after_zero_byte(register)
    return tables, register[0]
