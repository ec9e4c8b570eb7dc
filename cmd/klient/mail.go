package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"

	"github.com/klient-crm/klient/projections/outbox"
)

const mailUsage = "usage: klient mail send | status [--campaign ID]"

// runMail: `klient mail send` works the outbox once, as serve's sender
// does all the time (KLIENT_SMTP_URL, KLIENT_MAIL_FROM), and `klient mail
// status` counts the outbox's e-mails, or one campaign's, by state. Both
// print IDs and counts only, never an address.
func runMail(ctx context.Context, args []string, stdout io.Writer) error {
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
