package accesslog

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// DB is what the package needs of a connection: a *pgxpool.Pool, a
// *pgx.Conn and a pgx.Tx all qualify, so an entry can be written in the
// caller's own transaction.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Via is the channel personal data left through.
type Via string

// The channels.
const (
	ViaPage     Via = "page"     // an HTML page
	ViaAPI      Via = "api"      // the JSON API
	ViaExport   Via = "export"   // a file export (CSV, a subject access package)
	ViaCalendar Via = "calendar" // a calendar feed
	ViaDownload Via = "download" // a document download
	ViaWebhook  Via = "webhook"  // an integration feed entry sent to another system
)

var vias = []Via{ViaPage, ViaAPI, ViaExport, ViaCalendar, ViaDownload, ViaWebhook}

// MaxPurposeLength bounds the free-text purpose, in characters.
const MaxPurposeLength = 500

// SQLStateAppendOnly is the SQLSTATE of the trigger's refusal.
const SQLStateAppendOnly = "KL001"

// Entry is one access: StaffID looked at Subjects.
type Entry struct {
	ID       int64     // assigned by Record; the order entries were written in
	At       time.Time // zero: the database's now()
	StaffID  string
	Subjects []string // data-subject IDs, never names
	Route    string   // the route pattern, e.g. "/contacts/{id}"
	Action   access.Action
	Purpose  string // optional, typed by the user; sealed (Record)
	// PurposeErased: the purpose was sealed and every key that opened it is
	// destroyed (the people it was about are erased).
	PurposeErased bool
	CorrelationID string
	Via           Via
	// Refused is why the member was turned away ("walled", "not_visible",
	// "restricted", "forbidden"); "" for a view. A refusal is no view: the
	// subject's own access report does not list it, and the refused member
	// never sees it.
	Refused string
	// TokenID is the API token the request came with ("" for none): an
	// integration's reads are listed under its token's name.
	TokenID string
	// WebhookID is the webhook an entry was sent by (ViaWebhook): the
	// log names the receiving system, not only the member it acts for.
	WebhookID string
}

func (e Entry) validate() error {
	switch {
	case e.StaffID == "":
		return domain.Invalid("staff_id", "an access is someone's")
	case e.Route == "" || strings.ContainsAny(e.Route, "?#"):
		// A query string could hold search terms, that is personal data.
		return domain.Invalid("route", "an access names its route pattern, without a query")
	case (len(e.Subjects) == 0 && e.Refused == "") || slices.Contains(e.Subjects, ""):
		return domain.Invalid("subjects", "an access is to at least one data subject")
	case !slices.Contains(refusals, e.Refused):
		return domain.Invalid("refused", "unknown reason for a refusal")
	case !slices.Contains(vias, e.Via):
		return domain.Invalid("via", "unknown channel")
	}
	return checkPurpose(e.Purpose)
}

func checkPurpose(p string) error {
	if utf8.RuneCountInString(p) > MaxPurposeLength {
		return domain.Invalid("purpose", "the purpose may have at most %d characters", MaxPurposeLength).
			WithCode("accesslog.purpose.too_long")
	}
	if !utf8.ValidString(p) || strings.ContainsFunc(p, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) {
		return domain.Invalid("purpose", "the purpose holds characters that are not text").
			WithCode("accesslog.purpose.not_text")
	}
	return nil
}

// refusals are the reasons a refusal may give ("" is a view).
var refusals = []string{"", "walled", "not_visible", "restricted", "forbidden"}

// Keys seal and open the purposes (crypto.Keyring): Seal creates a key on
// first use; Open of a destroyed key is a KindErased error.
type Keys interface {
	Seal(ctx context.Context, subject string, plaintext, associatedData []byte) ([]byte, error)
	Open(ctx context.Context, subject string, ciphertext, associatedData []byte) ([]byte, error)
}

// PurposeKey is the entry key that sealed every purpose of the accesses
// to owner before each copy got its own (migration 0006): destroyed with
// owner's key. SealOldPurposes reseals what it sealed under
// PurposeEntryKey.
func PurposeKey(owner string) string { return domain.EntryKey(owner, "access-purposes") }

// PurposeEntryKey is the key of owner's copy of entry id's purpose
// (domain.EntryKey): destroyed with owner's key, or alone when a
// redaction takes the text out of that copy (RedactPurpose).
func PurposeEntryKey(owner string, id int64) string {
	return domain.EntryKey(owner, "access-purpose-"+strconv.FormatInt(id, 10))
}

// purposeAD binds a sealed purpose to its entry.
func purposeAD(id int64) []byte { return []byte("access_log:" + strconv.FormatInt(id, 10)) }

// Record appends e to the log. Repeated subjects are written once. Pass
// the caller's transaction as db when the access and the entry must stand
// or fall together (an export); pass the pool otherwise. A purpose is
// sealed with keys once per subject, each copy under a key of its own
// the subject owns (PurposeEntryKey), or under the member's own ID when
// the entry names nobody, and never stored in the clear; keys may be nil
// only for an entry without one. A subject whose key is already destroyed
// gets no copy.
func Record(ctx context.Context, db DB, keys Keys, e Entry) error {
	if err := e.validate(); err != nil {
		return err
	}
	purpose := strings.TrimSpace(e.Purpose)
	if purpose != "" && keys == nil {
		return domain.Internal(fmt.Errorf("accesslog: record: a purpose without keys to seal it"))
	}
	var at any // nil: the database's clock, the same for every instance
	if !e.At.IsZero() {
		at = e.At
	}
	subjects := unique(e.Subjects)
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO access_log (at, staff_id, subjects, route, action, correlation_id, via, refused, token_id, webhook_id)
			VALUES (coalesce($1::timestamptz, now()), $2, $3, $4, $5, $6, $7, $8, nullif($9, ''), nullif($10, '')) RETURNING id`,
			at, e.StaffID, subjects, e.Route, string(e.Action), e.CorrelationID, string(e.Via), e.Refused, e.TokenID, e.WebhookID).Scan(&id)
		if err != nil || purpose == "" {
			return err
		}
		return sealCopies(ctx, tx, keys, id, owners(subjects, e.StaffID), purpose)
	})
	if err != nil {
		return domain.Internal(fmt.Errorf("accesslog: record: %w", err))
	}
	return nil
}

// owners are whose copies of an entry's purpose are kept: the people read,
// or the member when it names nobody.
func owners(subjects []string, staffID string) []string {
	if len(subjects) == 0 {
		return []string{staffID}
	}
	return subjects
}

// sealCopies seals purpose once per owner, each under its own key
// (PurposeEntryKey); an owner already erased gets no copy, and a copy
// already there (an earlier attempt's, SealOldPurposes) is kept.
func sealCopies(ctx context.Context, tx pgx.Tx, keys Keys, id int64, owners []string, purpose string) error {
	for _, owner := range owners {
		sealed, err := keys.Seal(ctx, PurposeEntryKey(owner, id), []byte(purpose), purposeAD(id))
		if domain.IsKind(err, domain.KindErased) {
			continue
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO access_log_purposes (entry_id, owner, sealed, own_key) VALUES ($1, $2, $3, true)
			ON CONFLICT DO NOTHING`, id, owner, sealed); err != nil {
			return err
		}
	}
	return nil
}

// unique keeps the first of each subject, in order.
func unique(subjects []string) []string {
	seen := make(map[string]bool, len(subjects))
	out := make([]string, 0, len(subjects))
	for _, s := range subjects {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
