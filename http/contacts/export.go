package contacts

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/emersion/go-vcard"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/contacts"
)

// exportRequest is what to export: a search (q, or every contact when
// empty) or a selection (ids), as csv or vcard.
type exportRequest struct {
	Format          string   `json:"format"`
	Q               string   `json:"q,omitempty"`
	IDs             []string `json:"ids,omitempty"`
	Kind            string   `json:"kind,omitempty"`
	IncludeArchived bool     `json:"include_archived,omitempty"`
}

// MaxExport is the most contacts one export holds: a search's whole
// result for a mailing, not the register (a backup is for that).
const MaxExport = 10_000

// apiExport is POST /api/v1/contacts/export: the file itself.
func (s *Handlers) apiExport(w http.ResponseWriter, r *http.Request) {
	var req exportRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if err := s.export(w, r, req); err != nil {
		s.WriteProblem(w, r, err)
	}
}

// exportPage is POST /contacts/export: the list page's export of what it
// shows (the search's words in the body, never in a URL) or of the rows
// ticked (id).
func (s *Handlers) exportPage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	req := exportRequest{Format: r.PostForm.Get("format"), Q: r.PostForm.Get("q"), IDs: r.PostForm["id"],
		IncludeArchived: r.PostForm.Get("archived") == "1"}
	if err := s.export(w, r, req); err != nil {
		s.Fail(w, r, err)
	}
}

// export writes the contacts req names that the member may see: walled
// and restricted contacts are never in it (the search leaves them out; a
// selection naming one answers as a selection naming an unknown ID), nor
// is a protected identity's address, nor what is marked as special
// categories (withoutSpecial). The export is one access-log entry
// with every contact it holds.
func (s *Handlers) export(w http.ResponseWriter, r *http.Request, req exportRequest) error {
	if req.Format != "csv" && req.Format != "vcard" {
		return domain.Invalid("format", "the format is csv or vcard").WithCode("export.format.invalid")
	}
	found, err := s.exported(r, req)
	if err == nil {
		found, err = s.withoutSpecial(r, found) // special.go
	}
	if err != nil {
		return err
	}
	var body []byte
	name := "kontakter-" + time.Now().In(time.Local).Format("2006-01-02")
	ctype := "text/csv; charset=utf-8"
	if req.Format == "csv" {
		body, name = exportCSV(found), name+".csv"
	} else if body, err = exportVCard(found); err != nil {
		return err
	} else {
		name, ctype = name+".vcf", "text/vcard; charset=utf-8"
	}
	ids := make([]string, len(found))
	for i, c := range found {
		ids[i] = c.ID
	}
	p, _ := web.PrincipalOf(r.Context())
	if err := s.RecordAccess(r, p.StaffID, access.ContactExport, accesslog.ViaExport, ids); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	return nil
}

// errTooMany is a search whose result is longer than one export takes.
var errTooMany = domain.Invalid("q", "more than %d contacts match: narrow the search", MaxExport).WithCode("export.too_many")

// exported reads the contacts to export through the member's walls.
func (s *Handlers) exported(r *http.Request, req exportRequest) ([]contacts.Contact, error) {
	dir, err := s.Contacts(r)
	if err != nil {
		return nil, err
	}
	ids := req.IDs
	if len(ids) > MaxExport {
		return nil, errTooMany
	}
	if len(ids) == 0 {
		if ids, err = s.searchAll(r, dir, req); err != nil {
			return nil, err
		}
	}
	out := make([]contacts.Contact, 0, len(ids))
	for _, id := range web.Distinct(ids) {
		c, err := dir.Get(r.Context(), id)
		switch {
		case web.HasCode(err, web.RestrictedCode), errors.Is(err, web.ErrNoSuchContact), domain.IsKind(err, domain.KindNotFound),
			domain.IsKind(err, domain.KindErased):
			if len(req.IDs) > 0 {
				return nil, web.ErrNoSuchContact // a selection of someone not there: as an unknown ID
			}
			continue // gone or restricted since the search
		case err != nil:
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// searchAll pages through the search (or the list) to its end.
func (s *Handlers) searchAll(r *http.Request, dir web.ContactDirectory, req exportRequest) ([]string, error) {
	if req.Kind != "" && req.Kind != kindPerson && req.Kind != kindOrganisation {
		return nil, domain.Invalid("kind", "the kind must be person or organisation").WithCode("request.kind.invalid")
	}
	opts := contacts.Options{Kind: contacts.Kind(req.Kind), IncludeArchived: req.IncludeArchived, Limit: 500}
	var ids []string
	for {
		page, err := dir.Search(r.Context(), req.Q, opts)
		if err != nil {
			return nil, err
		}
		for _, c := range page {
			if !c.Erased && !c.Restricted {
				ids = append(ids, c.ID)
			}
		}
		if len(ids) > MaxExport {
			return nil, errTooMany
		}
		if len(page) < opts.Limit {
			return ids, nil
		}
		last := contacts.KeyOf(page[len(page)-1])
		opts.After = &last
	}
}

// exportCSV is the contacts as a Swedish Excel opens a CSV file: UTF-8
// with a byte-order mark, semicolons, CRLF. Every cell that a spreadsheet
// would take for a formula is neutralised (defuse).
func exportCSV(found []contacts.Contact) []byte {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	cw := csv.NewWriter(&buf)
	cw.Comma, cw.UseCRLF = ';', true
	_ = cw.Write([]string{"Typ", "Namn", "Förnamn", "Efternamn", "Organisation", "Personnummer", "Organisationsnummer",
		"E-post", "Telefon", "Gatuadress", "Postnummer", "Ort", "Land"})
	for _, c := range found {
		kind := "Person"
		if c.Kind == contacts.KindOrganisation {
			kind = "Organisation"
		}
		var emails, phones []string
		for _, e := range c.Emails {
			emails = append(emails, e.Address)
		}
		for _, p := range c.Phones {
			phones = append(phones, p.Number)
		}
		var street, code, city, country string
		if len(c.Addresses) > 0 && !c.ProtectedIdentity {
			a := c.Addresses[0]
			street, code, city, country = a.Street, a.PostalCode, a.City, a.Country
		}
		row := []string{kind, c.DisplayName, c.GivenName, c.FamilyName, c.OrganisationName, c.Personnummer,
			c.Organisationsnummer, strings.Join(emails, ", "), strings.Join(phones, ", "), street, code, city, country}
		for i := range row {
			row[i] = defuse(row[i])
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	return buf.Bytes()
}

// defuse keeps a spreadsheet from running a cell as a formula (CSV
// injection: "=cmd|' /C calc'!A0"): a cell that begins with = + - @, a
// tab or a carriage return gets a leading apostrophe, which Excel and
// LibreOffice show as text. A phone number (+46 …) or a negative number
// is left as it is: digits are no formula.
func defuse(cell string) string {
	if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return cell
	}
	if (cell[0] == '+' || cell[0] == '-') && len(cell) > 1 && strings.Trim(cell[1:], "0123456789 ") == "" {
		return cell
	}
	return "'" + cell
}

// exportVCard is the contacts as vCard 3.0, which Outlook, Apple and
// Google all read.
func exportVCard(found []contacts.Contact) ([]byte, error) {
	var buf bytes.Buffer
	enc := vcard.NewEncoder(&buf)
	for _, c := range found {
		card := vcard.Card{}
		card.SetValue(vcard.FieldVersion, "3.0")
		card.SetValue(vcard.FieldFormattedName, c.DisplayName)
		if c.Kind == contacts.KindOrganisation {
			card.SetName(&vcard.Name{FamilyName: c.OrganisationName})
			card.SetValue(vcard.FieldOrganization, c.OrganisationName)
			card.SetValue("X-ABSHOWAS", "COMPANY")
		} else {
			card.SetName(&vcard.Name{GivenName: c.GivenName, FamilyName: c.FamilyName})
		}
		for _, e := range c.Emails {
			card.Add(vcard.FieldEmail, &vcard.Field{Value: e.Address, Params: vcard.Params{vcard.ParamType: {"INTERNET"}}})
		}
		for _, p := range c.Phones {
			card.Add(vcard.FieldTelephone, &vcard.Field{Value: p.Number, Params: vcard.Params{vcard.ParamType: {"VOICE"}}})
		}
		if !c.ProtectedIdentity {
			for _, a := range c.Addresses {
				card.AddAddress(&vcard.Address{StreetAddress: a.Street, PostalCode: a.PostalCode, Locality: a.City, Country: a.Country})
			}
		}
		card.SetValue(vcard.FieldUID, "urn:uuid:"+c.ID)
		if err := enc.Encode(card); err != nil {
			return nil, fmt.Errorf("export: vCard: %w", err)
		}
	}
	return buf.Bytes(), nil
}
