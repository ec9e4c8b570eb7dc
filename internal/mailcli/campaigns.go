package mailcli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/projections/outbox"
)

// campaignsList prints the latest campaigns with their counts, for the
// marketing role (campaign.manage) as its page does.
func campaignsList(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	if err := forbidden(in.Lang, as.Roles, access.CampaignManage); err != nil {
		return err
	}
	list, err := outbox.NewDeliveries(e.Pool).Campaigns(ctx, 50)
	if err != nil {
		return err
	}
	for _, c := range list {
		rec, _, err := e.Log.LoadCampaign(ctx, c.CampaignID)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s  %s  %s  %s\n", c.CampaignID, c.RequestedAt.In(i18n.Stockholm).Format("2006-01-02 15:04"),
			rec.Name, countsLine(in.Lang, c.Counts, c.Unsubscribed))
	}
	return nil
}

// campaignsShow prints one campaign's report: its name, purpose, subject
// and what became of its e-mails.
func campaignsShow(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	if err := forbidden(in.Lang, as.Roles, access.CampaignManage); err != nil {
		return err
	}
	rec, found, err := e.Log.LoadCampaign(ctx, in.ID)
	if err != nil {
		return err
	}
	if !found {
		return errors.New(say(in.Lang, "det finns ingen kampanj med det ID:t", "there is no campaign with that ID"))
	}
	d := outbox.NewDeliveries(e.Pool)
	counts, err := d.CountsOf(ctx, rec.CampaignID)
	var unsubscribed int64
	if err == nil {
		unsubscribed, err = d.Unsubscribed(ctx, rec.CampaignID, rec.Purpose)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s\n%s: %s\n%s: %s\n%s: %d\n%s\n", rec.Name, say(in.Lang, "Ändamål", "Purpose"), rec.Purpose,
		say(in.Lang, "Ämne", "Subject"), rec.Subject, say(in.Lang, "Mottagare", "Recipients"), rec.Recipients,
		countsLine(in.Lang, counts, unsubscribed))
	return err
}

// countsLine is a campaign's e-mails by state in words.
func countsLine(lang i18n.Lang, c outbox.Counts, unsubscribed int64) string {
	words := []struct{ state, sv, en string }{{"sent", "levererade", "delivered"}, {"queued", "i kö", "queued"},
		{"failed", "misslyckade", "failed"}, {"bounced", "studsade", "bounced"}, {"cancelled", "stoppade", "stopped"}}
	var parts []string
	for _, w := range words {
		word := w.sv
		if lang == i18n.English {
			word = w.en
		}
		parts = append(parts, fmt.Sprintf("%s %d", word, c[w.state]))
	}
	return strings.Join(append(parts, fmt.Sprintf("%s %d", say(lang, "avregistrerade", "unsubscribed"), unsubscribed)), ", ")
}

// campaignsSend sends a campaign now, or schedules it with --at (Swedish
// time, or RFC 3339), through the campaign API of the web edge as the
// member: the same audience (drawn when it is sent), rights, refusals
// and commands as the page. The text is --subject with the file's text,
// or a letter template without merge fields. It prints the campaign's
// ID and how many it went to, never a recipient.
func campaignsSend(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	if e.PublicURL == "" {
		return errors.New(say(in.Lang, "en kampanj från kommandoraden behöver byråns publika adress för avregistreringslänkarna: ange KLIENT_PUBLIC_URL (eller --public-url)",
			"a campaign from the command line needs the firm's public address for its unsubscribe links: set KLIENT_PUBLIC_URL (or --public-url)"))
	}
	req := contacts.CampaignRequest{Name: in.Name, Purpose: in.Purpose, Subject: in.Subject, ExistingClients: in.ExistingClients}
	if in.File != "" {
		b, err := os.ReadFile(in.File)
		if err != nil {
			return err
		}
		req.Body = string(b)
	}
	if in.Template != "" {
		id, err := e.templateID(ctx, in.Template, in.Lang)
		if err != nil {
			return err
		}
		req.TemplateID = id
	}
	if in.At != "" {
		at, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(in.At), i18n.Stockholm)
		if err != nil {
			if at, err = time.Parse(time.RFC3339, strings.TrimSpace(in.At)); err != nil {
				return errors.New(say(in.Lang, "--at är en tidpunkt som \"2026-12-24 09:00\" (svensk tid)",
					"--at is a time like \"2026-12-24 09:00\" (Swedish time)"))
			}
		}
		req.SendAt = &at
	}
	api, end, err := e.edge(ctx, as, in.Lang)
	if err != nil {
		return err
	}
	defer end()
	var c contacts.CampaignJSON
	if _, err := api.call(ctx, http.MethodPost, "/api/v1/campaigns", req, &c); err != nil {
		return err
	}
	if c.SendAt != nil && c.Status != "sent" {
		_, err = fmt.Fprintln(out, say(in.Lang, "kampanjen %s är schemalagd till %s; mottagarna väljs då", "the campaign %s is scheduled for %s; its recipients are chosen then",
			c.ID, i18n.DateTime(*c.SendAt)))
		return err
	}
	_, err = fmt.Fprintln(out, say(in.Lang, "kampanjen %s är köad till %d mottagare", "the campaign %s is queued to %d recipients", c.ID, c.Recipients))
	return err
}

// campaignsCancel cancels a scheduled campaign before it is due, as the
// page's button does (the command line is asked by naming the ID).
func campaignsCancel(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	if in.ID == "" {
		return errors.New("usage: " + Usage)
	}
	api, end, err := e.edge(ctx, as, in.Lang)
	if err != nil {
		return err
	}
	defer end()
	var c contacts.CampaignJSON
	if _, err := api.call(ctx, http.MethodPost, "/api/v1/campaigns/"+url.PathEscape(in.ID)+"/cancel", nil, &c); err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, say(in.Lang, "kampanjen %s är inställd och skickas inte", "the campaign %s is cancelled and will not be sent", c.ID))
	return err
}
