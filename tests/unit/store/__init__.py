"""Unit tests of store import: normalizers, header matching, reading, validation, export."""
