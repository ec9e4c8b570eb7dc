// Package webhooks delivers the integration feed to the firm's other
// systems: each subscription (projections/integrations) is sent, in log
// order, the feed's entries its member may see and its kinds, one signed
// POST per entry as the Standard Webhooks specification says.
//
// # At least once, in order
//
// A subscription's cursor is the feed's position of the last entry it
// took. A sender claims a due subscription with a lease (SKIP LOCKED, so
// instances share the work), reads what follows the cursor through the
// member's need-to-know, and posts the entries one at a time: a 2xx moves
// the cursor past the entry, anything else stops the round and sets the
// next attempt after a backoff (30 s doubling up to an hour). A sender
// killed between a receiver's 2xx and the cursor's move leaves the lease
// to run out; the next sends the same entry again with the same
// webhook-id, which the receiver uses to drop the duplicate. After
// PauseAfter failures in a row the subscription is paused, which the
// administrator's page shows until they resume it.
//
// # Nothing personal, no SSRF
//
// The body is the feed's entry (IDs, kinds, times, non-personal fields);
// the receiver's answer is recorded as its status code and a code of our
// own, never its words. Redirects are not followed, and outside
// development the dialer refuses private, loopback and link-local
// addresses at every connection, whatever DNS answered when the address
// was registered.
package webhooks

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/contacts"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	"github.com/klient-crm/klient/projections/integrations"
	"github.com/klient-crm/klient/projections/staff"
)

// Opener opens a subscription's sealed secret (*crypto.Keyring).
type Opener interface {
	Open(ctx context.Context, subject string, ciphertext, associatedData []byte) ([]byte, error)
}

// Progress is a projector's progress on this instance
// (*projections.Runtime).
type Progress interface {
	// Changed returns a channel closed at the projector's next change
	// here, and whether this instance runs it.
	Changed(name string) (<-chan struct{}, bool, error)
}

// Config is a sender's.
type Config struct {
	Pool   *pgxpool.Pool
	Opener Opener
	Logger *slog.Logger
	// AllowPrivate lets webhooks reach private and loopback addresses
	// over plain HTTP (KLIENT_WEBHOOK_ALLOW_PRIVATE: development, tests).
	AllowPrivate bool
	// Progress tells of the feed's projector's progress on this instance
	// (*projections.Runtime): a sender waits on it instead of polling.
	Progress Progress
	Poll     time.Duration // how often a sender polls where the feed's projector runs elsewhere; 1 s
	// Idle is the longest a sender that follows the feed's progress
	// waits without a change: what else makes work (an administrator's
	// resume on another instance) is found by then; 10 s.
	Idle       time.Duration
	Lease      time.Duration // how long a claim holds; 2 min
	Timeout    time.Duration // one POST's; 10 s
	PauseAfter int           // failures in a row that pause a subscription; 10
	Batch      int           // entries read per round; 50
	// Backoff is the wait before the next attempt after n failures in a
	// row: 30 s doubling, at most an hour.
	Backoff func(n int) time.Duration
}

// Sender delivers the webhooks.
type Sender struct {
	cfg    Config
	hooks  integrations.Webhooks
	client *http.Client
}

// New returns a sender with cfg's defaults filled in.
func New(cfg Config) *Sender {
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Idle <= 0 {
		cfg.Idle = 10 * time.Second
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.PauseAfter <= 0 {
		cfg.PauseAfter = 10
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 50
	}
	if cfg.Backoff == nil {
		cfg.Backoff = Backoff
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	dialer := &net.Dialer{Timeout: cfg.Timeout, Control: func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return errRefused
		}
		if ip := net.ParseIP(host); !cfg.AllowPrivate && (ip == nil || integrations.PrivateAddress(ip)) {
			return errRefused
		}
		return nil
	}}
	transport := &http.Transport{Proxy: nil, DialContext: dialer.DialContext, TLSHandshakeTimeout: cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout, MaxIdleConnsPerHost: 2}
	client := &http.Client{Transport: transport, Timeout: cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &Sender{cfg: cfg, hooks: integrations.NewWebhooks(cfg.Pool), client: client}
}

// Backoff is 30 s doubling with each failure, at most an hour.
func Backoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

var errRefused = errors.New("webhooks: refused address")

// Run delivers until ctx ends. Between rounds it waits: for the feed's
// progress where this instance runs the feed's projector (Progress), for
// the next retry that falls due, or at most Idle; elsewhere it polls every
// Poll. A round claims only a subscription the feed has something after,
// so an idle sender runs one or two statements per wait, not a round's
// eight every second (issue 18: 9 statements a second before, see
// TestIdleSenderWaitsForTheFeed).
func (s *Sender) Run(ctx context.Context) {
	for ctx.Err() == nil {
		var moved <-chan struct{}
		leading := false
		if s.cfg.Progress != nil {
			// Taken before the round, so a batch applied during it wakes
			// the wait that follows.
			if ch, lead, err := s.cfg.Progress.Changed(integrations.Name); err == nil && lead {
				moved, leading = ch, true
			}
		}
		worked, err := s.Once(ctx)
		if err != nil && ctx.Err() == nil {
			s.cfg.Logger.Warn("webhook delivery round failed", "error", err)
		}
		if worked {
			continue
		}
		wait := s.cfg.Poll
		if leading {
			wait = s.cfg.Idle
			if due, ok, err := s.hooks.NextDue(ctx); err == nil && ok {
				wait = min(wait, max(time.Until(due), 10*time.Millisecond))
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-moved:
		case <-t.C:
		}
		t.Stop()
	}
}

// Once works one due subscription, if any, and reports whether it found
// one.
func (s *Sender) Once(ctx context.Context) (bool, error) {
	sub, ok, err := s.hooks.Claim(ctx, s.cfg.Lease)
	if err != nil || !ok {
		return false, err
	}
	return true, s.work(ctx, sub)
}

func (s *Sender) work(ctx context.Context, sub integrations.Subscription) error {
	next := time.Now().Add(s.cfg.Poll)
	reader, active, err := s.readerFor(ctx, sub)
	if err != nil {
		_ = s.hooks.Release(context.WithoutCancel(ctx), sub.ID, next)
		return err
	}
	if !active {
		return s.hooks.Pause(ctx, sub.ID, "member_inactive")
	}
	reached, err := integrations.Reached(ctx, s.cfg.Pool)
	if err != nil {
		_ = s.hooks.Release(context.WithoutCancel(ctx), sub.ID, next)
		return err
	}
	entries, err := integrations.Read(ctx, s.cfg.Pool, reader, sub.After, s.cfg.Batch)
	if err != nil {
		_ = s.hooks.Release(context.WithoutCancel(ctx), sub.ID, next)
		return err
	}
	secret, err := s.secret(ctx, sub)
	if err != nil {
		_ = s.hooks.Release(context.WithoutCancel(ctx), sub.ID, next)
		return err
	}
	purpose, err := s.purposeOf(ctx, sub)
	if err != nil {
		_ = s.hooks.Release(context.WithoutCancel(ctx), sub.ID, next)
		return err
	}
	failures := sub.Failures // in a row: a delivery forgives them
	for _, e := range entries {
		personal, err := s.personal(ctx, purpose, e)
		if err != nil {
			_ = s.hooks.Release(context.WithoutCancel(ctx), sub.ID, next)
			return err
		}
		d, sent := s.deliver(ctx, sub, secret, e, personal)
		if sent {
			if err := s.recordAccess(ctx, sub, e); err != nil {
				_ = s.hooks.Release(context.WithoutCancel(ctx), sub.ID, next)
				return err
			}
		}
		if d.Outcome == "delivered" {
			if err := s.hooks.Delivered(ctx, d, e.Position); err != nil {
				return err
			}
			failures = 0
			continue
		}
		paused, err := s.hooks.Failed(ctx, d, time.Now().Add(s.cfg.Backoff(failures+1)), s.cfg.PauseAfter)
		if paused {
			s.cfg.Logger.Warn("webhook paused after repeated failures", "webhook", sub.ID, "error_code", d.Error)
		}
		return err
	}
	if len(entries) < s.cfg.Batch && reached.Valid() {
		// Everything up to reached was read: what was not delivered was
		// not the member's to see or not the subscription's kinds.
		if err := s.hooks.Passed(ctx, sub.ID, reached); err != nil {
			return err
		}
	} else if len(entries) == s.cfg.Batch {
		next = time.Now() // more are waiting
	}
	return s.hooks.Release(ctx, sub.ID, next)
}

// ErrMemberInactive refuses a redelivery for a webhook whose member is no
// longer active: it would send what nobody may see any more.
var ErrMemberInactive = domain.Conflict("the staff member the webhook acts for is not active").
	WithCode("webhook.member_inactive")

// Test sends subscription id a test message now (kind webhook.test, a new
// message ID, no IDs of anyone), signed as every delivery is, and records
// the attempt in its delivery log marked as a test: the cursor, the
// failures in a row and a pause stay as they are.
func (s *Sender) Test(ctx context.Context, id string) (integrations.Delivery, error) {
	sub, err := s.hooks.Get(ctx, id)
	if err != nil {
		return integrations.Delivery{}, err
	}
	e := integrations.Entry{EventID: uuid.Must(uuid.NewV7()).String(), Kind: integrations.KindTest,
		OccurredAt: time.Now(), ContactIDs: []string{}, Data: json.RawMessage(`{}`)}
	return s.sendByHand(ctx, sub, e, integrations.ManualTest)
}

// Redeliver sends subscription id an entry it was sent before (its
// delivery log has an attempt) again now, under the same webhook-id, as
// the feed has it now through the member's need-to-know: an entry erased
// since or past a wall raised since is ErrNoSuchEntry, as one never sent.
// Recorded as a redelivery; the cursor and the schedule stay.
func (s *Sender) Redeliver(ctx context.Context, id, eventID string) (integrations.Delivery, error) {
	sub, err := s.hooks.Get(ctx, id)
	if err != nil {
		return integrations.Delivery{}, err
	}
	if tried, err := s.hooks.Attempted(ctx, sub.ID, eventID); err != nil || !tried {
		return integrations.Delivery{}, errors.Join(err, integrations.ErrNoSuchEntry)
	}
	reader, active, err := s.readerFor(ctx, sub)
	if err != nil {
		return integrations.Delivery{}, err
	}
	if !active {
		return integrations.Delivery{}, ErrMemberInactive
	}
	e, err := integrations.ReadOne(ctx, s.cfg.Pool, reader, eventID)
	if err != nil {
		return integrations.Delivery{}, err
	}
	return s.sendByHand(ctx, sub, e, integrations.ManualRedelivery)
}

// sendByHand posts e to sub for an administrator and records it.
func (s *Sender) sendByHand(ctx context.Context, sub integrations.Subscription, e integrations.Entry, manual string) (integrations.Delivery, error) {
	secret, err := s.secret(ctx, sub)
	if err != nil {
		return integrations.Delivery{}, err
	}
	purpose, err := s.purposeOf(ctx, sub)
	if err != nil {
		return integrations.Delivery{}, err
	}
	personal, err := s.personal(ctx, purpose, e)
	if err != nil {
		return integrations.Delivery{}, err
	}
	d, sent := s.deliver(ctx, sub, secret, e, personal)
	d.Manual, d.At = manual, time.Now()
	if sent {
		if err := s.recordAccess(ctx, sub, e); err != nil {
			return d, err
		}
	}
	return d, s.hooks.RecordManual(ctx, d)
}

// purposeOf is the purpose whose personal fields sub's entries carry:
// none unless the administrator tied it to a purpose and a processor that
// is in the DPO's register with its agreement signed, asked now.
func (s *Sender) purposeOf(ctx context.Context, sub integrations.Subscription) (integrations.Purpose, error) {
	p, ok := integrations.PurposeOf(sub.Purpose)
	if !ok {
		return integrations.Purpose{}, nil
	}
	bound, err := dpomodel.AgreementSigned(ctx, s.cfg.Pool, sub.ProcessorID)
	if err != nil || !bound {
		return integrations.Purpose{}, err
	}
	return p, nil
}

// personal are the fields purpose allows of each person e names, read
// from the contacts read model as they are now: nothing of a person who
// is restricted (art. 18), erased, merged away or under protected
// identity — their entry goes with IDs alone — nor of an organisation.
func (s *Sender) personal(ctx context.Context, purpose integrations.Purpose, e integrations.Entry) (map[string]integrations.PersonalFields, error) {
	if len(purpose.Fields) == 0 || e.Kind == integrations.KindContactErased {
		return nil, nil
	}
	out := map[string]integrations.PersonalFields{}
	for _, id := range e.ContactIDs {
		c, err := contacts.Get(ctx, s.cfg.Pool, id)
		var refused *domain.Error
		if errors.As(err, &refused) && refused.Kind != domain.KindInternal {
			continue // restricted, erased, merged or unknown: not theirs to have
		}
		if err != nil {
			return nil, err
		}
		if c.ProtectedIdentity || c.Kind != contacts.KindPerson {
			continue
		}
		var f integrations.PersonalFields
		for _, field := range purpose.Fields {
			switch field {
			case integrations.FieldName:
				f.Name = c.DisplayName
			case integrations.FieldEmail:
				if len(c.Emails) > 0 {
					f.Email = c.Emails[0].Address
				}
			}
		}
		out[id] = f
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// readerFor is the subscription's member's need-to-know now, within the
// roles the subscription was given; false when the member is no longer
// active (deactivated, erased or unknown). A member who cannot be read
// (an outage) is the round's error, which pauses nothing.
func (s *Sender) readerFor(ctx context.Context, sub integrations.Subscription) (integrations.Reader, bool, error) {
	m, err := staff.Get(ctx, s.cfg.Pool, sub.StaffID)
	if domain.IsKind(err, domain.KindNotFound) || domain.IsKind(err, domain.KindErased) {
		return integrations.Reader{}, false, nil
	}
	if err != nil {
		return integrations.Reader{}, false, err
	}
	if !m.Active {
		return integrations.Reader{}, false, nil
	}
	var roles []access.Role
	for _, r := range m.Roles {
		for _, granted := range sub.Roles {
			if string(r) == granted {
				roles = append(roles, r)
			}
		}
	}
	walls, err := staff.WalledTargets(ctx, s.cfg.Pool, m.Viewer())
	if err != nil {
		return integrations.Reader{}, false, err
	}
	_, walled := access.WalledIDs(walls)
	survivors, err := contacts.Survivors(ctx, s.cfg.Pool, walled)
	if err != nil {
		return integrations.Reader{}, false, err
	}
	for _, id := range survivors {
		walled = append(walled, id)
	}
	r := integrations.ReaderFor(m.Viewer(), walls, walled, func(a access.Action) bool { return access.Allows(roles, a) })
	r.Kinds = sub.Kinds
	return r, true, nil
}

// secret opens the subscription's signing key: the bytes after whsec_.
func (s *Sender) secret(ctx context.Context, sub integrations.Subscription) ([]byte, error) {
	plain, err := s.cfg.Opener.Open(ctx, integrations.SecretSubject(sub.ID), sub.SecretSealed, integrations.SecretAD(sub.ID))
	if err != nil {
		return nil, fmt.Errorf("webhooks: open the secret of %s: %w", sub.ID, err)
	}
	return integrations.KeyOf(string(plain))
}

// Payload is the body of a webhook: Standard Webhooks' type, timestamp
// and data, data being the feed's entry.
type Payload struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      Entry     `json:"data"`
}

// Entry is the feed's entry as GET /api/v1/feed gives it, without the
// cursor (a webhook's place is Klient's to keep).
type Entry struct {
	ID         string          `json:"id"`
	Kind       string          `json:"kind"`
	At         time.Time       `json:"at"`
	MatterID   string          `json:"matter_id,omitempty"`
	ContactIDs []string        `json:"contact_ids"`
	Data       json.RawMessage `json:"data"`
	// Personal are the personal fields of the people it names, by
	// contact ID, for a webhook tied to a processor and a purpose
	// (integrations.Purposes); absent otherwise.
	Personal map[string]integrations.PersonalFields `json:"personal,omitempty"`
}

// recordAccess writes the access log's line for an entry that left
// Klient: the people it names were disclosed to the receiving system,
// under the webhook's member and the webhook, as a token's reads are
// under the token. Written once the request has gone, whatever the
// answer: a receiver that answers 500 may well have kept the body.
func (s *Sender) recordAccess(ctx context.Context, sub integrations.Subscription, e integrations.Entry) error {
	if len(e.ContactIDs) == 0 {
		return nil
	}
	// No purpose is given, so no key is needed to seal one.
	return accesslog.Record(ctx, s.cfg.Pool, nil, accesslog.Entry{StaffID: sub.StaffID, Subjects: e.ContactIDs,
		Route: "/webhooks/{id}", Action: integrations.ActionOf(e.Kind), CorrelationID: "msg_" + e.EventID,
		Via: accesslog.ViaWebhook, WebhookID: sub.ID})
}

// deliver posts one entry and says how it went, and whether the request
// was written to the receiver (then its people were disclosed).
func (s *Sender) deliver(ctx context.Context, sub integrations.Subscription, key []byte, e integrations.Entry,
	personal map[string]integrations.PersonalFields) (d integrations.Delivery, sent bool) {
	d = integrations.Delivery{SubscriptionID: sub.ID, EventID: e.EventID, Kind: e.Kind, Outcome: "failed"}
	body, _ := json.Marshal(Payload{Type: e.Kind, Timestamp: e.OccurredAt.UTC(), Data: Entry{ID: e.EventID, Kind: e.Kind,
		At: e.OccurredAt.UTC(), MatterID: e.MatterID, ContactIDs: e.ContactIDs, Data: e.Data, Personal: personal}})
	msgID := "msg_" + e.EventID
	start := time.Now()
	var wrote atomic.Bool
	traced := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(w httptrace.WroteRequestInfo) {
		wrote.Store(w.Err == nil)
	}})
	req, err := http.NewRequestWithContext(traced, http.MethodPost, sub.URL, bytes.NewReader(body))
	if err != nil {
		d.Error = "bad_url"
		return d, false
	}
	ts := strconv.FormatInt(start.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Klient-Webhooks/1")
	req.Header.Set("webhook-id", msgID)
	req.Header.Set("webhook-timestamp", ts)
	req.Header.Set("webhook-signature", Sign(key, msgID, ts, body))
	resp, err := s.client.Do(req)
	d.Duration = time.Since(start)
	if err != nil {
		d.Error = failure(err)
		return d, wrote.Load()
	}
	// The answer's words are not kept, but read (a little of them) so
	// that the connection serves the next entry.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	d.StatusCode = resp.StatusCode
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		d.Outcome = "delivered"
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		d.Error = "redirect"
	default:
		d.Error = "http_" + strconv.Itoa(resp.StatusCode)
	}
	return d, true
}

// failure is a code for a POST that got no answer.
func failure(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, errRefused):
		return "refused_address"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	default:
		return "unreachable"
	}
}

// Sign is Standard Webhooks' signature: v1, then base64 of HMAC-SHA256
// over "id.timestamp.body" keyed by the secret's bytes.
func Sign(key []byte, msgID, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(msgID + "." + timestamp + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
