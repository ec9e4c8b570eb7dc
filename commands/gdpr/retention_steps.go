package gdpr

import (
	"context"
	"errors"

	"github.com/klient-crm/klient/commands/journal"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// errFileKept leaves a matter's communications and documents in the log's
// to-do when their file could not be destroyed this time.
var errFileKept = errors.New("the matter file was not destroyed, so what it holds is still there")

// carryOut deletes one item and logs it; done is the item as carried out
// (a batch with the count that went). destroyed collects the matter files
// destroyed so far: their communications and documents went with them.
func (h *RetentionHandler) carryOut(ctx context.Context, actor journal.Actor, item RetentionItem, destroyed map[string]bool) (done RetentionItem, err error) {
	done, erasureID := item, ""
	switch item.Category {
	case domaingdpr.CategoryContactWithoutBasis:
		erasureID, err = h.erasePerson(ctx, actor, item.RecordID)
	case domaingdpr.CategoryMatterFile:
		if err = h.d.Deleters.DestroyMatterFile(ctx, item.RecordID); err == nil {
			destroyed[item.RecordID] = true
		}
	case domaingdpr.CategoryCommunication, domaingdpr.CategoryDocument:
		if !destroyed[item.RecordID] {
			err = errFileKept
		}
	case domaingdpr.CategoryAccessLog:
		done.Records, err = h.d.Deleters.DeleteAccessLogBefore(ctx, item.Cutoff)
	case domaingdpr.CategorySession:
		done.Records, err = h.d.Deleters.DeleteExpiredSessions(ctx)
	case domaingdpr.CategoryHeldMail:
		done.Records, err = h.d.Deleters.DestroyHeldMailBefore(ctx, item.Cutoff)
	}
	if err != nil || done.Records == 0 {
		return done, journal.AsNilOrDomain(err)
	}
	return done, journal.AsNilOrDomain(h.d.Log.Deleted(ctx, RetentionDeletion{Item: done, TriggeredBy: actor.ID,
		ErasureID: erasureID, DeletedAt: h.d.Eraser.d.Subjects.journal.Now()}))
}
