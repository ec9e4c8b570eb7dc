package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"

	"github.com/google/uuid"
	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/internal/mailcli"
	"github.com/klient-crm/klient/projections/outbox"
)

var mailUsage = "usage: klient mail send | status [--campaign ID]\n       " + strings.ReplaceAll(mailcli.Usage, "\n", "\n       ")

// runMail: `klient mail send` works the outbox once, as serve's sender
// does all the time (KLIENT_SMTP_URL, KLIENT_MAIL_FROM), and `klient mail
// status` counts the outbox's e-mails, or one campaign's, by state. Both
// print IDs and counts only, never an address. The other verbs act as a
// named staff member (runMailAs, internal/mailcli).
func runMail(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && mailcli.Has(args[0]) {
		return runMailAs(ctx, args, stdout)
	}
	if len(args) == 0 || (args[0] != "send" && args[0] != "status") {
		return errors.New(mailUsage)
	}
	var campaign string
	cfg, _, err := parseConfig("mail "+args[0], args[1:], stdout, func(fs *flag.FlagSet) {
		if args[0] == "status" {
			fs.StringVar(&campaign, "campaign", "", "count one campaign's e-mails")
		}
	})
	if err != nil {
		return err
	}
	if _, perr := uuid.Parse(campaign); campaign != "" && perr != nil {
		return say("--campaign: %q är inget kampanj-ID (klient mail campaigns list visar dem)",
			"--campaign: %q is no campaign ID (klient mail campaigns list shows them)", campaign)
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if args[0] == "send" {
		sender, err := a.mailSender()
		if err != nil {
			return err
		}
		if sender == nil {
			return errors.New("no KLIENT_SMTP_URL: set it (and KLIENT_MAIL_FROM) to send")
		}
		n, err := sender.SendDue(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "worked %d e-mails\n", n)
	}
	counts, err := outbox.NewDeliveries(a.pool).CountsOf(ctx, campaign)
	if err != nil {
		return err
	}
	states := make([]string, 0, len(counts))
	for s := range counts {
		states = append(states, s)
	}
	sort.Strings(states)
	for _, s := range states {
		fmt.Fprintf(stdout, "%-10s %d\n", s, counts[s])
	}
	return nil
}

// runMailAs parses `klient mail VERB WHAT [ID] --staff S …`, opens the
// app and runs the verb (internal/mailcli) as the member S, with the
// projectors running: the web edge waits for its own writes to reach the
// read models, as when served.
func runMailAs(ctx context.Context, args []string, stdout io.Writer) error {
	in := mailcli.Args{Verb: args[0], Lang: mailcli.Lang()}
	rest := args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		in.What, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		in.ID, rest = rest[0], rest[1:]
	}
	if !mailcli.Known(in.Verb, in.What) {
		return errors.New(mailUsage)
	}
	var staff string
	cfg, fs, err := parseConfig("mail "+in.Verb+" "+in.What, rest, stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&staff, "staff", "", "the staff member the command acts as: ID or sign-in e-mail (required)")
		fs.StringVar(&in.File, "file", "", "templates save: the file with the template's text (merge fields {{klient.namn}} …); campaigns send: the file with the campaign's text")
		fs.StringVar(&in.Name, "name", "", "templates save: the template's name (kept when changing one and left out); campaigns send: the campaign's name")
		fs.StringVar(&in.Subject, "subject", "", "templates save: the subject line, merge fields allowed (kept when changing one and left out); campaigns send: the subject")
		fs.StringVar(&in.TemplateID, "id", "", "templates save: the template to change (a new one when left out)")
		fs.StringVar(&in.Matter, "matter", "", "the matter's number (2026-0042) or ID")
		fs.StringVar(&in.Template, "template", "", "letter send, campaigns send: the template's ID or name")
		fs.StringVar(&in.To, "to", "", "letter send: client (the matter's client) or a party's contact ID")
		fs.StringVar(&in.Print, "print", "", "letter send: send it by post and write its printable A4 page (HTML) to this file")
		fs.BoolVar(&in.Yes, "yes", false, "held discard: yes, destroy the message for good")
		fs.StringVar(&in.Purpose, "purpose", "", "campaigns send: the consent's purpose the audience rests on (e.g. marketing)")
		fs.BoolVar(&in.ExistingClients, "existing-clients", false, "campaigns send: add existing clients under legitimate interest, where the firm has chosen to (KLIENT_CAMPAIGN_CLIENT_MONTHS)")
		fs.StringVar(&in.At, "at", "", "campaigns send: schedule it for this time, \"YYYY-MM-DD HH:MM\" in Swedish time (needs KLIENT_PUBLIC_URL)")
	})
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%q?\n%s", fs.Arg(0), mailUsage)
	}
	if staff == "" {
		return mailcli.ErrNoStaff(in.Lang)
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	log, err := commcmd.NewCommunications(a.store, a.codec, now)
	if err != nil {
		return err
	}
	env := mailcli.Env{Pool: a.pool, Log: log, Edge: a.quietEdge, Sessions: a.secrets, Filer: a.mailFiler, PublicURL: cfg.PublicURL}
	return a.withProjectors(ctx, func(ctx context.Context) error {
		if err := a.catchUp(ctx, "staff"); err != nil {
			return err
		}
		as, err := mailcli.FindMember(ctx, a.pool, staff, in.Lang)
		if err != nil {
			return err
		}
		return mailcli.Run(ctx, env, as, in, stdout)
	})
}

// quietEdge is the web edge for a mail verb: its warnings (a request
// refused, with the route and the member) would repeat on stderr the
// refusal the command prints in one line, so only its errors are logged;
// a need-to-know refusal is in the access log all the same.
func (a *app) quietEdge(ctx context.Context) (http.Handler, error) {
	log := a.log
	a.log = slog.New(errorsOnly{log.Handler()})
	defer func() { a.log = log }()
	return a.httpHandler(ctx)
}

// errorsOnly passes on the records of level error and above.
type errorsOnly struct{ slog.Handler }

func (h errorsOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelError && h.Handler.Enabled(ctx, l)
}
func (h errorsOnly) WithAttrs(attrs []slog.Attr) slog.Handler {
	return errorsOnly{h.Handler.WithAttrs(attrs)}
}
func (h errorsOnly) WithGroup(name string) slog.Handler { return errorsOnly{h.Handler.WithGroup(name)} }
