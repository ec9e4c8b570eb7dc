package accesslog

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// PurposeBatch is how many entries EachPurpose reads per query.
const PurposeBatch = 1000

// Purpose is one entry's purpose as the erasure's search for mentions
// reads it.
type Purpose struct {
	EntryID int64
	Text    string
}

// prefetcher is the key ring's Prefetch: a batch's keys in one round trip.
type prefetcher interface {
	Prefetch(ctx context.Context, subjects []string) error
}

// EachPurpose calls fn with the purpose of every entry that has a copy
// under a key except does not own: what stays readable once except is
// erased (their own copies go with their key, so an entry about them
// alone is not read). The text is opened from the first such copy whose
// key opens. It reads PurposeBatch entries per query, in entry order,
// along the table's primary key, prefetching each batch's first copies'
// keys in one round trip: the cost is one pass over the purposes kept
// (the log's retention bounds them), whatever the number of events
// (BenchmarkPurposeMentionSearch).
func EachPurpose(ctx context.Context, db DB, keys Keys, except string, fn func(Purpose) error) error {
	var after int64
	for {
		batch, err := purposeBatch(ctx, db, except, after)
		if err != nil {
			return domain.Internal(fmt.Errorf("accesslog: read the purposes: %w", err))
		}
		if p, ok := keys.(prefetcher); ok {
			// The first copy's: the others are read only when its key is
			// gone, one by one.
			names := make([]string, 0, len(batch))
			for _, e := range batch {
				names = append(names, copyKey(e.owners[0], e.id, e.ownKeys[0]))
			}
			if err := p.Prefetch(ctx, names); err != nil {
				return err
			}
		}
		for _, e := range batch {
			entry := Entry{ID: e.id}
			if err := e.open(ctx, keys, anyOwner, &entry); err != nil {
				return err
			}
			if entry.Purpose != "" {
				if err := fn(Purpose{EntryID: e.id, Text: entry.Purpose}); err != nil {
					return err
				}
			}
		}
		if len(batch) < PurposeBatch {
			return nil
		}
		after = batch[len(batch)-1].id
	}
}

// entryCopies are one entry's sealed copies.
type entryCopies struct {
	id int64
	sealedPurpose
}

func purposeBatch(ctx context.Context, db DB, except string, after int64) ([]entryCopies, error) {
	rows, err := db.Query(ctx, `SELECT entry_id, array_agg(owner ORDER BY owner), array_agg(sealed ORDER BY owner),
			array_agg(own_key ORDER BY owner)
		FROM access_log_purposes WHERE entry_id > $1 AND owner <> $2
		GROUP BY entry_id ORDER BY entry_id LIMIT $3`, after, except, PurposeBatch)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (entryCopies, error) {
		var e entryCopies
		return e, r.Scan(&e.id, &e.owners, &e.texts, &e.ownKeys)
	})
}

// MentionPrefix names an access-log entry among the erasure's mentions
// (whose entries are otherwise communications, tasks and notes, by UUID).
const MentionPrefix = "access-"

// MentionEntry is entry id as a mention names it; EntryOfMention reads it
// back (false: not an access-log entry's).
func MentionEntry(id int64) string { return MentionPrefix + strconv.FormatInt(id, 10) }

// EntryOfMention is the access-log entry a mention's entry ID names.
func EntryOfMention(entry string) (int64, bool) {
	rest, ok := strings.CutPrefix(entry, MentionPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// RedactPurpose makes entry id's purpose unreadable for good: it destroys
// the key of every copy (shred, journalled by the caller as an erasure's
// key is, so no restore opens it again). The append-only log keeps the
// entry, and its pages show the purpose as erased, "(raderad)"; the
// ciphertexts stay, in the table and in every backup, and open no more.
// It returns how many copies it made unreadable; a copy still under its
// owner's shared key (SealOldPurposes has not run) is refused, since
// destroying that key would take the owner's every other purpose.
func RedactPurpose(ctx context.Context, db DB, shred func(ctx context.Context, key string) error, id int64) (int, error) {
	rows, err := db.Query(ctx, `SELECT owner, own_key FROM access_log_purposes WHERE entry_id = $1 ORDER BY owner`, id)
	if err != nil {
		return 0, domain.Internal(fmt.Errorf("accesslog: redact: %w", err))
	}
	type copyOf struct {
		owner  string
		ownKey bool
	}
	copies, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (copyOf, error) {
		var c copyOf
		return c, r.Scan(&c.owner, &c.ownKey)
	})
	if err != nil {
		return 0, domain.Internal(fmt.Errorf("accesslog: redact: %w", err))
	}
	for _, c := range copies {
		if !c.ownKey {
			return 0, domain.Conflict("the purpose is still sealed under a key it shares with others; restart Klient once, then redact it").
				WithCode("accesslog.purpose.shared_key")
		}
	}
	for _, c := range copies {
		if err := shred(ctx, PurposeEntryKey(c.owner, id)); err != nil {
			return 0, err
		}
	}
	return len(copies), nil
}
