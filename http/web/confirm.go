package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"maps"
	"net/http"
	"slices"

	"github.com/klient-crm/klient/http/i18n"
)

// ConfirmField is the form field that says a person confirmed an action
// that cannot be undone: a token that only the confirmation page hands
// out, bound to the session and to the action's path. A form that lacks
// it, or a script that sends a guessed one, gets the confirmation page
// instead of the action.
const ConfirmField = "confirm"

// Confirmation is the question a page asks before an action that cannot
// be undone, or not without leaving its trace: archiving or closing a
// matter, removing a party, revoking a token, lifting a wall, erasing a
// person. It names the thing in words; the keys are the catalogue's.
type Confirmation struct {
	Question    string // catalogue key, filled with Args: "Arkivera ärende %s %s?"
	Args        []any
	Consequence string // catalogue key: what happens and what cannot be undone
	Button      string // catalogue key: the button that acts
	Back        string // where "Avbryt" leads when the form named no page to return to
	// Subjects are the data subjects whose details the question shows,
	// for the access log.
	Subjects []string
}

// Asker words the confirmation of the action a request asks for, from
// what the request names. It reads what it names as the action itself
// would, so an unknown or walled record answers with the action's own
// error (404), never with a question that names it. A nil confirmation
// means this request needs none (a decision that can be taken back).
type Asker func(r *http.Request) (*Confirmation, error)

// Confirm is the route middleware in front of an irreversible page
// action: a POST that carries this session's confirmation of this path
// goes through; any other gets the confirmation page, which shows the
// question and posts the same form again, confirmed. It works without
// JavaScript, and a forged or scripted single POST acts no more than a
// careless click. Place it after the middleware that guards what the path
// names (InMatter, Unwalled). The JSON API has no confirmation: a program
// says what it means.
func (s *Kit) Confirm(ask Asker) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !s.ParseForm(w, r) {
				return
			}
			if s.confirmed(r) {
				next.ServeHTTP(w, r)
				return
			}
			c, err := ask(r)
			if err == nil && c == nil {
				next.ServeHTTP(w, r)
				return
			}
			if err == nil {
				err = s.RecordView(r, c.Subjects)
			}
			if err != nil {
				s.Fail(w, r, err)
				return
			}
			page := s.confirmPage(r, *c)
			s.renderPage(w, r, http.StatusOK, "confirm", page, page.Back) // a switch of language asks nothing
		})
	}
}

// confirmPage is what the confirmation page shows and sends back.
type confirmPage struct {
	Question, Consequence, Button string
	Action                        string // the path the form posts to again
	Back                          string
	Fields                        []confirmField // the form as it was sent
	Token                         string
}

type confirmField struct{ Name, Value string }

func (s *Kit) confirmPage(r *http.Request, c Confirmation) confirmPage {
	lang := LangOf(r.Context())
	p := confirmPage{Question: i18n.T(lang, c.Question, c.Args...), Consequence: i18n.T(lang, c.Consequence),
		Button: i18n.T(lang, c.Button), Action: r.URL.Path, Back: BackTo(r.PostForm, c.Back), Token: s.confirmToken(r)}
	for _, name := range slices.Sorted(maps.Keys(r.PostForm)) {
		if name == ConfirmField {
			continue
		}
		for _, v := range r.PostForm[name] {
			p.Fields = append(p.Fields, confirmField{Name: name, Value: v})
		}
	}
	return p
}

// confirmed reports whether the form carries this session's confirmation
// of this request's path.
func (s *Kit) confirmed(r *http.Request) bool {
	want := s.confirmToken(r)
	return want != "" && hmac.Equal([]byte(r.PostForm.Get(ConfirmField)), []byte(want))
}

// confirmToken is the confirmation of r's method and path for the
// session the request carries: keyed by the session's secret token, so
// it cannot be made without it, needs no state of its own and holds on
// every instance; "" without a session (the API, which is never asked).
func (s *Kit) confirmToken(r *http.Request) string {
	session := s.SessionToken(r)
	if session == "" {
		return ""
	}
	mac := hmac.New(sha256.New, []byte(session))
	mac.Write([]byte("klient confirmation\x00" + r.Method + " " + r.URL.Path))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
