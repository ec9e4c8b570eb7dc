package admin

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/staff"
)

// errNoSuchWallMatter: the matter ID typed matches no matter.
var errNoSuchWallMatter = domain.Invalid("matter_id", "there is no matter with this ID").WithCode("wall.matter.unknown")

// errWallTargetBoth: a wall guards one record.
var errWallTargetBoth = domain.Invalid("matter_id", "give a contact or a matter, not both").WithCode("wall.target.both")

// wallTarget is the record the form names: a matter when a matter ID is
// given, else a contact. Either must exist. The administrator need not
// see the matter: walling it off is about others.
func (s *Handlers) wallTarget(r *http.Request, page wallsPage) (access.Target, error) {
	switch {
	case page.MatterID != "" && page.ContactID != "":
		return access.Target{}, errWallTargetBoth
	case page.MatterID != "":
		return s.wallMatterTarget(r, page.MatterID)
	}
	if _, err := uuid.Parse(page.ContactID); err != nil {
		return access.Target{}, errNoSuchWallTarget
	}
	if _, err := s.Shared().Contacts.Get(r.Context(), page.ContactID); domain.IsKind(err, domain.KindNotFound) {
		return access.Target{}, errNoSuchWallTarget
	} else if err != nil && !domain.IsKind(err, domain.KindErased) {
		return access.Target{}, err
	}
	return access.Target{Kind: access.TargetContact, ID: page.ContactID}, nil
}

func (s *Handlers) wallMatterTarget(r *http.Request, id string) (access.Target, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return access.Target{}, errNoSuchWallMatter
	}
	_, err = s.Shared().Matters.Get(r.Context(), u.String())
	switch {
	case domain.IsKind(err, domain.KindNotFound):
		return access.Target{}, errNoSuchWallMatter
	case err != nil && !domain.IsKind(err, domain.KindErased):
		return access.Target{}, err
	}
	return access.Target{Kind: access.TargetMatter, ID: u.String()}, nil
}

// askLiftWall names the record a standing wall is in front of and whom it
// keeps out, before they may see it again; a wall that does not stand is
// left to the command to refuse.
func (s *Handlers) askLiftWall(r *http.Request) (*web.Confirmation, error) {
	walls, err := s.Shared().Staff.ActiveWalls(r.Context())
	if err != nil {
		return nil, err
	}
	for _, w := range walls {
		if w.ID != chi.URLParam(r, "id") {
			continue
		}
		target, subjects, err := s.wallTargetName(r, w.Target)
		if err != nil {
			return nil, err
		}
		kept, err := s.keptOut(r, w)
		if err != nil {
			return nil, err
		}
		return &web.Confirmation{Question: "confirm.wall.lift", Args: []any{target, kept},
			Consequence: "confirm.wall.lift.consequence", Button: "confirm.wall.lift.button", Back: "/admin/walls",
			Subjects: subjects}, nil
	}
	return nil, nil
}

// wallTargetName is the record a wall guards in words: a matter by its
// number (an administrator need not see the matter itself), a contact by
// name unless the administrator is walled from it, or it is restricted or
// erased. It returns the data subjects the words name.
func (s *Handlers) wallTargetName(r *http.Request, t access.Target) (string, []string, error) {
	lang := web.LangOf(r.Context())
	if t.Kind == access.TargetMatter {
		gate, err := s.MatterGate(r)
		if err != nil {
			return "", nil, err
		}
		m, err := s.Shared().Matters.Get(r.Context(), t.ID)
		switch {
		case err != nil && !domain.IsKind(err, domain.KindErased) && !domain.IsKind(err, domain.KindNotFound):
			return "", nil, err
		case err != nil || gate.WalledMatter(t.ID) || m.Number == "":
			return i18n.T(lang, "confirm.wall.matter", i18n.T(lang, "matters.erased")), nil, nil
		}
		return i18n.T(lang, "confirm.wall.matter", m.Number), nil, nil
	}
	hidden, err := s.Hidden(r)
	if err != nil {
		return "", nil, err
	}
	refs, err := s.Shared().Contacts.Refs(r.Context(), []string{t.ID})
	if err != nil {
		return "", nil, err
	}
	ref, found := refs[t.ID]
	switch {
	case !found || hidden.Has(t.ID) || (ref.Restricted && !ref.Erased):
		return i18n.T(lang, "confirm.wall.contact", i18n.T(lang, "casework.hidden_contact")), nil, nil
	case ref.Erased:
		return i18n.T(lang, "confirm.wall.contact", i18n.T(lang, "contact.erased.name")), nil, nil
	}
	return i18n.T(lang, "confirm.wall.contact", ref.DisplayName), []string{t.ID}, nil
}

// keptOut names the members and teams a wall keeps out.
func (s *Handlers) keptOut(r *http.Request, w staff.Wall) (string, error) {
	names, err := s.StaffNames(r)
	if err != nil {
		return "", err
	}
	lang := web.LangOf(r.Context())
	var out []string
	for _, u := range w.Users {
		out = append(out, names[u])
	}
	for _, t := range w.Teams {
		out = append(out, i18n.T(lang, "confirm.wall.team", t))
	}
	return strings.Join(out, ", "), nil
}
