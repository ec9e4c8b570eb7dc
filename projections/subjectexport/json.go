package subjectexport

import (
	"encoding/json"
	"io"
)

// WriteJSON writes p as indented JSON (art. 20: structured, commonly used
// and machine-readable). Empty lists are written as [], never null, so a
// reader need not tell "none" from "not asked". The keys and codes are
// the same in every language; lang says which language the few texts in
// words (the withholding grounds) are in.
func WriteJSON(w io.Writer, p Package, words Words) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p.worded(words))
}

// filled is p with every nil list made empty.
func (p Package) filled() Package {
	p.SpecialCategories = orEmpty(p.SpecialCategories)
	p.Matters = orEmpty(p.Matters)
	p.Communications = orEmpty(p.Communications)
	p.HeldMail = orEmpty(p.HeldMail)
	p.Documents = orEmpty(p.Documents)
	p.Tasks = orEmpty(p.Tasks)
	p.DueDiligence = orEmpty(p.DueDiligence)
	p.Accesses = orEmpty(p.Accesses)
	p.Recipients = orEmpty(p.Recipients)
	p.Retention = orEmpty(p.Retention)
	p.Subject.Emails = orEmpty(p.Subject.Emails)
	p.Subject.Phones = orEmpty(p.Subject.Phones)
	p.Subject.Addresses = orEmpty(p.Subject.Addresses)
	p.Subject.Affiliations = orEmpty(p.Subject.Affiliations)
	r := &p.Register
	r.Bases, r.Consents, r.Objections, r.Requests = orEmpty(r.Bases), orEmpty(r.Consents), orEmpty(r.Objections), orEmpty(r.Requests)
	return p
}

func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
