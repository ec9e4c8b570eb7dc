package dpo

import (
	"encoding/csv"
	"errors"
	"net/http"
	"strings"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// The record of processing and the register of processors as CSV (issue
// 16: exportable), headings in the reader's language, for a spreadsheet
// or for IMY. The record is one field a row (its fields are long texts);
// the processors one processor a row.

func writeCSV(w http.ResponseWriter, filename string) *csv.Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	return csv.NewWriter(w)
}

// recordCSV is the saved record, or Klient's proposal before the first
// save (its first row says which); while the registers rebuild, 503.
func (s *Handlers) recordCSV(w http.ResponseWriter, r *http.Request) {
	rec, found, err := s.currentRecord(r)
	if err != nil {
		if errors.Is(err, errRecordRebuilding) {
			s.WriteProblem(w, r, err)
			return
		}
		s.Fail(w, r, err)
		return
	}
	lang := web.LangOf(r.Context())
	out := writeCSV(w, "registerforteckning.csv")
	_ = out.Write([]string{i18n.T(lang, "record.csv.field"), i18n.T(lang, "record.csv.value")})
	state := i18n.T(lang, "record.csv.proposal")
	if found {
		state = i18n.T(lang, "record.saved", i18n.DateTime(rec.UpdatedAt))
	}
	_ = out.Write(cells(i18n.T(lang, "record.csv.state"), state))
	values := recordValues(rec.ProcessingRecord)
	for _, f := range recordFields {
		_ = out.Write(cells(i18n.T(lang, "record.field."+f), values[f]))
	}
	out.Flush()
}

// processorsCSV is every processor, the earliest review first.
func (s *Handlers) processorsCSV(w http.ResponseWriter, r *http.Request) {
	if err := s.UnlessRebuilding(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	list, err := s.deps.Register.Processors(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	lang := web.LangOf(r.Context())
	out := writeCSV(w, "personuppgiftsbitraden.csv")
	header := []string{"processor.field.name", "processor.field.service", "processor.field.data_categories",
		"processor.field.sub_processors", "processor.field.countries", "processor.csv.third_countries", "processor.field.mechanism",
		"processor.field.transfer_assessed", "processor.field.agreement_signed", "processor.field.review_by"}
	for i, key := range header {
		header[i] = i18n.T(lang, key)
	}
	_ = out.Write(header)
	for _, p := range list {
		_ = out.Write(cells(p.Name, p.Service, p.DataCategories, p.SubProcessors, strings.Join(p.Countries, ", "),
			strings.Join(p.ThirdCountries, ", "), i18n.T(lang, "processor.mechanism."+string(p.Mechanism)), day(p.TransferAssessed),
			day(p.AgreementSigned), day(p.ReviewBy)))
	}
	out.Flush()
}
