// Package mailer is the sender: it works the mail outbox
// (projections/outbox), opening each e-mail's address and text from the
// log with the recipient's key as it sends, handing it to the SMTP server
// (github.com/wneessen/go-mail) and recording what became of it.
//
// Nothing is sent twice, nothing silently dropped: a row is claimed (a
// committed "sending" with a lease) before the message leaves and marked
// sent after; a sender that dies between the two leaves a row whose lease
// runs out, and the next sender sends it once more under the same
// Message-ID, never a third time (outbox.Queue.Recover). An unreachable
// server or a temporary refusal is retried with backoff; a permanent
// refusal fails the e-mail with the server's code; an erased recipient's
// mail, and a letter whose text was redacted, is cancelled unsent. No address or text reaches a log line.
package mailer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/outbox"
)

// Log is what the sender reads requests from: the event store and the
// codec that opens them.
type Log interface {
	ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.Envelope, error)
}

// Opener opens an event's sealed fields.
type Opener interface {
	Decode(ctx context.Context, env eventstore.Envelope) (eventstore.Decoded, error)
}

// Config is the sender's setting; zero fields take the defaults.
type Config struct {
	Server Server
	From   From
	Queue  *outbox.Queue
	Log    Log
	Opener Opener
	Logger *slog.Logger

	// Workers send side by side, each over its own connection (4).
	Workers int
	// Batch is how many e-mails a worker claims and sends over one
	// connection (50).
	Batch int
	// Lease is how long a claimed e-mail is a worker's before another
	// sender takes it for dead (2 minutes; well above Timeout × Batch is
	// not needed: the lease is renewed by nothing, so keep Batch × a send
	// well under it).
	Lease time.Duration
	// Timeout bounds each SMTP exchange (30 s).
	Timeout time.Duration
	// Idle is the pause when nothing is due (1 s).
	Idle time.Duration
	// Backoff is the first retry's wait, doubled per attempt up to
	// MaxBackoff (30 s, 1 h); after MaxAttempts the e-mail fails (40:
	// about a day and a half of an unreachable server).
	Backoff, MaxBackoff time.Duration
	MaxAttempts         int
}

func (c *Config) defaults() error {
	if c.Queue == nil || c.Log == nil || c.Opener == nil || c.Server.url == nil || c.From.Address == "" {
		return errors.New("mailer: queue, log, opener, server and from are required")
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	set(&c.Lease, 2*time.Minute)
	set(&c.Timeout, 30*time.Second)
	set(&c.Idle, time.Second)
	set(&c.Backoff, 30*time.Second)
	set(&c.MaxBackoff, time.Hour)
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.Batch <= 0 {
		c.Batch = 50
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 40
	}
	return nil
}

// Sender delivers the outbox.
type Sender struct {
	cfg Config
	// campaigns caches campaign records (their text, sent to every
	// recipient): a record never changes, and a 10,000-recipient campaign
	// should read it once, not per e-mail.
	campaignsMu sync.Mutex
	campaigns   map[string]communication.CampaignQueued
	// afterSend runs between handing a message over and recording it
	// sent: the kill -9 test widens that window with it.
	afterSend func()
}

// New returns a sender.
func New(cfg Config) (*Sender, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	return &Sender{cfg: cfg}, nil
}

// Run sends until ctx ends: its workers claim due e-mails, and every
// Idle one of them takes back what dead senders left.
func (s *Sender) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for range s.cfg.Workers {
		wg.Go(func() { s.work(ctx) })
	}
	wg.Go(func() {
		for ctx.Err() == nil {
			if requeued, uncertain, err := s.cfg.Queue.Recover(ctx); err != nil && ctx.Err() == nil {
				s.cfg.Logger.Warn("mail outbox: recovering abandoned sends", "err", err)
			} else if requeued+uncertain > 0 {
				s.cfg.Logger.Warn("mail outbox: a sender died while sending; sending once more under the same Message-ID",
					"requeued", requeued, "uncertain", uncertain)
			}
			sleep(ctx, s.cfg.Idle)
		}
	})
	wg.Wait()
}

// SendDue sends what is due now, once, and reports how many e-mails it
// worked: the CLI's `klient mail send` and the tests.
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	if _, _, err := s.cfg.Queue.Recover(ctx); err != nil {
		return 0, err
	}
	total := 0
	for {
		n, err := s.round(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

func (s *Sender) work(ctx context.Context) {
	for ctx.Err() == nil {
		n, err := s.round(ctx)
		if err != nil && ctx.Err() == nil {
			s.cfg.Logger.Warn("mail outbox: claiming mail", "err", err)
		}
		if n == 0 || err != nil {
			sleep(ctx, s.cfg.Idle)
		}
	}
}

// round claims one batch and sends it over one connection.
func (s *Sender) round(ctx context.Context) (int, error) {
	claimed, err := s.cfg.Queue.Claim(ctx, s.cfg.Batch, s.cfg.Lease)
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	// Recording an outcome must not be cut off by a shutdown that comes
	// after the message left.
	record := context.WithoutCancel(ctx)
	ready := make([]ready, 0, len(claimed))
	for _, c := range claimed {
		m, err := s.open(ctx, c)
		switch {
		case errors.Is(err, errErased):
			s.note(s.cfg.Queue.Cancelled(record, c.MailID, outbox.CancelErased), c)
		case errors.Is(err, errRedacted):
			s.note(s.cfg.Queue.Cancelled(record, c.MailID, outbox.CancelRedacted), c)
		case err != nil:
			s.cfg.Logger.Warn("mail outbox: opening a request", "mail_id", c.MailID, "err", err)
			s.note(s.retry(record, c, "open"), c)
		default:
			ready = append(ready, m)
		}
	}
	if len(ready) == 0 {
		return len(claimed), nil
	}
	client, err := gomail.NewClient(s.cfg.Server.host, s.cfg.Server.options(s.cfg.Timeout)...)
	if err == nil {
		err = client.DialWithContext(ctx)
	}
	if err != nil && ctx.Err() != nil {
		for _, m := range ready {
			s.note(s.cfg.Queue.Release(record, m.claimed.MailID), m.claimed)
		}
		return len(claimed), nil
	}
	if err != nil {
		s.cfg.Logger.Warn("mail outbox: mail server unreachable", "server", s.cfg.Server.Address(), "err", err)
		for _, m := range ready {
			s.note(s.retry(record, m.claimed, "connect"), m.claimed)
		}
		return len(claimed), nil
	}
	defer func() { _ = client.Close() }()
	for _, m := range ready {
		if ctx.Err() != nil {
			// Stopping: what was not handed over goes back as it was, so
			// a restart sends it as a first attempt, not as a resend.
			s.note(s.cfg.Queue.Release(record, m.claimed.MailID), m.claimed)
			continue
		}
		if held, err := s.cfg.Queue.Hold(record, m.claimed.MailID, s.cfg.Lease); err != nil || !held {
			// Not ours any more (the lease ran out in a slow batch) or
			// unknown: the row stays as it is; whoever holds it sends it.
			s.note(err, m.claimed)
			continue
		}
		err := client.Send(m.msg)
		if err == nil && s.afterSend != nil {
			s.afterSend()
		}
		s.note(s.outcome(record, m.claimed, err), m.claimed)
		if err != nil {
			// A failed exchange may leave the session in any state.
			_ = client.Reset()
		}
	}
	return len(claimed), nil
}

// ready is a claimed e-mail with its message built.
type ready struct {
	claimed outbox.Claimed
	msg     *gomail.Msg
}

var (
	errErased = errors.New("mailer: the recipient was erased")
	// errRedacted: the text's key is gone, since the letter's entry was
	// redacted; the old wording must not leave now.
	errRedacted = errors.New("mailer: the text was redacted")
)

// open reads the request from the log, opens it with the recipient's key
// and builds the message.
func (s *Sender) open(ctx context.Context, c outbox.Claimed) (ready, error) {
	envs, err := s.cfg.Log.ReadStream(ctx, c.Stream, c.Version, 1)
	if err != nil {
		return ready{}, err
	}
	if len(envs) != 1 {
		return ready{}, fmt.Errorf("mailer: request %s not in the log", c.MailID)
	}
	d, err := s.cfg.Opener.Decode(ctx, envs[0])
	if err != nil {
		return ready{}, err
	}
	r, ok := d.Event.(communication.MailRequested)
	if !ok || r.MailID != c.MailID {
		return ready{}, fmt.Errorf("mailer: request %s: the log holds another event there", c.MailID)
	}
	switch {
	case d.IsErased(r.Recipient) || r.Mail.To == "":
		return ready{}, errErased
	case d.IsErased(r.TextSubject):
		return ready{}, errRedacted
	}
	m := r.Whole()
	if r.TextsCampaign() {
		rec, err := s.campaign(ctx, c.Stream, r.CampaignID)
		if err != nil {
			return ready{}, err
		}
		m = rec.Letter(m, r.Basis)
	}
	msg, err := s.cfg.From.message(r.MailID, m, time.Now())
	if err != nil {
		return ready{}, err
	}
	return ready{claimed: c, msg: msg}, nil
}

// maxCachedCampaigns bounds the cache: campaigns go out one after
// another, so a few suffice; past it the cache starts again.
const maxCachedCampaigns = 32

// campaign reads a campaign's record, the first event of its stream,
// where every recipient's e-mail takes its subject and text from.
func (s *Sender) campaign(ctx context.Context, stream, id string) (communication.CampaignQueued, error) {
	s.campaignsMu.Lock()
	rec, ok := s.campaigns[id]
	s.campaignsMu.Unlock()
	if ok {
		return rec, nil
	}
	envs, err := s.cfg.Log.ReadStream(ctx, stream, 0, 1)
	if err != nil {
		return rec, err
	}
	if len(envs) != 1 {
		return rec, fmt.Errorf("mailer: campaign %s: no record in the log", id)
	}
	d, err := s.cfg.Opener.Decode(ctx, envs[0])
	if err != nil {
		return rec, err
	}
	rec, ok = d.Event.(communication.CampaignQueued)
	if !ok || rec.CampaignID != id {
		return rec, fmt.Errorf("mailer: campaign %s: its stream starts with another event", id)
	}
	s.campaignsMu.Lock()
	if len(s.campaigns) >= maxCachedCampaigns || s.campaigns == nil {
		s.campaigns = map[string]communication.CampaignQueued{}
	}
	s.campaigns[id] = rec
	s.campaignsMu.Unlock()
	return rec, nil
}

// outcome records what one send came to. The server's reply code is
// kept, never its words, which may quote the address.
func (s *Sender) outcome(ctx context.Context, c outbox.Claimed, err error) error {
	if err == nil {
		return s.cfg.Queue.Sent(ctx, c.MailID)
	}
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return s.retry(ctx, c, "send")
	}
	code := "smtp"
	if se.ErrorCode() > 0 {
		code += "." + strconv.Itoa(se.ErrorCode())
	}
	switch {
	case se.ErrorCode() == 0 && (se.Reason == gomail.ErrWriteContent || se.Reason == gomail.ErrSMTPDataClose):
		// The message may have arrived; nobody said.
		s.cfg.Logger.Warn("mail outbox: the connection broke while handing a message over", "mail_id", c.MailID)
		return s.cfg.Queue.Unknown(ctx, c.MailID)
	case se.IsTemp() || se.ErrorCode() == 0:
		return s.retry(ctx, c, code)
	default:
		s.cfg.Logger.Warn("mail outbox: the mail server refused a message", "mail_id", c.MailID, "code", code)
		return s.cfg.Queue.Failed(ctx, c.MailID, code)
	}
}

// retry puts c back with backoff, or fails it once it has had its attempts.
func (s *Sender) retry(ctx context.Context, c outbox.Claimed, code string) error {
	if c.Attempts >= s.cfg.MaxAttempts {
		return s.cfg.Queue.Failed(ctx, c.MailID, code)
	}
	return s.cfg.Queue.Retry(ctx, c.MailID, code, time.Now().Add(s.backoff(c.Attempts)))
}

// backoff is the wait after attempt n (1-based): doubling from Backoff,
// at most MaxBackoff, with a fifth of jitter so that many e-mails held up
// by one outage do not all come back in the same second.
func (s *Sender) backoff(n int) time.Duration {
	d := s.cfg.Backoff
	for i := 1; i < n && d < s.cfg.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, s.cfg.MaxBackoff)
	return d - time.Duration(rand.Int64N(int64(d)/5+1))
}

// note logs a failure to record an outcome: the row stays "sending" and
// the lease brings it back.
func (s *Sender) note(err error, c outbox.Claimed) {
	if err != nil {
		s.cfg.Logger.Error("mail outbox: recording an outcome", "mail_id", c.MailID, "err", err)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
