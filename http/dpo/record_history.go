package dpo

import (
	"net/http"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// The record of processing's history: every saved version, when and by
// whom, and any one of them read whole with the fields it changed from
// the version before marked — what IMY may ask to see as it stood on a
// date.

// recordVersionLine is one version in the history's list.
type recordVersionLine struct {
	Version, Number uint64
	UpdatedAt       string
	EditedBy        string // a name, never an ID
	Shown           bool
}

// recordField is one field of the version shown.
type recordField struct {
	Name, Value string
	Changed     bool // differs from the version before
}

type recordHistoryPage struct {
	Versions []recordVersionLine
	Number   uint64 // the version shown, counted from 1
	Fields   []recordField
}

func (s *Handlers) recordHistoryPage(w http.ResponseWriter, r *http.Request) {
	versions, err := s.deps.Register.RecordVersions(r.Context())
	var names map[string]string
	if err == nil && len(versions) == 0 {
		err = s.unlessRebuilding(r)
		if err == nil {
			err = domain.NotFound("the record was never saved").WithCode("record.history.none")
		}
	}
	if err == nil {
		names, err = s.StaffNames(r)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	shown := 0
	if v, ok := web.ParseVersion(r.URL.Query().Get("version")); ok {
		for i, rec := range versions {
			if rec.Version == v {
				shown = i
			}
		}
	}
	page := recordHistoryPage{Number: versions[shown].Version + 1}
	for i, rec := range versions {
		page.Versions = append(page.Versions, recordVersionLine{Version: rec.Version, Number: rec.Version + 1,
			UpdatedAt: i18n.DateTime(rec.UpdatedAt), EditedBy: nameOf(names, rec.EditedBy), Shown: i == shown})
	}
	values := recordValues(versions[shown].ProcessingRecord)
	var before map[string]string
	if shown+1 < len(versions) {
		before = recordValues(versions[shown+1].ProcessingRecord)
	}
	for _, f := range recordFields {
		page.Fields = append(page.Fields, recordField{Name: f, Value: values[f], Changed: before != nil && before[f] != values[f]})
	}
	s.RenderPage(w, r, http.StatusOK, "dpo_record_history", page)
}
