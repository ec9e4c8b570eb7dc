package accesslog

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// Page sizes for Search.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Filter narrows a Search. Empty fields do not filter. The time window is
// half-open: From <= at < To. Before pages backwards: pass the smallest ID
// of the page just shown to get the next one.
type Filter struct {
	StaffID string
	Subject string
	From    time.Time
	To      time.Time
	Limit   int   // 0: DefaultLimit; capped at MaxLimit
	Before  int64 // 0: start from the newest
	// RefusedOnly keeps only refused attempts.
	RefusedOnly bool
	// Viewer is who searches: their own refusals are left out (a refusal
	// must not tell the refused member that what they asked for exists).
	Viewer string
	// HideOwn leaves out every entry of Viewer's, not only refusals: the
	// searching member's own reading would otherwise push what others
	// did down the list.
	HideOwn bool
	// MaySee is the reader's need-to-know over the purposes' copies: of
	// the owners given (every copy's owner on the page), those whose copy
	// the reader may open. A purpose opens only through one of those; an
	// entry with none that opens reads as PurposeErased, exactly as one
	// whose keys are all gone, so the answer says nothing of a copy held
	// for someone the reader may not know of. Nil opens any copy: the
	// back office's callers (the erasure, the command line, tests), which
	// read for no one person.
	MaySee func(ctx context.Context, owners []string) (map[string]bool, error)
}

// columns are an entry's, with its sealed purposes (owner, sealed text
// and whether under its own key, in owner order) beside the one older
// entries kept in the clear until SealOldPurposes.
const columns = `id, at, staff_id, subjects, route, action, coalesce(purpose, ''), correlation_id, via, refused, coalesce(token_id, ''), coalesce(webhook_id, ''),
	ARRAY(SELECT owner FROM access_log_purposes p WHERE p.entry_id = access_log.id ORDER BY owner),
	ARRAY(SELECT sealed FROM access_log_purposes p WHERE p.entry_id = access_log.id ORDER BY owner),
	ARRAY(SELECT own_key FROM access_log_purposes p WHERE p.entry_id = access_log.id ORDER BY owner)`

// Search returns the entries matching f, newest (highest ID) first, each
// purpose opened with keys (PurposeErased once every copy's key is gone).
func Search(ctx context.Context, db DB, keys Keys, f Filter) ([]Entry, error) {
	where, args := f.where()
	args = append(args, f.limit())
	sql := fmt.Sprintf(`SELECT %s FROM access_log WHERE %s ORDER BY id DESC LIMIT $%d`, columns, where, len(args))
	return query(ctx, db, keys, f.MaySee, sql, args...)
}

// ForSubject returns every entry about subject, newest first: what a data
// subject's access request reports about who has seen their data, with
// the purpose opened from subject's own copy.
func ForSubject(ctx context.Context, db DB, keys Keys, subject string) ([]Entry, error) {
	own := func(context.Context, []string) (map[string]bool, error) { return map[string]bool{subject: true}, nil }
	return query(ctx, db, keys, own, `SELECT `+columns+` FROM access_log WHERE subjects @> ARRAY[$1::text] AND refused = ''
		ORDER BY id DESC`, subject) // a refused attempt saw nothing
}

func (f Filter) where() (string, []any) {
	conds, args := []string{"true"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if f.StaffID != "" {
		add("staff_id = $%d", f.StaffID)
	}
	if f.Subject != "" {
		add("subjects @> ARRAY[$%d::text]", f.Subject) // @> uses the GIN index
	}
	if !f.From.IsZero() {
		add("at >= $%d", f.From)
	}
	if !f.To.IsZero() {
		add("at < $%d", f.To)
	}
	if f.Before > 0 {
		add("id < $%d", f.Before)
	}
	if f.RefusedOnly {
		conds = append(conds, "refused <> ''")
	}
	switch {
	case f.Viewer != "" && f.HideOwn:
		add("staff_id <> $%d", f.Viewer)
	case f.Viewer != "":
		add("(refused = '' OR staff_id <> $%d)", f.Viewer)
	}
	return strings.Join(conds, " AND "), args
}

func (f Filter) limit() int {
	if f.Limit <= 0 {
		return DefaultLimit
	}
	return min(f.Limit, MaxLimit)
}

// query reads entries and opens their purposes, each from the first copy
// that opens among those maySee allows (nil: any).
func query(ctx context.Context, db DB, keys Keys, maySee func(context.Context, []string) (map[string]bool, error),
	sql string, args ...any) ([]Entry, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("accesslog: search: %w", err))
	}
	var entries []Entry
	var sealed []sealedPurpose
	for rows.Next() {
		var e Entry
		var action, via string
		var owners []string
		var texts [][]byte
		var ownKeys []bool
		if err := rows.Scan(&e.ID, &e.At, &e.StaffID, &e.Subjects, &e.Route, &action, &e.Purpose, &e.CorrelationID, &via,
			&e.Refused, &e.TokenID, &e.WebhookID, &owners, &texts, &ownKeys); err != nil {
			rows.Close()
			return nil, domain.Internal(fmt.Errorf("accesslog: search: %w", err))
		}
		e.Action, e.Via = access.Action(action), Via(via)
		entries = append(entries, e)
		sealed = append(sealed, sealedPurpose{owners: owners, texts: texts, ownKeys: ownKeys})
	}
	if err := rows.Err(); err != nil {
		return nil, domain.Internal(fmt.Errorf("accesslog: search: %w", err))
	}
	var allowed map[string]bool
	if maySee != nil && keys != nil {
		var owners []string
		for _, p := range sealed {
			owners = append(owners, p.owners...)
		}
		var err error
		if allowed, err = maySee(ctx, owners); err != nil {
			return nil, err
		}
	}
	may := anyOwner
	if maySee != nil {
		may = func(o string) bool { return allowed[o] }
	}
	for i := range entries {
		if err := sealed[i].open(ctx, keys, may, &entries[i]); err != nil {
			return nil, err
		}
	}
	return entries, nil
}

// sealedPurpose is an entry's purpose as stored: one sealed copy per
// owner, each under its own key or (sealed before 0006) the owner's
// shared one.
type sealedPurpose struct {
	owners  []string
	texts   [][]byte
	ownKeys []bool
}

// anyOwner lets a purpose open from any copy (no reader to weigh).
func anyOwner(string) bool { return true }

// copyKey is the key that sealed a copy of entry id's purpose.
func copyKey(owner string, id int64, ownKey bool) string {
	if ownKey {
		return PurposeEntryKey(owner, id)
	}
	return PurposeKey(owner)
}

// open sets e.Purpose from the first copy of an owner may allows whose
// key still opens it; PurposeErased when there were copies and none of
// those opens. Without keys nothing is opened.
func (p sealedPurpose) open(ctx context.Context, keys Keys, may func(owner string) bool, e *Entry) error {
	if len(p.owners) == 0 || keys == nil {
		return nil
	}
	for i, o := range p.owners {
		if !may(o) {
			continue
		}
		pt, err := keys.Open(ctx, copyKey(o, e.ID, p.ownKeys[i]), p.texts[i], purposeAD(e.ID))
		switch {
		case domain.IsKind(err, domain.KindErased):
			continue
		case err != nil:
			return err
		}
		e.Purpose = string(pt)
		return nil
	}
	e.PurposeErased = true
	return nil
}
