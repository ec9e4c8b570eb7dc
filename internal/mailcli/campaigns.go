package mailcli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/klient-crm/klient/domain/access"
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
