// Package automail sends the automatic messages a responsible lawyer
// switches on per matter (issue 15, "Letters and status reports"): a
// reminder to the matter's clients before each pending deadline that
// concerns them (work.Deadline's flag, by its kind unless set), and a
// periodic status report. It sends through the outbox like every e-mail:
// each message is an outgoing e-mail of the matter's log with its
// communication.MailRequested, under an ID made from
// what it is about (the matter, the client, the deadline and its date, or
// the report's period), so running again — on any instance, after a
// crash — requests nothing twice.
//
// Who receives one is outbox.AutomaticRecipients: the matter's clients
// with an e-mail address, never an erased, restricted, archived,
// objecting or protected person. An erasure after the request cancels
// the e-mail in the outbox as for any other.
//
// All of that is read from read models, which may lag the log (a server
// just started, a rebuild, a slow projector): a round runs only once
// every read model it reads has applied the log as it stood when the
// round began, so that no reminder goes for a deadline already done or
// moved, and nothing to a client who has just objected or been
// restricted. Behind after CatchUpWait, the round sends nothing and the
// next one tries again.
//
// The same package holds serve's other mail that leaves on its own: the
// campaigns scheduled for later, sent when due (campaigns.go).
package automail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/outbox"
	workmodel "github.com/klient-crm/klient/projections/work"
)

// Interval is how often serve runs the job.
const Interval = time.Hour

// CatchUpWait bounds a round's wait for the read models it reads.
const CatchUpWait = time.Minute

// readModels are the read models a round reads: the settings and the
// recipients (outbox), the matter, the clients (contacts), their
// objections (gdpr) and the deadlines (work).
var readModels = []string{new(outbox.Projector).Name(), matters.Name, contacts.Projector{}.Name(),
	gdpr.Projector{}.Name(), workmodel.Projector{}.Name()}

// ReadModels says when the read models have applied the whole log
// (projections.Runtime).
type ReadModels interface {
	CaughtUp(ctx context.Context, wait time.Duration, names ...string) error
}

// Job sends the automatic messages that are due.
type Job struct {
	Pool *pgxpool.Pool
	// Send logs each message in the matter's log as an outgoing e-mail,
	// sealed like every entry, and requests it in the same append: the
	// lawyer sees what went, and its delivery, beside the letters.
	Send *commcmd.SendLetterHandler
	// ReadModels is asked before each round whether the read models it
	// reads have caught up with the log.
	ReadModels ReadModels
	Clock      func() time.Time // the only source of "now"
	Log        *slog.Logger
}

// Run runs the job now and every Interval until ctx ends.
func (j Job) Run(ctx context.Context) {
	tick := time.NewTicker(Interval)
	defer tick.Stop()
	for {
		if n, err := j.RunOnce(ctx); err != nil && ctx.Err() == nil {
			j.Log.Warn("automatic messages failed", "error", err)
		} else if n > 0 {
			j.Log.Info("automatic messages requested", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// RunOnce requests every automatic message due now and returns how many
// it requested; none while a read model it reads is behind the log.
func (j Job) RunOnce(ctx context.Context) (int, error) {
	if j.ReadModels == nil {
		return 0, errors.New("automail: the job needs its read models' catch-up")
	}
	if err := j.ReadModels.CaughtUp(ctx, CatchUpWait, readModels...); err != nil {
		return 0, fmt.Errorf("automail: nothing requested this round: %w", err)
	}
	list, err := outbox.AutomaticOn(ctx, j.Pool)
	if err != nil {
		return 0, err
	}
	now := j.Clock()
	var sent int
	var errs []error
	for _, a := range list {
		n, err := j.matter(ctx, a, now)
		sent += n
		errs = append(errs, err)
	}
	return sent, errors.Join(errs...)
}

// matter requests what is due for one matter: nothing for a matter that
// is closed, archived or erased.
func (j Job) matter(ctx context.Context, a outbox.Automatic, now time.Time) (int, error) {
	m, err := matters.Get(ctx, j.Pool, a.MatterID)
	if domain.IsKind(err, domain.KindNotFound) || domain.IsKind(err, domain.KindErased) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if m.Status == matter.StatusClosed || m.Status == matter.StatusArchived {
		return 0, nil
	}
	recipients, err := outbox.AutomaticRecipients(ctx, j.Pool, a.MatterID)
	if err != nil || len(recipients) == 0 {
		return 0, err
	}
	today := work.DateOf(now)
	var due []due
	if a.ReminderDays > 0 {
		// Only the deadlines that concern the client: a filing or another
		// of the firm's own deadlines is no business of theirs.
		ds, err := workmodel.Deadlines(ctx, j.Pool, workmodel.Filter{MatterID: m.ID, From: today,
			To: today.AddDays(a.ReminderDays), Pending: true, ConcernsClient: true})
		if err != nil {
			return 0, err
		}
		for _, d := range ds {
			if !d.Erased {
				due = append(due, reminder(m, d))
			}
		}
	}
	if a.StatusReportDays > 0 {
		period := int(now.Sub(a.SetAt) / (time.Duration(a.StatusReportDays) * 24 * time.Hour))
		if period >= 1 {
			upcoming, err := workmodel.Deadlines(ctx, j.Pool, workmodel.Filter{MatterID: m.ID, From: today, Pending: true, Limit: 5})
			if err != nil {
				return 0, err
			}
			due = append(due, report(m, a.SetAt, period, upcoming, today))
		}
	}
	var ids []string
	for _, d := range due {
		for _, r := range recipients {
			ids = append(ids, messageID(m, r, d))
		}
	}
	queued, err := outbox.NewDeliveries(j.Pool).Queued(ctx, ids)
	if err != nil {
		return 0, err
	}
	var n int
	for _, d := range due {
		for _, r := range recipients {
			if queued[messageID(m, r, d)] {
				continue // asked for before: the request is in the log already
			}
			ok, err := j.request(ctx, m, r, d)
			if err != nil {
				return n, err
			}
			if ok {
				n++
			}
		}
	}
	return n, nil
}

// messageID is the ID of d to r about m: the same message, the same ID.
func messageID(m matters.Matter, r outbox.AutomaticRecipient, d due) string {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte("klient-automail\x00"+m.ID+"\x00"+r.ContactID+"\x00"+d.key)).String()
}

// due is one message a matter's clients are to get.
type due struct {
	key     string // what it is about: the same key, the same message
	purpose communication.Purpose
	subject string
	body    string
}

func reminder(m matters.Matter, d workmodel.Deadline) due {
	when := d.Date.String()
	if d.Time != "" {
		when += " kl. " + string(d.Time)
	}
	return due{key: "reminder/" + d.ID + "/" + d.Date.String(), purpose: communication.PurposeReminder,
		subject: fmt.Sprintf("Påminnelse: %s den %s (ärende %s)", d.Title, d.Date.String(), m.Number),
		body: fmt.Sprintf("Hej,\n\nvi påminner om att %s i ärende %s (%s) infaller %s.\n\n"+
			"Hör av dig till oss om du har frågor.\n", d.Title, m.Number, m.Title, when)}
}

func report(m matters.Matter, since time.Time, period int, upcoming []workmodel.Deadline, today work.Date) due {
	var b strings.Builder
	fmt.Fprintf(&b, "Hej,\n\nhär är en lägesrapport för ärende %s (%s), %s.\n\nÄrendets status: %s.\n",
		m.Number, m.Title, today.String(), statusWords[m.Status])
	if len(upcoming) > 0 {
		b.WriteString("\nKommande frister:\n")
		for _, d := range upcoming {
			if !d.Erased {
				fmt.Fprintf(&b, "- %s: %s\n", d.Date.String(), d.Title)
			}
		}
	} else {
		b.WriteString("\nInga frister är inplanerade just nu.\n")
	}
	b.WriteString("\nHör av dig till oss om du har frågor.\n")
	return due{key: fmt.Sprintf("report/%d/%d", since.Unix(), period), purpose: communication.PurposeStatusReport,
		subject: fmt.Sprintf("Lägesrapport för ärende %s", m.Number), body: b.String()}
}

// statusWords are a matter's statuses as a client reads them.
var statusWords = map[matter.Status]string{
	matter.StatusIntake: "under mottagning", matter.StatusOpen: "pågående",
	matter.StatusClosed: "avslutat", matter.StatusArchived: "arkiverat",
}

// request asks for one message to one client; false when it was asked
// for before (the same ID) or the client can no longer receive it.
func (j Job) request(ctx context.Context, m matters.Matter, r outbox.AutomaticRecipient, d due) (bool, error) {
	// On the responsible lawyer's behalf: they switched the messages on.
	res, err := j.Send.Handle(ctx, commcmd.SendLetter{Actor: journal.Actor{ID: m.ResponsibleLawyer}, CommunicationID: messageID(m, r, d),
		MatterID: m.ID, Recipient: r.ContactID, Channel: commcmd.ChannelEmail, Purpose: d.purpose,
		Subject: cut(d.subject, communication.MaxMailSubject), Body: d.body})
	switch {
	case err == nil:
		return res.New, nil
	case domain.IsKind(err, domain.KindConflict), domain.IsKind(err, domain.KindInvalid), domain.IsKind(err, domain.KindErased):
		// Asked for before with other words (the status changed since), or
		// the client was erased or lost the address meanwhile.
		return false, nil
	}
	return false, err
}

// cut keeps at most n characters.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
