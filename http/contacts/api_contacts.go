package contacts

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// createRequest registers a contact. A client that picks ID itself may send
// the same request again after a timeout: it lands on the same contact.
type createRequest struct {
	ID      string          `json:"id,omitempty"`
	Kind    string          `json:"kind"`
	Details json.RawMessage `json:"details"`
	// CreateAnyway registers a contact that resembles one already
	// registered (a likely duplicate), after the caller has looked.
	CreateAnyway bool `json:"create_anyway,omitempty"`
}

// apiCreateContact is POST /api/v1/contacts. Nothing is written unless the
// whole body is valid.
func (s *Handlers) apiCreateContact(w http.ResponseWriter, r *http.Request) {
	var req createRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	res, found, err := s.apiRegister(r, req)
	switch {
	case len(found) > 0, web.HasCode(err, numberTakenCode):
		s.duplicateProblem(w, r, err, found)
		return
	case err != nil:
		s.CommandFailed(w, r, err)
		return
	}
	s.AwaitContacts(r.Context(), res)
	w.Header().Set("Location", "/api/v1/contacts/"+res.ContactID)
	s.writeContact(w, r, http.StatusCreated, res)
}

func (s *Handlers) apiRegister(r *http.Request, req createRequest) (contactcmd.Result, []contacts.Candidate, error) {
	if req.ID != "" {
		if _, err := uuid.Parse(req.ID); err != nil {
			return contactcmd.Result{}, nil, domain.Invalid("id", "the id must be a UUID").WithCode("request.id.invalid")
		}
	}
	if len(req.Details) == 0 || string(req.Details) == "null" {
		return contactcmd.Result{}, nil, domain.Invalid("details", "details are required").WithCode("request.field.required")
	}
	ctx, actor := r.Context(), s.Actor(r)
	var person contact.PersonDetails
	var org contact.OrganisationDetails
	switch req.Kind {
	case kindPerson:
		if err := web.DecodeStrict(req.Details, &person, "details"); err != nil {
			return contactcmd.Result{}, nil, err
		}
	case kindOrganisation:
		if err := web.DecodeStrict(req.Details, &org, "details"); err != nil {
			return contactcmd.Result{}, nil, err
		}
	default:
		return contactcmd.Result{}, nil, domain.Invalid("kind", "the kind must be person or organisation").WithCode("request.kind.invalid")
	}
	if err := s.unclaimedHolder(r, req.ID, req.Kind, person, org); err != nil {
		return contactcmd.Result{}, nil, err
	}
	if !req.CreateAnyway {
		found, err := s.likelyDuplicates(r, req.ID, req.Kind, person, org)
		if err != nil || len(found) > 0 {
			return contactcmd.Result{}, found, web.FirstErr(err, likelyRefusal())
		}
	}
	var res contactcmd.Result
	var err error
	if req.Kind == kindPerson {
		res, err = s.deps.Commands.RegisterPerson.Handle(ctx, contactcmd.RegisterPerson{Actor: actor, ContactID: req.ID, Details: person})
	} else {
		res, err = s.deps.Commands.RegisterOrganisation.Handle(ctx, contactcmd.RegisterOrganisation{Actor: actor, ContactID: req.ID, Details: org})
	}
	return res, nil, err
}

// apiGetContact is GET /api/v1/contacts/{id}; its ETag is the version a
// PATCH sends back in If-Match.
func (s *Handlers) apiGetContact(w http.ResponseWriter, r *http.Request) {
	c, special, err := s.viewContact(r)
	if s.mergedAway(w, r, c, err, true) {
		return
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	etag := web.VersionETag(c.Version)
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	out := contactOut(c, web.LangOf(r.Context()))
	out.Withheld = withheldOut(special)
	web.WriteJSON(w, http.StatusOK, out)
}

// writeContact answers a write with the contact as the read model now shows
// it (a view, so it is logged; the DPO sees a restricted person whole).
// Should the read model not show the write yet, or the view not be logged,
// the answer is 202 with only the ID and version the write made, and where
// to read it: never a contact that looks whole but is not.
func (s *Handlers) writeContact(w http.ResponseWriter, r *http.Request, status int, res contactcmd.Result) {
	w.Header().Set("ETag", web.VersionETag(res.Version))
	c, err := s.ReadContact(r, res.ContactID)
	var special specialView
	if err == nil && c.Version >= res.Version {
		special, err = s.specialOf(r, &c)
	}
	if err == nil && c.Version >= res.Version {
		err = s.RecordView(r, web.ContactSubjects(c))
	}
	if err != nil || c.Version < res.Version {
		w.Header().Set("Location", "/api/v1/contacts/"+res.ContactID)
		w.Header().Set("Retry-After", "1")
		web.WriteJSON(w, http.StatusAccepted, ContactWrittenJSON{ID: res.ContactID, Version: res.Version})
		return
	}
	out := contactOut(c, web.LangOf(r.Context()))
	out.Withheld = withheldOut(special)
	web.WriteJSON(w, status, out)
}

// viewContact reads the contact the route names, as the principal may see
// it (walls and restriction: readContact; special categories: what they
// may not read, or gave no purpose for, withheld), and logs the view.
func (s *Handlers) viewContact(r *http.Request) (contacts.Contact, specialView, error) {
	c, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err != nil {
		return c, specialView{}, err
	}
	v, err := s.specialOf(r, &c)
	if err != nil {
		return c, v, err
	}
	return c, v, s.RecordView(r, web.ContactSubjects(c))
}

// specialOf reads c's special-category markings and, when it has any,
// cuts out of c what the reader may not see now (special.go).
func (s *Handlers) specialOf(r *http.Request, c *contacts.Contact) (specialView, error) {
	marks, err := s.deps.Special.Marks.ContactMarks(r.Context(), c.ID)
	if err != nil || len(marks) == 0 {
		return specialView{ID: c.ID}, err
	}
	return s.withholdSpecial(r, c, marks)
}

// ContactJSON is one contact as the API returns it. Details has the same
// shape a client sends: contact.PersonDetails or contact.OrganisationDetails.
type ContactJSON struct {
	ID           string            `json:"id"`
	Kind         string            `json:"kind"`
	Version      uint64            `json:"version"`
	DisplayName  string            `json:"display_name"`
	Archived     bool              `json:"archived"`
	Details      any               `json:"details"`
	Affiliations []AffiliationJSON `json:"affiliations"`
	// Relationships are the relations between this contact and others of
	// its kind, as either recorded them.
	Relationships []RelationshipJSON `json:"relationships"`
	CreatedAt     time.Time          `json:"created_at"`
	UpdatedAt     time.Time          `json:"updated_at"`
	// Withheld names what of the contact is marked as special categories
	// (art. 9, 10) and left out of this answer ("contact": all but its
	// name); absent when nothing is. special.go.
	Withheld []string `json:"withheld,omitempty"`
}

type AffiliationJSON struct {
	PersonID         string `json:"person_id"`
	PersonName       string `json:"person_name"`
	OrganisationID   string `json:"organisation_id"`
	OrganisationName string `json:"organisation_name"`
	Role             string `json:"role"`
}

// SummaryJSON is one line of a list or search result; it never holds an
// address.
type SummaryJSON struct {
	ID                string    `json:"id"`
	Kind              string    `json:"kind"`
	DisplayName       string    `json:"display_name"`
	Number            string    `json:"number,omitempty"`
	Email             string    `json:"email,omitempty"`
	Phone             string    `json:"phone,omitempty"`
	ProtectedIdentity bool      `json:"protected_identity"`
	Archived          bool      `json:"archived"`
	Erased            bool      `json:"erased"`
	Version           uint64    `json:"version"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// ListJSON is a page of contacts: Next, when another page follows, is
// the cursor to pass as after.
type ListJSON struct {
	Items []SummaryJSON `json:"items"`
	Next  string        `json:"next,omitempty"`
}

func contactOut(c contacts.Contact, lang i18n.Lang) ContactJSON {
	out := ContactJSON{ID: c.ID, Kind: string(c.Kind), Version: c.Version, DisplayName: c.DisplayName,
		Archived: c.Archived, Details: detailsOf(c), Affiliations: []AffiliationJSON{},
		Relationships: relationshipsOut(c.Relationships, lang), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	for _, a := range c.Affiliations {
		out.Affiliations = append(out.Affiliations, AffiliationJSON(a))
	}
	return out
}

// detailsOf is the contact's details in the shape a client sends them, so
// a client can change a field and send the object back.
func detailsOf(c contacts.Contact) any {
	if c.Kind == contacts.KindOrganisation {
		return contact.OrganisationDetails{Name: c.OrganisationName, Organisationsnummer: c.Organisationsnummer,
			Emails: c.Emails, Phones: c.Phones, Addresses: c.Addresses}
	}
	return contact.PersonDetails{GivenName: c.GivenName, FamilyName: c.FamilyName, Personnummer: c.Personnummer,
		Emails: c.Emails, Phones: c.Phones, Addresses: c.Addresses, ProtectedIdentity: c.ProtectedIdentity}
}

func listOut(found []contacts.Summary) ListJSON {
	out := ListJSON{Items: make([]SummaryJSON, len(found))}
	for i, s := range found {
		out.Items[i] = SummaryJSON{ID: s.ID, Kind: string(s.Kind), DisplayName: s.DisplayName, Number: s.Number,
			Email: s.Email, Phone: s.Phone, ProtectedIdentity: s.ProtectedIdentity, Archived: s.Archived,
			Erased: s.Erased, Version: s.Version, UpdatedAt: s.UpdatedAt}
	}
	return out
}

// ContactWrittenJSON answers a write the read model does not show yet: the
// contact's ID and the version the write made (202, with Location).
type ContactWrittenJSON struct {
	ID      string `json:"id"`
	Version uint64 `json:"version"`
}

// RelationshipJSON is one relation between the contact and another, as
// either recorded it: outgoing when this contact did ("parent of").
type RelationshipJSON struct {
	OtherID   string `json:"other_id"`
	OtherName string `json:"other_name"`
	Kind      string `json:"kind"`
	Outgoing  bool   `json:"outgoing"`
	Words     string `json:"words"`
}

// relationshipsOut words the relations in lang.
func relationshipsOut(rels []contacts.Relationship, lang i18n.Lang) []RelationshipJSON {
	out := make([]RelationshipJSON, len(rels))
	for i, rel := range rels {
		out[i] = RelationshipJSON{OtherID: rel.OtherID, OtherName: rel.OtherName, Kind: string(rel.Kind),
			Outgoing: rel.Outgoing, Words: relationWords(rel, lang)}
	}
	return out
}

// relationWords says how this contact stands to the other ("dotterbolag
// till" when the other recorded itself as the parent).
func relationWords(rel contacts.Relationship, lang i18n.Lang) string {
	key := "contact.relation." + string(rel.Kind)
	if !rel.Outgoing {
		key += ".reverse"
	}
	return i18n.T(lang, key)
}

// withheldOut names what an answer left out, for ContactJSON.
func withheldOut(v specialView) []string {
	var out []string
	for _, f := range v.Withheld {
		out = append(out, string(f))
	}
	return out
}
