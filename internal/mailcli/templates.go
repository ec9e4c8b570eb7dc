package mailcli

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/klient-crm/klient/http/admin"
	"github.com/klient-crm/klient/http/i18n"
)

// templatesList prints the templates offered now: ID, revision, name.
func templatesList(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	list, err := e.letterTemplates(ctx, as, in.Lang)
	for _, t := range list {
		fmt.Fprintf(out, "%s  %s %d  %s\n", t.ID, say(in.Lang, "revision", "revision"), t.Revision, t.Name)
	}
	return err
}

func (e Env) letterTemplates(ctx context.Context, as Member, lang i18n.Lang) ([]admin.LetterTemplateJSON, error) {
	api, end, err := e.edge(ctx, as, lang)
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
func templatesShow(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	list, err := e.letterTemplates(ctx, as, in.Lang)
	if err != nil {
		return err
	}
	t, ok := templateNamed(list, in.ID)
	if !ok {
		return errNoTemplate(in.Lang)
	}
	_, err = fmt.Fprintf(out, "%s: %s\n%s: %s\n\n%s\n", say(in.Lang, "Namn", "Name"), t.Name, say(in.Lang, "Ämne", "Subject"),
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
func templatesSave(ctx context.Context, e Env, as Member, in Args, out io.Writer) error {
	if in.File == "" {
		return errors.New(say(in.Lang, "ange filen med mallens text: --file FIL", "name the file with the template's text: --file FILE"))
	}
	data, err := os.ReadFile(in.File)
	if err != nil {
		return errors.New(say(in.Lang, "filen kan inte läsas: %s", "the file cannot be read: %s", in.File))
	}
	req := admin.LetterTemplateRequest{Name: in.Name, Subject: in.Subject,
		Body: strings.ReplaceAll(string(bytes.TrimPrefix(data, []byte("\ufeff"))), "\r\n", "\n")}
	api, end, err := e.edge(ctx, as, in.Lang)
	if err != nil {
		return err
	}
	defer end()
	var saved admin.LetterTemplateJSON
	if in.TemplateID == "" {
		_, err = api.call(ctx, http.MethodPost, "/api/v1/letter-templates", req, &saved)
	} else {
		var list struct{ Items []admin.LetterTemplateJSON }
		if _, err = api.call(ctx, http.MethodGet, "/api/v1/letter-templates", nil, &list); err != nil {
			return err
		}
		t, ok := templateNamed(list.Items, in.TemplateID)
		if !ok || !strings.EqualFold(t.ID, in.TemplateID) {
			return errNoTemplate(in.Lang)
		}
		req.Name, req.Subject, req.Revision = cmp.Or(req.Name, t.Name), cmp.Or(req.Subject, t.Subject), &t.Revision
		_, err = api.call(ctx, http.MethodPut, "/api/v1/letter-templates/"+t.ID, req, &saved)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s %s (%s %d)\n", say(in.Lang, "sparad:", "saved:"), saved.ID, say(in.Lang, "revision", "revision"), saved.Revision)
	return err
}
