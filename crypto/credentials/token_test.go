package credentials_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

func expectTokenRefused(t *testing.T, f fixture, secret string) {
	t.Helper()
	_, err := f.store.LookupToken(context.Background(), secret)
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindForbidden || de.Code != "auth.token_invalid" {
		t.Fatalf("LookupToken = %v; want forbidden auth.token_invalid", err)
	}
}

func TestTokenCreateLookupRevoke(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	secret, tok, err := f.store.CreateToken(ctx, credentials.NewToken{
		Name: "Bokföring", Roles: []access.Role{access.RoleAnalyst}, Scopes: []access.Scope{access.ScopeReportsRead},
		CreatedBy: "admin-1"})
	must(t, err)
	if !strings.HasPrefix(secret, "klient_") || len(secret) != len("klient_")+43 {
		t.Fatalf("secret %q: want klient_ and 43 characters", secret)
	}
	got, err := f.store.LookupToken(ctx, secret)
	if err != nil || got.ID != tok.ID || len(got.Roles) != 1 || got.Roles[0] != access.RoleAnalyst || got.LastUsedAt == nil ||
		!got.Allows(access.ScopeReportsRead) || got.Allows(access.ScopeContactsRead) {
		t.Fatalf("LookupToken = %+v, %v", got, err)
	}
	must(t, f.store.RevokeToken(ctx, tok.ID, "admin-2"))
	f.clock.Advance(time.Minute)
	must(t, f.store.RevokeToken(ctx, tok.ID, "admin-3")) // the first revocation stands
	expectTokenRefused(t, f, secret)
	list, err := f.store.ListTokens(ctx)
	if err != nil || len(list) != 1 || list[0].RevokedBy != "admin-2" || list[0].Active(f.clock.Now()) {
		t.Fatalf("ListTokens = %+v, %v", list, err)
	}
	if err := f.store.RevokeToken(ctx, "no-such-token", "admin-2"); !domain.IsKind(err, domain.KindNotFound) {
		t.Fatalf("revoking an unknown token: %v", err)
	}
}

func TestTokenExpires(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	at := f.clock.Now().Add(24 * time.Hour)
	secret, _, err := f.store.CreateToken(ctx, credentials.NewToken{
		Name: "Kalender", Roles: []access.Role{access.RoleLawyer}, Scopes: []access.Scope{access.ScopeDeadlinesRead},
		CreatedBy: "admin-1", ExpiresAt: &at})
	must(t, err)
	f.clock.Advance(23 * time.Hour)
	_, err = f.store.LookupToken(ctx, secret)
	must(t, err)
	f.clock.Advance(time.Hour)
	expectTokenExpired(t, f, secret)
}

func expectTokenExpired(t *testing.T, f fixture, secret string) {
	t.Helper()
	_, err := f.store.LookupToken(context.Background(), secret)
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindForbidden || de.Code != "auth.token_expired" {
		t.Fatalf("LookupToken = %v; want forbidden auth.token_expired", err)
	}
}

// A token without a date ends after 90 days (issue 18: "default e.g. 90
// days"), not never.
func TestTokenExpiresByDefault(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	secret, tok, err := f.store.CreateToken(ctx, credentials.NewToken{Name: "Tidrapport",
		Roles: []access.Role{access.RoleLawyer}, Scopes: []access.Scope{access.ScopeMattersRead}, CreatedBy: "admin-1"})
	must(t, err)
	if want := f.clock.Now().Add(90 * 24 * time.Hour); !tok.ExpiresAt.Equal(want) {
		t.Fatalf("expires %v; want %v", tok.ExpiresAt, want)
	}
	f.clock.Advance(90*24*time.Hour - time.Minute)
	_, err = f.store.LookupToken(ctx, secret)
	must(t, err)
	f.clock.Advance(time.Minute)
	expectTokenExpired(t, f, secret)
}

// A token made before scopes existed (scopes NULL) keeps every scope until
// it expires; the upgrade gave those without an expiry one.
func TestTokenBeforeScopesKeepsEveryScope(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	secret, tok, err := f.store.CreateToken(ctx, credentials.NewToken{Name: "Gammal",
		Roles: []access.Role{access.RoleLawyer}, Scopes: []access.Scope{access.ScopeMattersRead}, CreatedBy: "admin-1"})
	must(t, err)
	if _, err := f.pool.Exec(ctx, `UPDATE credentials_tokens SET scopes = NULL WHERE id = $1`, tok.ID); err != nil {
		t.Fatal(err)
	}
	got, err := f.store.LookupToken(ctx, secret)
	must(t, err)
	for _, sc := range access.Scopes {
		if !got.Allows(sc) {
			t.Errorf("a token from before scopes lacks %s", sc)
		}
	}
}

func TestTokenValidation(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	past := f.clock.Now().Add(-time.Second)
	tooFar := f.clock.Now().Add(367 * 24 * time.Hour)
	roles, scopes := []access.Role{access.RoleAuditor}, []access.Scope{access.ScopeReportsRead}
	for code, nt := range map[string]credentials.NewToken{
		"credentials.token.name":       {Roles: roles, Scopes: scopes, CreatedBy: "a"},
		"credentials.token.roles":      {Name: "x", Roles: []access.Role{"owner"}, Scopes: scopes, CreatedBy: "a"},
		"credentials.token.scopes":     {Name: "x", Roles: roles, CreatedBy: "a"},
		"credentials.token.expiry":     {Name: "x", Roles: roles, Scopes: scopes, CreatedBy: "a", ExpiresAt: &past},
		"credentials.token.expiry_max": {Name: "x", Roles: roles, Scopes: scopes, CreatedBy: "a", ExpiresAt: &tooFar},
	} {
		_, _, err := f.store.CreateToken(ctx, nt)
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != code {
			t.Errorf("%+v: %v; want %s", nt, err, code)
		}
	}
}

func TestTokensStoredOnlyAsHashes(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	secret, _, err := f.store.CreateToken(ctx, credentials.NewToken{
		Name: "Export", Roles: []access.Role{access.RoleDPO}, Scopes: []access.Scope{access.ScopeGDPRRead}, CreatedBy: "admin-1"})
	must(t, err)
	body := strings.TrimPrefix(secret, "klient_")
	if text := f.tableText(t, "credentials_tokens"); strings.Contains(text, body[:16]) {
		t.Fatal("the token secret is stored readable")
	}
	for _, bad := range []string{"", body, "klient_" + body[1:], "ghp_" + body, secret + "="} {
		expectTokenRefused(t, f, bad)
	}
}
