package dpo

import (
	"net/http"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// letter is one notification to a person the finder found (art. 34.2):
// the nature of the breach, its likely consequences, the measures, and
// whom to contact, in clear and plain language, one A4 page each.
type letter struct {
	Name      string
	Address   *contact.Address // nil: none known, or protected identity
	Protected bool             // skyddad identitet: send through Skatteverket, never to an address printed here
}

// lettersPage is the printable bundle of letters.
type lettersPage struct {
	Letters    []letter
	Breach     *breachView // the breach the letters tell of, when the finder named one
	Controller Controller
	Date       time.Time
}

// affectedLetters prints a letter to every person on the finder's page
// (its offset, affectedPageSize at a time) whom the DPO may know of; an erased person gets none. Reading
// their addresses is recorded in the access log as an export.
func (s *Handlers) affectedLetters(w http.ResponseWriter, r *http.Request) {
	q, err := s.affectedQueryOf(r.URL.Query())
	var page lettersPage
	var people []affectedPerson
	if err == nil {
		people, _, err = s.findAffected(r, q, affectedPageSize)
	}
	if err == nil && q.Breach != "" {
		var b dpomodel.Breach
		if b, err = s.deps.Register.Breach(r.Context(), q.Breach); err == nil {
			var views []breachView
			views, err = s.breachViews(r, []dpomodel.Breach{b})
			if err == nil {
				page.Breach = &views[0]
			}
		}
	}
	var written []string
	for _, p := range people {
		if err != nil {
			break
		}
		if p.Unknown || p.Erased {
			continue
		}
		c, cerr := s.ReadContact(r, p.ID)
		switch {
		case domain.IsKind(cerr, domain.KindNotFound) || domain.IsKind(cerr, domain.KindErased):
			continue
		case cerr != nil:
			err = cerr
			continue
		}
		l := letter{Name: c.DisplayName, Protected: c.ProtectedIdentity}
		if len(c.Addresses) > 0 && !c.ProtectedIdentity {
			l.Address = &c.Addresses[0]
		}
		page.Letters = append(page.Letters, l)
		written = append(written, p.ID)
	}
	if err == nil {
		p, _ := web.PrincipalOf(r.Context())
		err = s.RecordAccess(r, p.StaffID, p.Action, accesslog.ViaExport, written)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Controller, page.Date = s.deps.Controller, s.deps.Clock()
	s.RenderPage(w, r, http.StatusOK, "dpo_letters", page)
}
