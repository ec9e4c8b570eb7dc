package mailcli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/internal/mailin"
)

// heldQueue is the member's review queue through the filer the page's
// port (internal/webapp) and the SMTP listener use: their own queue only,
// a matter they may not see refused like one that does not exist.
func (e Env) heldQueue(ctx context.Context, as Member) (*mailin.Filer, mailin.Sender, error) {
	f, err := e.Filer()
	if err != nil {
		return nil, mailin.Sender{}, err
	}
	s, err := f.SenderOf(ctx, as.ID, as.Roles)
	return f, s, err
}

// heldList prints the member's queue: ID, when it came, why it waits,
// from whom and its subject.
func heldList(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	f, s, err := e.heldQueue(ctx, as)
	if err != nil {
		return refusal(in.Lang, err)
	}
	list, err := f.Held(ctx, s)
	if err != nil {
		return refusal(in.Lang, err)
	}
	if len(list) == 0 {
		_, err = fmt.Fprintln(out, i18n.T(in.Lang, "mailin.empty"))
		return err
	}
	for _, m := range list {
		from := ""
		if m.Message.From != nil {
			from = m.Message.From.Address
		}
		fmt.Fprintf(out, "%s  %s  %s  %s  %s\n", m.ID, m.ReceivedAt.In(i18n.Stockholm).Format("2006-01-02 15:04"),
			i18n.T(in.Lang, "mailin.reason."+m.Reason), from, heldSubject(in.Lang, m.Message.Subject))
	}
	return nil
}

func heldSubject(lang i18n.Lang, s string) string {
	if strings.TrimSpace(s) == "" {
		return i18n.T(lang, "mailin.no_subject")
	}
	return oneLine(s)
}

// heldShow prints one held message: its addresses, subject, attachments'
// names and text.
func heldShow(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	f, s, err := e.heldQueue(ctx, as)
	if err != nil {
		return refusal(in.Lang, err)
	}
	m, err := f.HeldOne(ctx, s, in.ID)
	if err != nil {
		return refusal(in.Lang, err)
	}
	var to, names []string
	for _, addr := range m.Message.To {
		to = append(to, addr.String())
	}
	for _, att := range m.Message.Attachments {
		names = append(names, att.Name)
	}
	from := ""
	if m.Message.From != nil {
		from = m.Message.From.String()
	}
	_, err = fmt.Fprintf(out, "%s: %s\n%s: %s\n%s: %s\n%s: %s\n\n%s\n", i18n.T(in.Lang, "mailin.from"), from,
		i18n.T(in.Lang, "mailin.To"), strings.Join(to, ", "), say(in.Lang, "Ämne", "Subject"), heldSubject(in.Lang, m.Message.Subject),
		i18n.T(in.Lang, "mailin.attachments"), strings.Join(names, ", "), strings.TrimRight(m.Message.Text, "\n"))
	return err
}

// heldFile files a held message under the matter numbered --matter.
func heldFile(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	if in.Matter == "" {
		return errors.New(say(in.Lang, "ange ärendets nummer: --matter NUMMER", "give the matter's number: --matter NUMBER"))
	}
	f, s, err := e.heldQueue(ctx, as)
	if err != nil {
		return refusal(in.Lang, err)
	}
	res, err := f.FileHeld(ctx, s, in.ID, strings.TrimSpace(in.Matter))
	if err != nil {
		return refusal(in.Lang, err)
	}
	_, err = fmt.Fprintf(out, "%s (%s)\n", i18n.T(in.Lang, "mailin.done.filed"), res.CommunicationID)
	return err
}

// heldDiscard destroys a held message's key and bytes: it cannot be
// undone, so it asks for --yes and otherwise does nothing.
func heldDiscard(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	f, s, err := e.heldQueue(ctx, as)
	if err != nil {
		return refusal(in.Lang, err)
	}
	m, err := f.HeldOne(ctx, s, in.ID)
	if err != nil {
		return refusal(in.Lang, err)
	}
	if !in.Yes {
		return errors.New(say(in.Lang, "kasta e-postmeddelandet \"%s\"? Det går inte att ångra; kör igen med --yes",
			"discard the e-mail \"%s\"? It cannot be undone; run again with --yes", heldSubject(in.Lang, m.Message.Subject)))
	}
	if err := f.Discard(ctx, s, in.ID); err != nil {
		return refusal(in.Lang, err)
	}
	_, err = fmt.Fprintln(out, i18n.T(in.Lang, "mailin.done.discarded"))
	return err
}
