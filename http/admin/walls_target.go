package admin

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
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
