package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"

	"github.com/google/uuid"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/admin"
	"github.com/klient-crm/klient/http/casework"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/mailin"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/outbox"
	staffmodel "github.com/klient-crm/klient/projections/staff"
)

const mailUsage = `usage: klient mail send | status [--campaign ID]
       klient mail templates list | show ID|NAME | save --file FILE --name NAME --subject SUBJECT [--id ID]   --staff ID|E-MAIL
       klient mail letter send --matter NUMBER --template ID|NAME --to client|CONTACT_ID [--print FILE]   --staff ID|E-MAIL
       klient mail campaigns list | show ID   --staff ID|E-MAIL
       klient mail held list | show ID | file ID --matter NUMBER | discard ID --yes   --staff ID|E-MAIL`

// runMail: `klient mail send` works the outbox once, as serve's sender
// does all the time (KLIENT_SMTP_URL, KLIENT_MAIL_FROM), and `klient mail
// status` counts the outbox's e-mails, or one campaign's, by state. Both
// print IDs and counts only, never an address. The other verbs act as a
// named staff member (runMailAs).
func runMail(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && mailVerbs[args[0]] != nil {
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

// mailArgs are what a staff member's mail verb was given.
type mailArgs struct {
	verb, what, id              string // "letter send", "held file ID"
	staff, file, matter, to     string
	template, print, templateID string
	name, subject               string
	yes                         bool
	lang                        i18n.Lang
}

// mailVerb runs one verb as the member: through the in-process web edge
// (staffAPI) or, for the review queue, through the filer the page uses.
type mailVerb func(ctx context.Context, a *app, as mailMember, in mailArgs, out io.Writer) error

// mailVerbs maps a verb and what it does to its function.
var mailVerbs = map[string]map[string]mailVerb{
	"templates": {"list": templatesList, "show": templatesShow, "save": templatesSave},
	"letter":    {"send": letterSend},
	"campaigns": {"list": campaignsList, "show": campaignsShow},
	"held":      {"list": heldList, "show": heldShow, "file": heldFile, "discard": heldDiscard},
}

// mailLang is the language of the verbs' words and refusals: Swedish
// unless KLIENT_LANG asks for English, as the pages are.
func mailLang() i18n.Lang {
	if strings.HasPrefix(strings.ToLower(os.Getenv("KLIENT_LANG")), "en") {
		return i18n.English
	}
	return i18n.Swedish
}

// say picks the words of the CLI's own messages in lang; the refusals
// of the product come from its catalogue (i18n).
func say(lang i18n.Lang, sv, en string, args ...any) string {
	if lang == i18n.English {
		return fmt.Sprintf(en, args...)
	}
	return fmt.Sprintf(sv, args...)
}

// runMailAs parses `klient mail VERB WHAT [ID] --staff S …`, opens the
// app and runs the verb as the member S with the projectors running (the
// edge waits for its own writes to reach the read models).
func runMailAs(ctx context.Context, args []string, stdout io.Writer) error {
	in := mailArgs{verb: args[0], lang: mailLang()}
	rest := args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		in.what, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		in.id, rest = rest[0], rest[1:]
	}
	run := mailVerbs[in.verb][in.what]
	if run == nil {
		return errors.New(mailUsage)
	}
	cfg, fs, err := parseConfig("mail "+in.verb+" "+in.what, rest, stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&in.staff, "staff", "", "the staff member the command acts as: ID or sign-in e-mail (required)")
		fs.StringVar(&in.file, "file", "", "templates save: the file with the template's text (merge fields {{klient.namn}} …)")
		fs.StringVar(&in.name, "name", "", "templates save: the template's name (kept when changing one and left out)")
		fs.StringVar(&in.subject, "subject", "", "templates save: the subject line, merge fields allowed (kept when changing one and left out)")
		fs.StringVar(&in.templateID, "id", "", "templates save: the template to change (new when left out)")
		fs.StringVar(&in.matter, "matter", "", "the matter's number (2026-0042) or ID")
		fs.StringVar(&in.template, "template", "", "letter send: the template's ID or name")
		fs.StringVar(&in.to, "to", "", "letter send: client (the matter's client) or a party's contact ID")
		fs.StringVar(&in.print, "print", "", "letter send: send it by post and write the printable A4 page (HTML) to this file")
		fs.BoolVar(&in.yes, "yes", false, "held discard: yes, destroy the message for good")
	})
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New(say(in.lang, "okänt argument %q", "unknown argument %q", fs.Arg(0)) + "\n" + mailUsage)
	}
	if in.staff == "" {
		return errors.New(say(in.lang, "ange vem kommandot gör det som: --staff ID eller e-postadress",
			"say whom the command acts as: --staff ID or e-mail address"))
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	return a.withProjectors(ctx, func(ctx context.Context) error {
		if err := a.catchUp(ctx, "staff"); err != nil {
			return err
		}
		as, err := a.mailMember(ctx, in.staff, in.lang)
		if err != nil {
			return err
		}
		return run(ctx, a, as, in, stdout)
	})
}

// mailMember is the staff member a verb acts as: their roles and walls
// bind it as they bind the member's pages.
type mailMember struct {
	ID    string
	Roles []access.Role
}

// mailMember finds an active member by ID or sign-in e-mail; an unknown,
// deactivated or erased one is refused in one line.
func (a *app) mailMember(ctx context.Context, idOrEmail string, lang i18n.Lang) (mailMember, error) {
	var m staffmodel.Member
	var err error
	found := true
	if strings.Contains(idOrEmail, "@") {
		m, found, err = staffmodel.ByEmail(ctx, a.pool, idOrEmail)
	} else if _, perr := uuid.Parse(idOrEmail); perr != nil {
		found = false
	} else {
		m, err = staffmodel.Get(ctx, a.pool, idOrEmail)
		found = err == nil
		if domain.KindOf(err) != domain.KindInternal {
			err = nil
		}
	}
	if err != nil {
		return mailMember{}, err
	}
	if !found || !m.Active || m.Erased {
		return mailMember{}, errors.New(say(lang, "ingen aktiv anställd har det ID:t eller den e-postadressen (--staff)",
			"no active staff member has that ID or e-mail address (--staff)"))
	}
	return mailMember{ID: m.ID, Roles: m.Roles}, nil
}

// refusal words a refusal of the product in lang, in one line: its
// catalogue message, else its kind's.
func refusal(lang i18n.Lang, err error) error {
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind == domain.KindInternal {
		return err
	}
	if de.Code != "" && i18n.Has(de.Code) {
		return errors.New(oneLine(i18n.T(lang, de.Code, de.Args...)))
	}
	return errors.New(oneLine(i18n.T(lang, "problem."+string(de.Kind)+".detail")))
}

// matterID is the ID of the matter --matter names, for the edge to look
// up as the member sees it. A number no matter has becomes the nil UUID,
// which the edge answers exactly as a matter the member may not see: the
// CLI says nothing of which numbers exist.
func (a *app) matterID(ctx context.Context, numberOrID string, lang i18n.Lang) (string, error) {
	if numberOrID == "" {
		return "", errors.New(say(lang, "ange ärendet: --matter NUMMER", "name the matter: --matter NUMBER"))
	}
	if _, err := uuid.Parse(numberOrID); err == nil {
		return numberOrID, nil
	}
	m, err := matters.ByNumber(ctx, a.pool, strings.TrimSpace(numberOrID))
	switch {
	case err == nil:
		return m.ID, nil
	case domain.KindOf(err) == domain.KindInternal:
		return "", err
	}
	return uuid.Nil.String(), nil
}

// staffAPI is the web edge in this process, signed in as one member by a
// session of its own that ends with the command: a verb goes through the
// same routes, rights, walls, access log and commands as the JSON API
// and the pages, and its refusals are theirs, in the member's language.
type staffAPI struct {
	h     http.Handler
	token string
	lang  i18n.Lang
}

// staffAPI opens the edge and a session for as; end ends the session.
func (a *app) staffAPI(ctx context.Context, as mailMember, lang i18n.Lang) (api staffAPI, end func(), err error) {
	h, err := a.httpHandler(ctx)
	if err != nil {
		return staffAPI{}, nil, err
	}
	token, _, err := a.secrets.CreateSession(ctx, as.ID, credentials.SessionMeta{UserAgent: "klient mail (CLI)"})
	if err != nil {
		return staffAPI{}, nil, err
	}
	end = func() { _ = a.secrets.EndSession(context.WithoutCancel(ctx), token) }
	return staffAPI{h: h, token: token, lang: lang}, end, nil
}

// call sends one request; an answer of 400 or more is the problem's words
// in one line, else the body is decoded into out (or returned whole when
// out is nil).
func (c staffAPI) call(ctx context.Context, method, path string, in, out any) ([]byte, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	r := httptest.NewRequestWithContext(ctx, method, "http://localhost"+path, body)
	r.RemoteAddr = "127.0.0.1:0"
	r.Header.Set("Accept-Language", string(c.lang))
	if in != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	for _, name := range []string{web.SessionCookieDev, web.SessionCookieSecure} {
		r.AddCookie(&http.Cookie{Name: name, Value: c.token})
	}
	w := httptest.NewRecorder()
	c.h.ServeHTTP(w, r)
	if w.Code >= 400 {
		return nil, problemError(w)
	}
	if out != nil {
		return nil, json.Unmarshal(w.Body.Bytes(), out)
	}
	return w.Body.Bytes(), nil
}

// problemError is a problem answer in one line: what went wrong and each
// field's complaint ("Rad 3: okänt fält …").
func problemError(w *httptest.ResponseRecorder) error {
	var p web.Problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Title == "" {
		return fmt.Errorf("HTTP %d", w.Code)
	}
	words := []string{p.Detail}
	if p.Detail == "" {
		words[0] = p.Title
	}
	for _, e := range p.Errors {
		if e.Message != "" && e.Message != p.Detail {
			words = append(words, e.Message)
		}
	}
	msg := strings.Join(words, " ")
	if after := w.Header().Get("Retry-After"); after != "" {
		msg += " (Retry-After: " + after + " s)"
	}
	return errors.New(oneLine(msg))
}

// templatesList prints the templates offered now: ID, revision, name.
func templatesList(ctx context.Context, a *app, as mailMember, in mailArgs, out io.Writer) error {
	list, err := a.letterTemplates(ctx, as, in.lang)
	for _, t := range list {
		fmt.Fprintf(out, "%s  %s %d  %s\n", t.ID, say(in.lang, "revision", "revision"), t.Revision, t.Name)
	}
	return err
}

func (a *app) letterTemplates(ctx context.Context, as mailMember, lang i18n.Lang) ([]admin.LetterTemplateJSON, error) {
	api, end, err := a.staffAPI(ctx, as, lang)
	if err != nil {
		return nil, err
	}
	defer end()
	var list struct{ Items []admin.LetterTemplateJSON }
	_, err = api.call(ctx, http.MethodGet, "/api/v1/letter-templates", nil, &list)
	return list.Items, err
}

// templatesShow prints one template: its name and subject, a blank line
// and the text (what `templates save --file` takes).
func templatesShow(ctx context.Context, a *app, as mailMember, in mailArgs, out io.Writer) error {
	list, err := a.letterTemplates(ctx, as, in.lang)
	if err != nil {
		return err
	}
	t, ok := templateNamed(list, in.id)
	if !ok {
		return errNoTemplate(in.lang)
	}
	_, err = fmt.Fprintf(out, "%s: %s\n%s: %s\n\n%s\n", say(in.lang, "Namn", "Name"), t.Name, say(in.lang, "Ämne", "Subject"),
		t.Subject, strings.TrimRight(t.Body, "\n"))
	return err
}

func templateNamed(list []admin.LetterTemplateJSON, idOrName string) (admin.LetterTemplateJSON, bool) {
	for _, t := range list {
		if strings.EqualFold(t.ID, idOrName) || strings.EqualFold(t.Name, strings.TrimSpace(idOrName)) {
			return t, true
		}
	}
	return admin.LetterTemplateJSON{}, false
}

func errNoTemplate(lang i18n.Lang) error {
	return errors.New(say(lang, "det finns ingen brevmall med det ID:t eller namnet", "there is no letter template with that ID or name"))
}

// templatesSave saves a template: its text from --file (UTF-8), so the
// lines a refusal names ("Rad 3: okänt fält …") are the file's; its name
// and subject from --name and --subject. With --id it changes that
// template from its revision now, keeping what is not given; without, it
// adds one. A template with an unknown field or a block left open is
// refused with each problem and its line, nothing saved.
func templatesSave(ctx context.Context, a *app, as mailMember, in mailArgs, out io.Writer) error {
	if in.file == "" {
		return errors.New(say(in.lang, "ange filen med mallens text: --file FIL", "name the file with the template's text: --file FILE"))
	}
	data, err := os.ReadFile(in.file)
	if err != nil {
		return errors.New(say(in.lang, "filen kan inte läsas: %s", "the file cannot be read: %s", in.file))
	}
	req := admin.LetterTemplateRequest{Name: in.name, Subject: in.subject,
		Body: strings.ReplaceAll(string(bytes.TrimPrefix(data, []byte("\ufeff"))), "\r\n", "\n")}
	api, end, err := a.staffAPI(ctx, as, in.lang)
	if err != nil {
		return err
	}
	defer end()
	var saved admin.LetterTemplateJSON
	if in.templateID == "" {
		_, err = api.call(ctx, http.MethodPost, "/api/v1/letter-templates", req, &saved)
	} else {
		var list struct{ Items []admin.LetterTemplateJSON }
		if _, err = api.call(ctx, http.MethodGet, "/api/v1/letter-templates", nil, &list); err != nil {
			return err
		}
		t, ok := templateNamed(list.Items, in.templateID)
		if !ok || !strings.EqualFold(t.ID, in.templateID) {
			return errNoTemplate(in.lang)
		}
		req.Name, req.Subject, req.Revision = cmp.Or(req.Name, t.Name), cmp.Or(req.Subject, t.Subject), &t.Revision
		_, err = api.call(ctx, http.MethodPut, "/api/v1/letter-templates/"+t.ID, req, &saved)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s %s (%s %d)\n", say(in.lang, "sparad:", "saved:"), saved.ID, say(in.lang, "revision", "revision"), saved.Revision)
	return err
}

// letterSend sends a letter from a template to the matter's client or a
// party, rendered against the matter, as the letter form does: by e-mail
// through the outbox, or with --print by post, its printable page written
// to the file. It prints the log entry's ID, never a name or an address.
func letterSend(ctx context.Context, a *app, as mailMember, in mailArgs, out io.Writer) error {
	if in.template == "" || in.to == "" {
		return errors.New(say(in.lang, "ange --template (ID eller namn) och --to (client eller en parts kontakt-ID)",
			"give --template (ID or name) and --to (client or a party's contact ID)"))
	}
	matterID, err := a.matterID(ctx, in.matter, in.lang)
	if err != nil {
		return err
	}
	templateID, err := a.templateID(ctx, in.template, in.lang)
	if err != nil {
		return err
	}
	api, end, err := a.staffAPI(ctx, as, in.lang)
	if err != nil {
		return err
	}
	defer end()
	recipient := in.to
	if strings.EqualFold(recipient, "client") || strings.EqualFold(recipient, "klient") {
		var m casework.MatterJSON
		if _, err := api.call(ctx, http.MethodGet, "/api/v1/matters/"+matterID, nil, &m); err != nil {
			return err
		}
		if len(m.ClientIDs) == 0 {
			return errors.New(say(in.lang, "ärendet har ingen klient", "the matter has no client"))
		}
		recipient = m.ClientIDs[0]
	}
	req := casework.LetterRequest{TemplateID: templateID, RecipientID: recipient, Channel: commcmd.ChannelEmail}
	if in.print != "" {
		req.Channel = commcmd.ChannelPost
	}
	var sent casework.LetterJSON
	if _, err := api.call(ctx, http.MethodPost, "/api/v1/matters/"+matterID+"/letters", req, &sent); err != nil {
		return err
	}
	if in.print == "" {
		_, err = fmt.Fprintln(out, say(in.lang, "brevet är loggat i ärendet (%s) och köat som e-post", "the letter is logged in the matter (%s) and queued as e-mail", sent.CommunicationID))
		return err
	}
	page, err := api.call(ctx, http.MethodGet, "/matters/"+matterID+"/letters/"+sent.CommunicationID, nil, nil)
	if err == nil {
		err = os.WriteFile(in.print, page, 0o600)
	}
	if err != nil {
		return errors.New(say(in.lang, "brevet är loggat i ärendet (%s), men utskriftssidan kunde inte skrivas: %v",
			"the letter is logged in the matter (%s), but its printable page could not be written: %v", sent.CommunicationID, err))
	}
	_, err = fmt.Fprintln(out, say(in.lang, "brevet är loggat i ärendet (%s); utskriften för post finns i %s", "the letter is logged in the matter (%s); the page to post is in %s", sent.CommunicationID, in.print))
	return err
}

// templateID finds a template offered now by ID or name, as the letter
// form lists them (a firm's templates hold no personal data).
func (a *app) templateID(ctx context.Context, idOrName string, lang i18n.Lang) (string, error) {
	log, err := commcmd.NewCommunications(a.store, a.codec, now)
	if err != nil {
		return "", err
	}
	all, _, err := log.LoadLetterTemplates(ctx)
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

// campaignsList prints the latest campaigns with their counts, for the
// marketing role (campaign.manage) as its page does.
func campaignsList(ctx context.Context, a *app, as mailMember, in mailArgs, out io.Writer) error {
	if !access.Allows(as.Roles, access.CampaignManage) {
		return refusal(in.lang, domain.Forbidden("not campaign.manage").WithCode("auth.not_allowed"))
	}
	list, err := outbox.NewDeliveries(a.pool).Campaigns(ctx, 50)
	if err != nil {
		return err
	}
	log, err := commcmd.NewCommunications(a.store, a.codec, now)
	if err != nil {
		return err
	}
	for _, c := range list {
		rec, _, err := log.LoadCampaign(ctx, c.CampaignID)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s  %s  %s  %s\n", c.CampaignID, c.RequestedAt.In(i18n.Stockholm).Format("2006-01-02 15:04"),
			rec.Name, countsLine(in.lang, c.Counts, c.Unsubscribed))
	}
	return nil
}

// campaignsShow prints one campaign's report: its name, purpose, subject
// and what became of its e-mails.
func campaignsShow(ctx context.Context, a *app, as mailMember, in mailArgs, out io.Writer) error {
	if !access.Allows(as.Roles, access.CampaignManage) {
		return refusal(in.lang, domain.Forbidden("not campaign.manage").WithCode("auth.not_allowed"))
	}
	log, err := commcmd.NewCommunications(a.store, a.codec, now)
	if err != nil {
		return err
	}
	rec, found, err := log.LoadCampaign(ctx, in.id)
	if err != nil {
		return err
	}
	if !found {
		return errors.New(say(in.lang, "det finns ingen kampanj med det ID:t", "there is no campaign with that ID"))
	}
	d := outbox.NewDeliveries(a.pool)
	counts, err := d.CountsOf(ctx, rec.CampaignID)
	var unsubscribed int64
	if err == nil {
		unsubscribed, err = d.Unsubscribed(ctx, rec.CampaignID, rec.Purpose)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s\n%s: %s\n%s: %s\n%s: %d\n%s\n", rec.Name, say(in.lang, "Ändamål", "Purpose"), rec.Purpose,
		say(in.lang, "Ämne", "Subject"), rec.Subject, say(in.lang, "Mottagare", "Recipients"), rec.Recipients,
		countsLine(in.lang, counts, unsubscribed))
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

// heldQueue is the member's review queue through the filer the page's
// port (internal/webapp) and the SMTP listener use: their own queue only,
// a matter they may not see refused like one that does not exist.
func (a *app) heldQueue(ctx context.Context, as mailMember) (*mailin.Filer, mailin.Sender, error) {
	f, err := a.mailFiler()
	if err != nil {
		return nil, mailin.Sender{}, err
	}
	s, err := f.SenderOf(ctx, as.ID, as.Roles)
	return f, s, err
}

// heldList prints the member's queue: ID, when it came, why it waits,
// from whom and its subject.
func heldList(ctx context.Context, a *app, as mailMember, in mailArgs, out io.Writer) error {
	f, s, err := a.heldQueue(ctx, as)
	if err != nil {
		return refusal(in.lang, err)
	}
	list, err := f.Held(ctx, s)
	if err != nil {
		return refusal(in.lang, err)
	}
	if len(list) == 0 {
		_, err = fmt.Fprintln(out, i18n.T(in.lang, "mailin.empty"))
		return err
	}
	for _, m := range list {
		from := ""
		if m.Message.From != nil {
			from = m.Message.From.Address
		}
		fmt.Fprintf(out, "%s  %s  %s  %s  %s\n", m.ID, m.ReceivedAt.In(i18n.Stockholm).Format("2006-01-02 15:04"),
			i18n.T(in.lang, "mailin.reason."+m.Reason), from, heldSubject(in.lang, m.Message.Subject))
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
func heldShow(ctx context.Context, a *app, as mailMember, in mailArgs, out io.Writer) error {
	f, s, err := a.heldQueue(ctx, as)
	if err != nil {
		return refusal(in.lang, err)
	}
	m, err := f.HeldOne(ctx, s, in.id)
	if err != nil {
		return refusal(in.lang, err)
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
	_, err = fmt.Fprintf(out, "%s: %s\n%s: %s\n%s: %s\n%s: %s\n\n%s\n", i18n.T(in.lang, "mailin.from"), from,
		i18n.T(in.lang, "mailin.to"), strings.Join(to, ", "), say(in.lang, "Ämne", "Subject"), heldSubject(in.lang, m.Message.Subject),
		i18n.T(in.lang, "mailin.attachments"), strings.Join(names, ", "), strings.TrimRight(m.Message.Text, "\n"))
	return err
}

// heldFile files a held message under the matter numbered --matter.
func heldFile(ctx context.Context, a *app, as mailMember, in mailArgs, out io.Writer) error {
	if in.matter == "" {
		return errors.New(say(in.lang, "ange ärendets nummer: --matter NUMMER", "give the matter's number: --matter NUMBER"))
	}
	f, s, err := a.heldQueue(ctx, as)
	if err != nil {
		return refusal(in.lang, err)
	}
	res, err := f.FileHeld(ctx, s, in.id, strings.TrimSpace(in.matter))
	if err != nil {
		return refusal(in.lang, err)
	}
	_, err = fmt.Fprintf(out, "%s (%s)\n", i18n.T(in.lang, "mailin.done.filed"), res.CommunicationID)
	return err
}

// heldDiscard destroys a held message's key and bytes: it cannot be
// undone, so it asks for --yes and otherwise does nothing.
func heldDiscard(ctx context.Context, a *app, as mailMember, in mailArgs, out io.Writer) error {
	f, s, err := a.heldQueue(ctx, as)
	if err != nil {
		return refusal(in.lang, err)
	}
	m, err := f.HeldOne(ctx, s, in.id)
	if err != nil {
		return refusal(in.lang, err)
	}
	if !in.yes {
		return errors.New(say(in.lang, "kasta e-postmeddelandet \"%s\"? Det går inte att ångra; kör igen med --yes",
			"discard the e-mail \"%s\"? It cannot be undone; run again with --yes", heldSubject(in.lang, m.Message.Subject)))
	}
	if err := f.Discard(ctx, s, in.id); err != nil {
		return refusal(in.lang, err)
	}
	_, err = fmt.Fprintln(out, i18n.T(in.lang, "mailin.done.discarded"))
	return err
}
