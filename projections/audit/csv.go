package audit

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// csvHeader names WriteCSV's columns; the order is part of the export's
// contract with the auditors' spreadsheets.
var csvHeader = []string{"kind", "at", "actor", "type", "subjects", "matter_id", "stream", "version",
	"position", "event_id", "recorded_at", "access_id", "route", "via", "correlation_id"}

// WriteCSV writes rows as CSV with a header line. Times are UTC RFC 3339;
// several subjects are separated by spaces. A cell that a spreadsheet would
// run as a formula is prefixed with an apostrophe.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(csvRecord(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvRecord(r Row) []string {
	rec := []string{string(r.Kind), stamp(r.At), r.Actor, r.Type, strings.Join(r.Subjects, " "), r.MatterID}
	if r.Kind == KindAccess {
		rec = append(rec, "", "", "", "", "", strconv.FormatInt(r.AccessID, 10), r.Route, r.Via)
	} else {
		rec = append(rec, r.Stream, strconv.FormatUint(r.Version, 10), r.Position.String(), r.EventID.String(),
			stamp(r.RecordedAt), "", "", "")
	}
	rec = append(rec, r.CorrelationID)
	for i, cell := range rec {
		rec[i] = defuse(cell)
	}
	return rec
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// defuse keeps a spreadsheet from evaluating a cell (CSV injection).
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
