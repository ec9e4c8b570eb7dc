package commands

import (
	"context"
	"errors"

	"github.com/klient-crm/klient/domain/gdpr"
)

// errFileKept leaves a matter's communications and documents in the log's
// to-do when their file could not be destroyed this time.
var errFileKept = errors.New("the matter file was not destroyed, so what it holds is still there")

// carryOut deletes one item and logs it; done is the item as carried out
// (a batch with the count that went). destroyed collects the matter files
// destroyed so far: their communications and documents went with them.
func (h *RetentionHandler) carryOut(ctx context.Context, actor Actor, item RetentionItem, destroyed map[string]bool) (done RetentionItem, err error) {
	done, erasureID := item, ""
	switch item.Category {
	case gdpr.CategoryContactWithoutBasis:
		erasureID, err = h.erasePerson(ctx, actor, item.RecordID)
	case gdpr.CategoryMatterFile:
		if err = h.d.Deleters.DestroyMatterFile(ctx, item.RecordID); err == nil {
			destroyed[item.RecordID] = true
		}
	case gdpr.CategoryCommunication, gdpr.CategoryDocument:
		if !destroyed[item.RecordID] {
			err = errFileKept
		}
	case gdpr.CategoryAccessLog:
		done.Records, err = h.d.Deleters.DeleteAccessLogBefore(ctx, item.Cutoff)
	case gdpr.CategorySession:
		done.Records, err = h.d.Deleters.DeleteExpiredSessions(ctx)
	}
	if err != nil || done.Records == 0 {
		return done, asNilOrDomain(err)
	}
	return done, asNilOrDomain(h.d.Log.Deleted(ctx, RetentionDeletion{Item: done, TriggeredBy: actor.ID,
		ErasureID: erasureID, DeletedAt: h.d.Eraser.d.Subjects.now()}))
}
