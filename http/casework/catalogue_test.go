package casework

import (
	"testing"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// TestEveryCaseworkTermHasAName: templates build keys for statuses,
// roles, kinds and decisions with print, which the template scan cannot
// see; and the history names every matter event and the matter page every
// confirmation.
func TestEveryCaseworkTermHasAName(t *testing.T) {
	t.Parallel()
	var keys []string
	for _, s := range matter.Statuses {
		keys = append(keys, "matters.status."+string(s))
	}
	for _, r := range matter.Roles {
		keys = append(keys, "matters.role."+string(r))
	}
	for _, d := range matter.Decisions {
		keys = append(keys, "matters.decision."+string(d))
	}
	for _, k := range []matter.MatchKind{matter.MatchContact, matter.MatchNumber, matter.MatchEmail, matter.MatchName} {
		keys = append(keys, "matters.match."+string(k))
	}
	for _, k := range communication.Kinds() {
		keys = append(keys, "comms.kind."+string(k))
	}
	for _, k := range work.DeadlineKinds {
		keys = append(keys, "deadlines.kind."+string(k))
	}
	for _, p := range work.Priorities {
		keys = append(keys, "tasks.priority."+string(p))
	}
	for _, s := range []work.TaskStatus{work.TaskStatusOpen, work.TaskStatusInProgress, work.TaskStatusDone, work.TaskStatusCancelled} {
		keys = append(keys, "tasks.status."+string(s))
	}
	for _, s := range []work.DeadlineStatus{work.DeadlineStatusPending, work.DeadlineStatusMet, work.DeadlineStatusCancelled} {
		keys = append(keys, "deadlines.status."+string(s))
	}
	for _, e := range matter.Events() {
		// The numbering stream's and a lateral hire's (a staff member's stream) are on no matter's page.
		if t := e.EventType(); t != matter.TypeMatterNumberReserved && t != matter.TypeMatterNumberVoided && t != matter.TypeLateralHireChecked {
			keys = append(keys, "history.event."+web.Snake(e.EventType()[len("matter."):]))
		}
	}
	for _, k := range matterDone {
		keys = append(keys, k)
	}
	for _, k := range keys {
		if !i18n.Has(k) {
			t.Errorf("the catalogue lacks %s", k)
		}
	}
}
