package http

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/web"
)

// formState is a casework form as it is shown again after a failure: what
// was sent, a message per field and a summary. Stale says someone else
// changed the record meanwhile; the page offers Reload instead.
type formState struct {
	Values  url.Values
	Errors  fieldMessages
	Summary string
	Stale   bool
	Reload  string
}

// Get is the value sent for name, for the template.
func (f formState) Get(name string) string { return f.Values.Get(name) }

// Has reports whether value was among those sent for name (a checkbox).
func (f formState) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// failedForm explains err in the form's terms and says with which status
// to show the page again; ok is false for an error no form can show.
func (s *server) failedForm(r *http.Request, err error, reload string) (formState, int, bool) {
	if !isFormError(err) {
		return formState{}, 0, false
	}
	msgs, summary, status := s.formFailure(r, err)
	f := formState{Values: r.PostForm, Errors: formFields(msgs), Summary: summary, Reload: reload}
	if changedMeanwhile(err) {
		f.Stale, f.Errors = true, nil
	}
	return f, status, true
}

// formFields files each message under the form field it belongs to: the
// domain names "reminders[1]" or "assignee.staff", the form "reminders"
// and "assignee".
func formFields(msgs fieldMessages) fieldMessages {
	out := fieldMessages{}
	for field, msg := range msgs {
		name, _, _ := strings.Cut(field, "[")
		name, _, _ = strings.Cut(name, ".")
		if _, taken := out[name]; !taken {
			out[name] = msg
		}
	}
	return out
}

// changedMeanwhile: every context's stale-version code ends so.
func changedMeanwhile(err error) bool {
	var de *domain.Error
	return errors.As(err, &de) && strings.HasSuffix(de.Code, "changed_meanwhile")
}

// versionOf reads the hidden version field the page carried.
func versionOf(f url.Values) (uint64, error) {
	v, err := strconv.ParseUint(strings.TrimSpace(f.Get("version")), 10, 64)
	if err != nil {
		return 0, web.BadRequest(web.ErrMalformed, "version", "request.version.invalid", "the version is not a number")
	}
	return v, nil
}

// parseForm reads a form body; a failure is already answered.
func (s *server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return false
	}
	return true
}

// backTo is the local page a form asked to come back to, or fallback.
func backTo(f url.Values, fallback string) string {
	if p := web.LocalPath(f.Get("return")); p != "/" {
		return p
	}
	return fallback
}
