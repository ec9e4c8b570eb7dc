package mailcli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/http/casework"
	"github.com/klient-crm/klient/http/i18n"
)

// letterSend sends a letter from a template to the matter's client or a
// party, rendered against the matter, as the letter form does: by e-mail
// through the outbox, or with --print by post, its printable page written
// to the file. It prints the log entry's ID, never a name or an address.
func letterSend(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	if in.Template == "" || in.To == "" {
		return errors.New(say(in.Lang, "ange --template (ID eller namn) och --to (client eller en parts kontakt-ID)",
			"give --template (ID or name) and --to (client or a party's contact ID)"))
	}
	matterID, err := e.matterID(ctx, in.Matter, in.Lang)
	if err != nil {
		return err
	}
	templateID, err := e.templateID(ctx, in.Template, in.Lang)
	if err != nil {
		return err
	}
	api, end, err := e.edge(ctx, as, in.Lang)
	if err != nil {
		return err
	}
	defer end()
	recipient := in.To
	if strings.EqualFold(recipient, "client") || strings.EqualFold(recipient, "klient") {
		var m casework.MatterJSON
		if _, err := api.call(ctx, http.MethodGet, "/api/v1/matters/"+matterID, nil, &m); err != nil {
			return err
		}
		if len(m.ClientIDs) == 0 {
			return errors.New(say(in.Lang, "ärendet har ingen klient", "the matter has no client"))
		}
		recipient = m.ClientIDs[0]
	}
	req := casework.LetterRequest{TemplateID: templateID, RecipientID: recipient, Channel: commcmd.ChannelEmail}
	if in.Print != "" {
		req.Channel = commcmd.ChannelPost
	}
	var sent casework.LetterJSON
	if _, err := api.call(ctx, http.MethodPost, "/api/v1/matters/"+matterID+"/letters", req, &sent); err != nil {
		return err
	}
	if in.Print == "" {
		_, err = fmt.Fprintln(out, say(in.Lang, "brevet är loggat i ärendet (%s) och köat som e-post", "the letter is logged in the matter (%s) and queued as e-mail", sent.CommunicationID))
		return err
	}
	page, err := api.call(ctx, http.MethodGet, "/matters/"+matterID+"/letters/"+sent.CommunicationID, nil, nil)
	if err == nil {
		err = os.WriteFile(in.Print, page, 0o600)
	}
	if err != nil {
		return errors.New(say(in.Lang, "brevet är loggat i ärendet (%s), men utskriftssidan kunde inte skrivas: %v",
			"the letter is logged in the matter (%s), but its printable page could not be written: %v", sent.CommunicationID, err))
	}
	_, err = fmt.Fprintln(out, say(in.Lang, "brevet är loggat i ärendet (%s); utskriften för post finns i %s", "the letter is logged in the matter (%s); the page to post is in %s", sent.CommunicationID, in.Print))
	return err
}

// templateID finds a template offered now by ID or name, as the letter
// form lists them (a firm's templates hold no personal data).
func (e Env) templateID(ctx context.Context, idOrName string, lang i18n.Lang) (string, error) {
	all, _, err := e.Log.LoadLetterTemplates(ctx)
	if err != nil {
		return "", err
	}
	for _, t := range all.List() {
		if !t.Retired() && (strings.EqualFold(t.ID(), idOrName) || strings.EqualFold(t.Text().Name, strings.TrimSpace(idOrName))) {
			return t.ID(), nil
		}
	}
	return "", errNoTemplate(lang)
}
