package postgres

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// decode reads one row of walkColumns in binary format into r. Its byte
// slices point into the row buffer, valid until the next row: hold copies
// what it keeps. Stream and type names are interned, one string each.
func (w *walker) decode(vals [][]byte, r *walkRow) error {
	if len(vals) != 10 || len(vals[0]) != 8 || len(vals[1]) != 8 || len(vals[3]) != 8 ||
		len(vals[4]) != 16 || len(vals[6]) != 4 {
		return errors.New("unexpected row shape")
	}
	r.pos = position(int64(binary.BigEndian.Uint64(vals[0])), int64(binary.BigEndian.Uint64(vals[1])))
	r.link.Stream = intern(w.names, vals[2])
	r.link.Version = binary.BigEndian.Uint64(vals[3])
	copy(r.link.EventID[:], vals[4])
	r.link.Type = intern(w.names, vals[5])
	r.link.SchemaVersion = int32(binary.BigEndian.Uint32(vals[6]))
	r.link.Data, r.link.Metadata, r.stored = vals[7], vals[8], vals[9]
	return nil
}

// intern returns the one string for b, allocating only the first time.
func intern(names map[string]string, b []byte) string {
	if s, ok := names[string(b)]; ok {
		return s
	}
	s := string(b)
	names[s] = s
	return s
}

// detach copies r off the row buffer, for an event that must wait.
func (r *walkRow) detach() *walkRow {
	c := *r
	c.link.Data = bytes.Clone(r.link.Data)
	c.link.Metadata = bytes.Clone(r.link.Metadata)
	c.stored = bytes.Clone(r.stored)
	return &c
}
