package casework

import (
	"net/http"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
)

// errMatterArchived: an archived matter is put away for good.
var errMatterArchived = domain.Conflict("this matter is archived; nothing on it can change").WithCode("matter.archived")

// refuseArchived refuses a change to a task, deadline or log entry filed
// under an archived matter. Those aggregates do not know their matter's
// status, so the edge keeps the promise that nothing on an archived file
// changes. Visibility is checked by the caller; a matter that cannot be
// read here refuses nothing.
func (s *Handlers) refuseArchived(r *http.Request, matterID string) error {
	if matterID == "" {
		return nil
	}
	m, err := s.VisibleMatter(r, matterID)
	if err == nil && m.Status == matter.StatusArchived {
		return errMatterArchived
	}
	return nil
}
