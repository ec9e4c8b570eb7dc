package admin

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// tokensPage is the view of the API tokens and the form for a new one.
type tokensPage struct {
	Tokens  []tokenRow
	Roles   []roleChoice
	Scopes  []scopeChoice
	Name    string
	Expires string
	Errors  web.FieldMessages
	Summary string
	Done    string // catalogue key
}

// tokenRow is one token as the list shows it: never its secret.
type tokenRow struct {
	credentials.Token
	Active      bool
	CreatorName string
}

// errBadExpiry: the expiry date could not be read.
var errBadExpiry = domain.Invalid("expires_at", "the expiry must be a date").WithCode("request.date.invalid")

// listTokens lists every API token, revoked and expired ones too.
func (s *Handlers) listTokens(w http.ResponseWriter, r *http.Request) {
	page := tokensPage{Roles: roleChoices(nil), Scopes: scopeChoices(nil),
		Expires: time.Now().In(i18n.Stockholm).Add(credentials.DefaultTokenLifetime).Format("2006-01-02")}
	if r.URL.Query().Get("done") == "revoked" {
		page.Done = "tokens.done.revoked"
	}
	s.showTokens(w, r, http.StatusOK, page)
}

func (s *Handlers) showTokens(w http.ResponseWriter, r *http.Request, status int, page tokensPage) {
	tokens, err := s.Shared().Credentials.ListTokens(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	names, err := s.StaffNames(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	now := time.Now()
	for _, t := range tokens {
		page.Tokens = append(page.Tokens, tokenRow{Token: t, Active: t.Active(now), CreatorName: names[t.CreatedBy]})
	}
	s.RenderPage(w, r, status, "tokens", page)
}

// createToken issues a token for the signed-in administrator with the
// roles checked, and shows its secret once.
func (s *Handlers) createToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	f := r.PostForm
	page := tokensPage{Name: f.Get("name"), Expires: f.Get("expires_at")}
	roles, err := rolesOf(f)
	page.Roles = roleChoices(roles)
	scopes, scopeErr := scopesOf(f)
	page.Scopes = scopeChoices(scopes)
	if err == nil {
		err = scopeErr
	}
	var expires *time.Time
	if err == nil {
		expires, err = expiryOf(page.Expires)
	}
	var secret string
	if err == nil {
		secret, _, err = s.Shared().Credentials.CreateToken(r.Context(), credentials.NewToken{
			Name: strings.TrimSpace(page.Name), Roles: roles, Scopes: scopes, CreatedBy: s.Actor(r).ID, ExpiresAt: expires})
	}
	if web.IsFormError(err) {
		var status int
		page.Errors, page.Summary, status = s.FormFailure(r, err)
		s.showTokens(w, r, status, page)
		return
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusCreated, "secret", web.SecretPage{Title: "tokens.secret.title",
		Lead: "tokens.secret.lead", Secret: secret, Back: "/admin/tokens"})
}

// errUnknownScope: a scope the form never offered.
var errUnknownScope = domain.Invalid("scopes", "unknown scope").WithCode("credentials.token.scopes")

// scopeChoice is one scope checkbox.
type scopeChoice struct {
	Scope   access.Scope
	Checked bool
}

func scopeChoices(held []access.Scope) []scopeChoice {
	out := make([]scopeChoice, len(access.Scopes))
	for i, sc := range access.Scopes {
		out[i] = scopeChoice{Scope: sc, Checked: slices.Contains(held, sc)}
	}
	return out
}

func scopesOf(f url.Values) ([]access.Scope, error) {
	var scopes []access.Scope
	for _, v := range f["scopes"] {
		sc, err := access.ParseScope(v)
		if err != nil {
			return nil, errUnknownScope
		}
		scopes = append(scopes, sc)
	}
	return scopes, nil
}

// expiryOf reads an optional date (none: credentials' default, 90 days);
// the token ends at the start of that day in Stockholm.
func expiryOf(v string) (*time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(v), i18n.Stockholm)
	if err != nil {
		return nil, errBadExpiry
	}
	return &t, nil
}

// askRevokeToken names the token by its name; an unknown one is left to
// the revocation to refuse.
func (s *Handlers) askRevokeToken(r *http.Request) (*web.Confirmation, error) {
	tokens, err := s.Shared().Credentials.ListTokens(r.Context())
	if err != nil {
		return nil, err
	}
	for _, t := range tokens {
		if t.ID == chi.URLParam(r, "id") {
			return &web.Confirmation{Question: "confirm.token.revoke", Args: []any{t.Name},
				Consequence: "confirm.token.revoke.consequence", Button: "confirm.token.revoke.button", Back: "/admin/tokens"}, nil
		}
	}
	return nil, nil
}

// revokeToken ends a token at once.
func (s *Handlers) revokeToken(w http.ResponseWriter, r *http.Request) {
	if err := s.Shared().Credentials.RevokeToken(r.Context(), chi.URLParam(r, "id"), s.Actor(r).ID); err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/tokens?done=revoked", http.StatusSeeOther)
}
