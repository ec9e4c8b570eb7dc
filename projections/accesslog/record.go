package accesslog

import (
	"context"
	"fmt"
	"slices"
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
	ID            int64     // assigned by Record; the order entries were written in
	At            time.Time // zero: the database's now()
	StaffID       string
	Subjects      []string // data-subject IDs, never names
	Route         string   // the route pattern, e.g. "/contacts/{id}"
	Action        access.Action
	Purpose       string // optional, typed by the user
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

// Record appends e to the log. Repeated subjects are written once. Pass
// the caller's transaction as db when the access and the entry must stand
// or fall together (an export); pass the pool otherwise.
func Record(ctx context.Context, db DB, e Entry) error {
	if err := e.validate(); err != nil {
		return err
	}
	var at any // nil: the database's clock, the same for every instance
	if !e.At.IsZero() {
		at = e.At
	}
	_, err := db.Exec(ctx, `INSERT INTO access_log (at, staff_id, subjects, route, action, purpose, correlation_id, via, refused, token_id, webhook_id)
		VALUES (coalesce($1::timestamptz, now()), $2, $3, $4, $5, nullif($6, ''), $7, $8, $9, nullif($10, ''), nullif($11, ''))`,
		at, e.StaffID, unique(e.Subjects), e.Route, string(e.Action), strings.TrimSpace(e.Purpose),
		e.CorrelationID, string(e.Via), e.Refused, e.TokenID, e.WebhookID)
	if err != nil {
		return domain.Internal(fmt.Errorf("accesslog: record: %w", err))
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
