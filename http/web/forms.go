package web

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/klient-crm/klient/domain"
)

// Handles is one command handler that answers with result R.
type Handles[C, R any] interface {
	Handle(ctx context.Context, cmd C) (R, error)
}

// FormState is a casework form as it is shown again after a failure: what
// was sent, a message per field and a summary. Stale says someone else
// changed the record meanwhile; the page offers Reload instead.
type FormState struct {
	Values  url.Values
	Errors  FieldMessages
	Order   []string          // the names in Errors, in the order the command gave them
	Labels  map[string]string // a field's name → the catalogue key of its label (Labelled)
	Summary string
	Stale   bool
	Reload  string
}

// FormProblem is one field's message. The page shows it by the field
// (template "field-error", id "error-<Name>") and again in the form's error
// summary at the top, as a link to it, after the field's label when the
// form named it (Label, a catalogue key).
type FormProblem struct{ Name, Label, Message string }

// Labelled names the form's fields for its error summary, in pairs of a
// field's name and the catalogue key of its label ("title",
// "tasks.col.title", …), in the form's order: two "Fältet måste fyllas i."
// then say which field each is about.
func (f FormState) Labelled(pairs ...string) FormState {
	f.Labels = map[string]string{}
	order := make([]string, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		f.Labels[pairs[i]] = pairs[i+1]
		order = append(order, pairs[i])
	}
	f.Order = append(order, f.Order...)
	return f
}

// Error is name's message, for the template "field-error".
func (f FormState) Error(name string) FormProblem {
	return FormProblem{Name: name, Message: f.Errors[name]}
}

// Problems are the field messages in the order the command gave them (the
// order of the form, as the domain checks it), for the error summary.
func (f FormState) Problems() []FormProblem {
	var out []FormProblem
	seen := map[string]bool{}
	for _, name := range append(slices.Clone(f.Order), slices.Sorted(maps.Keys(f.Errors))...) {
		if msg := f.Errors[name]; msg != "" && !seen[name] {
			seen[name] = true
			out = append(out, FormProblem{Name: name, Label: f.Labels[name], Message: msg})
		}
	}
	return out
}

// Get is the value sent for name, for the template.
func (f FormState) Get(name string) string { return f.Values.Get(name) }

// Has reports whether value was among those sent for name (a checkbox).
func (f FormState) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// FailedForm explains err in the form's terms and says with which status
// to show the page again; ok is false for an error no form can show.
func (s *Kit) FailedForm(r *http.Request, err error, reload string) (FormState, int, bool) {
	if !IsFormError(err) {
		return FormState{}, 0, false
	}
	p := s.ProblemFor(r, err)
	f := FormState{Values: r.PostForm, Errors: FieldMessages{}, Summary: p.Detail, Reload: reload}
	for _, e := range p.Errors {
		name := formField(e.Field)
		if _, taken := f.Errors[name]; !taken {
			f.Errors[name] = e.Message
			f.Order = append(f.Order, name)
		}
	}
	if len(p.Errors) > 0 {
		f.Summary = ""
	}
	if ChangedMeanwhile(err) {
		f.Summary = p.Detail
		f.Stale, f.Errors, f.Order = true, nil, nil
	}
	return f, p.Status, true
}

// FormFields files each message under the form field it belongs to: the
// domain names "reminders[1]" or "assignee.staff", the form "reminders"
// and "assignee".
func FormFields(msgs FieldMessages) FieldMessages {
	out := FieldMessages{}
	for field, msg := range msgs {
		name := formField(field)
		if _, taken := out[name]; !taken {
			out[name] = msg
		}
	}
	return out
}

// formField is the form field a domain field path belongs to.
func formField(field string) string {
	name, _, _ := strings.Cut(field, "[")
	name, _, _ = strings.Cut(name, ".")
	return name
}

// ChangedMeanwhile: every context's stale-version code ends so.
func ChangedMeanwhile(err error) bool {
	var de *domain.Error
	return errors.As(err, &de) && strings.HasSuffix(de.Code, "changed_meanwhile")
}

// VersionOf reads the hidden version field the page carried.
func VersionOf(f url.Values) (uint64, error) {
	v, err := strconv.ParseUint(strings.TrimSpace(f.Get("version")), 10, 64)
	if err != nil {
		return 0, BadRequest(ErrMalformed, "version", "request.version.invalid", "the version is not a number")
	}
	return v, nil
}

// ParseForm reads a form body; a failure is already answered.
func (s *Kit) ParseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, FormError(err))
		return false
	}
	return true
}

// BackTo is the local page a form asked to come back to, or fallback.
func BackTo(f url.Values, fallback string) string {
	if p := LocalPath(f.Get("return")); p != "/" {
		return p
	}
	return fallback
}

// FieldMessages maps a form field name to its translated error.
type FieldMessages map[string]string

// apiField names a command's field error the way the API body does: the
// domain checks details, so its paths sit under "details".
func APIField(field string) string {
	switch {
	case field == "contact_id":
		return "id"
	case field == "" || field == "id" || field == "kind" || field == "version" || field == "If-Match" ||
		strings.HasPrefix(field, "details"):
		return field
	}
	return "details." + field
}

// CommandFailed sends a command's error, naming its fields as the request
// body does (the domain's "emails[1].address" is the API's
// "details.emails[1].address").
func (s *Kit) CommandFailed(w http.ResponseWriter, r *http.Request, err error) {
	p := s.ProblemFor(r, err)
	for i := range p.Errors {
		p.Errors[i].Field = APIField(p.Errors[i].Field)
	}
	SendProblem(w, p)
}

func ContainsRef(refs []ContactRef, id string) bool {
	return slices.ContainsFunc(refs, func(c ContactRef) bool { return c.ID == id })
}

// FirstErr is the first error that is set.
func FirstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// FormFailure turns a failed command into messages by field and a summary,
// with the status the form is shown again with.
func (s *Kit) FormFailure(r *http.Request, err error) (FieldMessages, string, int) {
	p := s.ProblemFor(r, err)
	msgs := FieldMessages{}
	for _, e := range p.Errors {
		if _, taken := msgs[e.Field]; !taken {
			msgs[e.Field] = e.Message
		}
	}
	if len(p.Errors) == 0 {
		return msgs, p.Detail, p.Status
	}
	return msgs, "", p.Status
}

// IsFormError says whether a failed command should show its form again:
// input a person can correct, or a lost race they can resolve by reloading.
func IsFormError(err error) bool {
	k := domain.KindOf(err)
	return k == domain.KindInvalid || k == domain.KindConflict
}

// ExpectedVersion reads If-Match ("3", the ETag of GET) and the body's
// version; one is required and both must agree.
func ExpectedVersion(ifMatch string, field *uint64) (uint64, error) {
	if ifMatch == "" {
		if field == nil {
			return 0, &domain.Error{Kind: domain.KindInvalid, Field: "version", Code: "request.version.required",
				Message: "give the version you are changing, in If-Match or the version field", Err: ErrPreconditionRequired}
		}
		return *field, nil
	}
	v, ok := ParseVersion(strings.Trim(ifMatch, `"`))
	if !ok || !strings.HasPrefix(ifMatch, `"`) {
		return 0, BadRequest(ErrMalformed, "If-Match", "request.version.invalid", "If-Match must be an ETag such as \"3\"")
	}
	if field != nil && *field != v {
		return 0, domain.Invalid("version", "If-Match and the version field disagree").WithCode("request.version.mismatch")
	}
	return v, nil
}

// ParseVersion reads an expected version sent back by a form or API client.
func ParseVersion(s string) (uint64, bool) {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	return v, err == nil
}

// Origin is this server as the browser reached it.
func (s *Kit) Origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// Choice is one checkbox or option of a casework form.
type Choice struct {
	Value, Label  string
	Checked, Team bool
}

// LocalDateTime is how a datetime-local input writes a Stockholm time.
const LocalDateTime = "2006-01-02T15:04"

// TeamChoice is one team checkbox.
type TeamChoice struct {
	Team    string // the slug, the checkbox's value
	Name    string // as people read it (TeamName)
	Checked bool
}

// TeamChoices offers every known team and any held, held ones checked,
// named by areas (TeamName; nil areas: the slug as it is written).
func TeamChoices(known, held, areas []string) []TeamChoice {
	out := make([]TeamChoice, 0, len(known))
	seen := map[string]bool{}
	for _, t := range append(append([]string(nil), known...), held...) {
		if !seen[t] {
			seen[t] = true
			name := t
			if areas != nil {
				name = TeamName(t, areas)
			}
			out = append(out, TeamChoice{Team: t, Name: name, Checked: slices.Contains(held, t)})
		}
	}
	return out
}

// FirstMessage is the one line a short form shows for a failure.
func FirstMessage(p Problem) string {
	if len(p.Errors) > 0 {
		return p.Errors[0].Message
	}
	return p.Detail
}

// SecretPage shows a generated password or token secret, once.
type SecretPage struct {
	Title, Lead string // catalogue keys
	Secret      string
	Back        string
}
